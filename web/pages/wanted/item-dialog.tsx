import { useHistoryList } from "../../api/history.ts";
import { useBulkAction, useTranslateItem, useWantedItem, type WantedItem } from "../../api/wanted.ts";
import { Dialog } from "../../components/dialog.tsx";
import { LanguageLabel } from "../../components/language-label.tsx";
import { RelativeTime } from "../../components/relative-time.tsx";
import { Skeleton } from "../../components/skeleton.tsx";
import { StatusPill } from "../../components/status-pill.tsx";
import { showToast } from "../../components/toast.tsx";
import { ACTION_LABELS, type HistoryAction } from "../history/action-labels.ts";
import { attemptsText, autoSearchText, episodeLabel } from "./wanted-format.ts";

export interface ItemDialogProps {
  id: number;
  onClose: () => void;
  onInteractive: (item: WantedItem) => void;
  onOnlySeries: (item: WantedItem) => void;
}

/** One item: why it is wanted, what the file has, what Subhound did for it; its actions. */
export function ItemDialog({ id, onClose, onInteractive, onOnlySeries }: ItemDialogProps) {
  const item = useWantedItem(id);
  const history = useHistoryList({ wantedItemId: id, page: 1, pageSize: 10 });
  const bulk = useBulkAction();
  const translate = useTranslateItem();
  const data = item.data;
  const act = (action: "search" | "ignore" | "unignore") =>
    bulk.mutate(
      { ids: [id], action },
      {
        onSuccess: (r) =>
          showToast({
            kind: r.changed > 0 ? "success" : "info",
            title:
              action === "search"
                ? r.changed > 0
                  ? "Search started"
                  : "Nothing to search: the item is ignored, resolved or busy"
                : action === "ignore"
                  ? "Ignored"
                  : "No longer ignored",
          }),
      },
    );
  return (
    <Dialog
      title={data ? `${data.title} ${episodeLabel(data)}` : "Wanted item"}
      onClose={onClose}
      wide
      actions={
        data && (
          <>
            {data.seriesId !== null && (
              <button type="button" class="button" onClick={() => onOnlySeries(data)}>
                Only this series
              </button>
            )}
            {data.status === "ignored" ? (
              <button type="button" class="button" disabled={bulk.isPending} onClick={() => act("unignore")}>
                Stop ignoring
              </button>
            ) : (
              <button type="button" class="button" disabled={bulk.isPending} onClick={() => act("ignore")}>
                Ignore
              </button>
            )}
            <button
              type="button"
              class="button"
              disabled={translate.isPending}
              onClick={() =>
                translate.mutate(id, {
                  onSuccess: (r) =>
                    showToast({ kind: "success", title: "Translated and saved", detail: r.path }),
                })
              }
            >
              {translate.isPending ? "Translating…" : "Translate"}
            </button>
            <button type="button" class="button" onClick={() => onInteractive(data)}>
              Interactive search
            </button>
            <button
              type="button"
              class="button primary"
              disabled={bulk.isPending}
              onClick={() => act("search")}
            >
              Search now
            </button>
          </>
        )
      }
    >
      {!data && item.isError && (
        <div class="alert" role="alert">
          Could not load this item: {item.error.message}
        </div>
      )}
      {!data && !item.isError && (
        <div aria-busy="true" class="stack">
          <Skeleton />
          <Skeleton width="60%" />
        </div>
      )}
      {data && (
        <div class="stack item-detail">
          <p class="wanted-reason-big" data-reason={data.reason.code}>
            {data.reason.text}
          </p>
          <dl class="kv">
            <dt>Status</dt>
            <dd>
              <StatusPill status={data.status} />
            </dd>
            <dt>Language</dt>
            <dd>
              <LanguageLabel code={data.language} variant={data.variant} />
            </dd>
            <dt>Last search</dt>
            <dd>
              <RelativeTime value={data.lastSearchedAt} /> · {attemptsText(data)}
            </dd>
            <dt>Next search</dt>
            <dd>
              {autoSearchText(data)}
              {data.nextRetryAt && (
                <>
                  {" "}
                  <RelativeTime value={data.nextRetryAt} />
                </>
              )}
            </dd>
            <dt>Last error</dt>
            <dd>{data.lastError ?? <span class="muted">none</span>}</dd>
            <dt>File</dt>
            <dd class="mono">{data.path}</dd>
            <dt>In the file</dt>
            <dd>
              {data.file.subtitles.streams.length === 0 && data.file.subtitles.sidecars.length === 0 ? (
                <span class="muted">no subtitles at the last scan</span>
              ) : (
                <ul class="plain">
                  {data.file.subtitles.sidecars.map((s) => (
                    <li key={s.fileName}>
                      sidecar <span class="mono">{s.fileName}</span>
                    </li>
                  ))}
                  {data.file.subtitles.streams.map((s) => (
                    <li key={s.index}>
                      stream {s.index}: {s.codec} {s.languageIetf ?? s.language ?? "no language tag"}
                      {s.textBased ? "" : " (image)"}
                      {s.forced ? " forced" : ""}
                      {s.hearingImpaired ? " HI" : ""}
                    </li>
                  ))}
                </ul>
              )}
            </dd>
          </dl>
          <h3>History</h3>
          {history.data?.items.length === 0 && (
            <p class="muted">Subhound has saved nothing for this item yet.</p>
          )}
          <ul class="list">
            {history.data?.items.map((h) => (
              <li key={h.id}>
                <span class="truncate">
                  {ACTION_LABELS[h.action as HistoryAction] ?? h.action} from {h.provider} · score {h.score}
                  {h.release ? ` · ${h.release}` : ""}
                </span>
                <span class="muted">
                  <RelativeTime value={h.createdAt} />
                </span>
              </li>
            ))}
          </ul>
        </div>
      )}
    </Dialog>
  );
}
