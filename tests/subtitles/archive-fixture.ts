import { join } from "node:path";
import type { DownloadedFile } from "../../src/providers/types.ts";

const ARCHIVES = join(import.meta.dir, "../fixtures/archives");

/** A committed fixture (scripts/make-archive-fixtures.sh) as a provider would hand it over. */
export async function archiveFixture(name: string, fileName = name): Promise<DownloadedFile> {
  return { fileName, bytes: await Bun.file(join(ARCHIVES, name)).bytes() };
}

export function srtBytes(label: string): Uint8Array {
  return new TextEncoder().encode(`1\n00:00:01,000 --> 00:00:02,000\n${label}\n`);
}
