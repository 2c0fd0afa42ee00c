import { useState } from "preact/hooks";
import { ApiProblem } from "../../api/client.ts";
import {
  type SubtitleFixInput,
  type SubtitleSync,
  useCancelSync,
  useFileSyncs,
  useFixSubtitle,
  useRestoreSync,
  useStartSync,
} from "../../api/sync.ts";
import { useWantedItem } from "../../api/wanted.ts";
import { Dialog } from "../dialog.tsx";
import { RelativeTime } from "../relative-time.tsx";
import { Skeleton } from "../skeleton.tsx";
import { StatusPill } from "../status-pill.tsx";
import { type ReferenceOption, referencesOfItem, type SyncTarget } from "./sync-references.ts";

const TIMED = new Set(["srt", "vtt", "ass", "ssa"]);
const FRAMERATES = ["23.976", "24", "25", "29.97"];
const PHASES: Record<string, string> = {
  queued: "Waiting for its turn (one sync at a time)",
  "reading-reference": "Reading the audio or reference",
  aligning: "Aligning",
  saving: "Saving",
};
const TEXT_FIXES = [
  ["removeHearingImpaired", "Remove hearing-impaired annotations ([door creaks], JOHN:)"],
  ["removeTags", "Remove formatting tags (<i>, {\\an8})"],
  ["fixOcr", "Fix common OCR errors (l for I, spacing, punctuation)"],
] as const;
type TextFix = (typeof TEXT_FIXES)[number][0];

const fileName = (path: string) => path.split(/[\\/]/).at(-1) ?? path;
const signed = (ms: number) => `${ms > 0 ? "+" : ms < 0 ? "−" : ""}${Math.abs(ms).toLocaleString()} ms`;

function methodLabel(s: SubtitleSync): string {
  const after = s.reference.afterDownload === true ? " after the download" : "";
  if (s.method === "fixes") return `Fixes${after}`;
  if (s.method === "audio") return "Sync to the audio";
  const r = s.reference as { kind?: string; streamIndex?: number; path?: string };
  if (r.kind === "embedded") return `Sync to embedded stream ${r.streamIndex}`;
  return `Sync to ${r.path ? fileName(r.path) : "another subtitle"}`;
}

function measured(s: SubtitleSync): string | null {
  const parts: string[] = [];
  if (s.offsetMs !== null) parts.push(`${s.method === "fixes" ? "shifted" : "offset"} ${signed(s.offsetMs)}`);
  if (s.ratioLabel !== null && s.ratioLabel !== "1") parts.push(`framerate ${s.ratioLabel}`);
  else if (s.ratio !== null && s.method !== "fixes") parts.push("same framerate");
  if (s.confidence !== null) parts.push(`confidence ${s.confidence.toFixed(2)}`);
  return parts.length > 0 ? parts.join(" · ") : null;
}

function fixesDone(s: SubtitleSync): string | null {
  if (s.method !== "fixes") return null;
  const r = s.reference as Partial<Record<TextFix, boolean>>;
  const named = TEXT_FIXES.filter(([k]) => r[k]).map(([k]) =>
    k === "removeHearingImpaired"
      ? "HI annotations removed"
      : k === "removeTags"
        ? "tags removed"
        : "OCR fixed",
  );
  return named.length > 0 ? named.join(", ") : null;
}

