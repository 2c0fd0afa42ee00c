import { Fragment } from "preact";
import { useEffect } from "preact/hooks";
import {
  type ProviderOutcome,
  type SubtitleCandidate,
  useDownloadCandidate,
  useInteractiveSearch,
  type WantedItem,
} from "../../api/wanted.ts";
import { Dialog } from "../../components/dialog.tsx";
import { LanguageLabel } from "../../components/language-label.tsx";
import { Skeleton } from "../../components/skeleton.tsx";
import { StatusPill } from "../../components/status-pill.tsx";
import { showToast } from "../../components/toast.tsx";
import { episodeLabel } from "./wanted-format.ts";

function Breakdown({ candidate }: { candidate: SubtitleCandidate }) {
  const parts = Object.entries(candidate.breakdown).sort(([, a], [, b]) => b - a);
  return (
    <details class="breakdown">
      <summary>
        <strong>{candidate.score}</strong>
      </summary>
      <dl class="kv">
        {parts.map(([name, points]) => (
          <Fragment key={name}>
            <dt>{name}</dt>
            <dd class="num">{points > 0 ? `+${points}` : points}</dd>
          </Fragment>
        ))}
      </dl>
    </details>
  );
}

/** The provider's page of a candidate as a link target: http(s) only, never `javascript:` or the like. */
function webPage(url: string | null): string | null {
  if (url === null) return null;
  try {
    // new URL, not URL.parse: that one is missing from browsers a few versions old.
    const { protocol, href } = new URL(url);
    return protocol === "https:" || protocol === "http:" ? href : null;
  } catch {
    return null;
  }
}

/** "page": the candidate on the provider's site, in a new tab, to read its comments and uploader. */
function PageLink({ candidate: c }: { candidate: SubtitleCandidate }) {
  const href = webPage(c.pageUrl);
  if (!href) return null;
  return (
    <a
      href={href}
      target="_blank"
      rel="noopener noreferrer"
      title={href}
      aria-label={`${c.provider} page of ${c.release ?? c.id} (opens in a new tab)`}
    >
      page
    </a>
  );
}

/**
 * How many of a provider's answers are listed; the server leaves out those in another language,
 * which the provider's own count still holds (blacklisted ones are listed, marked as such).
 */
function foundText(outcome: ProviderOutcome, candidates: SubtitleCandidate[]): string {
  const listed = candidates.filter((c) => c.provider === outcome.provider).length;
  const left = Math.max(0, (outcome.candidates ?? 0) - listed);
  const ms = outcome.ms !== undefined ? ` in ${Math.round(outcome.ms)} ms` : "";
  return `${listed} found${ms}${left > 0 ? ` · ${left} more left out: in another language` : ""}`;
}

/** Every provider's candidates for one item, scored; downloading one saves it as the item's subtitle. */
export function InteractiveSearchDialog({ item, onClose }: { item: WantedItem; onClose: () => void }) {
  const search = useInteractiveSearch();
  const download = useDownloadCandidate();
  useEffect(() => search.mutate(item.id), [item.id]);
  const result = search.data;
  const name = `${item.title} ${episodeLabel(item)}`;
  const choose = (c: SubtitleCandidate) =>
    download.mutate(
      { id: item.id, provider: c.provider, candidateId: c.id },
      {
        onSuccess: (r) => {
          showToast({
            kind: "success",
            title:
              r.status === "found" ? `Saved ${c.provider} subtitle` : "A subtitle of yours is already there",
            detail: r.path,
          });
          onClose();
        },
      },
    );
  return (
    <Dialog title={`Interactive search: ${name}`} onClose={onClose} wide>
      <p class="muted">
        <LanguageLabel code={item.language} variant={item.variant} /> · spends no attempt; pick one to save
        it.
      </p>
      {search.isPending && (
        <div aria-busy="true" class="stack">
          <span>Asking every enabled provider…</span>
          <Skeleton />
          <Skeleton width="70%" />
        </div>
      )}
      {search.isError && <div class="alert">The search failed: {search.error.message}</div>}
      {result && (
        <>
          <ul class="outcomes" aria-label="Providers asked">
            {result.outcomes.map((o) => (
              <li key={o.provider}>
                <StatusPill status={o.ok ? "ok" : o.skipped ? "disabled" : "failed"}>{o.provider}</StatusPill>{" "}
                <span class="muted">{o.ok ? foundText(o, result.candidates) : o.reason}</span>
              </li>
            ))}
          </ul>
          {result.candidates.length === 0 ? (
            <p>
              No provider has a subtitle for this item in this language. Try translating it from the item's
              details.
            </p>
          ) : (
            <div class="table-wrap">
              <table class="table candidates" aria-label="Candidates">
                <thead>
                  <tr>
                    <th scope="col" class="wide-only">
                      Provider
                    </th>
                    <th scope="col">Release</th>
                    <th scope="col" class="num">
                      Score
                    </th>
                    <th scope="col" class="wide-only">
                      Format
                    </th>
                    <th scope="col">
                      <span class="visually-hidden">Download</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {result.candidates.map((c) => (
                    <tr key={`${c.provider}/${c.id}`}>
                      <td class="wide-only">{c.provider}</td>
                      <td class="candidate-release">
                        <span class="truncate" title={c.releaseNames.join("\n")}>
                          {c.release ?? <span class="muted">no release name</span>}
                        </span>
                        <span class="narrow-only muted">
                          {c.provider}
                          {c.format ? ` · ${c.format}` : ""}
                        </span>
                        {c.uploader && <span class="muted">by {c.uploader}</span>}
                        <span class="badges">
                          {c.hearingImpaired && <span class="badge">HI</span>}
                          {c.forced && <span class="badge">forced</span>}
                          {c.seasonPack && <span class="badge">season pack</span>}
                          {c.releaseNames.length > 1 && (
                            <span class="muted">+{c.releaseNames.length - 1} more</span>
                          )}
                          <PageLink candidate={c} />
                        </span>
                        {c.rejected && <span class="warn-text">Not taken automatically: {c.rejected}</span>}
                      </td>
                      <td class="num">
                        <Breakdown candidate={c} />
                      </td>
                      <td class="wide-only">{c.format ?? <span class="muted">not said</span>}</td>
                      <td>
                        <button
                          type="button"
                          class="button small primary"
                          disabled={download.isPending}
                          aria-label={`Download ${c.provider} ${c.release ?? c.id}`}
                          onClick={() => choose(c)}
                        >
                          Download
                        </button>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </>
      )}
    </Dialog>
  );
}
