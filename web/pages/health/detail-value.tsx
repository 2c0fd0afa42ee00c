import { formatBytes, formatDuration, sentenceCase } from "../../app/format.ts";
import { RelativeTime } from "../../components/relative-time.tsx";

const ISO_DATE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

/** The unit is shown with the value ("1.7 MB", "120 ms", "29.3 %"), so it leaves the label. */
const UNIT = /(Bytes|Ms|Percent)$/;

function label(key: string): string {
  return sentenceCase(
    key
      .replace(/Percent$/, " %")
      .replace(UNIT, "")
      .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
      .replaceAll("_", " "),
  );
}

/** Any detail of a health check, rendered by shape: dates relative, byte counts human, objects nested. */
export function DetailValue({ name, value }: { name: string; value: unknown }) {
  if (value === null || value === undefined) return <span class="muted">—</span>;
  if (typeof value === "boolean") return <span>{value ? "yes" : "no"}</span>;
  if (typeof value === "number") {
    const unit = UNIT.exec(name)?.[1];
    const text =
      unit === "Bytes"
        ? formatBytes(value)
        : unit === "Ms"
          ? formatDuration(value)
          : unit === "Percent"
            ? String(value)
            : value.toLocaleString();
    return <span class="num">{text}</span>;
  }
  if (typeof value === "string")
    return ISO_DATE.test(value) ? <RelativeTime value={value} /> : <span>{value}</span>;
  if (Array.isArray(value)) {
    if (value.length === 0) return <span class="muted">none</span>;
    return (
      <ul class="list">
        {value.map((item, i) => (
          <li key={i}>
            <DetailValue name={name} value={item} />
          </li>
        ))}
      </ul>
    );
  }
  if (typeof value === "object") return <Details values={value as Record<string, unknown>} />;
  return <span>{String(value)}</span>;
}

export function Details({ values, skip = [] }: { values: Record<string, unknown>; skip?: string[] }) {
  const entries = Object.entries(values).filter(([k]) => !skip.includes(k));
  if (entries.length === 0) return null;
  return (
    <dl class="kv">
      {entries.map(([key, value]) => (
        <>
          <dt key={`${key}-t`}>{label(key)}</dt>
          <dd key={`${key}-d`}>
            <DetailValue name={key} value={value} />
          </dd>
        </>
      ))}
    </dl>
  );
}
