/**
 * Rules that drop a wanted subtitle because of the file's audio. A language "is in the audio" when
 * one of the file's audio tracks has the same base language (`pt-BR` wanted, `por` audio: yes).
 * When the audio languages are unknown (the arr has not probed the file and the probe found no
 * tagged audio track), no rule removes anything.
 */
export const AUDIO_RULES = {
  "skip-audio-language":
    "Do not want the full subtitle of a language the audio already has (an English track needs no English subtitle); forced subtitles are not affected",
  "forced-only-foreign-audio":
    "Want the forced subtitle of a language only when the audio is foreign to it: the audio languages are known and none of them is that language",
  "forced-only-audio-language":
    "Want the forced subtitle of a language only when the audio has that language (foreign parts of a film in your language)",
} as const;

export type AudioRule = keyof typeof AUDIO_RULES;
export const AUDIO_RULE_NAMES = Object.keys(AUDIO_RULES) as [AudioRule, ...AudioRule[]];

/** Rule pairs that together would never want a forced subtitle when the audio is known. */
export function conflictingAudioRules(rules: readonly AudioRule[]): string | null {
  return rules.includes("forced-only-foreign-audio") && rules.includes("forced-only-audio-language")
    ? "forced-only-foreign-audio and forced-only-audio-language contradict each other; pick one"
    : null;
}
