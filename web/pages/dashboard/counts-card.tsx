import { useWantedSummary } from "../../api/dashboard.ts";
import { formatNumber } from "../../app/format.ts";
import { LanguageLabel } from "../../components/language-label.tsx";
import { Skeleton } from "../../components/skeleton.tsx";

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
  const s = summary.data;
  const by = s?.byStatus ?? {};
  return (
    <section class="card" aria-labelledby="counts-title">
      <div class="card-header">
        <h2 id="counts-title">Subtitles</h2>
      </div>
      <div class="stats">
        <Stat label="Wanted" value={s ? (by.wanted ?? 0) : undefined} />
        <Stat label="Satisfied" value={s ? (by.resolved ?? 0) : undefined} />
        <Stat label="Ignored" value={s ? (by.ignored ?? 0) : undefined} />
        <Stat label="Upgrade candidates" value={s?.upgradeCandidates} />
      </div>
      {s && s.wantedByLanguageVariant.length > 0 && (
        <>
          <h3 style={{ marginTop: "14px" }}>Wanted by language</h3>
          <ul class="list">
            {s.wantedByLanguageVariant.map((row) => (
              <li key={`${row.language}-${row.variant}`}>
                <LanguageLabel code={row.language} variant={row.variant} />
                <span class="num">{formatNumber(row.count)}</span>
              </li>
            ))}
          </ul>
        </>
      )}
      {s && s.total === 0 && <p class="muted">Nothing found yet: run a scan to fill the list.</p>}
    </section>
  );
}
