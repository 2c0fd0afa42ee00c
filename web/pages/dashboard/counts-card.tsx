import { Link } from "wouter-preact";
import { useHasLibrarySource, useWantedSummary } from "../../api/dashboard.ts";
import { formatNumber } from "../../app/format.ts";
import { LanguageLabel } from "../../components/language-label.tsx";
import { Skeleton } from "../../components/skeleton.tsx";
import { useCurrentScan } from "./activity-card.tsx";

/**
 * Statuses of an item whose subtitle is still missing: not searched yet, searched without a
 * result, failed, or being searched now. After the first searches most missing items are
 * "not found", so counting "wanted" alone would say almost nothing is missing.
 */
const MISSING = ["wanted", "not_found", "failed", "searching"] as const;
/** A subtitle is there: seen by a scan (resolved) or saved by Subhound (found). */
const SATISFIED = ["resolved", "found"] as const;

const sum = (counts: Record<string, number> | undefined, statuses: readonly string[]) =>
  statuses.reduce((total, status) => total + (counts?.[status] ?? 0), 0);

function Stat({ label, value }: { label: string; value: number | undefined }) {
  return (
    <div class="stat">
      <span class="stat-value">{value === undefined ? <Skeleton width="2.5em" /> : formatNumber(value)}</span>
      <span class="stat-label">{label}</span>
    </div>
  );
}

/** How much is still missing, and in which languages. */
export function CountsCard() {
  const summary = useWantedSummary();
  const hasSource = useHasLibrarySource();
  const scanning = useCurrentScan()?.status === "running";
  const s = summary.data;
  const by = s?.byStatus;
  const byLanguage = Object.entries(s?.byLanguageStatus ?? {})
    .map(([language, counts]) => ({ language, count: sum(counts, MISSING) }))
    .filter((row) => row.count > 0)
    .sort((a, b) => b.count - a.count || (a.language < b.language ? -1 : 1));
  return (
    <section class="card" aria-labelledby="counts-title">
      <div class="card-header">
        <h2 id="counts-title">Subtitles</h2>
        <Link href="/wanted" class="muted">
          All wanted
        </Link>
      </div>
      <div class="stats">
        <Stat label="Missing" value={s ? sum(by, MISSING) : undefined} />
        <Stat label="Satisfied" value={s ? sum(by, SATISFIED) : undefined} />
        <Stat label="Ignored" value={s ? (by?.ignored ?? 0) : undefined} />
        <Stat label="Upgrade candidates" value={s?.upgradeCandidates} />
      </div>
      {s && (by?.not_found ?? 0) + (by?.failed ?? 0) > 0 && (
        <p class="muted" style={{ marginTop: "10px" }}>
          {[
            by?.not_found && `${formatNumber(by.not_found)} not found by any provider yet`,
            by?.failed && `${formatNumber(by.failed)} failed`,
          ]
            .filter(Boolean)
            .join(", ")}
          ; they are searched again on their retry schedule.
        </p>
      )}
      {byLanguage.length > 0 && (
        <>
          <h3 style={{ marginTop: "14px" }}>Missing by language</h3>
          <ul class="list">
            {byLanguage.map((row) => (
              <li key={row.language}>
                <LanguageLabel code={row.language} />
                <span class="num">{formatNumber(row.count)}</span>
              </li>
            ))}
          </ul>
        </>
      )}
      {s && s.total === 0 && (
        <p class="muted">
          {hasSource === false
            ? "No library source yet: the setup guide above adds Sonarr, Radarr or a folder."
            : scanning
              ? "The scan is running; the counts fill in when it finishes."
              : "Nothing found yet: run a scan to fill the list."}
        </p>
      )}
    </section>
  );
}
