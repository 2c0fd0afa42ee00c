import type { SettingsDocument } from "../../api/settings.ts";
import { ListField, NumberField, SecretField, SelectField, TextField, ToggleField } from "./fields.tsx";
import type { SettingsForm } from "./form-state.ts";

function Secret({
  form,
  doc,
  path,
  label,
}: {
  form: SettingsForm;
  doc: SettingsDocument;
  path: string;
  label?: string;
}) {
  return (
    <SecretField
      form={form}
      label={label ?? "API key"}
      draftKey={path}
      savedSet={doc.secrets[path]?.set === true}
      envName={doc.env[path]}
      errorPath={path.split(".")}
    />
  );
}

/** The fallbacks: machine translation (a chain of backends) and Whisper transcription. */
export function TranslationSection({ form, doc }: { form: SettingsForm; doc: SettingsDocument }) {
  return (
    <>
      <section class="page-section card" aria-labelledby="translation-title">
        <h2 id="translation-title">Translation</h2>
        <ListField
          form={form}
          path={["translation", "chain"]}
          label="Backends, tried in order"
          placeholder="ollama, deepl"
          hint="Any of ollama, openai, deepl, libretranslate; empty turns translation off."
        />
        <ListField
          form={form}
          path={["translation", "sourceLanguages"]}
          label="Translate from"
          placeholder="en"
        />
        <h3>Ollama</h3>
        <div class="form-grid">
          <TextField form={form} path={["translation", "ollama", "url"]} label="URL" type="url" />
          <TextField form={form} path={["translation", "ollama", "model"]} label="Model" />
          <NumberField
            form={form}
            path={["translation", "ollama", "contextLength"]}
            label="Context window (tokens)"
            min={2048}
            max={131072}
            hint="Ollama's own default cuts long prompts short without saying so; lower it if the model runs out of memory."
          />
        </div>
        <h3>OpenAI-compatible</h3>
        <div class="form-grid">
          <TextField form={form} path={["translation", "openai", "url"]} label="URL" type="url" />
          <TextField form={form} path={["translation", "openai", "model"]} label="Model" />
          <Secret form={form} doc={doc} path="translation.openai.apiKey" />
        </div>
        <h3>DeepL</h3>
        <div class="form-grid">
          <TextField form={form} path={["translation", "deepl", "url"]} label="URL (optional)" type="url" />
          <Secret form={form} doc={doc} path="translation.deepl.apiKey" />
        </div>
        <h3>LibreTranslate</h3>
        <div class="form-grid">
          <TextField form={form} path={["translation", "libretranslate", "url"]} label="URL" type="url" />
          <Secret form={form} doc={doc} path="translation.libretranslate.apiKey" />
        </div>
      </section>
      <section class="page-section card" aria-labelledby="whisper-title">
        <h2 id="whisper-title">Whisper</h2>
        <ToggleField form={form} path={["whisper", "enabled"]} label="Transcribe when no subtitle is found" />
        <div class="form-grid">
          <SelectField
            form={form}
            path={["whisper", "backend"]}
            label="Backend"
            options={[
              { value: "asr-webservice", label: "whisper-asr-webservice" },
              { value: "openai", label: "OpenAI-compatible" },
            ]}
          />
          <TextField form={form} path={["whisper", "url"]} label="URL" type="url" />
          <TextField form={form} path={["whisper", "model"]} label="Model (OpenAI-compatible)" />
          <Secret form={form} doc={doc} path="whisper.apiKey" />
          <NumberField form={form} path={["whisper", "timeoutMs"]} label="Timeout (ms)" />
          <NumberField form={form} path={["whisper", "concurrency"]} label="At once" />
        </div>
      </section>
    </>
  );
}
