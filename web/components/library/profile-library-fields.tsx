import type { OverrideFields } from "../../api/library.ts";

/** The profile options that follow the library: a named profile, monitored/specials filters, audio rules, extraction. */
export type LibraryFields = Pick<
  Required<OverrideFields>,
  "monitoredOnly" | "skipSpecials" | "audioRules" | "extractEmbedded"
>;
type Flag = "monitoredOnly" | "skipSpecials" | "extractEmbedded";

export const AUDIO_RULE_LABELS = [
  ["skip-audio-language", "No subtitle in a language the audio already has"],
  ["forced-only-foreign-audio", "Forced only when the audio is foreign to its language"],
  ["forced-only-audio-language", "Forced only when the audio is in its language (foreign parts)"],
] as const;

const FLAGS: [Flag, string][] = [
  ["monitoredOnly", "Monitored only (skip unmonitored series, seasons, episodes, movies)"],
  ["skipSpecials", "Skip specials (season 0)"],
  ["extractEmbedded", "Extract embedded text streams to sidecars (players without embedded support)"],
];

const onOff = (b: boolean) => (b ? "on" : "off");
const ruleList = (rules: readonly string[]) => (rules.length === 0 ? "none" : rules.join(", "));

/**
 * Edits these options of a profile. With `base` every field may be left empty to follow it (an
 * override or a named profile); without, each is set (the default profile). `named` adds the
 * choice of a named profile (a series' or movie's override). `onChange` gets the whole next value.
 */
export function ProfileLibraryFields<T extends Partial<LibraryFields> & { profileName?: string }>({
  value,
  base,
  named,
  inherited,
  idPrefix,
  onChange,
}: {
  value: T;
  base?: LibraryFields;
  named?: string[];
  /** What the item follows without a named profile of its own (its tag's profile or the default). */
  inherited?: { via: "item" | "tag" | "default"; name?: string; tag?: string };
  idPrefix: string;
  onChange: (next: T) => void;
}) {
  const put = (key: keyof T, v: unknown) => {
    const next = { ...value } as Record<string, unknown>;
    if (v === undefined) delete next[key as string];
    else next[key as string] = v;
    onChange(next as T);
  };
  const ownRules = value.audioRules !== undefined || !base;
  const rules = value.audioRules ?? base?.audioRules ?? [];
  const toggleRule = (rule: string, on: boolean) => {
    const next = on ? [...rules.filter((r) => r !== rule), rule] : rules.filter((r) => r !== rule);
    // The two forced-only rules contradict each other: choosing one drops the other.
    const other =
      rule === "forced-only-foreign-audio" ? "forced-only-audio-language" : "forced-only-foreign-audio";
    put("audioRules", on && rule !== "skip-audio-language" ? next.filter((r) => r !== other) : next);
  };
  return (
    <div class="stack profile-library-fields">
      {named && (
        <label class="field">
          <span>Profile</span>
          <select
            class="input"
            value={value.profileName ?? ""}
            onChange={(e) => put("profileName", e.currentTarget.value || undefined)}
          >
            <option value="">
              {inherited?.via === "tag"
                ? `By its tag "${inherited.tag}": ${inherited.name}`
                : inherited
                  ? "The default profile (no tag assigns one)"
                  : "By tag, else the default"}
            </option>
            {named.map((name) => (
              <option key={name} value={name}>
                {name}
              </option>
            ))}
          </select>
        </label>
      )}
      {FLAGS.map(([flag, label]) =>
        base ? (
          <label key={flag} class="field">
            <span>{label}</span>
            <select
              class="input"
              value={value[flag] === undefined ? "" : onOff(value[flag] === true)}
              onChange={(e) => {
                const v = e.currentTarget.value;
                put(flag, v === "" ? undefined : v === "on");
              }}
            >
              <option value="">Default: {onOff(base[flag])}</option>
              <option value="on">on</option>
              <option value="off">off</option>
            </select>
          </label>
        ) : (
          <div key={flag} class="field setting toggle-field">
            <label class="toggle">
              <input
                type="checkbox"
                id={`${idPrefix}-${flag}`}
                checked={value[flag] === true}
                onChange={(e) => put(flag, e.currentTarget.checked)}
              />
              <span>{label}</span>
            </label>
          </div>
        ),
      )}
      <fieldset class="choice-row audio-rules">
        <legend>Audio-language rules</legend>
        {base && (
          <div class="field setting toggle-field">
            <label class="toggle">
              <input
                type="checkbox"
                checked={ownRules}
                onChange={(e) => put("audioRules", e.currentTarget.checked ? [...rules] : undefined)}
              />
              <span>Own rules (default: {ruleList(base.audioRules)})</span>
            </label>
          </div>
        )}
        {AUDIO_RULE_LABELS.map(([rule, label]) => (
          <div key={rule} class="field setting toggle-field">
            <label class="toggle">
              <input
                type="checkbox"
                id={`${idPrefix}-${rule}`}
                disabled={!ownRules}
                checked={rules.includes(rule)}
                onChange={(e) => toggleRule(rule, e.currentTarget.checked)}
              />
              <span>{label}</span>
            </label>
          </div>
        ))}
      </fieldset>
    </div>
  );
}
