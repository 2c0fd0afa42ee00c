import { expect, test } from "bun:test";
import { join } from "node:path";
import { Glob } from "bun";

const SRC = join(import.meta.dir, "../../src");
const BODY_READ = /\.(json|text|arrayBuffer|bytes|blob|formData)\(\)/;
/**
 * Local sources whose size is known or bounded by us: our own files, child processes' pipes, our own
 * bundle and answers, and an upload's form once its body was read through the capped reader.
 */
const LOCAL =
  /Bun\.file\(|new Response\(proc\.(stdout|stderr)\)|artifact\.text\(\)|ownResponse\.text\(\)|cappedBody\.formData\(\)|formFile\.arrayBuffer\(\)/;

test("every outside body is read through the capped reader in src/net", async () => {
  const offenders: string[] = [];
  for await (const path of new Glob("**/*.ts").scan(SRC)) {
    if (path === "net/capped-body.ts" || path.endsWith(".d.ts")) continue;
    const lines = (await Bun.file(join(SRC, path)).text()).split("\n");
    lines.forEach((line, i) => {
      if (!BODY_READ.test(line) || line.trimStart().startsWith("*") || line.trimStart().startsWith("//"))
        return;
      if (LOCAL.test(line) || LOCAL.test(lines[i - 1] ?? "")) return;
      offenders.push(`src/${path}:${i + 1}: ${line.trim()}`);
    });
  }
  expect(offenders).toEqual([]);
});
