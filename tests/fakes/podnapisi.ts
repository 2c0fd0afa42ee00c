import { strToU8, zipSync } from "fflate";
import { empty, type FakeService, startFakeService } from "./fake-service.ts";

/**
 * Podnapisi's old XML search (external-apis.md §7): `sL`/`sK`/`sTS`/`sTE`/`sY` filters, pages
 * of `pageSize` with `<pagination>`, ZIP downloads, and throttling as an nginx HTML page that
 * says "429 Too Many Requests" under a 200. Records with the same pid may be stored twice:
 * the real site repeats subtitles across pages.
 */

export interface FakePodnapisiSubtitle {
  pid: string;
  title: string;
  year: number;
  season?: number;
  episode?: number;
  language: string;
  /** `n` hearing impaired, `f` foreign parts only, `h` HD… */
  flags?: string;
  releases: string[];
  content: string;
  downloads?: number;
}

export interface FakePodnapisi extends FakeService {
  subtitles: FakePodnapisiSubtitle[];
  pageSize: number;
  /** The next `count` requests get the throttle page. */
  throttleNext(count?: number): void;
}

export const THROTTLE_PAGE =
  "<html>\r\n<head><title>429 Too Many Requests</title></head>\r\n<body>\r\n<center><h1>429 Too Many Requests</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n";

function escapeXml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

export async function startFakePodnapisi(): Promise<FakePodnapisi> {
  const xml = (
    subtitles: FakePodnapisiSubtitle[],
    current: number,
    count: number,
    total: number,
    base: string,
  ) =>
    [
      '<?xml version="1.0" encoding="utf-8"?>',
      "<results>",
      `<pagination><current>${current}</current><count>${count}</count><results>${total}</results></pagination>`,
      ...subtitles.map((s) =>
        [
          "<subtitle>",
          `<pid>${escapeXml(s.pid)}</pid>`,
          `<title>${escapeXml(s.title)}</title>`,
          `<year>${s.year}</year>`,
          `<tvSeason>${s.season ?? 0}</tvSeason>`,
          `<tvEpisode>${s.episode ?? 0}</tvEpisode>`,
          `<language>${s.language}</language>`,
          `<flags>${s.flags ?? ""}</flags>`,
          `<release>${escapeXml(s.releases.join(" "))}</release>`,
          `<url>${base}/subtitles/${s.language}-${escapeXml(s.title.toLowerCase().replace(/\W+/g, "-"))}/${escapeXml(s.pid)}</url>`,
          `<downloads>${s.downloads ?? 0}</downloads>`,
          "</subtitle>",
        ].join(""),
      ),
      "</results>",
    ].join("\n");

  const service = startFakeService({
    route: ({ url }) => {
      if (url.pathname === "/subtitles/search/old") {
        const q = url.searchParams;
        const matching = fake.subtitles.filter(
          (s) =>
            (q.get("sL") === null || s.language === q.get("sL")) &&
            s.title.toLowerCase().includes((q.get("sK") ?? "").toLowerCase()) &&
            (q.get("sTS") === null || s.season === Number(q.get("sTS"))) &&
            (q.get("sTE") === null || s.episode === Number(q.get("sTE"))) &&
            (q.get("sY") === null || s.year === Number(q.get("sY"))),
        );
        const count = Math.max(1, Math.ceil(matching.length / fake.pageSize));
        const current = Math.min(Math.max(1, Number(q.get("page") ?? 1)), count);
        const slice = matching.slice((current - 1) * fake.pageSize, current * fake.pageSize);
        return new Response(xml(slice, current, count, matching.length, service.url), {
          headers: { "Content-Type": "application/xml; charset=utf-8" },
        });
      }
      const download = /^\/subtitles\/([^/]+)\/download$/.exec(url.pathname);
      if (download && url.searchParams.get("container") === "zip") {
        const subtitle = fake.subtitles.find((s) => s.pid === download[1]);
        if (!subtitle) return empty(404);
        const name = `${subtitle.releases[0] ?? subtitle.title}.srt`;
        return new Response(zipSync({ [name]: strToU8(subtitle.content) }), {
          headers: { "Content-Type": "application/zip" },
        });
      }
      if (url.pathname === "/")
        return new Response("<html><body>Podnapisi</body></html>", {
          headers: { "Content-Type": "text/html" },
        });
      return empty(404);
    },
  });

  const fake: FakePodnapisi = {
    ...service,
    subtitles: [],
    pageSize: 10,
    throttleNext(count = 1) {
      service.injectFailures(
        count,
        () => new Response(THROTTLE_PAGE, { headers: { "Content-Type": "text/html" } }),
      );
    },
  };
  return fake;
}
