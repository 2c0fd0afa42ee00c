import { validateSubtitle } from "../subtitles/validate.ts";
import type { TranslationManager } from "../translation/manager.ts";
import { type TranslationBackendName, TranslationError } from "../translation/types.ts";
import { SubtitleTranslationError } from "./errors.ts";
import { sameStructure, type UnitFormat, unitsOf } from "./subtitle-units.ts";

export { sameStructure } from "./subtitle-units.ts";

export interface TranslateSubtitleRequest {
  text: string;
  format: UnitFormat;
  /** Source and target languages, ISO 639-1 or BCP-47. */
  from: string;
  to: string;
  manager: Pick<TranslationManager, "translate">;
  signal?: AbortSignal;
}

export interface TranslatedSubtitle {
  text: string;
  format: UnitFormat;
  /** How many pieces of text were translated (0: nothing translatable, the text is unchanged). */
  units: number;
  /** The backend that translated; null when there was nothing to translate. */
  backend: TranslationBackendName | null;
  /** Always true: history and the API show the result as machine-translated. */
  machineTranslated: true;
}

const TRANSLATABLE = new Set<string>(["srt", "ass", "ssa"]);

/**
 * Translates the dialogue of an SRT, ASS or SSA subtitle (see subtitle-units.ts for what is
 * dialogue) through the manager's backend chain, in memory. The result has the same cues, timings,
 * order and markup, and validates as the same format; otherwise a {@link SubtitleTranslationError}
 * is thrown and nothing is returned.
 */
export async function translateSubtitle(request: TranslateSubtitleRequest): Promise<TranslatedSubtitle> {
  const { text, format, from, to, manager, signal } = request;
  if (!TRANSLATABLE.has(format)) {
    throw new SubtitleTranslationError("unsupported-format", `cannot translate ${format} subtitles`);
  }
  const input = validateSubtitle(text, format);
  if (!input.ok) throw new SubtitleTranslationError("invalid-input", `the ${format} source: ${input.reason}`);
  if (signal?.aborted) throw new SubtitleTranslationError("aborted", "translation cancelled");

  const pieces = unitsOf(text, format);
  if (pieces.units.length === 0) {
    return { text, format, units: 0, backend: null, machineTranslated: true };
  }
  const first = await run(manager, pieces.units, from, to, signal);
  const translated = [...first.lines];
  const lost = pieces.check(translated);
  if (lost.length > 0) {
    const again = await run(
      manager,
      lost.map((i) => pieces.plain[i]!),
      from,
      to,
      signal,
    );
    lost.forEach((unit, k) => {
      translated[unit] = again.lines[k]!;
    });
  }
  const output = pieces.rebuild(translated);

  const structure = sameStructure(text, output, format);
  if (!structure.ok) {
    throw new SubtitleTranslationError(
      "structure",
      `the translation changed the file's structure at line ${structure.line}: ${structure.reason}`,
      { line: structure.line },
    );
  }
  const valid = validateSubtitle(output, format);
  if (!valid.ok)
    throw new SubtitleTranslationError("invalid-output", `the translated ${format}: ${valid.reason}`);
  if (valid.cues !== input.cues) {
    throw new SubtitleTranslationError(
      "structure",
      `${valid.cues} cues after translation instead of ${input.cues}`,
    );
  }
  return {
    text: output,
    format,
    units: pieces.units.length,
    backend: first.backend,
    machineTranslated: true,
  };
}

async function run(
  manager: Pick<TranslationManager, "translate">,
  lines: string[],
  from: string,
  to: string,
  signal: AbortSignal | undefined,
) {
  let result: Awaited<ReturnType<TranslationManager["translate"]>>;
  try {
    result = await manager.translate(lines, from, to, signal);
  } catch (e) {
    if (signal?.aborted || (e instanceof TranslationError && e.kind === "aborted")) {
      throw new SubtitleTranslationError("aborted", "translation cancelled");
    }
    if (e instanceof TranslationError) {
      throw new SubtitleTranslationError("translation", `translation failed: ${e.message}`, { cause: e });
    }
    throw e;
  }
  if (result.lines.length !== lines.length) {
    throw new SubtitleTranslationError(
      "translation",
      `${result.backend} returned ${result.lines.length} lines for ${lines.length}`,
      { cause: new TranslationError("line-count", result.backend, "wrong number of lines") },
    );
  }
  if (signal?.aborted) throw new SubtitleTranslationError("aborted", "translation cancelled");
  return result;
}
