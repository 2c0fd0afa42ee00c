import type { ComponentChildren } from "preact";
import { StatusPill } from "../../components/status-pill.tsx";
import { keyOf, type Path, type SettingsForm } from "./form-state.ts";

interface FieldProps {
  form: SettingsForm;
  path: Path;
  label: string;
  hint?: ComponentChildren;
  /** The key the environment would set, when it differs from `path` (list entries: by saved index). */
  envKey?: string;
}

/** The error shown beside a field: a list's includes its entries' (`languages.1`). */
const errorOf = (form: SettingsForm, path: Path, list?: boolean) =>
  list ? form.listErrorAt(path) : form.errorAt(path);

export const idOf = (path: Path) => `setting-${keyOf(path).replaceAll(".", "-")}`;

/** Label, the control, then what the page knows about the key: env lock, restart, error. */
/** The variable of the environment that sets a key: the page shows it read-only. */
export function EnvBadge({ name }: { name: string }) {
  return (
    <span class="badge env-badge" title={`Set by the environment variable ${name}; change it there`}>
      {name}
    </span>
  );
}

/** Where a secret stands: never its value, only whether it is set and what a save does to it. */
export type SecretState = "removed" | "replaced" | "set" | "missing";

export function SecretStatePill({ state }: { state: SecretState }) {
  switch (state) {
    case "removed":
      return (
        <StatusPill status="removed" tone="warn">
          removed on save
        </StatusPill>
      );
    case "replaced":
      return (
        <StatusPill status="new" tone="info">
          replaced on save
        </StatusPill>
      );
    case "set":
      return (
        <StatusPill status="set" tone="ok">
          set
        </StatusPill>
      );
    default:
      return (
        <StatusPill status="missing" tone="muted">
          not set
        </StatusPill>
      );
  }
}

export function FieldFrame({
  form,
  path,
  label,
  hint,
  envKey,
  list,
  children,
}: FieldProps & { children: ComponentChildren; list?: boolean }) {
  const env = form.envAt(envKey ?? keyOf(path));
  const error = errorOf(form, path, list);
  const id = idOf(path);
  return (
    <div class="field setting" data-invalid={error ? "true" : undefined}>
      <label for={id}>
        {label}
        {env && <EnvBadge name={env} />}
        {form.restartAt(path) && (
          <span class="badge" title="Takes effect after a restart">
            restart
          </span>
        )}
      </label>
      {children}
      {hint && (
        <span class="muted setting-hint" id={`${id}-hint`}>
          {hint}
        </span>
      )}
      {error && (
        <span class="error-text" id={`${id}-error`} role="alert">
          {error}
        </span>
      )}
    </div>
  );
}

export function describedBy(form: SettingsForm, path: Path, hint: unknown, list?: boolean) {
  const id = idOf(path);
  const ids = [hint ? `${id}-hint` : "", errorOf(form, path, list) ? `${id}-error` : ""].filter(Boolean);
  return ids.length ? ids.join(" ") : undefined;
}

export function TextField(
  props: FieldProps & { placeholder?: string; type?: "text" | "url"; readOnly?: boolean },
) {
  const { form, path } = props;
  const locked = props.readOnly === true || Boolean(form.envAt(props.envKey ?? keyOf(path)));
  return (
    <FieldFrame {...props}>
      <input
        id={idOf(path)}
        class="input"
        type={props.type ?? "text"}
        value={String(form.get(path) ?? "")}
        placeholder={props.placeholder}
        readOnly={locked}
        aria-invalid={form.errorAt(path) ? true : undefined}
        aria-describedby={describedBy(form, path, props.hint)}
        // Cleared: null, so the save takes the key out of config.toml (left out, the file keeps it).
        onInput={(e) => form.set(path, e.currentTarget.value === "" ? null : e.currentTarget.value)}
      />
    </FieldFrame>
  );
}

/** A whole number; what does not read as one is sent as typed, so the server's error names it. */
export function NumberField(props: FieldProps & { min?: number; max?: number }) {
  const { form, path } = props;
  const locked = Boolean(form.envAt(props.envKey ?? keyOf(path)));
  const value = form.get(path);
  return (
    <FieldFrame {...props}>
      <input
        id={idOf(path)}
        class="input num-input"
        inputMode="numeric"
        value={value === undefined || value === null ? "" : String(value)}
        readOnly={locked}
        aria-invalid={form.errorAt(path) ? true : undefined}
        aria-describedby={describedBy(form, path, props.hint)}
        onInput={(e) => {
          const text = e.currentTarget.value.trim();
          form.set(path, text === "" ? null : /^-?\d+(\.\d+)?$/.test(text) ? Number(text) : text);
        }}
      />
    </FieldFrame>
  );
}

