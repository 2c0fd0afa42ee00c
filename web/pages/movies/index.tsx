import { useState } from "preact/hooks";
import { type LibraryMovie, useMovieList, useProfiles } from "../../api/library.ts";
import { useBulkAction } from "../../api/wanted.ts";
import { formatNumber } from "../../app/format.ts";
import { type Column, DataTable } from "../../components/data-table.tsx";
import { EmptyState } from "../../components/empty-state.tsx";
import { Icon } from "../../components/icon.tsx";
import { BulkProfileDialog } from "../../components/library/bulk-profile-dialog.tsx";
import { LibraryBulkBar } from "../../components/library/library-bulk-bar.tsx";
import { useLibraryDialogs } from "../../components/library/library-dialogs.tsx";
import { profileLabel } from "../../components/library/profile-label.ts";
import { SubtitleBadges } from "../../components/library/subtitle-badges.tsx";
import { Pager } from "../../components/pager.tsx";
import { showToast } from "../../components/toast.tsx";
import { MissingCount } from "../series/index.tsx";
import { LibraryFilters } from "../series/library-filters.tsx";
import { useLibraryUrl } from "../series/use-library-url.ts";

const SORTS = ["title", "year", "added", "wanted"] as const;
type SortKey = (typeof SORTS)[number];
const DEFAULT_ORDER: Record<SortKey, "asc" | "desc"> = {
  title: "asc",
  year: "asc",
  added: "desc",
  wanted: "desc",
};
const OPEN = new Set(["wanted", "not_found", "failed"]);
const STANDALONE_NOTE = "Files from standalone folders follow the default profile";

interface Actions {
  search: (movie: LibraryMovie) => void;
  upload: (movie: LibraryMovie) => void;
  open: (movie: LibraryMovie) => void;
  profile: (movie: LibraryMovie) => void;
  busy: boolean;
}

/** A Radarr movie's profile button; a standalone file's note. */
function ProfileControl({
  movie: m,
  actions,
  named,
}: {
  movie: LibraryMovie;
  actions: Actions;
  /** Outside the Profile column the word "Profile" says what the button is. */
  named?: boolean;
}) {
  const prefix = named ? "Profile: " : "";
  return m.source === "radarr" && m.movieId !== null ? (
    <button
      type="button"
      class="button small"
      aria-label={`Profile of ${m.file.title}`}
      onClick={() => actions.profile(m)}
    >
      {prefix}
      {profileLabel(m.profile, m.overrideId)}
    </button>
  ) : (
    <span class="muted" title={STANDALONE_NOTE}>
      {prefix}Default
    </span>
  );
}

function movieColumns(actions: Actions): Column<LibraryMovie>[] {
  return [
    {
      key: "title",
      header: "Movie",
      sortable: true,
      cell: (m) => (
        <span class="stack">
          <strong>{m.file.title}</strong>
          <span class="muted">
            {m.year ?? ""} · {m.instance}
          </span>
          {/* The Profile column is desktop-only: on a phone the button sits under the title. */}
          <span class="narrow-only">
            <ProfileControl movie={m} actions={actions} named />
          </span>
        </span>
      ),
    },
    {
      key: "year",
      header: "Year",
      sortable: true,
      numeric: true,
      class: "wide-only",
      cell: (m) => m.year ?? "",
    },
    { key: "subtitles", header: "Subtitles", cell: (m) => <SubtitleBadges file={m.file} /> },
    {
      key: "wanted",
      header: "Missing",
      sortable: true,
      class: "wide-only",
      cell: (m) => <MissingCount wanted={m.wanted} have={m.have} />,
    },
    {
      key: "profile",
      header: "Profile",
      class: "wide-only",
      cell: (m) => <ProfileControl movie={m} actions={actions} />,
    },
    {
      key: "actions",
      header: "Actions",
      class: "row-actions-cell",
      cell: (m) => (
        <span class="row-actions">
          <button
            type="button"
            class="button small icon"
            title="Search the missing subtitles now"
            aria-label={`Search ${m.file.title}`}
            disabled={m.wanted === 0 || actions.busy}
            onClick={() => actions.search(m)}
          >
            <Icon name="search" size={16} />
          </button>
          <button
            type="button"
            class="button small icon"
            title="Upload a subtitle"
            aria-label={`Upload a subtitle for ${m.file.title}`}
            onClick={() => actions.upload(m)}
          >
            <Icon name="up" size={16} />
          </button>
          <button
            type="button"
            class="button small icon"
            title="Subtitles, interactive search, history"
            aria-label={`Details of ${m.file.title}`}
            onClick={() => actions.open(m)}
          >
            <Icon name="history" size={16} />
          </button>
        </span>
      ),
    },
  ];
}