function SyncResult({
  sync,
  onRestore,
  onCancel,
  busy,
}: {
  sync: SubtitleSync;
  onRestore: (id: number) => void;
  onCancel: (id: number) => void;
  busy: boolean;
}) {
  const figures = measured(sync);
  const fixes = fixesDone(sync);
  const restorable =
    (sync.outcome === "synced" || sync.outcome === "fixed") &&
    sync.originalSha256 !== null &&
    !sync.restoredAt;
  return (
    <li class="sync-result" data-sync-id={sync.id}>
      <span class="stack">
        <span>
          <strong>{methodLabel(sync)}</strong>{" "}
          {sync.status === "running" ? (
            <StatusPill status="searching">running</StatusPill>
          ) : sync.status !== "succeeded" ? (
            <StatusPill status={sync.status}>{sync.status}</StatusPill>
          ) : sync.outcome === "unchanged" ? (
            <StatusPill status="ignored" tone="muted">
              left untouched
            </StatusPill>
          ) : (
            <StatusPill status="ok">{sync.outcome}</StatusPill>
          )}{" "}
          {sync.restoredAt && <span class="badge">restored</span>}
        </span>
        {sync.status === "running" && (
          <span class="sync-progress" role="status">
            <progress aria-label={`Sync ${sync.id} in progress`} />
            {PHASES[sync.phase ?? "queued"] ?? sync.phase}
          </span>
        )}
        {figures && <span class="mono">{figures}</span>}
        {fixes && <span>{fixes}</span>}
        {sync.reason && <span class="muted">{sync.reason}</span>}
        <span class="muted">
          <RelativeTime value={sync.startedAt} />
        </span>
      </span>
      <span class="row-actions">
        {sync.status === "running" && (
          <button type="button" class="button small" disabled={busy} onClick={() => onCancel(sync.id)}>
            Cancel
          </button>
        )}
        {restorable && (
          <button
            type="button"
            class="button small"
            disabled={busy}
            aria-label={`Restore the file as it was before sync ${sync.id}`}
            onClick={() => onRestore(sync.id)}
          >
            Restore original
          </button>
        )}
      </span>
    </li>
  );
}

/**
 * Fit one of Subhound's subtitles to its video (to the speech, an embedded text stream or another
 * subtitle), apply fixes, shift or convert its framerate, and undo any of it; every sync and fix of
 * the file is listed with what it measured or why it left the file alone.
 */
