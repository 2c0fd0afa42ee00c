import { Inflate } from "fflate";
import { concatChunks } from "../bytes.ts";
import { pushInSteps } from "./inflate-chunks.ts";
import type { MemberBudget } from "./member-budget.ts";
import { acceptedMemberName } from "./member-name.ts";
import { ExtractError, type SubtitleFile } from "./types.ts";
import { entryData, type ZipEntry, zipEntries } from "./zip-directory.ts";

const STORED = 0;
const DEFLATED = 8;

/**
 * Subtitles out of a zip. Declared sizes only refuse early: each member is inflated as a stream,
 * stopped as soon as it passes its declared size or the budget, and must then match its declared
 * size and CRC. Members that are not subtitles are counted but never inflated.
 */
export function unzipSubtitles(bytes: Uint8Array, budget: MemberBudget): SubtitleFile[] {
  const files: SubtitleFile[] = [];
  for (const entry of zipEntries(bytes)) {
    budget.member();
    const name = acceptedMemberName(entry.rawName);
    if (name === null) continue;
    if (entry.flags & 0x1) throw new ExtractError("encrypted", `zip: ${name} is encrypted`);
    if (entry.method !== STORED && entry.method !== DEFLATED)
      throw new ExtractError("unsupported", `zip: ${name} uses compression method ${entry.method}`);
    budget.declare(`zip: ${name}`, entry.declaredSize);
    files.push({ name, bytes: inflateMember(bytes, entry, name, budget) });
  }
  return files;
}

function inflateMember(archive: Uint8Array, entry: ZipEntry, name: string, budget: MemberBudget): Uint8Array {
  const data = entryData(archive, entry);
  let output: Uint8Array;
  if (entry.method === STORED) {
    if (data.length !== entry.declaredSize) throw sizeMismatch(name, entry);
    budget.grow(data.length);
    output = data.slice();
  } else {
    const chunks: Uint8Array[] = [];
    let produced = 0;
    let ended = false;
    const inflate = new Inflate((chunk, final) => {
      produced += chunk.length;
      if (produced > entry.declaredSize) throw sizeMismatch(name, entry);
      budget.grow(chunk.length);
      chunks.push(chunk);
      if (final) ended = true;
    });
    try {
      pushInSteps(inflate, data, budget);
    } catch (error) {
      if (error instanceof ExtractError) throw error;
      throw new ExtractError("corrupt", `zip: ${name}: ${(error as Error).message}`);
    }
    if (!ended || produced !== entry.declaredSize) throw sizeMismatch(name, entry);
    output = concatChunks(chunks);
  }
  if (Bun.hash.crc32(output) !== entry.crc) throw new ExtractError("corrupt", `zip: ${name}: CRC mismatch`);
  return output;
}

function sizeMismatch(name: string, entry: ZipEntry): ExtractError {
  return new ExtractError(
    "corrupt",
    `zip: ${name} does not unpack to its declared ${entry.declaredSize} bytes`,
  );
}
