import { closeSync, fstatSync, openSync, readSync, writeFileSync } from "node:fs";
import { stringify } from "smol-toml";
import { redactConfig } from "../config/redact.ts";
import type { BazarrSettings, SettingsDraft } from "./bazarr-settings-draft.ts";

/** Reading Bazarr's config.yaml and giving its draft out as config.toml text. */

/** Bazarr's config.yaml is a few KiB; anything this big is not it, and is not read into memory. */
export const MAX_SETTINGS_BYTES = 4 * 1024 * 1024;

export class NotBazarrSettings extends Error {
  override name = "NotBazarrSettings";
}

/** Keys every Bazarr since its YAML config (1.3) writes into `general`, defaults included. */
const GENERAL_KEYS = ["enabled_providers", "path_mappings", "use_sonarr", "use_radarr", "minimum_score"];

/** Bazarr's settings from its config.yaml; NotBazarrSettings when the file is not one. */
export function readBazarrSettings(path: string): BazarrSettings {
  let fd: number;
  try {
    fd = openSync(path, "r");
  } catch (e) {
    throw new NotBazarrSettings(
      `cannot read ${path} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`,
    );
  }
  let raw: string;
  try {
    // Checked on the open file: a FIFO or a device would block, a huge file fill the memory.
    const stat = fstatSync(fd);
    if (!stat.isFile()) throw new NotBazarrSettings(`${path} is not a regular file`);
    if (stat.size > MAX_SETTINGS_BYTES)
      throw new NotBazarrSettings(
        `${path} is ${stat.size} bytes, more than Bazarr's config.yaml ever is (at most ${MAX_SETTINGS_BYTES})`,
      );
    const buffer = Buffer.alloc(stat.size);
    let read = 0;
    while (read < stat.size) {
      const n = readSync(fd, buffer, read, stat.size - read, read);
      if (n === 0) break;
      read += n;
    }
    raw = buffer.subarray(0, read).toString("utf8");
  } finally {
    closeSync(fd);
  }
  if (/^\s*\[general\]/m.test(raw))
    throw new NotBazarrSettings(
      `${path} is an old Bazarr's config.ini: a current Bazarr converts it to config.yaml on its first start`,
    );
  let parsed: unknown;
  try {
    parsed = Bun.YAML.parse(raw);
  } catch (e) {
    throw new NotBazarrSettings(`${path} is not YAML (${(e as Error).message.split("\n")[0]})`);
  }
  const general =
    typeof parsed === "object" && parsed !== null ? (parsed as BazarrSettings).general : undefined;
  if (
    Array.isArray(parsed) ||
    typeof general !== "object" ||
    general === null ||
    !GENERAL_KEYS.some((key) => Object.hasOwn(general, key))
  )
    throw new NotBazarrSettings(
      `${path} is not Bazarr's settings: expected its config.yaml (<Bazarr config>/config/config.yaml) with a general section`,
    );
  return parsed as BazarrSettings;
}

/** The draft as config.toml: secrets shown as *** unless `secrets` (the file --write-config writes). */
export function renderSettingsToml(draft: SettingsDraft, { secrets }: { secrets: boolean }): string {
  const lines = [
    "# Bazarr's settings as Subhound's config.toml (only what Subhound has an equivalent for).",
    "# Path mappings keep Bazarr's: from = the path as Sonarr/Radarr sees it, to = as Bazarr saw it,",
    "# so they fit when Subhound sees the media where Bazarr did.",
  ];
  if (!secrets) lines.push("# Secrets are shown as ***: --write-config PATH writes them.");
  const body = stringify(secrets ? draft.config : redactConfig(draft.config)).trim();
  lines.push("", body);
  if (draft.notCarried.length > 0) {
    lines.push("", "# Not carried over:");
    for (const n of draft.notCarried) lines.push(`#   ${n.key}: ${n.reason.replace(/\r?\n/g, " ")}`);
  }
  return `${lines.join("\n")}\n`;
}

/** The draft for --json: the same, secrets masked. */
export function settingsJson(draft: SettingsDraft): SettingsDraft {
  return { config: redactConfig(draft.config), notCarried: draft.notCarried };
}

/**
 * Writes the draft with its real secrets, readable by its owner only; never over an existing file
 * (a config.toml written by hand must not be lost to a draft).
 */
export function writeSettingsDraft(path: string, draft: SettingsDraft): void {
  writeFileSync(path, renderSettingsToml(draft, { secrets: true }), { flag: "wx", mode: 0o600 });
}
