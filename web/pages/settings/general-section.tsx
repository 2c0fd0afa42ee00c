import { DefaultProfileCutoffField } from "../../components/library/profile-cutoff-field.tsx";
import { DefaultProfileSyncFields } from "../../components/library/profile-sync-fields.tsx";
import { DefaultProfileUpgradeFields } from "../../components/library/profile-upgrade-fields.tsx";
import { ListField, NumberField, SelectField, TextField, ToggleField } from "./fields.tsx";
import type { SettingsForm } from "./form-state.ts";
import { PostProcessingSection } from "./post-processing-section.tsx";
import { DefaultProfileLibraryFields, NamedProfilesSection } from "./profile-sets.tsx";

const opts = (...values: string[]) => values.map((value) => ({ value, label: value }));

/**
 * How saved subtitles are named (`[naming]`), with the name an English hearing-impaired subtitle of an
 * episode gets, following the selects as they change (src/subtitles/save.ts builds the real one).
 */
function FileNamesCard({ form }: { form: SettingsForm }) {
  const tag = String(form.get(["naming", "hearingImpairedTag"]) ?? "hi");
  const code = form.get(["naming", "languageCode"]) === "alpha3" ? "eng" : "en";
  const folder = String(form.get(["naming", "folder"]) ?? "");
  // The config takes either name in any case; one spelt otherwise in the file stays selectable as written.
  const folders = [
    { value: "", label: "Beside the video" },
    { value: "Subs", label: "In a Subs folder beside it" },
    { value: "Subtitles", label: "In a Subtitles folder beside it" },
  ];
  if (!folders.some((f) => f.value === folder))
    folders.push({ value: folder, label: `In a ${folder} folder beside it` });
  return (
    <section class="page-section card" aria-labelledby="file-names-title">
      <h2 id="file-names-title">File names</h2>
      <p class="muted">
        Subtitles are saved as <code class="mono">video.language[.forced|.tag].ext</code>, beside the video or
        in a subtitle folder beside it; a forced one is always <code class="mono">.forced</code>. Files
        already saved keep their names and places, and Subhound still reads them as before.
      </p>
      <div class="form-grid">
        <SelectField
          form={form}
          path={["naming", "hearingImpairedTag"]}
          label="Hearing-impaired tag"
          options={[
            { value: "hi", label: ".hi (Bazarr)" },
            { value: "sdh", label: ".sdh (Plex)" },
            { value: "cc", label: ".cc" },
          ]}
          hint="Plex reads .sdh; some players take .hi for Hindi."
        />
        <SelectField
          form={form}
          path={["naming", "languageCode"]}
          label="Language code"
          options={[
            { value: "alpha2", label: "2 letters (en, de, pt-BR)" },
            { value: "alpha3", label: "3 letters (eng, ger, pt-BR)" },
          ]}
          hint="ISO 639-2/B, as Sonarr, Radarr and Matroska write them; a regional code such as pt-BR stays as it is."
        />
        <SelectField
          form={form}
          path={["naming", "folder"]}
          label="Folder"
          options={folders}
          hint="Made when missing; one already there in another case (subs) is used. Scans read Subs and Subtitles folders whatever this says."
        />
      </div>
      <p data-testid="file-name-example" aria-live="polite">
        An English hearing-impaired subtitle:{" "}
        <code class="mono" style={{ whiteSpace: "nowrap" }}>
          {folder === "" ? "" : `${folder}/`}Show - S01E01.{code}.{tag}.srt
        </code>
      </p>
    </section>
  );
}

/** What is wanted by default (languages and profile), how saved files are named, what runs after a save, and the server itself. */
export function GeneralSection({ form }: { form: SettingsForm }) {
  return (
    <>
      <section class="page-section card" aria-labelledby="languages-title">
        <h2 id="languages-title">Languages and default profile</h2>
        <p class="muted">
          Every series and movie wants these unless its own profile (set on its page) says otherwise.
        </p>
        <ListField
          form={form}
          path={["languages"]}
          label="Languages"
          placeholder="en, de, pt-BR"
          hint="ISO 639-1 or BCP-47 codes, separated by commas."
        />
        <DefaultProfileCutoffField form={form} />
        <div class="form-grid">
          <SelectField
            form={form}
            path={["profile", "forced"]}
            label="Forced subtitles"
            options={[
              { value: "off", label: "off" },
              { value: "separate", label: "also want a forced one per language" },
            ]}
          />
          <SelectField
            form={form}
            path={["profile", "hearingImpaired"]}
            label="Hearing-impaired (SDH)"
            options={opts("include", "prefer", "exclude")}
          />
          <SelectField
            form={form}
            path={["profile", "embedded"]}
            label="Embedded streams that count"
            options={[
              { value: "text", label: "text streams" },
              { value: "any", label: "any (also PGS/VobSub)" },
              { value: "none", label: "none" },
            ]}
          />
          <ListField
            form={form}
            path={["profile", "formats"]}
            label="Formats, preferred first"
            placeholder="ass, srt"
          />
          <DefaultProfileUpgradeFields form={form} />
        </div>
        <ToggleField
          form={form}
          path={["profile", "upgradeSrtToAss"]}
          label="Keep searching for ASS when only SRT exists"
        />
        <ToggleField
          form={form}
          path={["profile", "translate"]}
          label="Translate when no subtitle exists (needs a translation backend)"
        />
        <ToggleField
          form={form}
          path={["profile", "whisper"]}
          label="Transcribe with Whisper when nothing is found (needs Whisper)"
        />
        <DefaultProfileSyncFields form={form} />
        <DefaultProfileLibraryFields form={form} />
      </section>
      <NamedProfilesSection form={form} />
      <FileNamesCard form={form} />
      <PostProcessingSection form={form} />
      <section class="page-section card" aria-labelledby="server-title">
        <h2 id="server-title">Server</h2>
        <div class="form-grid">
          <TextField form={form} path={["server", "host"]} label="Listen address" />
          <NumberField form={form} path={["server", "port"]} label="Port" />
          <TextField form={form} path={["server", "urlBase"]} label="URL base" placeholder="/subhound" />
          <SelectField
            form={form}
            path={["log", "level"]}
            label="Log level"
            options={opts("debug", "info", "warn", "error")}
          />
        </div>
        <TextField
          form={form}
          path={["dataDir"]}
          label="Data folder"
          readOnly
          hint="Holds the database and config.toml; change it with SUBHOUND_DATA_DIR."
        />
      </section>
    </>
  );
}
