import { beforeEach, describe, expect, test } from "bun:test";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { ProviderError, type ProviderErrorKind, type SubtitleProvider } from "../../src/providers/types.ts";
import type { SubtitleTools } from "../../src/wanted/search.ts";
import { createSubtitleTools } from "../../src/wanted/subtitle-tools.ts";
import { candidate } from "../providers/fixtures.ts";
import { deferred } from "../support/deferred.ts";
import { pollUntil } from "../support/poll.ts";
import { request } from "../support/runtime.ts";
import { goodProvider, items, searchHarness, srt } from "./search-harness.ts";

const { clock, library, media: mediaDir } = searchHarness();
let media: string;
beforeEach(() => {
  media = mediaDir();
});

/** Finds the episode's candidate, then cannot hand it over: the provider fails with `kind`. */
function failsToDeliver(kind: ProviderErrorKind, message: string): SubtitleProvider {
  return {
    ...goodProvider(),
    download: async () => {
      throw new ProviderError("opensubtitles", kind, message);
    },
  };
}

describe("a download the provider could not deliver", () => {
  for (const [kind, message] of [
    ["unavailable", "503 Service Unavailable"],
    ["quota", "download quota reached (0 of 20 left), resets at 2026-11-25T00:00:00Z"],
    ["timeout", "no answer within 30 s"],
  ] as const) {
    test(`${kind}: the item goes back without spending an attempt, and says why`, async () => {
      const rt = await library(1, failsToDeliver(kind, message));
      const done = await rt.deps.searcher.start({ trigger: "api" }).done;
      expect(done.notFound).toBe(0);
      const row = items(rt)[0]!;
      expect(row).toMatchObject({ status: "wanted", attempts: 0, lease_owner: null });
      // Tried again after the first backoff step, not the doubled one of a miss.
      expect(row.retry_after).toBe("2026-11-24T11:00:00.000Z");
      expect(row.last_error).toContain(message);
    });
  }

  test("a subtitle that exists is not transcribed instead: Whisper waits for the provider", async () => {
    let transcriptions = 0;
    const tools: SubtitleTools = {
      ...createSubtitleTools({ mediaServers: null, translation: null, whisper: null }),
      transcribe: async () => {
        transcriptions++;
        return { text: srt("Hallo"), backend: "asr-webservice" };
      },
    };
    const rt = await library(1, failsToDeliver("unavailable", "502 Bad Gateway"), {}, tools);
    await rt.deps.searcher.start({ trigger: "api" }).done;
    expect(transcriptions).toBe(0);
    expect(items(rt)[0]).toMatchObject({ status: "wanted", attempts: 0 });
  });

  test("a candidate that is gone (not-found) still counts as a miss", async () => {
    const rt = await library(1, failsToDeliver("not-found", "download link expired"));
    const done = await rt.deps.searcher.start({ trigger: "api" }).done;
    expect(done.notFound).toBe(1);
    expect(items(rt)[0]).toMatchObject({ status: "not_found", attempts: 1 });
  });
});

describe("ignoring an item while a search holds it", () => {
  /** A provider whose download waits for `open()`; `entered` settles when the download has started. */
  function gatedProvider() {
    let open: () => void = () => {};
    const gate = new Promise<void>((r) => {
      open = r;
    });
    let entered: () => void = () => {};
    const downloading = new Promise<void>((r) => {
      entered = r;
    });
    const base = goodProvider();
    const provider: SubtitleProvider = {
      ...base,
      search: async (q) => [candidate("opensubtitles", `E${q.episodes[0]}`, { language: "de" })],
      download: async (c, ctx) => {
        entered();
        await gate;
        return base.download(c, ctx);
      },
    };
    return { provider, open: () => open(), downloading };
  }

  const patch = (rt: Parameters<typeof request>[0], id: number, body: unknown) =>
    request(rt, `/api/v1/wanted/${id}`, {
      method: "PATCH",
      body: JSON.stringify(body),
      headers: { "Content-Type": "application/json" },
    });

  test("the ignore sticks when the search finds nothing", async () => {
    const nothing: SubtitleProvider = {
      ...goodProvider(),
      search: async () => [],
    };
    let release: () => void = () => {};
    const gate = new Promise<void>((r) => {
      release = r;
    });
    let searched: () => void = () => {};
    const searching = new Promise<void>((r) => {
      searched = r;
    });
    nothing.search = async () => {
      searched();
      await gate;
      return [];
    };
    const rt = await library(1, nothing);
    const id = items(rt)[0]!.id;
    const run = rt.deps.searcher.start({ trigger: "api" });
    await searching;
    expect((await patch(rt, id, { ignored: true })).status).toBe(200);
    release();
    await run.done;
    expect(items(rt)[0]).toMatchObject({ status: "ignored", lease_owner: null });
    // An ignored item stays out of the next runs.
    expect((await rt.deps.searcher.start({ trigger: "api" }).done).total).toBe(0);
  });

  test("the ignore sticks when the search is cancelled", async () => {
    let entered: () => void = () => {};
    const downloading = new Promise<void>((r) => {
      entered = r;
    });
    const hanging: SubtitleProvider = {
      ...goodProvider(),
      download: (_c, ctx) =>
        new Promise((_, reject) => {
          ctx.signal.addEventListener("abort", () =>
            reject(new ProviderError("opensubtitles", "aborted", "cancelled")),
          );
          entered();
        }),
    };
    const rt = await library(1, hanging);
    const id = items(rt)[0]!.id;
    const run = rt.deps.searcher.start({ trigger: "api" });
    await downloading;
    expect((await patch(rt, id, { ignored: true })).status).toBe(200);
    rt.deps.searcher.cancel();
    expect((await run.done).status).toBe("cancelled");
    expect(items(rt)[0]).toMatchObject({ status: "ignored", attempts: 0, lease_owner: null });
  });

  test("a subtitle found meanwhile is saved, and the item stays ignored until un-ignored", async () => {
    const { provider, open, downloading } = gatedProvider();
    const rt = await library(1, provider);
    const id = items(rt)[0]!.id;
    const run = rt.deps.searcher.start({ trigger: "api" });
    await downloading;
    expect((await patch(rt, id, { ignored: true })).status).toBe(200);
    open();
    expect((await run.done).found).toBe(1);
    expect(readdirSync(join(media, "Breaking Bad", "Season 01")).some((f) => f.endsWith(".de.srt"))).toBe(
      true,
    );
    expect(items(rt)[0]).toMatchObject({ status: "ignored", lease_owner: null });
    // Un-ignored, it is what its subtitle says: resolved.
    expect((await patch(rt, id, { ignored: false })).status).toBe(200);
    expect(items(rt)[0]!.status).toBe("resolved");
  });
});