/** A list of plain values typed comma-separated (languages, folders). */
export function ListField(props: FieldProps & { placeholder?: string }) {
  const { form, path } = props;
  const locked = Boolean(form.envAt(props.envKey ?? keyOf(path)));
  const value = form.get(path);
  return (
    <FieldFrame {...props} list>
      <input
        id={idOf(path)}
        class="input"
        value={Array.isArray(value) ? value.join(", ") : ""}
        placeholder={props.placeholder}
        readOnly={locked}
        aria-invalid={form.listErrorAt(path) ? true : undefined}
        aria-describedby={describedBy(form, path, props.hint, true)}
        onChange={(e) =>
          form.set(
            path,
            e.currentTarget.value
              .split(",")
              .map((s) => s.trim())
              .filter((s) => s.length > 0),
          )
        }
      />
    </FieldFrame>
  );
}

export function SelectField(props: FieldProps & { options: readonly { value: string; label: string }[] }) {
  const { form, path } = props;
  const locked = Boolean(form.envAt(props.envKey ?? keyOf(path)));
  return (
    <FieldFrame {...props}>
      <select
        id={idOf(path)}
        class="input"
        value={String(form.get(path) ?? "")}
        disabled={locked}
        aria-describedby={describedBy(form, path, props.hint)}
        onChange={(e) => form.set(path, e.currentTarget.value)}
      >
        {props.options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </FieldFrame>
  );
}

export function ToggleField(props: FieldProps) {
  const { form, path, label } = props;
  const env = form.envAt(props.envKey ?? keyOf(path));
  const error = form.errorAt(path);
  return (
    <div class="field setting toggle-field">
      <label class="toggle">
        <input
          type="checkbox"
          checked={form.get(path) === true}
          disabled={Boolean(env)}
          onChange={(e) => form.set(path, e.currentTarget.checked)}
        />
        <span>{label}</span>
        {env && <EnvBadge name={env} />}
        {form.restartAt(path) && <span class="badge">restart</span>}
      </label>
      {props.hint && <span class="muted setting-hint">{props.hint}</span>}
      {error && (
        <span class="error-text" role="alert">
          {error}
        </span>
      )}
    </div>
  );
}

/**
 * A secret: never shown, only whether it is set. Typing replaces it on save; Remove clears an
 * optional one. `draftKey` addresses the typed value, `savedKey` the document's set/unset state.
 */
export function SecretField({
  form,
  label,
  savedSet,
  draftKey,
  envName,
  errorPath,
  optional = true,
  hint,
  multiline,
}: {
  form: SettingsForm;
  label: string;
  savedSet: boolean;
  draftKey: string;
  envName?: string | undefined;
  errorPath?: Path;
  optional?: boolean;
  hint?: ComponentChildren;
  /** A secret table (a webhook's headers), typed as `Name: value` lines. */
  multiline?: { placeholder: string };
}) {
  const typed = form.typedSecret(draftKey);
  const id = `secret-${draftKey.replaceAll(/[.:]/g, "-")}`;
  const error = errorPath ? form.errorAt(errorPath) : undefined;
  const state = (
    <SecretStatePill state={typed === null ? "removed" : typed ? "replaced" : savedSet ? "set" : "missing"} />
  );
  return (
    <div class="field setting secret-field">
      <label for={id}>
        {label} {state}
        {envName && <EnvBadge name={envName} />}
      </label>
      {!envName && (
        <div class="secret-row">
          {multiline ? (
            <textarea
              id={id}
              class="input"
              rows={3}
              autocomplete="off"
              spellcheck={false}
              placeholder={
                savedSet ? `Type to replace them all, e.g. ${multiline.placeholder}` : multiline.placeholder
              }
              value={typed ?? ""}
              onInput={(e) =>
                form.setSecret(
                  draftKey,
                  e.currentTarget.value.trim() === "" ? undefined : e.currentTarget.value,
                )
              }
            />
          ) : (
            <input
              id={id}
              class="input"
              type="password"
              autocomplete="off"
              placeholder={savedSet ? "Type to replace" : "Type to set"}
              value={typed ?? ""}
              onInput={(e) =>
                form.setSecret(draftKey, e.currentTarget.value === "" ? undefined : e.currentTarget.value)
              }
            />
          )}
          {optional && savedSet && typed !== null && (
            <button type="button" class="button small" onClick={() => form.setSecret(draftKey, null)}>
              Remove
            </button>
          )}
        </div>
      )}
      {hint && <span class="muted setting-hint">{hint}</span>}
      {error && (
        <span class="error-text" role="alert">
          {error}
        </span>
      )}
    </div>
  );
}
