import type { SettingsDocument } from "../../api/settings.ts";
import { ArrInstances } from "./arr-instances.tsx";
import { ListField } from "./fields.tsx";
import type { SettingsForm } from "./form-state.ts";
import { PathMappings } from "./path-mappings.tsx";

/** Where media comes from: Sonarr, Radarr, folders without either, and path translation. */
export function LibrarySection({ form, doc }: { form: SettingsForm; doc: SettingsDocument }) {
  return (
    <>
      <ArrInstances kind="sonarr" form={form} doc={doc} />
      <ArrInstances kind="radarr" form={form} doc={doc} />
      <section class="page-section card" aria-labelledby="folders-title">
        <h2 id="folders-title">Folders and paths</h2>
        <ListField
          form={form}
          path={["standalone", "roots"]}
          label="Standalone folders"
          placeholder="/srv/media/other"
          hint="Scanned without Sonarr or Radarr; separate several with commas."
        />
        <PathMappings
          form={form}
          path={["pathMappings"]}
          label="Global path mappings (tried after each instance's own)"
        />
      </section>
    </>
  );
}
