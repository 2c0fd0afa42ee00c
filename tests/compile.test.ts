import { afterAll, expect, test } from "bun:test";
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import SwaggerParser from "@apidevtools/swagger-parser";
import { compile, hostTarget } from "../scripts/compile.ts";
import { spawnServer } from "./support/process.ts";

const work = mkdtempSync(join(tmpdir(), "subhound-compile-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

test(
  "the compiled binary, alone in an empty directory, migrates and serves health, spec and docs",
  async () => {
    const target = hostTarget();
    const [binary] = await compile({ targets: [target], outdir: join(work, "dist") });
    expect(readFileSync(join(work, "dist", "SHA256SUMS"), "utf8")).toMatch(
      new RegExp(`^[0-9a-f]{64}  subhound-${target}\\n$`),
    );

    const home = join(work, "empty");
    mkdirSync(home);
    copyFileSync(binary!, join(home, "subhound"));
    // A compiled binary must not pick these up from its working directory.
    writeFileSync(join(home, ".env"), "SUBHOUND_LOG_LEVEL=loud\n");
    writeFileSync(join(home, "bunfig.toml"), 'preload = ["./does-not-exist.ts"]\n');

    const server = await spawnServer([join(home, "subhound")], {
      cwd: home,
      env: { PATH: process.env.PATH ?? "", SUBHOUND_PORT: "0" },
    });
    try {
      const key = (await server.stdoutMatch(/Generated an API key for this server: ([0-9a-f]{32})/))[1]!;
      const health = await fetch(`${server.url}/api/v1/health`);
      expect(health.status).toBe(200);
      expect(((await health.json()) as { version: string }).version).not.toContain("dev");

      const spec = await (await fetch(`${server.url}/openapi.json`)).json();
      await SwaggerParser.validate(spec as never);

      const docs = await fetch(`${server.url}/docs`);
      expect(docs.status).toBe(200);
      const html = await docs.text();
      // Everything the page loads comes from this server.
      expect(html).not.toMatch(/(src|href)="https?:/);
      for (const asset of ["/docs/swagger-ui-bundle.js", "/docs/swagger-ui.css"]) {
        const res = await fetch(`${server.url}${asset}`);
        expect(res.status).toBe(200);
        expect((await res.arrayBuffer()).byteLength).toBeGreaterThan(10_000);
      }

      const status = await (
        await fetch(`${server.url}/api/v1/system/status`, { headers: { "X-Api-Key": key } })
      ).json();
      expect(status).toMatchObject({
        compiled: true,
        database: { schemaVersion: expect.stringMatching(/^\d{4}_/) },
      });
    } finally {
      expect(await server.stop()).toBe(0);
    }
    expect(existsSync(join(home, "data", "subhound.db"))).toBe(true);
  },
  { timeout: 60_000 },
);
