import { UnrarError } from "node-unrar-js/esm/index.esm.js";
import { ExtractorData } from "node-unrar-js/esm/js/ExtractorData.js";
import { getUnrar } from "node-unrar-js/esm/js/unrar.singleton.js";
import unrarWasmPath from "node-unrar-js/esm/js/unrar.wasm" with { type: "file" };
import type { MemberBudget } from "./member-budget.ts";
import { acceptedMemberName } from "./member-name.ts";
import { ExtractError, type SubtitleFile } from "./types.ts";
import { capMemoryGrowth, type HeapCeiling, WASM_HEAP_CEILING } from "./wasm-heap-ceiling.ts";

let unrarModule: Promise<{ module: unknown; heap: HeapCeiling }> | null = null;
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

/** The library's own wasm lookup next to its script fails in a compiled binary: it is passed in. */
function loadUnrar(): Promise<{ module: unknown; heap: HeapCeiling }> {
  unrarModule ??= (async () => {
    const wasmBinary = await Bun.file(unrarWasmPath).arrayBuffer();
    let heap: HeapCeiling = { refused: false };
    // Emscripten's `instantiateWasm` hook reaches the factory; the singleton's typings leave it out.
    const options = {
      wasmBinary,
      instantiateWasm: (
        imports: Parameters<typeof WebAssembly.instantiate>[1],
        receive: (instance: WebAssembly.Instance) => void,
      ) => {
        WebAssembly.instantiate(wasmBinary, imports).then(({ instance }) => {
          heap = capMemoryGrowth(instance);
          receive(instance);
        });
        return {};
      },
    };
    const module = await getUnrar(options as { wasmBinary: ArrayBuffer });
    return {
      module,
      get heap() {
        return heap;
      },
    };
  })();
  return unrarModule;
}

/**
 * Headers are budgeted first (every entry: a solid archive decodes what precedes a subtitle). The
 * bytes unrar actually writes are counted as they come, per member, and a member that writes past
 * its declared size or the budget is stopped by refusing the write; unrar checks CRCs itself.
 */
async function extract(bytes: Uint8Array, budget: MemberBudget): Promise<SubtitleFile[]> {
  const unrar = await loadUnrar();
  unrar.heap.refused = false;
  const extractor = new BudgetedExtractor(unrar.module, bytes.slice().buffer, budget);
  (unrar.module as { extractor: unknown }).extractor = extractor;
  try {
    const wanted = new Map<string, { name: string; size: number }>();
    for (const header of extractor.getFileList().fileHeaders) {
      budget.member();
      if (header.flags.directory) continue;
      const name = acceptedMemberName(header.name);
      if (name !== null && header.flags.encrypted)
        throw new ExtractError("encrypted", `rar: ${name} is encrypted`);
      budget.declare(`rar: ${name ?? header.name}`, header.unpSize);
      if (name !== null) wanted.set(header.name, { name, size: header.unpSize });
    }
    const files: SubtitleFile[] = [];
    const { files: extracted } = extractor.extract({ files: (header) => wanted.has(header.name) });
    for (const { fileHeader, extraction } of extracted) {
      const member = wanted.get(fileHeader.name);
      if (!extraction || !member) continue;
      if (extraction.length !== member.size)
        throw new ExtractError("corrupt", `rar: ${member.name} does not unpack to its declared size`);
      files.push({ name: member.name, bytes: extraction });
    }
    return files;
  } catch (error) {
    if (extractor.stopped) throw extractor.stopped;
    if (error instanceof ExtractError) throw error;
    if (unrar.heap.refused)
      throw new ExtractError(
        "too-large",
        `rar: needs more than ${WASM_HEAP_CEILING / 1024 / 1024} MiB of memory to unpack`,
      );
    if (error instanceof UnrarError && /PASSWORD/.test(error.reason)) {
      throw new ExtractError("encrypted", `rar: ${error.message}`);
    }
    throw new ExtractError("corrupt", `rar: ${(error as Error).message}`);
  }
}

/** Counts what unrar writes into each member; refusing a write makes unrar stop with an error. */
class BudgetedExtractor extends ExtractorData {
  stopped: ExtractError | null = null;

  constructor(
    unrar: unknown,
    data: ArrayBuffer,
    private readonly budget: MemberBudget,
  ) {
    super(unrar, data, "");
  }

  override write(fd: number, buf: number, size: number): boolean {
    if (this.stopped) return false;
    try {
      this.budget.grow(size);
    } catch (error) {
      this.stopped = error as ExtractError;
      return false;
    }
    return super.write(fd, buf, size);
  }
}
