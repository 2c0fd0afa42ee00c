import { basename, dirname, join } from "node:path";
import { randomBytes } from "../hash.ts";
import { hiddenSibling, nodeSaveFileSystem, type SaveFileSystem } from "./save.ts";

export type RemoveOwnResult =
  | { ok: true; size: number }
  | {
      ok: false;
      /** not-ours: the file differs from what Subhound wrote; changed: it changed during the removal. */
      reason: "not-ours" | "changed" | "io-error";
      detail: string;
    };

/**
 * Removes the file at `path` only while its bytes are exactly `written` (what Subhound recorded
 * writing there). The file is first moved aside (an atomic rename in the same folder), then hashed
 * again where it lies: a file swapped in at the last moment is put back, never deleted.
 */
export async function removeOwnFile(
  path: string,
  written: { sha256: string; size: number | null },
  fileSystem: SaveFileSystem = nodeSaveFileSystem,
): Promise<RemoveOwnResult> {
  const name = basename(path);
  const target = await fileSystem.inspect(path);
  if (target.kind !== "file") return { ok: false, reason: "not-ours", detail: `it is a ${target.kind}` };
  if (
    (written.size !== null && written.size !== target.size) ||
    (await fileSystem.hashFile(path, target)) !== written.sha256
  )
    return { ok: false, reason: "not-ours", detail: "it was changed since Subhound wrote it" };

  const aside = join(
    dirname(path),
    hiddenSibling(name, `.subhound-${randomBytes(6).toString("hex")}.deleting`),
  );
  try {
    await fileSystem.rename(path, aside);
  } catch (error) {
    return { ok: false, reason: "io-error", detail: `could not delete ${path}: ${(error as Error).message}` };
  }
  const moved = await fileSystem.inspect(aside);
  const stillOurs =
    moved.kind === "file" &&
    moved.ino === target.ino &&
    moved.dev === target.dev &&
    (await fileSystem.hashFile(aside, moved)) === written.sha256;
  if (!stillOurs) {
    // Put it back without replacing anything that appeared at the name meanwhile.
    const restored = await fileSystem
      .link(aside, path)
      .then(() => fileSystem.unlink(aside))
      .then(
        () => true,
        () => false,
      );
    return {
      ok: false,
      reason: "changed",
      detail: restored
        ? `${name} changed while Subhound checked it; it is your file now and was left in place`
        : `${name} changed while Subhound checked it; it was kept as ${basename(aside)}`,
    };
  }
  try {
    await fileSystem.unlink(aside);
  } catch (error) {
    return {
      ok: false,
      reason: "io-error",
      detail: `could not delete ${aside}: ${(error as Error).message}`,
    };
  }
  await fileSystem.syncDirectory(dirname(path)).catch(() => {});
  return { ok: true, size: target.size };
}
