import { useState } from "preact/hooks";
import type { SettingsDocument } from "../../api/settings.ts";
import { describedBy, FieldFrame, idOf, ListField, SecretStatePill, ToggleField } from "./fields.tsx";
import type { SettingsForm } from "./form-state.ts";

const URL_PATH = ["proxy", "url"];
const URL_HINT = "http:// or https://, host and port. SOCKS is not supported.";
/** What the settings document shows in place of a URL's `user:password` (and what keeps them on save). */
const MASK = "***";

/** A proxy URL in parts: `scheme://` + optional `userinfo@` + the rest (host, port). */
interface ProxyUrl {
  scheme: string;
  userinfo: string | null;
  rest: string;
}

function splitUrl(url: string): ProxyUrl {
  const match = /^([a-z][a-z0-9+.-]*:\/\/)(?:([^/?#]*)@)?(.*)$/i.exec(url);
  if (!match) return { scheme: "", userinfo: null, rest: url };
  return { scheme: match[1]!, userinfo: match[2] ?? null, rest: match[3]! };
}

const decoded = (part: string) => {
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
};

/** The login typed in this draft, decoded; null when the URL holds none or only the mask. */
function typedLogin(userinfo: string | null): { user: string; password: string } | null {
  if (userinfo === null || userinfo === MASK) return null;
  const colon = userinfo.indexOf(":");
  return colon < 0
    ? { user: decoded(userinfo), password: "" }
    : { user: decoded(userinfo.slice(0, colon)), password: decoded(userinfo.slice(colon + 1)) };
}

const encodedLogin = (user: string, password: string) =>
  user === "" && password === "" ? null : `${encodeURIComponent(user)}:${encodeURIComponent(password)}`;

/**
 * Settings → Providers → Outbound proxy: `proxy.url`, `proxy.exclude`, `proxy.bypassLocal`. The URL's
 * user and password never reach the browser: the document shows them as `***@`, the page keeps that
 * mask in the draft (the server puts the saved login back in its place) until a new login is typed or
 * Remove takes it out. Host and port are edited on their own, so changing them keeps the login.
 */
export function ProxyCard({ form, doc }: { form: SettingsForm; doc: SettingsDocument }) {
  const saved = (doc.values.proxy as { url?: string } | undefined)?.url;
  const savedSet = saved !== undefined && splitUrl(saved).userinfo === MASK;
  // While the URL is retyped it has no scheme for a moment and so no place for the login: held here.
  const [held, setHeld] = useState<string | null>(null);
  const value = form.get(URL_PATH);
  const current = typeof value === "string" ? splitUrl(value) : null;
  const address = current ? `${current.scheme}${current.rest}` : "";
  const noAddress = address === "";
  const userinfo = noAddress ? null : current?.scheme ? current.userinfo : held;
  const typed = typedLogin(userinfo);
  const kept = userinfo === MASK;
  const env = form.envAt("proxy.url");

  const store = (text: string, login: string | null) => {
    const { scheme, rest } = splitUrl(text);
    if (scheme === "") {
      setHeld(login);
      form.set(URL_PATH, text === "" ? null : text);
    } else {
      setHeld(null);
      form.set(URL_PATH, `${scheme}${login === null ? "" : `${login}@`}${rest}`);
    }
  };
  const setAddress = (text: string) => {
    const next = splitUrl(text.trim());
    // A login typed into the URL moves to the login boxes (and out of plain sight).
    const login = next.userinfo !== null && next.userinfo !== MASK ? next.userinfo : (userinfo ?? held);
    store(`${next.scheme}${next.rest}`, login);
  };
  // Both boxes emptied: back to what is saved, as with any other secret left blank.
  const setLogin = (user: string, password: string) =>
    store(address, encodedLogin(user, password) ?? (savedSet ? MASK : null));

  const state = (
    <SecretStatePill state={typed !== null ? "replaced" : kept ? "set" : savedSet ? "removed" : "missing"} />
  );
  return (
    <section class="card provider-settings" aria-labelledby="proxy-title">
      <div class="card-header">
        <h3 id="proxy-title">Outbound proxy</h3>
        <span class="muted">
          Sends providers' and other outside requests through an HTTP proxy, such as gluetun's; without a URL
          they go direct.
        </span>
      </div>
      <div class="form-grid">
        <FieldFrame form={form} path={URL_PATH} label="Proxy URL" hint={URL_HINT}>
          <input
            id={idOf(URL_PATH)}
            class="input"
            type="url"
            inputMode="url"
            autocomplete="off"
            spellcheck={false}
            placeholder="http://10.0.0.5:8888"
            value={address}
            readOnly={Boolean(env)}
            aria-invalid={form.errorAt(URL_PATH) ? true : undefined}
            aria-describedby={describedBy(form, URL_PATH, URL_HINT)}
            onInput={(e) => setAddress(e.currentTarget.value)}
          />
        </FieldFrame>
        <div class="field setting secret-field">
          <label for="setting-proxy-user">Proxy user {state}</label>
          {!env && (
            <input
              id="setting-proxy-user"
              class="input"
              autocomplete="off"
              spellcheck={false}
              disabled={noAddress}
              placeholder={kept ? "Type to replace" : "Only if the proxy asks"}
              value={typed?.user ?? ""}
              onInput={(e) => setLogin(e.currentTarget.value, typed?.password ?? "")}
            />
          )}
          <span class="muted setting-hint">
            {noAddress
              ? "Set the URL first."
              : "Never shown once saved: type user and password to replace them."}
          </span>
        </div>
        <div class="field setting secret-field">
          <label for="setting-proxy-password">Proxy password</label>
          {!env && (
            <div class="secret-row">
              <input
                id="setting-proxy-password"
                class="input"
                type="password"
                autocomplete="new-password"
                disabled={noAddress}
                placeholder={kept ? "Type to replace" : "Only if the proxy asks"}
                value={typed?.password ?? ""}
                onInput={(e) => setLogin(typed?.user ?? "", e.currentTarget.value)}
              />
              {savedSet && (kept || typed !== null) && (
                <button type="button" class="button small" onClick={() => store(address, null)}>
                  Remove
                </button>
              )}
            </div>
          )}
        </div>
        <ListField
          form={form}
          path={["proxy", "exclude"]}
          label="Go direct to"
          placeholder="example.org, tracker.example.net"
          hint="Host names or domains; a domain also covers its subdomains."
        />
        <ToggleField
          form={form}
          path={["proxy", "bypassLocal"]}
          label="Local servers go direct"
          hint="Loopback and private addresses (10.x, 172.16–31.x, 192.168.x, fc00::/7), names like sonarr and .local, .lan, .home.arpa, .internal ones: a proxy on the internet cannot reach your LAN."
        />
      </div>
    </section>
  );
}
