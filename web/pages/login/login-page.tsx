import { useState } from "preact/hooks";
import { useLogin, useSetup } from "../../api/auth.ts";
import { ApiProblem } from "../../api/client.ts";

const faviconUrl = document.querySelector<HTMLLinkElement>('link[rel="icon"]')?.href ?? "";

function problemText(error: unknown): string {
  if (error instanceof ApiProblem) return error.problem.detail ?? error.problem.title;
  return error instanceof Error ? error.message : String(error);
}

/**
 * Sign-in, or on the very first visit the one-time form that creates the login.
 * Shown at whatever address was asked for, which loads once signed in.
 */
export function LoginPage({ setup }: { setup: boolean }) {
  const login = useLogin();
  const create = useSetup();
  const [username, setUsername] = useState("");
  const [password, setPassword] = useState("");
  const [confirm, setConfirm] = useState("");
  const [mismatch, setMismatch] = useState(false);
  const mutation = setup ? create : login;
  const title = setup ? "Create your login" : "Sign in";
  const onSubmit = (event: Event) => {
    event.preventDefault();
    if (setup && password !== confirm) {
      setMismatch(true);
      return;
    }
    setMismatch(false);
    mutation.mutate({ username, password });
  };
  const error = mismatch ? "The two passwords differ" : mutation.isError ? problemText(mutation.error) : null;
  return (
    <main class="auth-screen">
      <form class="card auth-card" onSubmit={onSubmit} aria-labelledby="auth-title" noValidate>
        <div class="brand">
          <img src={faviconUrl} alt="" width={28} height={28} />
          Subhound
        </div>
        <h1 id="auth-title">{title}</h1>
        {setup && (
          <p class="muted">
            No login exists yet. Choose the username and password that protect this Subhound; you can also set
            them with <code>auth.username</code> and <code>auth.password</code> in the config.
          </p>
        )}
        <div class="field">
          <label for="username">Username</label>
          <input
            id="username"
            name="username"
            class="input"
            autocomplete="username"
            // biome-ignore lint/a11y/noAutofocus: the sign-in form is the whole page; its first field is where everyone starts
            autoFocus
            required
            value={username}
            onInput={(e) => setUsername(e.currentTarget.value)}
          />
        </div>
        <div class="field">
          <label for="password">Password</label>
          <input
            id="password"
            name="password"
            type="password"
            class="input"
            autocomplete={setup ? "new-password" : "current-password"}
            required
            minLength={setup ? 8 : undefined}
            aria-describedby={setup ? "password-hint" : undefined}
            value={password}
            onInput={(e) => setPassword(e.currentTarget.value)}
          />
          {setup && (
            <span id="password-hint" class="muted">
              At least 8 characters.
            </span>
          )}
        </div>
        {setup && (
          <div class="field">
            <label for="confirm">Repeat the password</label>
            <input
              id="confirm"
              name="confirm"
              type="password"
              class="input"
              autocomplete="new-password"
              required
              value={confirm}
              onInput={(e) => setConfirm(e.currentTarget.value)}
            />
          </div>
        )}
        {error && (
          <div class="alert" role="alert">
            {error}
          </div>
        )}
        <button
          type="submit"
          class="button primary"
          disabled={mutation.isPending || username.trim() === "" || password === ""}
        >
          {mutation.isPending ? "Please wait…" : setup ? "Create login" : "Sign in"}
        </button>
      </form>
    </main>
  );
}
