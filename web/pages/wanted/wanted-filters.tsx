import { useEffect, useState } from "preact/hooks";
import { useWantedSummary } from "../../api/dashboard.ts";
import { FilterChips } from "../../components/filter-chips.tsx";
import { Icon } from "../../components/icon.tsx";
import { languageName } from "../../components/language-label.tsx";
import { countable, countUnder, statusCounts } from "./chip-counts.ts";
import type { WantedUrl } from "./use-wanted-url.ts";

const STATUSES = [
  ["wanted", "Wanted"],
  ["not_found", "Not found"],
  ["failed", "Failed"],
  ["searching", "Searching"],
  ["found", "Found"],
  ["ignored", "Ignored"],
  ["resolved", "Resolved"],
] as const;

/** Text search (`/` focuses it; typing replaces the history entry) and the filter chips. */
export function WantedFilters({ url }: { url: WantedUrl }) {
  const summary = useWantedSummary().data;
  const [text, setText] = useState(url.filters.q ?? "");
  useEffect(() => setText(url.filters.q ?? ""), [url.filters.q]);
  useEffect(() => {
    if (text === (url.filters.q ?? "")) return;
    const timer = setTimeout(() => url.update({ q: text.trim() || undefined }, { replace: true }), 250);
    return () => clearTimeout(timer);
  }, [text]);

  const statuses = url.filters.status?.split(",") ?? [];
  const toggleStatus = (value: string) => {
    const next = statuses.includes(value) ? statuses.filter((s) => s !== value) : [...statuses, value];
    url.update({ status: next.join(",") || undefined });
  };
  const single = (name: "language" | "variant" | "instance") => (value: string) =>
    url.update({ [name]: url.filters[name] === value ? undefined : value });
  // Counts of what a click shows under the chips that are on, where the summary can tell; a language
  // with none is left out unless it is the one selected (its chip is how it is unselected).
  const byStatus = summary ? statusCounts(summary, url.filters) : undefined;
  const countLanguages = countable(url.filters, ["language"]);
  const countInstances = countable(url.filters, ["instance"]);
  const languages = Object.entries(summary?.byLanguageStatus ?? {})
    .map(([code, perStatus]) => [code, countUnder(perStatus, statuses)] as const)
    .filter(([code, count]) => count > 0 || code === url.filters.language)
    .sort(([, a], [, b]) => b - a);
  const instances = Object.entries(summary?.byInstanceStatus ?? {}).map(
    ([name, perStatus]) => [name, countUnder(perStatus, statuses)] as const,
  );
  const series = url.filters.title ?? (url.filters.seriesId ? `series ${url.filters.seriesId}` : null);
  const active = Object.keys(url.filters).length > 0;

  return (
    <div class="filters">
      <div class="filter-row">
        <label class="search-box">
          <Icon name="search" size={16} />
          <span class="visually-hidden">Search titles and paths</span>
          <input
            class="input"
            type="search"
            data-shortcut="search"
            placeholder="Search titles and paths (press /)"
            value={text}
            onInput={(e) => setText((e.target as HTMLInputElement).value)}
          />
        </label>
        {active && (
          <button type="button" class="button small" onClick={url.clearFilters}>
            Clear filters
          </button>
        )}
      </div>
      <FilterChips
        label="Status"
        chips={STATUSES.map(([value, label]) => ({
          value,
          label,
          ...(byStatus || !summary ? { count: byStatus?.[value] ?? 0 } : {}),
        }))}
        selected={statuses}
        onToggle={toggleStatus}
      />
      <div class="filter-row">
        <FilterChips
          label="Language"
          chips={languages.map(([code, count]) => ({
            value: code,
            label: `${code} ${languageName(code) ?? ""}`.trim(),
            ...(countLanguages ? { count } : {}),
          }))}
          selected={url.filters.language ? [url.filters.language] : []}
          onToggle={single("language")}
        />
        <FilterChips
          label="Variant"
          chips={[
            { value: "full", label: "Full" },
            { value: "forced", label: "Forced" },
          ]}
          selected={url.filters.variant ? [url.filters.variant] : []}
          onToggle={single("variant")}
        />
        {instances.length > 1 && (
          <FilterChips
            label="Instance"
            chips={instances.map(([name, count]) => ({
              value: name,
              label: name,
              ...(countInstances ? { count } : {}),
            }))}
            selected={url.filters.instance ? [url.filters.instance] : []}
            onToggle={single("instance")}
          />
        )}
        {series && (
          <FilterChips
            label="Series"
            chips={[{ value: "series", label: `Series: ${series} ✕` }]}
            selected={["series"]}
            onToggle={() => url.update({ title: undefined, seriesId: undefined })}
          />
        )}
      </div>
    </div>
  );
}
