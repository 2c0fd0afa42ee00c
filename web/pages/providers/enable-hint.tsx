import { Fragment } from "preact";
import { Link } from "wouter-preact";
import { envEnabled } from "./provider-text.ts";

/** A config line that may break after "__" on a narrow screen, never inside a word. */
function Line({ text }: { text: string }) {
  const parts = text.split(/(?<=__)/);
  return (
    <span class="config-line">
      {parts.map((part, i) => (
        <Fragment key={i}>
          {part}
          {i < parts.length - 1 && <wbr />}
        </Fragment>
      ))}
    </span>
  );
}

const envKey = (name: string, key: string) =>
  `SUBHOUND_PROVIDERS__${name.toUpperCase()}__${key.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase()}=…`;

/** How to turn a provider on: the TOML lines and the environment variables, keys included where needed. */
export function EnableHint({ name, missing }: { name: string; missing: string[] }) {
  const toml = [`[providers.${name}]`, "enabled = true", ...missing.map((key) => `${key} = "…"`)];
  const env = [envEnabled(name), ...missing.map((key) => envKey(name, key))];
  return (
    <div class="enable-hint">
      <p class="muted">
        Turn it on in <Link href="/settings/providers">Settings → Providers</Link>, or add to config.toml:
      </p>
      <pre>
        {toml.map((line) => (
          <Line key={line} text={line} />
        ))}
      </pre>
      <p class="muted">or set:</p>
      <pre>
        {env.map((line) => (
          <Line key={line} text={line} />
        ))}
      </pre>
    </div>
  );
}