/** Every movie file Subhound stored, with its subtitles per language and what to do about them, one or many at once. */
export default function MoviesPage() {
  const url = useLibraryUrl(SORTS, DEFAULT_ORDER);
  const profiles = useProfiles();
  const bulk = useBulkAction();
  const list = useMovieList({
    page: url.page,
    pageSize: url.pageSize,
    sort: url.sort,
    order: url.order,
    ...(url.q ? { q: url.q } : {}),
    ...(url.missing ? { missing: "true" } : {}),
    ...(url.instance ? { instance: url.instance } : {}),
  });
  const data = list.data;
  const dialogs = useLibraryDialogs({
    fileId: url.file,
    setFileId: (id) => url.update({ file: id }),
    labelOf: (id) => {
      const m = data?.items.find((x) => x.file.id === id);
      return m ? `${m.file.title}${m.year ? ` (${m.year})` : ""}` : "Movie";
    },
    languages: profiles.data?.default.languages ?? [],
  });
  const actions: Actions = {
    search: (m) =>
      bulk.mutate(
        { ids: m.file.items.filter((i) => OPEN.has(i.status)).map((i) => i.id), action: "search" },
        {
          onSuccess: (r) =>
            showToast({
              kind: r.changed > 0 ? "success" : "info",
              title: r.changed > 0 ? "Search started" : "Nothing to search",
            }),
        },
      ),
    upload: (m) => dialogs.upload(m.file),
    open: (m) => dialogs.openFile(m.file.id),
    profile: (m) => dialogs.profile({ instance: m.instance, kind: "movie", arrId: m.movieId! }, m.file.title),
    busy: bulk.isPending,
  };
  const filtered = url.q !== undefined || url.missing;
  const [selected, setSelected] = useState<Set<string | number>>(new Set());
  const [bulkProfile, setBulkProfile] = useState(false);
  const chosen = (data?.items ?? []).filter((m) => selected.has(m.file.id));
  const radarr = chosen.flatMap((m) =>
    m.source === "radarr" && m.movieId !== null ? [{ instance: m.instance, movieId: m.movieId }] : [],
  );
  const standalone = chosen.length - radarr.length;
  const missingIds = chosen.flatMap((m) => m.file.items.filter((i) => OPEN.has(i.status)).map((i) => i.id));
  // The movies' items are on the page: the Wanted list's bulk search takes them in one request.
  const searchMissing = () =>
    bulk.mutate(
      { ids: missingIds, action: "search" },
      {
        onSuccess: (r) => {
          showToast({
            kind: r.changed > 0 ? "success" : "info",
            title:
              r.changed > 0
                ? `Searching ${formatNumber(r.changed)} subtitle${r.changed === 1 ? "" : "s"} of ${chosen.length} movie${chosen.length === 1 ? "" : "s"}`
                : "Nothing to search",
            ...(r.unchanged > 0 ? { detail: `${r.unchanged} left out (being searched already)` } : {}),
          });
          setSelected(new Set());
        },
      },
    );
  return (
    <div class="page list-page">
      <div class="page-header">
        <div>
          <h1>Movies</h1>
          <p class="muted" aria-live="polite">
            {data
              ? `${formatNumber(data.total)} movie${data.total === 1 ? "" : "s"}${filtered ? " match" : ""}`
              : "Loading…"}
          </p>
        </div>
      </div>
      <LibraryFilters url={url} what="movies" />
      {selected.size > 0 && (
        <LibraryBulkBar
          count={selected.size}
          busy={bulk.isPending}
          profileDisabled={radarr.length === 0 ? STANDALONE_NOTE : null}
          searchDisabled={missingIds.length === 0 ? "Nothing is missing in the selected movies" : null}
          onProfile={() => setBulkProfile(true)}
          onSearch={searchMissing}
          onClear={() => setSelected(new Set())}
        />
      )}
      <DataTable
        label="Movies"
        columns={movieColumns(actions)}
        rows={data?.items}
        rowKey={(m) => m.file.id}
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
        onOpen={actions.open}
        empty={
          filtered ? (
            <EmptyState title="No movie matches">
              <button
                type="button"
                class="button"
                onClick={() => url.update({ q: undefined, missing: undefined })}
              >
                Clear filters
              </button>
            </EmptyState>
          ) : (
            <EmptyState title="No movies yet">
              <p>Movies appear here once a scan has read a Radarr library or a standalone folder.</p>
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
          targets={{ series: [], movies: radarr }}
          what={`${radarr.length} movie${radarr.length === 1 ? "" : "s"}`}
          leftOut={
            standalone > 0
              ? `${standalone} standalone file${standalone === 1 ? " is" : "s are"} left out: they follow the default profile (overrides are per Radarr movie).`
              : null
          }
          onClose={() => setBulkProfile(false)}
          onDone={() => {
            setBulkProfile(false);
            setSelected(new Set());
          }}
        />
      )}
      {dialogs.element}
    </div>
  );
}
