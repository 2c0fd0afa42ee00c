import { useEffect, useState } from "preact/hooks";
import { useProviders, useWantedSummary } from "../../api/dashboard.ts";
import { FilterChips } from "../../components/filter-chips.tsx";
import { Icon } from "../../components/icon.tsx";
import { languageName } from "../../components/language-label.tsx";
import { ACTION_LABELS } from "./action-labels.ts";

export type HistoryFilterValues = Partial<
  Record<"q" | "language" | "provider" | "instance" | "action" | "from" | "to", string>
>;

/** Text, action chips, provider and language pickers, and a date range (both days included). */
export function HistoryFilters({
  values,
  onChange,
}: {
  values: HistoryFilterValues;
  onChange: (changes: HistoryFilterValues, replace?: boolean) => void;
}) {
  const providers = useProviders().data ?? [];
  const languages = Object.keys(useWantedSummary().data?.byLanguage ?? {});
  const [text, setText] = useState(values.q ?? "");
  useEffect(() => setText(values.q ?? ""), [values.q]);
  useEffect(() => {
    if (text === (values.q ?? "")) return;
    const timer = setTimeout(() => onChange({ q: text.trim() || undefined }, true), 250);
    return () => clearTimeout(timer);
  }, [text]);
  const select = (name: "provider" | "language") => (e: Event) =>
    onChange({ [name]: (e.target as HTMLSelectElement).value || undefined });
  const date = (name: "from" | "to") => (e: Event) =>
    onChange({ [name]: (e.target as HTMLInputElement).value || undefined });
  const providerNames = [...providers.map((p) => p.name), "embedded", "whisper"];
  return (
    <div class="filters">
      <div class="filter-row">
        <label class="search-box">
          <Icon name="search" size={16} />
          <span class="visually-hidden">Search titles, releases and paths</span>
          <input
            class="input"
            type="search"
            data-shortcut="search"
            placeholder="Search titles, releases, paths (press /)"
            value={text}
            onInput={(e) => setText((e.target as HTMLInputElement).value)}
          />
        </label>
        <label class="inline-field">
          <span class="muted">Provider</span>
          <select
            class="input"
            aria-label="Provider"
            value={values.provider ?? ""}
            onChange={select("provider")}
          >
            <option value="">any</option>
            {providerNames.map((p) => (
              <option key={p} value={p}>
                {p}
              </option>
            ))}
          </select>
        </label>
        <label class="inline-field">
          <span class="muted">Language</span>
          <select
            class="input"
            aria-label="Language"
            value={values.language ?? ""}
            onChange={select("language")}
          >
            <option value="">any</option>
            {[...new Set([...languages, ...(values.language ? [values.language] : [])])].map((code) => (
              <option key={code} value={code}>
                {code} {languageName(code) ?? ""}
              </option>
            ))}
          </select>
        </label>
        {/* The range wraps as one piece, so "To" never sits alone at the start of a line. */}
        <span class="date-range">
          <label class="inline-field">
            <span class="muted">From</span>
            <input
              class="input"
              type="date"
              aria-label="From"
              value={values.from ?? ""}
              onChange={date("from")}
            />
          </label>
          <label class="inline-field">
            <span class="muted">To</span>
            <input class="input" type="date" aria-label="To" value={values.to ?? ""} onChange={date("to")} />
          </label>
        </span>
      </div>
      <FilterChips
        label="Action"
        chips={Object.entries(ACTION_LABELS).map(([value, label]) => ({ value, label }))}
        selected={values.action ? [values.action] : []}
        onToggle={(value) => onChange({ action: values.action === value ? undefined : value })}
      />
    </div>
  );
}
