import { expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createStdout } from "../../src/cli/stdout.ts";

const MAIN = join(import.meta.dir, "../../src/main.ts");

function epipe(): Error {
  return Object.assign(new Error("EPIPE: broken pipe, write"), { code: "EPIPE" });
}

test("a reader that went away ends the output quietly: no error, nothing more written", async () => {
  const written: string[] = [];
  const out = createStdout(async (text) => {
    written.push(text);
    if (text === "b") throw epipe();
  });
  out.write("a");
  out.write("b");
  out.write("c");
  await out.flushed();
  expect(written).toEqual(["a", "b"]);
});

test("other write errors still surface", async () => {
  const out = createStdout(async () => {
    throw Object.assign(new Error("no space left on device"), { code: "ENOSPC" });
  });
  out.write("a");
  await expect(out.flushed()).rejects.toThrow("no space left on device");
});

test("`subhound openapi | head -c 1` exits 0 without a stack trace", () => {
  const dir = mkdtempSync(join(tmpdir(), "subhound-stdout-"));
  try {
    // The document (~400 KB) is far larger than a pipe holds, so head is gone before it is written.
    const p = Bun.spawnSync(
      [
        "bash",
        "-c",
        // biome-ignore lint/suspicious/noTemplateCurlyInString: a bash expansion, not a template
        '"$0" "$1" openapi | head -c 1 >/dev/null; echo "${PIPESTATUS[0]}"',
        process.execPath,
        MAIN,
      ],
      { cwd: dir, env: { PATH: process.env.PATH ?? "" } },
    );
    expect(p.stderr.toString()).toBe("");
    expect(p.stdout.toString().trim()).toBe("0");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
