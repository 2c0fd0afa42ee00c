import { afterAll, expect, test } from "bun:test";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { compile, hostTarget } from "../../scripts/compile.ts";

const UNIT = join(import.meta.dir, "..", "..", "deploy", "subhound.service");
const INSTALLED = "/usr/local/bin/subhound";
const hasSystemdAnalyze = Bun.which("systemd-analyze") !== null;
const work = mkdtempSync(join(tmpdir(), "subhound-unit-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** `systemd-analyze verify` of `unit` written to the temp dir; it exits 0 on unknown keys, so stderr counts too. */
function verify(name: string, unit: string) {
  const path = join(work, name);
  writeFileSync(path, unit);
  const run = Bun.spawnSync(["systemd-analyze", "verify", path], {
    cwd: work,
    stderr: "pipe",
    stdout: "pipe",
  });
  return { exitCode: run.exitCode, output: `${run.stdout.toString()}${run.stderr.toString()}`.trim() };
}

/**
 * verify checks that ExecStart= names an executable file, and /usr/local/bin/subhound exists only where it
 * was installed: the unit is checked as written except for that path, which points at a freshly compiled binary.
 */
test.skipIf(!hasSystemdAnalyze)(
  "deploy/subhound.service passes systemd-analyze verify (skipped only when systemd-analyze is not installed)",
  async () => {
    const target = hostTarget();
    const [binary] = await compile({ targets: [target], outdir: join(work, "dist"), smoke: false });
    const unit = readFileSync(UNIT, "utf8");
    expect(unit).toContain(`ExecStart=${INSTALLED} serve`);
    expect(unit).toContain(`${INSTALLED} healthcheck`);

    expect(verify("subhound.service", unit.replaceAll(INSTALLED, binary!))).toEqual({
      exitCode: 0,
      output: "",
    });

    // The check is live: a missing binary fails, and a misspelt key is reported (with exit code 0).
    const missing = verify("missing.service", unit.replaceAll(INSTALLED, join(work, "nope", "subhound")));
    expect(missing.exitCode).not.toBe(0);
    expect(missing.output).toContain("is not executable");
    const typo = verify(
      "typo.service",
      unit.replaceAll(INSTALLED, binary!).replace("TimeoutStopSec=", "TimeoutStopSecs="),
    );
    expect(typo.output).toContain("Unknown key 'TimeoutStopSecs'");
  },
  { timeout: 60_000 },
);
