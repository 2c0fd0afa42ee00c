import { useEffect, useState } from "preact/hooks";
import { formatExact, formatRelative } from "../app/format.ts";

/** "3 hr. ago", with the exact time on hover and for screen readers; re-renders each minute. */
export function RelativeTime({
  value,
  fallback = "never",
}: {
  value: string | null | undefined;
  fallback?: string;
}) {
  const [, tick] = useState(0);
  useEffect(() => {
    const timer = setInterval(() => tick((n) => n + 1), 60_000);
    return () => clearInterval(timer);
  }, []);
  if (!value) return <span class="muted">{fallback}</span>;
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return <span>{value}</span>;
  return (
    <time dateTime={date.toISOString()} title={formatExact(date)}>
      {formatRelative(date)}
    </time>
  );
}
