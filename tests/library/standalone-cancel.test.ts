import { afterAll, expect, test } from "bun:test";
import type { Dirent } from "node:fs";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { readdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createStandaloneSource } from "../../src/library/standalone.ts";

const root = mkdtempSync(join(tmpdir(), "subhound-standalone-cancel-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

test("a cancelled listing ends at once while a directory read hangs (a dead NFS mount)", async () => {
  mkdirSync(join(root, "Stuck Show"));
  writeFileSync(join(root, "Film (2020).mkv"), "video");
  let hanging = false;
  const source = createStandaloneSource({
    roots: [root],
    // The subfolder's read never returns, as on a hard-mounted share whose server went away.
    readDirectory: (path): Promise<Dirent[]> => {
      if (path.endsWith("Stuck Show")) {
        hanging = true;
        return new Promise<Dirent[]>(() => {});
      }
      return readdir(path, { withFileTypes: true });
    },
  });
  const controller = new AbortController();
  const listing = source.listAllFiles({ signal: controller.signal });
  while (!hanging) await new Promise((r) => setImmediate(r));
  controller.abort();
  const result = await listing;
  expect(result.ok).toBe(false);
  expect(result.ok ? "" : result.error).toContain("cancelled");
});
