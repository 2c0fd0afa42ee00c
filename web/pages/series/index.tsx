import { useState } from "preact/hooks";
import { Link, useLocation } from "wouter-preact";
import {
  type LibrarySeries,
  type OverrideTarget,
  useSearchSeries,
  useSeriesList,
} from "../../api/library.ts";
import { formatNumber } from "../../app/format.ts";
import { type Column, DataTable } from "../../components/data-table.tsx";
import { EmptyState } from "../../components/empty-state.tsx";
import { BulkProfileDialog } from "../../components/library/bulk-profile-dialog.tsx";
import { LibraryBulkBar } from "../../components/library/library-bulk-bar.tsx";
import { ProfileDialog } from "../../components/library/profile-dialog.tsx";
import { profileLabel } from "../../components/library/profile-label.ts";
import { Pager } from "../../components/pager.tsx";
import { StatusPill } from "../../components/status-pill.tsx";
import { showToast } from "../../components/toast.tsx";
import { LibraryFilters } from "./library-filters.tsx";
import { useLibraryUrl } from "./use-library-url.ts";

const SORTS = ["title", "wanted", "files"] as const;
type SortKey = (typeof SORTS)[number];
const DEFAULT_ORDER: Record<SortKey, "asc" | "desc"> = { title: "asc", wanted: "desc", files: "desc" };

/** Sonarr series by instance and id; standalone shows by their key (their instance is always `standalone`). */
export const seriesHref = (s: Pick<LibrarySeries, "instance" | "source" | "key">) =>
  s.source === "standalone"
    ? `/series/standalone/show/${encodeURIComponent(s.key)}`
    : `/series/${encodeURIComponent(s.instance)}/${encodeURIComponent(s.key)}`;

/** Profile overrides are per Sonarr series: a standalone show always follows the default profile. */
export const STANDALONE_PROFILE_NOTE =
  "Standalone shows follow the default profile (overrides are per Sonarr series)";

/** Counts as words with a tone: missing subtitles stand out, nothing missing reads calm. */
export function MissingCount({ wanted, have }: { wanted: number; have: number }) {
  if (wanted === 0)
    return have > 0 ? (
      <StatusPill status="ok">complete</StatusPill>
    ) : (
      <span class="muted">nothing wanted</span>
    );
  return <StatusPill status="wanted">{formatNumber(wanted)} missing</StatusPill>;
}

function columns(onProfile: (s: LibrarySeries) => void): Column<LibrarySeries>[] {
  return [
    {
      key: "title",
      header: "Series",
      sortable: true,
      cell: (s) => (
        <span class="stack">
          <Link href={seriesHref(s)} class="row-link">
            <strong>{s.title}</strong>
          </Link>
          <span class="muted">
            {[s.year, s.instance].filter((part) => part !== null).join(" · ")}
            <span class="narrow-only">
              {s.seasons} season{s.seasons === 1 ? "" : "s"}, {formatNumber(s.episodes)} episode
              {s.episodes === 1 ? "" : "s"}
            </span>
          </span>
        </span>
      ),
    },
    { key: "seasons", header: "Seasons", numeric: true, class: "wide-only", cell: (s) => s.seasons },
    {
      key: "files",
      header: "Episodes",
      numeric: true,
      sortable: true,
      class: "wide-only",
      cell: (s) => formatNumber(s.episodes),
    },
    {
      key: "wanted",
      header: "Subtitles",
      sortable: true,
      cell: (s) => (
        <span class="stack">
          <MissingCount wanted={s.wanted} have={s.have} />
          <span class="muted wide-only">
            {formatNumber(s.have)} of {formatNumber(s.have + s.wanted)} there
            {s.ignored > 0 ? ` · ${s.ignored} ignored` : ""}
          </span>
        </span>
      ),
    },
    {
      key: "profile",
      header: "Profile",
      class: "wide-only",
      cell: (s) =>
        s.seriesId === null ? (
          <span class="muted" title={STANDALONE_PROFILE_NOTE}>
            Default · standalone
          </span>
        ) : (
          <button
            type="button"
            class="button small"
            aria-label={`Profile of ${s.title}`}
            onClick={() => onProfile(s)}
          >
            {profileLabel(s.profile, s.overrideId)}
          </button>
        ),
    },
  ];
}

const rowKey = (s: LibrarySeries) => `${s.source}/${s.instance}/${s.key}`;

