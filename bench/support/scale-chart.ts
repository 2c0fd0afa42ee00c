import type { SizeResult } from "../scale.ts";

/**
 * Two panels side by side as one SVG: time against library size (log–log, so a linear curve is a
 * straight line of slope 1 and the gap to the floor reads as a ratio), and peak RSS against size.
 */

interface Line {
  label: string;
  color: string;
  dashed?: boolean;
  points: [number, number][];
}

const W = 460;
const H = 300;
const PAD = { left: 56, right: 12, top: 28, bottom: 44 };
const FONT = 'font-family="system-ui, sans-serif" font-size="11"';

function ticks(min: number, max: number): number[] {
  const out: number[] = [];
  for (let e = Math.floor(Math.log10(min)); e <= Math.ceil(Math.log10(max)); e++) out.push(10 ** e);
  return out;
}

function label(n: number, unit: string): string {
  if (unit === "s") return n >= 1 ? `${n} s` : `${n * 1000} ms`;
  return n >= 1000 ? `${n / 1000}k` : String(n);
}

function panel(title: string, lines: Line[], yLog: boolean, yUnit: string, offsetX: number): string {
  const xs = lines.flatMap((l) => l.points.map((p) => p[0]));
  const ys = lines.flatMap((l) => l.points.map((p) => p[1])).filter((y) => y > 0);
  const [xMin, xMax] = [Math.min(...xs), Math.max(...xs)];
  const yMin = yLog ? 10 ** Math.floor(Math.log10(Math.min(...ys))) : 0;
  const yMax = yLog ? 10 ** Math.ceil(Math.log10(Math.max(...ys))) : Math.ceil(Math.max(...ys) / 50) * 50;
  const plotW = W - PAD.left - PAD.right;
  const plotH = H - PAD.top - PAD.bottom;
  const x = (v: number) =>
    offsetX +
    PAD.left +
    ((Math.log10(v) - Math.log10(xMin)) / (Math.log10(xMax) - Math.log10(xMin) || 1)) * plotW;
  const y = (v: number) =>
    PAD.top +
    plotH -
    (yLog
      ? ((Math.log10(Math.max(v, yMin)) - Math.log10(yMin)) / (Math.log10(yMax) - Math.log10(yMin) || 1)) *
        plotH
      : ((v - yMin) / (yMax - yMin || 1)) * plotH);
  const yTicks = yLog
    ? ticks(yMin, yMax)
    : Array.from({ length: 6 }, (_, i) => yMin + ((yMax - yMin) * i) / 5);
  const grid = [
    ...yTicks.map(
      (t) =>
        `<line x1="${offsetX + PAD.left}" x2="${offsetX + W - PAD.right}" y1="${y(t)}" y2="${y(t)}" stroke="#8884" />` +
        `<text x="${offsetX + PAD.left - 6}" y="${y(t) + 4}" text-anchor="end" ${FONT} fill="currentColor">${label(t, yUnit)}</text>`,
    ),
    ...[...new Set(xs)].map(
      (t) =>
        `<line x1="${x(t)}" x2="${x(t)}" y1="${PAD.top}" y2="${PAD.top + plotH}" stroke="#8882" />` +
        `<text x="${x(t)}" y="${PAD.top + plotH + 16}" text-anchor="middle" ${FONT} fill="currentColor">${label(t, "files")}</text>`,
    ),
  ];
  const paths = lines.map((l) => {
    const d = l.points
      .map(([px, py], i) => `${i === 0 ? "M" : "L"}${x(px).toFixed(1)},${y(py).toFixed(1)}`)
      .join(" ");
    const dots = l.points.map(
      ([px, py]) => `<circle cx="${x(px).toFixed(1)}" cy="${y(py).toFixed(1)}" r="2.5" fill="${l.color}" />`,
    );
    return `<path d="${d}" fill="none" stroke="${l.color}" stroke-width="2"${l.dashed ? ' stroke-dasharray="5 4"' : ""} />${dots.join("")}`;
  });
  const legendBox = `<rect x="${offsetX + PAD.left + 4}" y="${PAD.top + 1}" width="190" height="${lines.length * 15 + 6}" fill="#fff" fill-opacity="0.85" rx="3" />`;
  const legend = lines.map(
    (l, i) =>
      `<rect x="${offsetX + PAD.left + 8}" y="${PAD.top + 6 + i * 15}" width="12" height="3" fill="${l.color}" />` +
      `<text x="${offsetX + PAD.left + 24}" y="${PAD.top + 11 + i * 15}" ${FONT} fill="currentColor">${l.label}</text>`,
  );
  return [
    `<text x="${offsetX + PAD.left}" y="16" ${FONT} font-weight="600" fill="currentColor">${title}</text>`,
    ...grid,
    ...paths,
    legendBox,
    ...legend,
    `<text x="${offsetX + PAD.left + plotW / 2}" y="${H - 8}" text-anchor="middle" ${FONT} fill="currentColor">episode files</text>`,
  ].join("\n");
}

export function scaleChart(results: SizeResult[]): string {
  const at = (f: (r: SizeResult) => number): [number, number][] => results.map((r) => [r.files, f(r)]);
  const time: Line[] = [
    {
      label: "reference-style (extrapolated)",
      color: "#c0392b",
      dashed: true,
      points: at((r) => r.referenceMs / 1000),
    },
    { label: "first scan (server)", color: "#2471a3", points: at((r) => r.firstScan.ms / 1000) },
    { label: "re-scan (CLI, incl. start)", color: "#7d3c98", points: at((r) => r.rescanCli.ms / 1000) },
    { label: "re-scan (server)", color: "#17a589", points: at((r) => r.rescanServer.ms / 1000) },
    {
      label: "floor (stat + header + HTTP)",
      color: "#7f8c8d",
      dashed: true,
      points: at((r) => (r.floor.statMs + r.floor.httpMs) / 1000),
    },
  ];
  const memory: Line[] = [
    { label: "first scan (server)", color: "#2471a3", points: at((r) => r.firstScan.peakMiB) },
    { label: "re-scan (server)", color: "#17a589", points: at((r) => r.rescanServer.peakMiB) },
    { label: "re-scan (CLI)", color: "#7d3c98", points: at((r) => r.rescanCli.peakMiB) },
  ];
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W * 2} ${H}" width="${W * 2}" height="${H}" style="color:#444;background:#fff">
<title>Scan time and peak memory against library size</title>
${panel("Scan time (log–log)", time, true, "s", 0)}
${panel("Peak RSS (MiB)", memory, false, "MiB", W)}
</svg>
`;
}