describe("an item held longer than its lease", () => {
  test("a second run in the same process leaves an item alone while a slow transcription of it is still running", async () => {
    let transcriptions = 0;
    const { promise: gate, resolve: finish } = deferred();
    const { promise: inTranscription, resolve: reached } = deferred();
    const tools: SubtitleTools = {
      ...createSubtitleTools({ mediaServers: null, translation: null, whisper: null }),
      transcribe: async () => {
        transcriptions++;
        reached();
        await gate;
        return { text: srt("Hallo"), backend: "asr-webservice" };
      },
    };
    const nothing: SubtitleProvider = { ...goodProvider(), search: async () => [] };
    const rt = await library(1, nothing, {}, tools);
    const first = rt.deps.searcher.start({ trigger: "api" });
    await inTranscription;
    // A Whisper queue easily holds an item past the 15-minute lease.
    clock.advance(20 * 60_000);
    try {
      const second = rt.deps.searcher.start({ trigger: "schedule" });
      let secondDone = false;
      void second.done.then(() => {
        secondDone = true;
      });
      // Either the second run is over, or it has started a transcription of its own.
      await pollUntil(
        async () => ({ transcriptions, secondDone }),
        (v) => v.secondDone || v.transcriptions > 1,
      );
      expect(transcriptions).toBe(1);
      expect((await second.done).found).toBe(0);
      finish();
      expect((await first.done).found).toBe(1);
      expect(transcriptions).toBe(1);
      expect(items(rt)[0]).toMatchObject({ status: "found", lease_owner: null });
    } finally {
      finish();
      clock.set("2026-11-24T10:00:00Z");
    }
  });
});

describe("a download picked by hand that fails", () => {
  const post = (rt: Parameters<typeof request>[0], path: string, body?: unknown) =>
    request(rt, path, {
      method: "POST",
      ...(body === undefined
        ? {}
        : { body: JSON.stringify(body), headers: { "Content-Type": "application/json" } }),
    });

  test("an item a crashed run left in searching goes back to wanted, where the next run can take it", async () => {
    const broken: SubtitleProvider = {
      ...goodProvider(),
      download: async () => {
        throw new ProviderError("opensubtitles", "not-found", "download link expired");
      },
    };
    const rt = await library(1, broken);
    const id = items(rt)[0]!.id;
    rt.deps.db.sqlite.run(
      "UPDATE wanted_items SET status = 'searching', lease_owner = 'run-dead', lease_expires_at = '2026-11-24T09:00:00.000Z'",
    );
    expect((await post(rt, `/api/v1/wanted/${id}/search`)).status).toBe(200);
    const res = await post(rt, `/api/v1/wanted/${id}/download`, {
      provider: "opensubtitles",
      candidateId: "E1",
    });
    expect(res.status).toBe(503);
    expect(items(rt)[0]).toMatchObject({ status: "wanted", lease_owner: null });
    expect((await rt.deps.searcher.start({ trigger: "api" }).done).total).toBe(1);
  });

  test("a pipeline that throws answers with the cause and leaves no claim behind", async () => {
    const tools: SubtitleTools = {
      ...createSubtitleTools({ mediaServers: null, translation: null, whisper: null }),
      prepare: async () => {
        throw new Error("the subtitle worker could not start");
      },
    };
    const rt = await library(1, goodProvider(), {}, tools);
    const id = items(rt)[0]!.id;
    expect((await post(rt, `/api/v1/wanted/${id}/search`)).status).toBe(200);
    const res = await post(rt, `/api/v1/wanted/${id}/download`, {
      provider: "opensubtitles",
      candidateId: "E1",
    });
    expect(res.status).toBe(503);
    expect(((await res.json()) as { detail: string }).detail).toContain(
      "the subtitle worker could not start",
    );
    expect(items(rt)[0]).toMatchObject({ status: "wanted", lease_owner: null });
  });
});