/** Every series Subhound stored, with how many subtitles each still misses; select some to set their profile or search them. */
export default function SeriesPage() {
  const url = useLibraryUrl(SORTS, DEFAULT_ORDER);
  const [, navigate] = useLocation();
  const list = useSeriesList({
    page: url.page,
    pageSize: url.pageSize,
    sort: url.sort,
    order: url.order,
    ...(url.q ? { q: url.q } : {}),
    ...(url.missing ? { missing: "true" } : {}),
    ...(url.instance ? { instance: url.instance } : {}),
  });
  const [profile, setProfile] = useState<{ target: OverrideTarget; title: string } | null>(null);
  const [selected, setSelected] = useState<Set<string | number>>(new Set());
  const [bulkProfile, setBulkProfile] = useState(false);
  const searchSeries = useSearchSeries();
  const data = list.data;
  const filtered = url.q !== undefined || url.missing;
  const chosen = (data?.items ?? []).filter((s) => selected.has(rowKey(s)));
  const sonarr = chosen.flatMap((s) =>
    s.seriesId === null ? [] : [{ instance: s.instance, seriesId: s.seriesId }],
  );
  const standalone = chosen.length - sonarr.length;
  const searchMissing = () =>
    searchSeries.mutate(
      { series: sonarr, shows: chosen.filter((s) => s.seriesId === null).map((s) => s.key) },
      {
        onSuccess: (r) => {
          showToast({
            kind: r.total > 0 ? "success" : "info",
            title:
              r.total > 0
                ? `Searching ${formatNumber(r.total)} subtitle${r.total === 1 ? "" : "s"} of ${chosen.length} series`
                : "Nothing to search",
            ...(r.missing > r.total
              ? {
                  detail: `${formatNumber(r.missing - r.total)} left out (being searched already, or past 5,000)`,
                }
              : {}),
          });
          setSelected(new Set());
        },
      },
    );
  return (
    <div class="page list-page">
      <div class="page-header">
        <div>
          <h1>Series</h1>
          <p class="muted" aria-live="polite">
            {data ? `${formatNumber(data.total)} series${filtered ? " match" : ""}` : "Loading…"}
          </p>
        </div>
      </div>
      <LibraryFilters url={url} what="series" />
      {selected.size > 0 && (
        <LibraryBulkBar
          count={selected.size}
          busy={searchSeries.isPending}
          profileDisabled={sonarr.length === 0 ? STANDALONE_PROFILE_NOTE : null}
          searchDisabled={
            chosen.every((s) => s.wanted === 0) ? "Nothing is missing in the selected series" : null
          }
          onProfile={() => setBulkProfile(true)}
          onSearch={searchMissing}
          onClear={() => setSelected(new Set())}
        />
      )}
      <DataTable
        label="Series"
        columns={columns(
          (s) =>
            s.seriesId !== null &&
            setProfile({
              target: { instance: s.instance, kind: "series", arrId: s.seriesId },
              title: s.title,
            }),
        )}
        rows={data?.items}
        rowKey={rowKey}
        loading={list.isPending || list.isPlaceholderData}
        skeletonRows={12}
        sort={{ key: url.sort, direction: url.order }}
        onSort={(s) =>
          url.update({
            sort: s.key,
            order: s.direction === DEFAULT_ORDER[s.key as SortKey] ? undefined : s.direction,
          })
        }
        selected={selected}
        onSelect={setSelected}
        onOpen={(s) => navigate(seriesHref(s))}
        empty={
          filtered ? (
            <EmptyState title="No series matches">
              <button
                type="button"
                class="button"
                onClick={() => url.update({ q: undefined, missing: undefined })}
              >
                Clear filters
              </button>
            </EmptyState>
          ) : (
            <EmptyState title="No series yet">
              <p>
                Series appear here once a scan has read a Sonarr library or episode files in a standalone
                folder.
              </p>
            </EmptyState>
          )
        }
      />
      {data && data.total > data.pageSize && (
        <Pager
          page={data.page}
          pageSize={data.pageSize}
          total={data.total}
          onPage={(p) => {
            setSelected(new Set());
            url.update({ page: p });
          }}
        />
      )}
      {bulkProfile && (
        <BulkProfileDialog
          targets={{ series: sonarr, movies: [] }}
          what={`${sonarr.length} series`}
          leftOut={
            standalone > 0
              ? `${standalone} standalone show${standalone === 1 ? " is" : "s are"} left out: they follow the default profile (overrides are per Sonarr series).`
              : null
          }
          onClose={() => setBulkProfile(false)}
          onDone={() => {
            setBulkProfile(false);
            setSelected(new Set());
          }}
        />
      )}
      {profile && (
        <ProfileDialog target={profile.target} title={profile.title} onClose={() => setProfile(null)} />
      )}
    </div>
  );
}
