import { empty, type FakeService, json, startFakeService } from "./fake-service.ts";

/**
 * AnimeTosho's feed (`/json?eid=`, `/json?show=torrent&id=`) and storage
 * (`/storage/attach/{8 hex}/{id}.xz`) on one server (external-apis.md §7). Attachments are
 * compressed with the system `xz` when added, so downloads are real .xz files.
 * Config: `feedUrl: fake.url`, `storageUrl: fake.storageUrl`.
 */

export interface FakeAnimeToshoAttachment {
  id: number;
  filename: string;
  /** Stored as `info.codec`; "ASS", "SRT", "PGS"… */
  codec: string;
  /** Stored as `info.lang`; undefined leaves the field out, as AnimeTosho does for unlabelled tracks. */
  lang?: string;
  /** Stored as `info.name`, the track's title ("Portuguese (Brazil)"); left out when undefined. */
  name?: string;
  forced?: boolean;
  type?: string;
  content: string;
}

export interface FakeAnimeToshoTorrent {
  id: number;
  title: string;
  timestamp: number;
  status: string;
  anidbEid: number;
  files: { id: number; filename: string; attachments: FakeAnimeToshoAttachment[] }[];
}

export interface FakeAnimeTosho extends FakeService {
  storageUrl: string;
  addTorrent(torrent: FakeAnimeToshoTorrent): void;
}

export function xzCompress(text: string): Uint8Array {
  const result = Bun.spawnSync(["xz", "--compress", "--stdout", "--format=xz"], {
    stdin: new TextEncoder().encode(text),
    stderr: "pipe",
  });
  if (result.exitCode !== 0) throw new Error(`xz failed: ${result.stderr.toString()}`);
  return new Uint8Array(result.stdout);
}

export async function startFakeAnimeTosho(): Promise<FakeAnimeTosho> {
  const torrents: FakeAnimeToshoTorrent[] = [];
  const storage = new Map<string, Uint8Array>();

  const summary = (t: FakeAnimeToshoTorrent) => ({
    id: t.id,
    title: t.title,
    link: `https://animetosho.org/view/${t.id}`,
    timestamp: t.timestamp,
    status: t.status,
    nyaa_id: t.id + 1_000_000,
    num_files: t.files.length,
    anidb_aid: 17495,
    anidb_eid: t.anidbEid,
    total_size: 369_572_311,
  });

  const service = startFakeService({
    route: ({ url }) => {
      if (url.pathname === "/json") {
        const eid = url.searchParams.get("eid");
        if (eid !== null) return json(torrents.filter((t) => String(t.anidbEid) === eid).map(summary));
        if (url.searchParams.get("show") === "torrent") {
          const torrent = torrents.find((t) => String(t.id) === url.searchParams.get("id"));
          if (!torrent) return json({});
          // The real single-torrent reply has no top-level `id`: it starts title, timestamp, status, tosho_id.
          const { id, title, timestamp, status, ...rest } = summary(torrent);
          return json({
            title,
            timestamp,
            status,
            tosho_id: id,
            ...rest,
            files: torrent.files.map((f) => ({
              id: f.id,
              filename: f.filename,
              size: 369_572_311,
              attachments: f.attachments.map((a) => ({
                id: a.id,
                filename: a.filename,
                type: a.type ?? "subtitle",
                info: {
                  number: 3,
                  codec: a.codec,
                  ...(a.lang === undefined ? {} : { lang: a.lang }),
                  ...(a.name === undefined ? {} : { name: a.name }),
                  default: 1,
                  enabled: 1,
                  forced: a.forced ? 1 : 0,
                  trackid: 2,
                  tracknum: 3,
                },
                size: a.content.length,
              })),
            })),
          });
        }
        return json([]);
      }
      const stored = storage.get(url.pathname);
      if (stored) return new Response(stored, { headers: { "Content-Type": "application/x-xz" } });
      return empty(404);
    },
  });

  return {
    ...service,
    storageUrl: `${service.url}/storage`,
    addTorrent(torrent) {
      torrents.push(torrent);
      for (const file of torrent.files) {
        for (const a of file.attachments) {
          const hex = a.id.toString(16).padStart(8, "0");
          storage.set(`/storage/attach/${hex}/${a.id}.xz`, xzCompress(a.content));
        }
      }
    },
  };
}
