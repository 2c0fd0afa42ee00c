import type { Config } from "../config/schema.ts";
import type { Db } from "../db/client.ts";
import { languageSatisfies } from "../media/languages.ts";
import { readStream } from "../media/stream-language.ts";
import type { SubtitleStream } from "../media/types.ts";
import type { Profile } from "../profiles/profile.ts";
import type { ProviderRegistry } from "../providers/registry.ts";
import { rankCandidates } from "../providers/scoring.ts";
import type { SubtitleQuery } from "../providers/types.ts";
import { blacklistedKeys } from "./history-store.ts";
import { minScoreFor } from "./min-score.ts";
import type { SaveAttempt, SubtitleTools } from "./search-types.ts";
import type { WantedRecord } from "./store/index.ts";
import type { SubtitleWriter } from "./subtitle-writer.ts";

export interface SearchFallbackDeps {
  db: Db;
  config: Pick<Config, "search">;
  registry: ProviderRegistry;
  tools: SubtitleTools;
  writer: SubtitleWriter;
}

/** When no subtitle exists in the wanted language: translate one (downloaded or embedded), or transcribe. */
export function createSearchFallbacks(deps: SearchFallbackDeps) {
  const { db, registry, tools } = deps;
  const { fetchPrepared, saveAndRecord, provenance } = deps.writer;
  /** Whisper jobs under way: long, so their stage is part of the search status. */
  const transcribing = new Map<number, { itemId: number; title: string; language: string; stage: string }>();
  const fallbackStats = {
    translated: 0,
    translationFailures: 0,
    translationMs: 0,
    transcribed: 0,
    transcriptionFailures: 0,
    transcriptionMs: 0,
  };

  /** No subtitle in the wanted language: find one in a source language and translate it. */
  async function tryTranslation(
    item: WantedRecord,
    profile: Profile,
    query: SubtitleQuery,
    signal: AbortSignal,
  ): Promise<SaveAttempt> {
    if (!tools.translate) return { ok: false, reason: "translation is off (translation.chain is empty)" };
    const sources = profile.translateFrom.filter(
      (l) => !languageSatisfies(item.language, l) && !languageSatisfies(l, item.language),
    );
    if (sources.length === 0) return { ok: false, reason: "no source language other than the wanted one" };
    const sourceQuery = { ...query, languages: sources };
    const { candidates } = await registry.searchAll(sourceQuery, signal);
    const banned = blacklistedKeys(db);
    const usable = candidates.filter(
      (c) => sources.some((l) => languageSatisfies(l, c.language)) && !banned.has(`${c.provider}|${c.id}`),
    );
    const ranked = rankCandidates(usable, sourceQuery, profile, {
      minScore: minScoreFor(item, profile, deps.config.search, registry),
      priorityOf: (c) => registry.priorityOf(c.provider),
    });
    const reasons: string[] = [];
    if (ranked.length === 0) reasons.push(`no ${sources.join("/")} subtitle from the providers`);
    for (const scored of ranked.slice(0, 2)) {
      if (signal.aborted) break;
      const started = performance.now();
      const prepared = await fetchPrepared(
        item,
        scored,
        scored.candidate.language,
        ["ass", "ssa", "srt"],
        signal,
      );
      if (!prepared.ok) {
        reasons.push(prepared.reason);
        continue;
      }
      try {
        const translated = await tools.translate({
          text: prepared.text,
          format: prepared.format,
          from: scored.candidate.language,
          to: item.language,
          signal,
        });
        const saved = await saveAndRecord(
          item,
          { text: translated.text, format: prepared.format, encoding: "utf-8" },
          provenance(scored, "translated"),
        );
        fallbackStats.translated++;
        fallbackStats.translationMs += performance.now() - started;
        return saved;
      } catch (error) {
        fallbackStats.translationFailures++;
        reasons.push(`translation from ${scored.candidate.language}: ${(error as Error).message}`);
      }
    }
    if (!signal.aborted) {
      const embedded = await translateEmbedded(item, sources, signal);
      if (embedded.ok) return embedded;
      reasons.push(embedded.reason);
    }
    return { ok: false, reason: reasons.join("; ") || "cancelled" };
  }

  /** A text subtitle stream inside the video in a source language, translated and saved as a sidecar. */
  async function translateEmbedded(
    item: WantedRecord,
    sources: string[],
    signal: AbortSignal,
  ): Promise<SaveAttempt> {
    if (!tools.translate || !tools.extractStream) return { ok: false, reason: "no embedded stream reader" };
    const streams = (JSON.parse(item.file.subtitlesJson) as { streams?: SubtitleStream[] }).streams ?? [];
    const stream = streams.find((s) => {
      // As a scan reads it: a title may make a bare tag exact ("Brazilian" por → pt-BR).
      const { language } = readStream(s);
      return (
        s.textBased && !s.forced && language !== null && sources.some((l) => languageSatisfies(l, language))
      );
    });
    if (!stream) return { ok: false, reason: "no embedded text subtitle in a source language" };
    const from = readStream(stream).language!;
    const format = stream.codec === "ass" || stream.codec === "ssa" ? "ass" : "srt";
    const started = performance.now();
    try {
      const text = await tools.extractStream({
        videoPath: item.file.path,
        index: stream.index,
        format,
        signal,
      });
      const translated = await tools.translate({ text, format, from, to: item.language, signal });
      const saved = await saveAndRecord(
        item,
        { text: translated.text, format, encoding: "utf-8" },
        {
          provider: "embedded",
          candidateId: `stream:${stream.index}`,
          release: null,
          score: 0,
          breakdown: {},
          hearingImpaired: stream.hearingImpaired,
          action: "translated",
        },
      );
      fallbackStats.translated++;
      fallbackStats.translationMs += performance.now() - started;
      return saved;
    } catch (error) {
      fallbackStats.translationFailures++;
      return { ok: false, reason: `embedded stream #${stream.index} (${from}): ${(error as Error).message}` };
    }
  }

  /** Nothing found at all: transcribe the audio (one job at a time, queued by the tool). */
  async function tryWhisper(item: WantedRecord, signal: AbortSignal): Promise<SaveAttempt> {
    if (!tools.transcribe) return { ok: false, reason: "Whisper is disabled" };
    const started = performance.now();
    try {
      transcribing.set(item.id, {
        itemId: item.id,
        title: item.file.title,
        language: item.language,
        stage: "queued",
      });
      const result = await tools
        .transcribe({
          videoPath: item.file.path,
          language: item.language,
          signal,
          onStage: (stage) => {
            const job = transcribing.get(item.id);
            if (job) job.stage = stage;
          },
        })
        .finally(() => transcribing.delete(item.id));
      const saved = await saveAndRecord(
        item,
        { text: result.text, format: "srt", encoding: "utf-8" },
        {
          provider: "whisper",
          candidateId: result.backend,
          release: null,
          score: 0,
          breakdown: {},
          hearingImpaired: false,
          action: "transcribed",
        },
      );
      fallbackStats.transcribed++;
      fallbackStats.transcriptionMs += performance.now() - started;
      return saved;
    } catch (error) {
      fallbackStats.transcriptionFailures++;
      return { ok: false, reason: `transcription: ${(error as Error).message}` };
    }
  }

  return {
    tryTranslation,
    tryWhisper,
    /** Whisper jobs under way, with their stage. */
    transcribing: () => [...transcribing.values()].map((j) => ({ ...j })),
    /** What the fallbacks did since start (counts, failures, mean durations). */
    stats() {
      const f = fallbackStats;
      return {
        translated: f.translated,
        translationFailures: f.translationFailures,
        translationMeanMs: f.translated ? Math.round(f.translationMs / f.translated) : null,
        transcribed: f.transcribed,
        transcriptionFailures: f.transcriptionFailures,
        transcriptionMeanMs: f.transcribed ? Math.round(f.transcriptionMs / f.transcribed) : null,
      };
    },
  };
}
