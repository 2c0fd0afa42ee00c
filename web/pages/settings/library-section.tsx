import { useState } from "preact/hooks";
import { type FolderTestResult, type SettingsDocument, useTestFolder } from "../../api/settings.ts";
import { ArrInstances } from "./arr-instances.tsx";
import { ListField } from "./fields.tsx";
import type { SettingsForm } from "./form-state.ts";
import { PathMappings } from "./path-mappings.tsx";

/** Lists each standalone folder as a scan would, one after the other. */
function FolderTests({ roots }: { roots: string[] }) {
  const test = useTestFolder();
  const [results, setResults] = useState<{ root: string; result: FolderTestResult }[]>([]);
  const run = async () => {
    const out: { root: string; result: FolderTestResult }[] = [];
    for (const root of roots) out.push({ root, result: await test.mutateAsync(root) });
    setResults(out);
  };
  if (roots.length === 0) return null;
  return (
    <div class="stack">
      <div>
        <button type="button" class="button small" disabled={test.isPending} onClick={() => void run()}>
          {test.isPending ? "Testing…" : "Test folders"}
        </button>
      </div>
      {results.map(({ root, result }) => (
        <div key={root} class="test-result" data-ok={result.ok} role="status">
          <p>
            <code>{root}</code>: {result.message}
          </p>
        </div>
      ))}
    </div>
  );
}

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
        <FolderTests roots={(form.get(["standalone", "roots"]) as string[] | undefined) ?? []} />
        <PathMappings
          form={form}
          path={["pathMappings"]}
          label="Global path mappings (tried after each instance's own)"
        />
      </section>
    </>
  );
}
