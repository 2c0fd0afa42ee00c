import { expect, test } from "bun:test";
import {
  chmodSync,
  chownSync,
  existsSync,
  lstatSync,
  mkdtempSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "smol-toml";
import { jsonOf } from "../support/runtime.ts";
import { getSettings, putSettings, settingsRuntime } from "./support.ts";

const TOML = `languages = ["en"]\n`;

test.skipIf(process.getuid?.() !== 0)(
  "a save keeps the owner and group of config.toml, and gives them to the backup",
  async () => {
    const s = settingsRuntime(TOML);
    try {
      // As when root runs Subhound (a container) on a file its user owns.
      chownSync(s.configFile, 4321, 4322);
      chmodSync(s.configFile, 0o640);
      const doc = await getSettings(s.runtime);
      expect(
        (await putSettings(s.runtime, { revision: doc.revision, values: { languages: ["de"] } })).status,
      ).toBe(200);
      for (const file of [s.configFile, `${s.configFile}.bak`]) {
        const stat = statSync(file);
        expect([stat.uid, stat.gid, stat.mode & 0o777]).toEqual([4321, 4322, 0o640]);
      }
    } finally {
      await s.close();
    }
  },
);

test("a config.toml that links elsewhere is saved where the link points; the link stays", async () => {
  const elsewhere = mkdtempSync(join(tmpdir(), "subhound-dotfiles-"));
  const real = join(elsewhere, "subhound.toml");
  writeFileSync(real, TOML);
  const s = settingsRuntime(null);
  try {
    symlinkSync(real, s.configFile);
    const doc = await getSettings(s.runtime);
    const res = await putSettings(s.runtime, { revision: doc.revision, values: { languages: ["de"] } });
    expect(res.status).toBe(200);
    expect(lstatSync(s.configFile).isSymbolicLink()).toBe(true);
    expect(parse(readFileSync(real, "utf8"))).toEqual({ languages: ["de"] });
    expect(readFileSync(`${real}.bak`, "utf8")).toBe(TOML);
    expect(s.runtime.deps.config.languages).toEqual(["de"]);
  } finally {
    await s.close();
    rmSync(elsewhere, { recursive: true, force: true });
  }
});

test("a read-only config.toml is left as it is, and the save says why", async () => {
  const s = settingsRuntime(TOML);
  try {
    chmodSync(s.configFile, 0o444);
    const doc = await getSettings(s.runtime);
    const res = await putSettings(s.runtime, { revision: doc.revision, values: { languages: ["de"] } });
    expect(res.status).toBe(409);
    const { detail } = await jsonOf(res);
    expect(detail).toBe(
      `the settings were not saved: ${s.configFile} is read-only (mode 0444); make it writable (chmod u+w) to save settings here, or edit it by hand`,
    );
    expect(readFileSync(s.configFile, "utf8")).toBe(TOML);
    expect(statSync(s.configFile).mode & 0o777).toBe(0o444);
    expect(existsSync(`${s.configFile}.bak`)).toBe(false);
    expect(s.runtime.deps.config.languages).toEqual(["en"]);
  } finally {
    await s.close();
  }
});

test("a config folder that cannot be written: the save names the file and the reason, not an unexpected error", async () => {
  const s = settingsRuntime(null);
  const moved = `${s.dataDir}.moved`;
  try {
    const doc = await getSettings(s.runtime);
    // Where the data dir was, a file: not even root can create config.toml there.
    renameSync(s.dataDir, moved);
    writeFileSync(s.dataDir, "");
    const res = await putSettings(s.runtime, { revision: doc.revision, values: { languages: ["de"] } });
    expect(res.status).toBe(409);
    const { detail } = await jsonOf(res);
    expect(detail).toBe(
      `the settings were not saved: cannot write ${s.configFile}: ${s.dataDir} is not a folder (EEXIST)`,
    );
  } finally {
    rmSync(s.dataDir, { force: true });
    renameSync(moved, s.dataDir);
    await s.close();
  }
});
