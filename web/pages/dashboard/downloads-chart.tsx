import { useEffect, useRef } from "preact/hooks";
import uPlot from "uplot";
import { useDownloadsPerDay } from "../../api/dashboard.ts";
import { formatNumber } from "../../app/format.ts";
import { useStore } from "../../app/store.ts";
import { appliedTheme } from "../../app/theme.ts";
import { Skeleton } from "../../components/skeleton.tsx";

const DAYS = 30;

function cssVar(name: string): string {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim();
}

/** Subtitles saved per day over the last 30 days (uPlot bars), with the totals in text beside it. */
export function DownloadsChart() {
  const daily = useDownloadsPerDay(DAYS);
  const box = useRef<HTMLDivElement>(null);
  const theme = useStore(appliedTheme);
  const days = daily.data?.days;

  useEffect(() => {
    const el = box.current;
    if (!el || !days) return;
    const text = cssVar("--text-muted");
    const grid = cssVar("--border");
    const x = days.map((d) => Date.parse(`${d.date}T00:00:00Z`) / 1000);
    const axis = { stroke: text, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid, width: 1 } };
    const chart = new uPlot(
      {
        width: el.clientWidth,
        height: 220,
        tzDate: (ts) => uPlot.tzDate(new Date(ts * 1000), "Etc/UTC"),
        scales: {
          x: { time: true },
          y: { range: (_u, _min, max) => [0, Math.max(4, Math.ceil(max * 1.15))] },
        },
        axes: [axis, { ...axis, size: 40, incrs: [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000] }],
        legend: { show: true, live: true },
        cursor: { points: { show: false } },
        // Off the chart the legend shows the latest day instead of "--" for every series.
        hooks: {
          setLegend: [
            (u) => {
              if (u.legend.idx == null) u.setLegend({ idx: days.length - 1 }, false);
            },
          ],
        },
        series: [
          { label: "Day", value: "{YYYY}-{MM}-{DD}" },
          {
            label: "Downloaded",
            stroke: cssVar("--chart-1"),
            fill: `${cssVar("--chart-1")}cc`,
            paths: uPlot.paths.bars!({ size: [0.7, 40], align: 0 }),
            points: { show: false },
          },
          {
            label: "Translated or transcribed",
            stroke: cssVar("--chart-3"),
            width: 2,
            points: { show: true, size: 5 },
          },
        ],
      },
      [x, days.map((d) => d.downloaded), days.map((d) => d.translated + d.transcribed)],
      el,
    );
    const resize = new ResizeObserver(() => chart.setSize({ width: el.clientWidth, height: 220 }));
    resize.observe(el);
    return () => {
      resize.disconnect();
      chart.destroy();
    };
  }, [days, theme]);

  const total = days?.reduce((n, d) => n + d.downloaded + d.translated + d.transcribed, 0);
  return (
    <section class="card" aria-labelledby="chart-title">
      <div class="card-header">
        <h2 id="chart-title">Downloads per day</h2>
        <span class="muted">{total === undefined ? "" : `${formatNumber(total)} in ${DAYS} days`}</span>
      </div>
      <figure style={{ margin: 0 }}>
        {!days && <Skeleton width="100%" />}
        <div
          ref={box}
          class="chart"
          role="img"
          aria-label={`Bar chart of subtitles saved per day, ${total ?? 0} in the last ${DAYS} days`}
        />
      </figure>
    </section>
  );
}
