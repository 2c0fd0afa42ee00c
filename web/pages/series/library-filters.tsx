import { useEffect, useState } from "preact/hooks";
import { Icon } from "../../components/icon.tsx";
import type { LibraryUrl } from "./use-library-url.ts";

/** Title search (`/` focuses it; typing replaces the history entry) and the missing-only chip. */
export function LibraryFilters<Sort extends string>({ url, what }: { url: LibraryUrl<Sort>; what: string }) {
  const [text, setText] = useState(url.q ?? "");
  useEffect(() => setText(url.q ?? ""), [url.q]);
  useEffect(() => {
    if (text === (url.q ?? "")) return;
    const timer = setTimeout(() => url.update({ q: text.trim() || undefined }, { replace: true }), 250);
    return () => clearTimeout(timer);
  }, [text]);
  return (
    <div class="filters">
      <div class="filter-row">
        <label class="search-box">
          <Icon name="search" size={16} />
          <span class="visually-hidden">Search {what} by title</span>
          <input
            class="input"
            type="search"
            data-shortcut="search"
            placeholder={`Search ${what} (press /)`}
            value={text}
            onInput={(e) => setText((e.target as HTMLInputElement).value)}
          />
        </label>
        <fieldset class="chips">
          <legend class="visually-hidden">Filter</legend>
          <button
            type="button"
            class="chip"
            aria-pressed={url.missing}
            onClick={() => url.update({ missing: url.missing ? undefined : "true" })}
          >
            Missing subtitles only
          </button>
        </fieldset>
      </div>
    </div>
  );
}
