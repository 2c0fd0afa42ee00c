import { useState } from "preact/hooks";
import { ApiProblem } from "../../api/client.ts";
import { type SettingsDocument, useTestNotifier } from "../../api/settings.ts";
import { NumberField, TextField, ToggleField } from "./fields.tsx";
import { ENTRY_KEY, newEntryKey, type SettingsForm, type Tree } from "./form-state.ts";
import {
  COMMON_FIELDS,
  NOTIFIER_TYPES,
  NotifierFields,
  type NotifierType,
  typeDefaults,
} from "./notifier-fields.tsx";
import { TestLine } from "./test-line.tsx";

const EVENTS = [
  { value: "download", label: "Download", hint: "a subtitle saved" },
  { value: "upgrade", label: "Upgrade", hint: "one replaced by a better one" },
  { value: "failure", label: "Failure", hint: "an item's last automatic search failed" },
  { value: "health", label: "Health", hint: "a subsystem turned ok, degraded or down" },
] as const;

type TestAnswer = { ok: boolean; message: string };

/** Which events a notifier sends: one switch each. */
function EventSwitches({ index, form }: { index: number; form: SettingsForm }) {
  const path = ["notifications", index, "events"];
  const chosen = (form.get(path) as string[] | undefined) ?? EVENTS.map((e) => e.value);
  const error = form.errorAt(path);
  return (
    <fieldset class="field setting" style={{ border: 0, padding: 0, margin: "0 0 12px", minWidth: 0 }}>
      <legend style={{ fontWeight: 500, padding: 0, marginBottom: "4px" }}>Sends</legend>
      <div class="chips">
        {EVENTS.map((event) => {
          const on = chosen.includes(event.value);
          return (
            <button
              key={event.value}
              type="button"
              class="chip"
              aria-pressed={on}
              title={event.hint}
              onClick={() =>
                form.set(
                  path,
                  on
                    ? chosen.filter((e) => e !== event.value)
                    : EVENTS.map((e) => e.value).filter((e) => e === event.value || chosen.includes(e)),
                )
              }
            >
              {event.label}
            </button>
          );
        })}
      </div>
      {chosen.length === 0 && <span class="muted setting-hint">Nothing is sent; Test still works.</span>}
      {error && (
        <span class="error-text" role="alert">
          {error}
        </span>
      )}
    </fieldset>
  );
}

function NotifierCard({ index, form, doc }: { index: number; form: SettingsForm; doc: SettingsDocument }) {
  const entry = form.get(["notifications", index]) as Tree;
  const id = entry.id as string | undefined;
  const type = entry.type as NotifierType;
  const name = String(entry.name ?? type);
  // The running notifier has the saved name: a rename counts after the save.
  const saved = id !== undefined ? (doc.values.notifications as Tree[] | undefined)?.[Number(id)] : undefined;
  const savedName = saved ? String(saved.name ?? saved.type) : null;
  const test = useTestNotifier();
  const [result, setResult] = useState<TestAnswer | null>(null);
  const remove = () =>
    form.set(
      ["notifications"],
      (form.get(["notifications"]) as Tree[]).filter((_, j) => j !== index),
    );
  const changeType = (next: NotifierType) => {
    const kept = Object.fromEntries(Object.entries(entry).filter(([k]) => COMMON_FIELDS.includes(k)));
    form.set(["notifications", index], { ...kept, ...typeDefaults(next), type: next });
  };
  const runTest = () => {
    if (!savedName) return;
    setResult(null);
    test.mutate(savedName, {
      onSuccess: (answer) =>
        setResult({
          ok: answer.ok,
          message: answer.ok
            ? `${answer.message || "sent"} (${answer.latencyMs} ms); look for the test message`
            : answer.message,
        }),
      onError: (error) =>
        setResult({
          ok: false,
          message:
            error instanceof ApiProblem && error.status === 404
              ? `Subhound does not run "${savedName}" yet: save it first`
              : error instanceof ApiProblem
                ? (error.problem.detail ?? error.problem.title)
                : String(error),
        }),
    });
  };
  return (
    <section class="card instance-card" aria-label={`Notifier ${name}`}>
      <div class="card-header">
        <h3>
          {NOTIFIER_TYPES.find((t) => t.value === type)?.label ?? type} · {name}
        </h3>
        <button type="button" class="button small danger" onClick={remove}>
          Remove
        </button>
      </div>
      <div class="form-grid">
        <div class="field setting">
          <label for={`setting-notifications-${index}-type`}>Service</label>
          <select
            id={`setting-notifications-${index}-type`}
            class="input"
            value={type}
            onChange={(e) => changeType(e.currentTarget.value as NotifierType)}
          >
            {NOTIFIER_TYPES.map((t) => (
              <option key={t.value} value={t.value}>
                {t.label}
              </option>
            ))}
          </select>
        </div>
        <TextField
          form={form}
          path={["notifications", index, "name"]}
          label="Name"
          hint="Letters, digits, - and _; unique"
        />
        <NotifierFields index={index} form={form} doc={doc} />
        <NumberField
          form={form}
          path={["notifications", index, "timeoutMs"]}
          label="Timeout (ms)"
          min={100}
        />
        <ToggleField form={form} path={["notifications", index, "enabled"]} label="Enabled" />
      </div>
      <EventSwitches index={index} form={form} />
      <div class="card-actions">
        {savedName ? (
          <button type="button" class="button" disabled={test.isPending} onClick={runTest}>
            {test.isPending ? "Sending…" : "Test"}
          </button>
        ) : (
          <span class="muted">Save first, then Test sends a message.</span>
        )}
      </div>
      {result && <TestLine result={result} />}
    </section>
  );
}

/** Where Subhound tells you what it did: ntfy, Gotify, Discord, Telegram, email, a webhook, Apprise API. */
export function NotificationsSection({ form, doc }: { form: SettingsForm; doc: SettingsDocument }) {
  const list = (form.get(["notifications"]) as Tree[] | undefined) ?? [];
  const [type, setType] = useState<NotifierType>("ntfy");
  const add = () => {
    const taken = new Set(list.map((e) => String(e.name ?? e.type)));
    let name: string = type;
    for (let n = 2; taken.has(name); n++) name = `${type}-${n}`;
    form.set(
      ["notifications"],
      [
        ...list,
        {
          [ENTRY_KEY]: newEntryKey(),
          type,
          name,
          enabled: true,
          events: EVENTS.map((e) => e.value),
          timeoutMs: 10_000,
          ...typeDefaults(type),
        },
      ],
    );
  };
  return (
    <section class="page-section" aria-labelledby="notifications-title">
      <div class="section-header">
        <h2 id="notifications-title">Notifications</h2>
        <div class="card-actions">
          <select
            class="input"
            aria-label="Service of the new notifier"
            style={{ width: "auto" }}
            value={type}
            onChange={(e) => setType(e.currentTarget.value as NotifierType)}
          >
            {NOTIFIER_TYPES.map((t) => (
              <option key={t.value} value={t.value}>
                {t.label}
              </option>
            ))}
          </select>
          <button type="button" class="button small" onClick={add}>
            Add notifier
          </button>
        </div>
      </div>
      {list.length === 0 && (
        <p class="muted">None: downloads, failures and health changes are not announced.</p>
      )}
      <div class="stack">
        {list.map((entry, i) => (
          <NotifierCard key={entry[ENTRY_KEY] as string} index={i} form={form} doc={doc} />
        ))}
      </div>
    </section>
  );
}
