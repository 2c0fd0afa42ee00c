import { promises as fs } from "node:fs";
import { join } from "node:path";
import { randomBytes } from "../hash.ts";

/**
 * The bytes a sync replaced, kept in the data dir under `sync-originals/<sha256>` (content-addressed,
 * so keeping the same original twice costs nothing) until restored or the data dir goes.
 */
export function originalsDir(dataDir: string): string {
  return join(dataDir, "sync-originals");
}

const sha256 = (bytes: Uint8Array) => new Bun.CryptoHasher("sha256").update(bytes).digest("hex");

/** Writes atomically (temp + fsync + rename); returns the content's hash, its name there. */
export async function keepOriginal(dataDir: string, bytes: Uint8Array): Promise<string> {
  const hash = sha256(bytes);
  const dir = originalsDir(dataDir);
  await fs.mkdir(dir, { recursive: true, mode: 0o700 });
  const target = join(dir, hash);
  if ((await readOriginal(dataDir, hash)) !== null) return hash;
  const temp = join(dir, `.${hash}.${randomBytes(6).toString("hex")}.tmp`);
  const handle = await fs.open(temp, "wx", 0o600);
  try {
    await handle.writeFile(bytes);
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await fs.rename(temp, target);
  } catch (error) {
    await fs.unlink(temp).catch(() => {});
    throw error;
  }
  return hash;
}

/** The kept bytes with this hash, or null when they are missing or no longer hash to it. */
export async function readOriginal(dataDir: string, hash: string): Promise<Uint8Array | null> {
  if (!/^[0-9a-f]{64}$/.test(hash)) return null;
  const bytes = await Bun.file(join(originalsDir(dataDir), hash))
    .bytes()
    .catch(() => null);
  return bytes && sha256(bytes) === hash ? bytes : null;
}
