import type { LibraryFile, LibraryItem, SidecarOnDisk } from "../../api/library.ts";
import { languageName } from "../language-label.tsx";
import type { Tone } from "../status-pill.tsx";

type Stream = LibraryFile["streams"][number];

export interface SubtitleBadge {
  key: string;
  language: string;
  /** forced, HI: shown after the code. */
  flags: string[];
  /** What it is, in words: "Subhound's file", "your file", "embedded", "missing", "ignored"… */
  state: string;
  tone: Tone;
  /** The full sentence for the tooltip and screen readers. */
  title: string;
}

const OPEN = new Set(["wanted", "not_found", "failed"]);

function sidecarState(s: SidecarOnDisk) {
  return s.ownedBySubhound ? "Subhound's file" : "your file";
}

/** Streams carry ISO 639-2 tags ("eng", "ger"); CLDR's aliases give the short code ("en", "de"). */
function streamLanguage(s: Stream): string {
  const tag = s.languageIetf ?? s.language;
  if (!tag || tag === "und") return "?";
  try {
    return Intl.getCanonicalLocales(tag)[0] ?? tag;
  } catch {
    return tag;
  }
}

/**
 * One badge per wanted language × variant (have / missing / searching / ignored, and by what), then
 * one per other subtitle the file has (sidecars and embedded streams in languages nobody wants).
 */
type BadgeFile = Pick<LibraryFile, "items" | "sidecars" | "streams"> &
  Partial<Pick<LibraryFile, "folderUnreadable">>;

export function subtitleBadges(file: BadgeFile): SubtitleBadge[] {
  const badges: SubtitleBadge[] = [];
  const used = new Set<string>();
  for (const item of file.items) {
    badges.push(itemBadge(item, file, used));
  }
  for (const s of file.sidecars) {
    if (used.has(`sidecar:${s.fileName}`)) continue;
    const flags = [s.forced ? "forced" : "", s.hearingImpaired ? "HI" : ""].filter(Boolean);
    badges.push({
      key: `sidecar:${s.path}`,
      language: s.language ?? "?",
      flags,
      state: sidecarState(s),
      tone: "muted",
      title: `${s.fileName}: ${s.language ? (languageName(s.language) ?? s.language) : "no language in its name"}, ${sidecarState(s)}`,
    });
  }
  for (const s of file.streams) {
    const by = `embedded:${s.index}:${s.codec}`;
    if (used.has(by)) continue;
    const flags = [
      s.forced ? "forced" : "",
      s.hearingImpaired ? "HI" : "",
      s.textBased ? "" : "image",
    ].filter(Boolean);
    badges.push({
      key: by,
      language: streamLanguage(s),
      flags,
      state: "embedded",
      tone: "muted",
      title: `Embedded stream ${s.index} (${s.codec}), ${s.language ? (languageName(streamLanguage(s)) ?? s.language) : "no language tag"}`,
    });
  }
  return badges;
}

function itemBadge(item: LibraryItem, file: Omit<BadgeFile, "items">, used: Set<string>): SubtitleBadge {
  const name = languageName(item.language) ?? item.language;
  const flags = item.variant === "forced" ? ["forced"] : [];
  const base = { key: `item:${item.id}`, language: item.language, flags };
  const by = item.satisfiedBy;
  if (by?.startsWith("sidecar:")) {
    const fileName = by.slice("sidecar:".length);
    used.add(by);
    const sidecar = file.sidecars.find((s) => s.fileName === fileName);
    if (sidecar?.hearingImpaired) flags.push("HI");
    // A folder on a share that does not answer was not read: the file may well be there.
    const state = sidecar
      ? sidecarState(sidecar)
      : file.folderUnreadable
        ? "file (folder not readable now)"
        : "file (gone since the scan)";
    return {
      ...base,
      state,
      tone: item.status === "ignored" ? "muted" : sidecar ? "ok" : "warn",
      title: `${name}: ${fileName}, ${state}${!sidecar && file.folderUnreadable ? `: ${file.folderUnreadable}` : ""}`,
    };
  }
  if (by?.startsWith("embedded:")) {
    used.add(by);
    return { ...base, state: "embedded", tone: "ok", title: `${name}: embedded stream ${by.split(":")[1]}` };
  }
  if (item.status === "ignored")
    return { ...base, state: "ignored", tone: "muted", title: `${name}: missing, ignored` };
  if (item.status === "searching")
    return { ...base, state: "searching", tone: "info", title: `${name}: being searched now` };
  return {
    ...base,
    state: OPEN.has(item.status) ? "missing" : item.status,
    tone: "warn",
    title: `${name}: missing (${item.status.replace("_", " ")})`,
  };
}

/** The badges as a wrapping row; colour always comes with the state in words. */
export function SubtitleBadges({ file }: { file: BadgeFile }) {
  const badges = subtitleBadges(file);
  if (badges.length === 0) return <span class="muted">none</span>;
  return (
    <ul class="sub-badges" aria-label="Subtitles">
      {badges.map((b) => (
        <li key={b.key} class="sub-badge" data-tone={b.tone} title={b.title}>
          <span class="lang-code">{b.language}</span>
          {b.flags.map((f) => (
            <span key={f} class="sub-flag">
              {f}
            </span>
          ))}
          <span class="sub-state">{b.state}</span>
        </li>
      ))}
    </ul>
  );
}
