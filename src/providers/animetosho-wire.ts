import { z } from "zod";
import { canonicalLanguage } from "../media/languages.ts";

/** AnimeTosho's feed JSON (external-apis.md §7): torrents of an AniDB episode, and one torrent's files. */

export const animeToshoTorrentsSchema = z.array(
  z.object({
    id: z.number(),
    title: z.string(),
    link: z.string().nullish(),
    timestamp: z.number(),
    status: z.string().nullish(),
    num_files: z.number().nullish(),
  }),
);
export type AnimeToshoTorrent = z.infer<typeof animeToshoTorrentsSchema>[number];

const attachmentSchema = z.object({
  id: z.number(),
  filename: z.string().nullish(),
  type: z.string(),
  info: z
    .object({
      codec: z.string().nullish(),
      lang: z.string().nullish(),
      forced: z.number().nullish(),
      name: z.string().nullish(),
    })
    .nullish(),
  size: z.number().nullish(),
});
export type AnimeToshoAttachment = z.infer<typeof attachmentSchema>;

/** The real reply has no top-level `id` (it starts `title, timestamp, status, tosho_id…`): not required. */
export const animeToshoTorrentDetailSchema = z.object({
  files: z
    .array(
      z.object({
        id: z.number(),
        filename: z.string(),
        attachments: z.array(attachmentSchema).nullish(),
      }),
    )
    .nullish(),
});
export type AnimeToshoTorrentDetail = z.infer<typeof animeToshoTorrentDetailSchema>;

const TEXT_CODECS: Readonly<Record<string, "ass" | "ssa" | "srt" | "vtt">> = {
  ASS: "ass",
  SSA: "ssa",
  SRT: "srt",
  SUBRIP: "srt",
  UTF8: "srt",
  "S_TEXT/UTF8": "srt",
  VTT: "vtt",
  WEBVTT: "vtt",
};
const IMAGE_CODECS = new Set(["PGS", "HDMV_PGS", "S_HDMV/PGS", "VOBSUB", "S_VOBSUB", "DVB", "DVBSUB"]);

/**
 * The subtitle format an attachment's codec promises; "image" for bitmap subtitles (PGS,
 * VobSub), which are no use as text; null when the codec is unknown and only the file will tell.
 */
export function animeToshoFormat(
  codec: string | null | undefined,
): "ass" | "ssa" | "srt" | "vtt" | "image" | null {
  const upper = (codec ?? "").toUpperCase();
  if (IMAGE_CODECS.has(upper)) return "image";
  return TEXT_CODECS[upper] ?? null;
}

const BRAZIL = /\b(?:brazil\w*|brasil\w*|pt[-_ ]?br|br)\b/i;

/**
 * The canonical language of a track: AnimeTosho tags both Portuguese variants `por`, so only the
 * track's name (or the attachment's file name) tells Brazilian Portuguese apart.
 */
export function animeToshoLanguage(attachment: AnimeToshoAttachment): string | null {
  const language = canonicalLanguage(attachment.info?.lang ?? "eng");
  if (language !== "pt") return language;
  const names = [attachment.info?.name, attachment.filename].filter((n): n is string => Boolean(n));
  return names.some((name) => BRAZIL.test(name)) ? "pt-BR" : language;
}

/** Storage path of an attachment: its id as eight zero-padded hex digits, then `{id}.xz`. */
export function animeToshoAttachmentPath(id: number): string {
  return `attach/${id.toString(16).padStart(8, "0")}/${id}.xz`;
}

const XZ_MAGIC = [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00];

export function isXz(bytes: Uint8Array): boolean {
  return XZ_MAGIC.every((b, i) => bytes[i] === b);
}
