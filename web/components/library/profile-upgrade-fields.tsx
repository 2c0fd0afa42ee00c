import type { OverrideFields } from "../../api/library.ts";
import { NumberField } from "../../pages/settings/fields.tsx";
import type { SettingsForm } from "../../pages/settings/form-state.ts";

const CUTOFF_HINT =
  "The upgrade job stops re-searching a download once it scores this much. Empty: only the best score possible for the item is good enough.";

/** The upgrade cutoff of one series or movie (profile dialog): empty follows the default profile. */
export function ProfileUpgradeFields({
  value,
  base,
  onChange,
}: {
  value: OverrideFields;
  base: { upgradeCutoff: number | null };
  onChange: (next: OverrideFields) => void;
}) {
  const current = value.upgradeCutoff;
  return (
    <label class="field">
      <span>Upgrade cutoff score</span>
      <input
        class="input num-input"
        inputMode="numeric"
        value={current === undefined || current === null ? "" : String(current)}
        placeholder={`Default: ${base.upgradeCutoff ?? "best possible"}`}
        onInput={(e) => {
          const text = e.currentTarget.value.trim();
          const next: OverrideFields = { ...value };
          if (/^\d+$/.test(text)) next.upgradeCutoff = Number(text);
          else delete next.upgradeCutoff;
          onChange(next);
        }}
      />
      <span class="muted">{CUTOFF_HINT}</span>
    </label>
  );
}

/** The default profile's upgrade cutoff (Settings → General). */
export function DefaultProfileUpgradeFields({ form }: { form: SettingsForm }) {
  return (
    <NumberField
      form={form}
      path={["profile", "upgradeCutoff"]}
      label="Upgrade cutoff score"
      hint={CUTOFF_HINT}
    />
  );
}