export function SyncDialog({
  target,
  references,
  wantedItemId = null,
  onClose,
}: {
  target: SyncTarget;
  /** What else to align to; without it, read from the wanted item's last inspection. */
  references?: ReferenceOption[];
  wantedItemId?: number | null;
  onClose: () => void;
}) {
  const item = useWantedItem(references ? null : wantedItemId);
  const syncs = useFileSyncs(target.path);
  const start = useStartSync();
  const fix = useFixSubtitle();
  const restore = useRestoreSync();
  const cancel = useCancelSync();
  const others = references ?? (item.data ? referencesOfItem(item.data, target.path) : []);
  const options: ReferenceOption[] = [
    { label: "Speech in the audio", reference: { kind: "audio" } },
    ...others,
  ];
  const [choice, setChoice] = useState(0);
  const [textFixes, setTextFixes] = useState<Set<TextFix>>(new Set());
  const [shift, setShift] = useState("");
  const [fromFps, setFromFps] = useState("");
  const [toFps, setToFps] = useState("");
  const timed = TIMED.has(target.format);
  const running = syncs.data?.items.some((s) => s.status === "running") ?? false;
  const mutations = [start, fix, restore, cancel];
  const failure = mutations.map((m) => m.error).find((e) => e instanceof ApiProblem);
  const resetAll = () => {
    for (const m of mutations) m.reset();
  };
  const shiftMs = shift.trim() === "" ? 0 : Number(shift);
  const shiftValid = Number.isInteger(shiftMs) && Math.abs(shiftMs) <= 86_400_000;
  const framerate =
    fromFps && toFps && fromFps !== toFps ? { from: Number(fromFps), to: Number(toFps) } : null;
  const anyFix = textFixes.size > 0 || shiftMs !== 0 || framerate !== null;

  const submitFixes = (event: Event) => {
    event.preventDefault();
    if (!anyFix || !shiftValid) return;
    const body: SubtitleFixInput = { historyId: target.historyId };
    for (const f of textFixes) body[f] = true;
    if (shiftMs !== 0) body.shiftMs = shiftMs;
    if (framerate) body.framerate = framerate;
    resetAll();
    fix.mutate(body);
  };
  const toggle = (f: TextFix, on: boolean) => {
    const next = new Set(textFixes);
    if (on) next.add(f);
    else next.delete(f);
    setTextFixes(next);
  };

  return (
    <Dialog title="Sync and fix subtitle" onClose={onClose} wide>
      <div class="stack sync-dialog">
        <p class="mono truncate-wrap">{fileName(target.path)}</p>
        {!timed && (
          <p class="muted">
            {target.format.toUpperCase()} subtitles have no text timing to sync or fix (SRT, WebVTT, ASS and
            SSA have).
          </p>
        )}
        {timed && (
          <>
            <section class="stack" aria-labelledby="sync-to-title">
              <h3 id="sync-to-title">Fit to the video</h3>
              <p class="muted">
                The file is rewritten only when the match is confident and better than the file as it is; the
                original is kept and can be restored.
              </p>
              <div class="sync-row">
                <label class="field">
                  <span>Align to</span>
                  <select
                    class="input"
                    value={String(choice)}
                    onChange={(e) => setChoice(Number((e.target as HTMLSelectElement).value))}
                  >
                    {options.map((o, i) => (
                      <option key={o.label} value={String(i)}>
                        {o.label}
                      </option>
                    ))}
                  </select>
                </label>
                <button
                  type="button"
                  class="button primary"
                  disabled={start.isPending || running}
                  onClick={() => {
                    resetAll();
                    start.mutate({ historyId: target.historyId, reference: options[choice]!.reference });
                  }}
                >
                  Sync
                </button>
              </div>
            </section>
            <form class="stack" aria-labelledby="fixes-title" onSubmit={submitFixes}>
              <h3 id="fixes-title">Fixes</h3>
              {TEXT_FIXES.map(([f, label]) => (
                <label key={f} class="check">
                  <input
                    type="checkbox"
                    checked={textFixes.has(f)}
                    onChange={(e) => toggle(f, (e.target as HTMLInputElement).checked)}
                  />
                  {label}
                </label>
              ))}
              <div class="sync-row">
                <label class="field">
                  <span>Shift by (ms)</span>
                  <input
                    class="input num-input"
                    inputMode="numeric"
                    placeholder="-500"
                    value={shift}
                    aria-invalid={shiftValid ? undefined : true}
                    onInput={(e) => setShift((e.target as HTMLInputElement).value)}
                  />
                </label>
                <FramerateField label="Timed for (fps)" value={fromFps} onChange={setFromFps} />
                <FramerateField label="Video runs at (fps)" value={toFps} onChange={setToFps} />
              </div>
              {!shiftValid && <p class="error-text">The shift is a whole number of milliseconds.</p>}
              <div>
                <button
                  type="submit"
                  class="button"
                  disabled={!anyFix || !shiftValid || fix.isPending || running}
                >
                  Apply fixes
                </button>
              </div>
            </form>
          </>
        )}
        {failure instanceof ApiProblem && (
          <div class="alert" role="alert">
            {failure.problem.detail ?? failure.problem.title}
          </div>
        )}
        <section class="stack" aria-labelledby="sync-results-title">
          <h3 id="sync-results-title">Syncs and fixes of this file</h3>
          {!syncs.data ? (
            <Skeleton />
          ) : syncs.data.items.length === 0 ? (
            <p class="muted">None yet.</p>
          ) : (
            <ul class="list sync-results" aria-label="Syncs and fixes">
              {syncs.data.items.map((s) => (
                <SyncResult
                  key={s.id}
                  sync={s}
                  busy={restore.isPending || cancel.isPending}
                  onRestore={(id) => {
                    resetAll();
                    restore.mutate(id);
                  }}
                  onCancel={(id) => {
                    resetAll();
                    cancel.mutate(id);
                  }}
                />
              ))}
            </ul>
          )}
        </section>
      </div>
    </Dialog>
  );
}

/** A framerate to convert from or to; empty = no conversion. */
function FramerateField(props: { label: string; value: string; onChange: (value: string) => void }) {
  return (
    <label class="field">
      <span>{props.label}</span>
      <select
        class="input"
        value={props.value}
        onChange={(e) => props.onChange((e.target as HTMLSelectElement).value)}
      >
        <option value="">no conversion</option>
        {FRAMERATES.map((f) => (
          <option key={f} value={f}>
            {f}
          </option>
        ))}
      </select>
    </label>
  );
}
