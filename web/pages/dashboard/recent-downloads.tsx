import { Link } from "wouter-preact";
import { useRecentHistory } from "../../api/dashboard.ts";
import { titleWithEpisode } from "../../app/format.ts";
import { LanguageLabel } from "../../components/language-label.tsx";
import { RelativeTime } from "../../components/relative-time.tsx";
import { Skeleton } from "../../components/skeleton.tsx";

export function RecentDownloads() {
  const history = useRecentHistory(8);
  return (
    <section class="card" aria-labelledby="recent-title">
      <div class="card-header">
        <h2 id="recent-title">Recent downloads</h2>
        <Link href="/history" class="muted">
          History
        </Link>
      </div>
      {!history.data && <Skeleton />}
      {history.data?.items.length === 0 && (
        <p class="muted">No subtitle saved yet. "Search now" asks the providers for what is wanted.</p>
      )}
      <ul class="list">
        {history.data?.items.map((h) => (
          <li key={h.id}>
            <span class="truncate" style={{ display: "grid" }}>
              <span class="truncate" title={titleWithEpisode(h)}>
                {titleWithEpisode(h)}
              </span>
              <span class="muted truncate">
                <LanguageLabel code={h.language} variant={h.variant} /> · {h.provider}
                {h.machine ? ` · ${h.machine}` : ""} · score {h.score}
              </span>
            </span>
            <span class="muted" style={{ flex: "none" }}>
              <RelativeTime value={h.createdAt} />
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}
