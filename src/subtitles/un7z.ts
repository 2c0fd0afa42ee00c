import SevenZip, { type FileSystem, type SevenZipModule, type SevenZipModuleOptions } from "7z-wasm";
import sevenZipWasmPath from "7z-wasm/7zz.wasm" with { type: "file" };
import type { MemberBudget } from "./member-budget.ts";
import { acceptedMemberName } from "./member-name.ts";
import { ExtractError, type SubtitleFile } from "./types.ts";
import { capMemoryGrowth, type HeapCeiling, WASM_HEAP_CEILING } from "./wasm-heap-ceiling.ts";

/** Emscripten's hook for supplying the instance ourselves; 7z-wasm's typings leave it out. */
type InstantiateWasm = (
  imports: Parameters<typeof WebAssembly.instantiate>[1],
  receive: (instance: WebAssembly.Instance) => void,
) => object;

let compiled: Promise<WebAssembly.Module> | null = null;

const ARCHIVE = "/archive.bin";
const LIST = "/wanted.txt";
const OUT = "/out";

/**
 * A fresh 7-Zip instance per archive (instantiating the cached module takes milliseconds), so its
 * in-memory file system never carries state between downloads.
 *
 * 7-Zip never unpacks past the sizes in the archive's header and checks every CRC itself, so the
 * header's sizes bound the output once they fit the budget. They are summed over *every* entry: a
 * solid block is decoded from its start, so a huge non-subtitle entry costs time even when only a
 * subtitle is asked for. Only the subtitles are written out; the WASM heap (where the dictionary
 * lives) is capped.
 */
export async function un7zSubtitles(bytes: Uint8Array, budget: MemberBudget): Promise<SubtitleFile[]> {
  // The wasm is passed explicitly: the library's own lookup next to its script fails in a compiled binary.
  compiled ??= Bun.file(sevenZipWasmPath)
    .arrayBuffer()
    .then((binary) => WebAssembly.compile(binary));
  const module = await compiled;
  const output: string[] = [];
  let heap: HeapCeiling = { refused: false };
  const options: Partial<SevenZipModuleOptions> & { instantiateWasm: InstantiateWasm } = {
    print: (line) => output.push(line),
    printErr: (line) => output.push(line),
    instantiateWasm: (imports, receive) => {
      WebAssembly.instantiate(module, imports).then((instance) => {
        heap = capMemoryGrowth(instance);
        receive(instance);
      });
      return {};
    },
  };
  const sevenZip = (await SevenZip(options)) as SevenZipModule & { callMain(args: string[]): number };
  sevenZip.FS.writeFile(ARCHIVE, bytes);

  const listing = run(sevenZip, ["l", "-slt", "-psubhound-has-no-password", ARCHIVE], output);
  if (listing !== 0) throw failure(output, heap);
  const wanted = new Map<string, { name: string; size: number }>();
  for (const entry of parseListing(output)) {
    budget.member();
    if (entry.folder) continue;
    const name = acceptedMemberName(entry.path);
    if (name !== null && entry.encrypted) throw new ExtractError("encrypted", `7z: ${name} is encrypted`);
    budget.declare(`7z: ${name ?? entry.path}`, entry.size);
    if (name !== null) wanted.set(entry.path, { name, size: entry.size });
  }
  if (wanted.size === 0) return [];

  output.length = 0;
  sevenZip.FS.writeFile(LIST, [...wanted.keys()].join("\n"));
  const extract = ["x", "-y", "-psubhound-has-no-password", "-scsUTF-8", `-o${OUT}`, ARCHIVE, `-i@${LIST}`];
  if (run(sevenZip, extract, output) !== 0) throw failure(output, heap);
  const files: SubtitleFile[] = [];
  for (const [path, { name, size }] of wanted) {
    const data = readMember(sevenZip.FS, `${OUT}/${path}`);
    if (!data) continue;
    if (data.length !== size)
      throw new ExtractError("corrupt", `7z: ${name} does not unpack to its declared size`);
    budget.grow(data.length);
    files.push({ name, bytes: data });
  }
  return files;
}

function run(sevenZip: { callMain(args: string[]): number }, args: string[], output: string[]): number {
  // Under Node-like runtimes Emscripten's exit sets process.exitCode to 7-Zip's status (it ignores
  // a `quit` override), which would leak into Subhound's own exit status.
  const exitCode = process.exitCode;
  try {
    return sevenZip.callMain(["-bd", "-sccUTF-8", ...args]);
  } catch (status) {
    const code = (status as { status?: unknown }).status;
    if (typeof code === "number") return code;
    // A C++ exception escaping the wasm (seen with encrypted headers and damaged archives).
    output.push("ERROR: 7-Zip aborted: encrypted headers or a damaged archive");
    return -1;
  } finally {
    process.exitCode = exitCode;
  }
}

interface ListedEntry {
  path: string;
  size: number;
  folder: boolean;
  encrypted: boolean;
}

/** `-slt` prints one `Key = value` block per entry after a `----------` separator. */
function parseListing(lines: string[]): ListedEntry[] {
  const start = lines.indexOf("----------");
  if (start < 0) return [];
  const entries: ListedEntry[] = [];
  let current: Partial<ListedEntry> | null = null;
  for (const line of lines.slice(start + 1)) {
    const match = /^(\w[\w ]*?) = (.*)$/.exec(line);
    if (!match) continue;
    const [, key, value = ""] = match;
    if (key === "Path") {
      current = { path: value, size: 0, folder: false, encrypted: false };
      entries.push(current as ListedEntry);
    } else if (current && key === "Size") current.size = Number(value) || 0;
    else if (current && key === "Folder") current.folder = value === "+";
    else if (current && key === "Encrypted") current.encrypted = value === "+";
    else if (current && key === "Attributes" && value.startsWith("D")) current.folder = true;
  }
  return entries;
}

function readMember(fs: FileSystem, path: string): Uint8Array | null {
  try {
    return fs.readFile(path);
  } catch {
    return null;
  }
}

function failure(output: string[], heap: HeapCeiling): ExtractError {
  if (heap.refused)
    return new ExtractError(
      "too-large",
      `7z: needs more than ${WASM_HEAP_CEILING / 1024 / 1024} MiB of memory to unpack`,
    );
  const text = output.join("\n");
  if (/wrong password|encrypted/i.test(text))
    return new ExtractError("encrypted", "7z: archive is encrypted");
  const reason = output.find((line) => /error|cannot|unsupported/i.test(line)) ?? "7-Zip could not read it";
  return new ExtractError("corrupt", `7z: ${reason.trim()}`);
}
