import { NumberField, SelectField, TextField, ToggleField } from "./fields.tsx";
import type { SettingsForm } from "./form-state.ts";

const cronHint = "Cron: minute hour day month weekday, e.g. 0 */6 * * * (every 6 hours).";

/** When scans, searches, upgrades and maintenance run, and how hard a search tries. */
export function SchedulesSection({ form }: { form: SettingsForm }) {
  return (
    <>
      <section class="page-section card" aria-labelledby="scan-title">
        <h2 id="scan-title">Scan</h2>
        <div class="form-grid">
          <TextField form={form} path={["scan", "schedule"]} label="Schedule" hint={cronHint} />
          <NumberField form={form} path={["scan", "fullEvery"]} label="Every Nth scan is full" />
          <SelectField
            form={form}
            path={["scan", "probeEngine"]}
            label="Probe"
            options={[
              { value: "auto", label: "auto (native reader, ffprobe for the rest)" },
              { value: "native", label: "native only" },
              { value: "ffprobe", label: "ffprobe only" },
            ]}
          />
        </div>
      </section>
      <section class="page-section card" aria-labelledby="search-title">
        <h2 id="search-title">Search</h2>
        <div class="form-grid">
          <TextField form={form} path={["search", "schedule"]} label="Schedule" hint={cronHint} />
          <NumberField form={form} path={["search", "concurrency"]} label="Items at once" />
          <NumberField form={form} path={["search", "maxAttempts"]} label="Attempts per item" />
          <NumberField form={form} path={["search", "backoffBaseMinutes"]} label="First wait (minutes)" />
          <NumberField form={form} path={["search", "backoffCapHours"]} label="Longest wait (hours)" />
          <NumberField
            form={form}
            path={["search", "afterAttemptsEveryDays"]}
            label="After the attempts, search every (days)"
            hint="Subtitles in smaller languages often come weeks late: 7 searches weekly without end, as Bazarr does; 0 stops."
          />
          <NumberField form={form} path={["search", "minScore"]} label="Minimum score" />
          <NumberField
            form={form}
            path={["search", "minScorePercent", "episodes"]}
            label="Minimum score for episodes (%)"
            hint="Share of the episode's best score without a hash match; Bazarr uses 90. 0 = off. With Minimum score set too, the stricter applies."
          />
          <NumberField
            form={form}
            path={["search", "minScorePercent", "movies"]}
            label="Minimum score for movies (%)"
            hint="Share of the movie's best score without a hash match; Bazarr uses 70. 0 = off."
          />
          <NumberField form={form} path={["search", "itemsPerRun"]} label="Items per run" />
        </div>
      </section>
      <section class="page-section card" aria-labelledby="upgrades-title">
        <h2 id="upgrades-title">Upgrades</h2>
        <p class="muted">
          Searches again for recent downloads that scored under their profile's cutoff, and replaces
          Subhound's own file with a clearly better one; a machine translation or Whisper transcript gives way
          to the first real subtitle. Files you edited are never touched.
        </p>
        <ToggleField form={form} path={["upgrades", "enabled"]} label="Upgrade recent downloads" />
        <div class="form-grid">
          <TextField form={form} path={["upgrades", "schedule"]} label="Schedule" hint={cronHint} />
          <NumberField form={form} path={["upgrades", "days"]} label="Downloads of the last (days)" />
          <NumberField
            form={form}
            path={["upgrades", "machineMadeDays"]}
            label="Machine-made of the last (days)"
            hint="Translations and Whisper transcripts: the first real subtitle over the minimum score replaces them, whatever it scores. 0 = keep them."
          />
          <NumberField
            form={form}
            path={["upgrades", "minGain"]}
            label="Minimum score gain"
            hint="A candidate must beat the current subtitle by this much; 20 is more than tie-breakers add."
          />
          <NumberField form={form} path={["upgrades", "itemsPerRun"]} label="Downloads per run" />
        </div>
      </section>
      <section class="page-section card" aria-labelledby="webhooks-title">
        <h2 id="webhooks-title">Webhooks</h2>
        <ToggleField
          form={form}
          path={["webhooks", "scanOnImport"]}
          label="Scan files Sonarr/Radarr report imported"
        />
        <ToggleField
          form={form}
          path={["webhooks", "searchOnImport"]}
          label="Search for what an import adds"
        />
        <NumberField
          form={form}
          path={["webhooks", "searchDelaySeconds"]}
          label="Wait before that search (seconds)"
        />
      </section>
      <section class="page-section card" aria-labelledby="maintenance-title">
        <h2 id="maintenance-title">Maintenance</h2>
        <div class="form-grid">
          <TextField form={form} path={["maintenance", "schedule"]} label="Schedule" hint={cronHint} />
          <NumberField form={form} path={["maintenance", "backupRetention"]} label="Database backups kept" />
        </div>
      </section>
    </>
  );
}
