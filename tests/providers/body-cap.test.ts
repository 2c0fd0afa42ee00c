import { afterEach, describe, expect, test } from "bun:test";
import { createGestdownProvider } from "../../src/providers/gestdown.ts";
import { createSubdlProvider } from "../../src/providers/subdl.ts";
import { type ProviderCandidate, ProviderError } from "../../src/providers/types.ts";
import { type EndlessBodyServer, startEndlessBodyServer } from "../fakes/endless-body.ts";
import { testContext } from "./context.ts";
import { episodeQuery } from "./fixtures.ts";

const MiB = 1024 * 1024;
let server: EndlessBodyServer | null = null;
afterEach(async () => {
  await server?.stop();
  server = null;
});

function candidate(data: Record<string, unknown>): ProviderCandidate {
  return {
    provider: "gestdown",
    id: "x",
    language: "en",
    score: 0,
    matches: [],
    data,
  } as unknown as ProviderCandidate;
}

describe("a provider answering a body without end", () => {
  test("a download is cut at the subtitle cap with a clear error", async () => {
    server = startEndlessBodyServer();
    const provider = createGestdownProvider({ baseUrl: server.url }, { userAgent: "Subhound/test" });
    const error = await provider
      .download(candidate({ downloadUri: "/subtitles/download/x" }), testContext().ctx)
      .catch((e) => e);
    expect(error).toBeInstanceOf(ProviderError);
    expect((error as ProviderError).kind).toBe("bad-response");
    expect((error as ProviderError).message).toBe(
      "gestdown: Gestdown: the response is larger than the 16 MiB cap",
    );
    expect(server.sentBytes).toBeLessThan(32 * MiB);
  });

  test("a search answer is cut at the API cap", async () => {
    server = startEndlessBodyServer();
    const provider = createGestdownProvider({ baseUrl: server.url }, { userAgent: "Subhound/test" });
    const error = await provider.search(episodeQuery({ tvdbId: 81189 }), testContext().ctx).catch((e) => e);
    expect((error as ProviderError).kind).toBe("bad-response");
    expect((error as ProviderError).message).toContain("larger than the 8 MiB cap");
    expect(server.sentBytes).toBeLessThan(24 * MiB);
  });

  test("SubDL's own reader is capped too", async () => {
    server = startEndlessBodyServer();
    const provider = createSubdlProvider({
      enabled: true,
      priority: 100,
      apiKey: "k",
      baseUrl: server.url,
      downloadUrl: server.url,
    });
    const error = await provider
      .download(candidate({ url: "/subtitle/1-2.zip" }), testContext().ctx)
      .catch((e) => e);
    expect((error as ProviderError).kind).toBe("bad-response");
    expect((error as ProviderError).message).toContain("larger than the 16 MiB cap");
  });
});
