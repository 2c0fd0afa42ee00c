import { afterAll, expect, test } from "bun:test";
import { chmodSync, existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pollUntil } from "../support/poll.ts";
import { startLibraryHarness } from "./harness.ts";

const dir = mkdtempSync(join(tmpdir(), "subhound-extract-shutdown-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

test("a shutdown stops the ffmpeg of an extraction asked through the API; nothing is saved", async () => {
  // ffmpeg reading a large video on a slow share: it says it started, then takes its time.
  const started = join(dir, "started");
  const ffmpegPath = join(dir, "ffmpeg");
  writeFileSync(ffmpegPath, `#!/bin/sh\ntouch '${started}'\nexec sleep 600\n`);
  chmodSync(ffmpegPath, 0o755);
  const h = await startLibraryHarness({
    fixtures: { S01E01: join(import.meta.dir, "..", "fixtures", "media", "mkv-ffmpeg-multi.mkv") },
    config: { languages: ["de"], profile: { embedded: "none" }, sync: { ffmpegPath } },
  });
  try {
    const fileId = await h.fileId("S01E01");
    const answer = h.api(`/library/files/${fileId}/extract`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ streamIndex: 3 }),
    });
    await pollUntil(
      async () => existsSync(started),
      (yes) => yes,
    );
    await h.runtime.close();
    const res = await answer;
    expect(res.status).toBe(503);
    expect(existsSync(h.videos.S01E01!.replace(/\.mkv$/, ".de.hi.ass"))).toBe(false);
  } finally {
    await h.stop();
  }
});
