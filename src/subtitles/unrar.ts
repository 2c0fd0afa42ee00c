import { createExtractorFromData, UnrarError } from "node-unrar-js/esm/index.esm.js";
import unrarWasmPath from "node-unrar-js/esm/js/unrar.wasm" with { type: "file" };
import type { MemberBudget } from "./member-budget.ts";
import { acceptedMemberName } from "./member-name.ts";
import { ExtractError, type SubtitleFile } from "./types.ts";

let wasmBinary: Promise<ArrayBuffer> | null = null;
let queue: Promise<unknown> = Promise.resolve();

/**
 * node-unrar-js keeps one WASM instance and points it at the latest extractor, so two
 * extractions interleaving across an await would read each other's archive: run them in turn.
 */
export function unrarSubtitles(bytes: Uint8Array, budget: MemberBudget): Promise<SubtitleFile[]> {
  const run = queue.then(() => extract(bytes, budget));
  queue = run.catch(() => {});
  return run;
}

async function extract(bytes: Uint8Array, budget: MemberBudget): Promise<SubtitleFile[]> {
  // The wasm is passed explicitly: the library's own lookup next to its script fails in a compiled binary.
  wasmBinary ??= Bun.file(unrarWasmPath).arrayBuffer();
  const data = bytes.slice().buffer;
  try {
    const extractor = await createExtractorFromData({ wasmBinary: await wasmBinary, data });
    const wanted = new Map<string, string>();
    for (const header of extractor.getFileList().fileHeaders) {
      const name = header.flags.directory ? null : acceptedMemberName(header.name);
      if (name !== null && header.flags.encrypted)
        throw new ExtractError("encrypted", `rar: ${name} is encrypted`);
      budget.admit(name === null ? 0 : header.unpSize);
      if (name !== null) wanted.set(header.name, name);
    }
    const files: SubtitleFile[] = [];
    const { files: extracted } = extractor.extract({ files: (header) => wanted.has(header.name) });
    for (const { fileHeader, extraction } of extracted) {
      if (extraction) files.push({ name: wanted.get(fileHeader.name) ?? fileHeader.name, bytes: extraction });
    }
    return files;
  } catch (error) {
    if (error instanceof ExtractError) throw error;
    if (error instanceof UnrarError && /PASSWORD/.test(error.reason)) {
      throw new ExtractError("encrypted", `rar: ${error.message}`);
    }
    throw new ExtractError("corrupt", `rar: ${(error as Error).message}`);
  }
}
