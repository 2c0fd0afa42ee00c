/**
 * The archive WASM modules (7-Zip, unrar) are Emscripten builds whose heap grows through JS
 * calling `grow` on their exported memory, up to 2 GiB. Shadowing `grow` on that one memory caps
 * the heap: past the ceiling the library's allocation fails inside it (a clean error) instead of
 * the process growing by whatever dictionary size an archive header chose. Emscripten's own names
 * are minified in the compiled binary, so the memory is found by its type, not its name.
 */
export const WASM_HEAP_CEILING = 192 * 1024 * 1024;

const PAGE = 64 * 1024;

export interface HeapCeiling {
  /** Set once the module asked for more than the ceiling; a long-lived module's user resets it. */
  refused: boolean;
}

export function capMemoryGrowth(
  instance: WebAssembly.Instance,
  ceiling: number = WASM_HEAP_CEILING,
): HeapCeiling {
  const state = { refused: false };
  const memories = Object.values(instance.exports).filter(
    (value): value is WebAssembly.Memory => value instanceof WebAssembly.Memory,
  );
  if (memories.length === 0) throw new Error("the WASM module exports no memory: cannot cap its heap");
  for (const memory of memories) {
    const grow = memory.grow.bind(memory);
    Object.defineProperty(memory, "grow", {
      value: (delta: number) => {
        if (memory.buffer.byteLength + delta * PAGE > ceiling) {
          state.refused = true;
          throw new RangeError(`WASM heap ceiling of ${ceiling} bytes reached`);
        }
        return grow(delta);
      },
    });
  }
  return state;
}
