import type { SettingsDocument } from "../../api/settings.ts";
import { ListField, NumberField, SecretField, SelectField, TextField } from "./fields.tsx";
import { ENTRY_KEY, type SettingsForm, type Tree } from "./form-state.ts";

export type NotifierType = "ntfy" | "gotify" | "discord" | "telegram" | "email" | "webhook" | "apprise";

export const NOTIFIER_TYPES: readonly { value: NotifierType; label: string }[] = [
  { value: "ntfy", label: "ntfy" },
  { value: "gotify", label: "Gotify" },
  { value: "discord", label: "Discord" },
  { value: "telegram", label: "Telegram" },
  { value: "email", label: "Email (SMTP)" },
  { value: "webhook", label: "Webhook" },
  { value: "apprise", label: "Apprise API" },
];

/** The fields every type has; switching type keeps only these. */
export const COMMON_FIELDS = ["id", ENTRY_KEY, "type", "name", "enabled", "events", "timeoutMs"];

/** What a new notifier of a type starts with (the schema's defaults, so the form shows them). */
export function typeDefaults(type: NotifierType): Tree {
  switch (type) {
    case "ntfy":
      return { url: "https://ntfy.sh" };
    case "telegram":
      return { baseUrl: "https://api.telegram.org" };
    case "email":
      return { port: 587, security: "starttls", to: [] };
    default:
      return {};
  }
}

/** The fields of one service: its settings, then its secrets as set/unset with a box to replace them. */
export function NotifierFields({
  index,
  form,
  doc,
}: {
  index: number;
  form: SettingsForm;
  doc: SettingsDocument;
}) {
  const entry = form.get(["notifications", index]) as Tree;
  const type = entry.type as NotifierType;
  const id = entry.id as string | undefined;
  // The saved secrets belong to the saved type: switched in the page, they are gone on save.
  const savedType =
    id !== undefined ? (doc.values.notifications as Tree[] | undefined)?.[Number(id)]?.type : null;
  const path = (field: string) => ["notifications", index, field];
  const secret = (field: string, label: string, options: { optional?: boolean; hint?: string } = {}) => (
    <SecretField
      form={form}
      label={label}
      optional={options.optional ?? true}
      draftKey={`notifications:${entry[ENTRY_KEY] as string}:${field}`}
      savedSet={savedType === type && doc.secrets[`notifications.${id}.${field}`]?.set === true}
      envName={id !== undefined ? doc.env[`notifications.${id}.${field}`] : undefined}
      errorPath={path(field)}
      {...(options.hint ? { hint: options.hint } : {})}
    />
  );
  switch (type) {
    case "ntfy":
      return (
        <>
          <TextField form={form} path={path("url")} label="Server" type="url" placeholder="https://ntfy.sh" />
          <TextField
            form={form}
            path={path("topic")}
            label="Topic"
            hint="On a public server, anyone who knows the topic can read it"
          />
          {secret("token", "Access token", { hint: "tk_…, sent as Bearer" })}
          <TextField form={form} path={path("username")} label="User (basic auth)" />
          {secret("password", "Password (basic auth)")}
        </>
      );
    case "gotify":
      return (
        <>
          <TextField
            form={form}
            path={path("url")}
            label="Server"
            type="url"
            placeholder="http://gotify:80"
          />
          {secret("appToken", "App token", { optional: false, hint: "Gotify → Apps → the app's token" })}
        </>
      );
    case "discord":
      return (
        <>
          {secret("webhookUrl", "Webhook URL", {
            optional: false,
            hint: "Server Settings → Integrations → Webhooks → Copy Webhook URL",
          })}
          <TextField form={form} path={path("username")} label="Shown as (optional)" />
        </>
      );
    case "telegram":
      return (
        <>
          {secret("botToken", "Bot token", { optional: false, hint: "What @BotFather gave (123456:ABC…)" })}
          <TextField
            form={form}
            path={path("chatId")}
            label="Chat id"
            placeholder="-1001234567890 or @channel"
          />
          <NumberField form={form} path={path("threadId")} label="Topic id (optional)" min={1} />
          <TextField form={form} path={path("baseUrl")} label="Bot API server" type="url" />
        </>
      );
    case "email":
      return (
        <>
          <TextField form={form} path={path("host")} label="SMTP server" placeholder="smtp.example.com" />
          <NumberField form={form} path={path("port")} label="Port" min={1} max={65535} />
          <SelectField
            form={form}
            path={path("security")}
            label="Security"
            options={[
              { value: "starttls", label: "STARTTLS (587)" },
              { value: "tls", label: "TLS (465)" },
              { value: "none", label: "None (25)" },
            ]}
          />
          <TextField form={form} path={path("username")} label="User (optional)" />
          {secret("password", "Password", { hint: "Set together with the user" })}
          <TextField
            form={form}
            path={path("from")}
            label="From"
            placeholder="Subhound <subhound@example.com>"
          />
          <ListField form={form} path={path("to")} label="To" placeholder="me@example.com, you@example.com" />
        </>
      );
    case "webhook":
      return (
        <>
          {secret("webhookUrl", "URL", { optional: false, hint: "Where the JSON is POSTed" })}
          {secret("secret", "Signing secret", { hint: "Signs each body: X-Subhound-Signature: sha256=…" })}
          <SecretField
            form={form}
            label="Headers"
            draftKey={`notifications:${entry[ENTRY_KEY] as string}:headers`}
            savedSet={savedType === type && doc.secrets[`notifications.${id}.headers`]?.set === true}
            envName={id !== undefined ? doc.env[`notifications.${id}.headers`] : undefined}
            errorPath={path("headers")}
            hint="One Name: value per line; what is typed replaces every saved header"
            multiline={{ placeholder: "Authorization: Bearer …" }}
          />
        </>
      );
    case "apprise":
      return (
        <>
          <TextField
            form={form}
            path={path("url")}
            label="Apprise API server"
            type="url"
            placeholder="http://apprise:8000"
            hint="With its path prefix, if it has one; user:password@ in it when it asks for a login"
          />
          <SecretField
            form={form}
            label="URLs"
            draftKey={`notifications:${entry[ENTRY_KEY] as string}:urls`}
            savedSet={savedType === type && doc.secrets[`notifications.${id}.urls`]?.set === true}
            envName={id !== undefined ? doc.env[`notifications.${id}.urls`] : undefined}
            errorPath={path("urls")}
            hint="Apprise URLs, one per line, sent with each message; or leave empty and use a config key"
            multiline={{ placeholder: "discord://webhook_id/webhook_token" }}
          />
          {secret("key", "Config key", {
            hint: "Or a configuration stored in Apprise API under this key (its URLs and tags stay there)",
          })}
          <ListField
            form={form}
            path={path("tags")}
            label="Tags (with a config key)"
            placeholder="devops, family"
            hint="Only the stored URLs with one of these tags; none: its untagged URLs"
          />
        </>
      );
    default:
      return null;
  }
}
