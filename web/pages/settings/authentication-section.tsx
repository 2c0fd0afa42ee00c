import { useState } from "preact/hooks";
import { useAuthState } from "../../api/auth.ts";
import { ApiProblem } from "../../api/client.ts";
import { useApiKey, useChangePassword, useRegenerateApiKey } from "../../api/settings.ts";
import { showToast } from "../../components/toast.tsx";
import { NumberField, ToggleField } from "./fields.tsx";
import type { SettingsForm } from "./form-state.ts";

function PasswordForm() {
  const change = useChangePassword();
  const [current, setCurrent] = useState("");
  const [next, setNext] = useState("");
  const [confirm, setConfirm] = useState("");
  const [mismatch, setMismatch] = useState(false);
  const error = mismatch
    ? "The two new passwords differ"
    : change.error instanceof ApiProblem
      ? (change.error.problem.detail ?? change.error.problem.title)
      : change.error
        ? String(change.error)
        : null;
  const submit = (e: Event) => {
    e.preventDefault();
    if (next !== confirm) {
      setMismatch(true);
      return;
    }
    setMismatch(false);
    change.mutate(
      { currentPassword: current, newPassword: next },
      {
        onSuccess: (r) => {
          setCurrent("");
          setNext("");
          setConfirm("");
          showToast({
            kind: "success",
            title: "Password changed",
            ...(r.otherSessionsEnded > 0
              ? {
                  detail: `${r.otherSessionsEnded} other ${r.otherSessionsEnded === 1 ? "session was" : "sessions were"} signed out`,
                }
              : {}),
          });
        },
      },
    );
  };
  return (
    <form class="stack" onSubmit={submit} aria-labelledby="password-title">
      <h3 id="password-title">Change password</h3>
      <div class="form-grid">
        <div class="field">
          <label for="current-password">Current password</label>
          <input
            id="current-password"
            class="input"
            type="password"
            autocomplete="current-password"
            required
            value={current}
            onInput={(e) => setCurrent(e.currentTarget.value)}
          />
        </div>
        <div class="field">
          <label for="new-password">New password</label>
          <input
            id="new-password"
            class="input"
            type="password"
            autocomplete="new-password"
            minLength={8}
            required
            value={next}
            onInput={(e) => setNext(e.currentTarget.value)}
          />
        </div>
        <div class="field">
          <label for="confirm-password">New password again</label>
          <input
            id="confirm-password"
            class="input"
            type="password"
            autocomplete="new-password"
            required
            value={confirm}
            onInput={(e) => setConfirm(e.currentTarget.value)}
          />
        </div>
      </div>
      {error && (
        <div class="alert" role="alert">
          {error}
        </div>
      )}
      <div>
        <button type="submit" class="button primary" disabled={change.isPending || !current || !next}>
          Change password
        </button>
      </div>
    </form>
  );
}

function ApiKeyPanel() {
  const auth = useAuthState();
  const session = auth.data?.method === "session";
  const [shown, setShown] = useState(false);
  // Loaded with the section (masked until Show) so where it is kept, env or not, is known at once.
  const key = useApiKey(session);
  const regenerate = useRegenerateApiKey();
  const [confirming, setConfirming] = useState(false);
  if (!session)
    return (
      <p class="muted">
        Sign in with a password to see the API key; it is shown to a signed-in browser only.
      </p>
    );
  const source = key.data?.source;
  return (
    <div class="stack">
      <h3 id="api-key-title">API key</h3>
      <p class="muted">Clients (Sonarr/Radarr webhooks, scripts) send it as the X-Api-Key header.</p>
      <div class="secret-row">
        <input
          class="input mono"
          aria-label="API key"
          readOnly
          value={shown ? (key.data?.apiKey ?? "…") : "••••••••••••••••••••••••••••••••"}
        />
        <button type="button" class="button small" onClick={() => setShown(!shown)}>
          {shown ? "Hide" : "Show"}
        </button>
      </div>
      {source?.kind === "env" ? (
        <p class="muted">
          Set by <span class="badge env-badge">{source.variable}</span>; change it there.
        </p>
      ) : confirming ? (
        <div class="alert" role="alert">
          <p>Every client using the current key stops working at once. Regenerate?</p>
          <div class="card-actions">
            <button
              type="button"
              class="button danger"
              disabled={regenerate.isPending}
              onClick={() =>
                regenerate.mutate(undefined, {
                  onSuccess: () => {
                    setConfirming(false);
                    setShown(true);
                    showToast({ kind: "success", title: "New API key made; the old one no longer works" });
                  },
                })
              }
            >
              Regenerate now
            </button>
            <button type="button" class="button" onClick={() => setConfirming(false)}>
              Keep the current key
            </button>
          </div>
        </div>
      ) : (
        <div>
          <button type="button" class="button" onClick={() => setConfirming(true)}>
            Regenerate…
          </button>
        </div>
      )}
    </div>
  );
}

/** The login's password, the API key, and who needs to sign in. */
export function AuthenticationSection({ form }: { form: SettingsForm }) {
  return (
    <>
      <section class="page-section card">
        <PasswordForm />
      </section>
      <section class="page-section card">
        <ApiKeyPanel />
      </section>
      <section class="page-section card" aria-labelledby="access-title">
        <h2 id="access-title">Access</h2>
        <ToggleField
          form={form}
          path={["auth", "localBypass"]}
          label="No sign-in needed from this network (loopback and private addresses)"
          hint="Leave off behind a reverse proxy."
        />
        <NumberField form={form} path={["auth", "sessionDays"]} label="Sign-in lasts (days unused)" />
      </section>
    </>
  );
}
