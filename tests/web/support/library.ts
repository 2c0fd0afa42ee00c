import { type FakePodnapisi, startFakePodnapisi } from "../../fakes/podnapisi.ts";
import { callApi, startUiServer, type UiServer } from "./server.ts";

const srt = (text: string) =>
  `1\n00:00:01,000 --> 00:00:03,000\n${text}\n\n2\n00:00:04,000 --> 00:00:06,000\n${text}!\n`;

export interface LibraryServer extends UiServer {
  podnapisi: FakePodnapisi;
}

/**
 * A scanned library for the list pages: `episodes` shows wanting pt-BR and de, and a fake
 * Podnapisi holding two German subtitles for Show 1 S01E01 (and nothing else).
 */
export async function startLibraryServer(episodes = 3): Promise<LibraryServer> {
  const podnapisi = await startFakePodnapisi();
  podnapisi.subtitles.push(
    {
      pid: "pn-good",
      title: "Show 1",
      year: 2020,
      season: 1,
      episode: 1,
      language: "de",
      releases: ["Show.1.S01E01.1080p.WEB-DL-GRP"],
      content: srt("Hallo"),
      downloads: 900,
    },
    {
      pid: "pn-hi",
      title: "Show 1",
      year: 2020,
      season: 1,
      episode: 1,
      language: "de",
      flags: "n",
      releases: ["Show.1.S01E01.720p.HDTV-OTHER"],
      content: srt("[Musik] Hallo"),
      downloads: 10,
    },
  );
  const server = await startUiServer({
    episodes,
    providers: false,
    config: { providers: { podnapisi: { enabled: true, baseUrl: podnapisi.url } } },
  });
  server.gate.release();
  server.runtime.deps.scanner.start({ mode: "full", trigger: "api", scope: {} });
  await server.runtime.deps.scanner.whenIdle();
  return {
    ...server,
    podnapisi,
    async stop() {
      await server.stop();
      await podnapisi.stop();
    },
  };
}

/** Downloads Show 1 S01E01's German subtitle through the API, as the Wanted page's interactive search does. */
export async function downloadOneByHand(server: LibraryServer): Promise<void> {
  const item = (await callApi(server, "/wanted?language=de&title=Show+1")).items[0];
  await callApi(server, `/wanted/${item.id}/search`, { method: "POST" });
  await callApi(server, `/wanted/${item.id}/download`, {
    method: "POST",
    body: JSON.stringify({ provider: "podnapisi", candidateId: "pn-good" }),
  });
}
