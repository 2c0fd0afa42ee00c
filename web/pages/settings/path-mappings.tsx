import { keyOf, type Path, type SettingsForm } from "./form-state.ts";

interface Mapping {
  from?: string;
  to?: string;
}

/** Rows of remote → local path prefixes; the longest matching prefix wins. */
export function PathMappings({
  form,
  path,
  label,
  fromLabel = "Path the app sees",
}: {
  form: SettingsForm;
  path: Path;
  label: string;
  fromLabel?: string;
}) {
  const rows = (form.get(path) as Mapping[] | undefined) ?? [];
  const update = (next: Mapping[]) => form.set(path, next);
  const id = `mappings-${keyOf(path).replaceAll(".", "-")}`;
  return (
    <fieldset class="setting mappings" aria-labelledby={id}>
      <legend id={id}>{label}</legend>
      {rows.length === 0 && <p class="muted">None: paths are used as the app reports them.</p>}
      {rows.map((row, i) => (
        <div class="mapping-row" key={i}>
          <input
            class="input"
            aria-label={`${fromLabel} (row ${i + 1})`}
            placeholder="/tv"
            value={row.from ?? ""}
            onInput={(e) => update(rows.map((r, j) => (j === i ? { ...r, from: e.currentTarget.value } : r)))}
          />
          <span aria-hidden="true">→</span>
          <input
            class="input"
            aria-label={`Path Subhound sees (row ${i + 1})`}
            placeholder="/mnt/tv"
            value={row.to ?? ""}
            onInput={(e) => update(rows.map((r, j) => (j === i ? { ...r, to: e.currentTarget.value } : r)))}
          />
          <button
            type="button"
            class="button small"
            aria-label={`Remove mapping ${i + 1}`}
            onClick={() => update(rows.filter((_, j) => j !== i))}
          >
            Remove
          </button>
          {[form.errorAt([...path, i, "from"]), form.errorAt([...path, i, "to"])]
            .filter(Boolean)
            .map((message) => (
              <span key={message} class="error-text mapping-error" role="alert">
                {message}
              </span>
            ))}
        </div>
      ))}
      <button type="button" class="button small" onClick={() => update([...rows, { from: "", to: "" }])}>
        Add mapping
      </button>
    </fieldset>
  );
}
