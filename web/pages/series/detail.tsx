import { Link } from "wouter-preact";
import {
  type LibraryFile,
  type LibrarySeriesDetail,
  useProfiles,
  useSeries,
  useStandaloneShow,
} from "../../api/library.ts";
import { useBulkAction } from "../../api/wanted.ts";
import { formatNumber } from "../../app/format.ts";
import { type Column, DataTable } from "../../components/data-table.tsx";
import { EmptyState } from "../../components/empty-state.tsx";
import { Icon } from "../../components/icon.tsx";
import { useLibraryDialogs } from "../../components/library/library-dialogs.tsx";
import { commonFolder, RescanButton } from "../../components/library/rescan-button.tsx";
import { SubtitleBadges } from "../../components/library/subtitle-badges.tsx";
import { Skeleton } from "../../components/skeleton.tsx";
import { showToast } from "../../components/toast.tsx";
import { MissingCount, STANDALONE_PROFILE_NOTE } from "./index.tsx";
import { useLibraryUrl } from "./use-library-url.ts";

const OPEN = new Set(["wanted", "not_found", "failed"]);
const pad = (n: number) => String(n).padStart(2, "0");
export const episodeCode = (f: Pick<LibraryFile, "season" | "episodes">) =>
  `${f.season === null ? "" : `S${pad(f.season)}`}${f.episodes.map((e) => `E${pad(e)}`).join("-")}`;
const fileName = (f: LibraryFile) => f.relativePath?.split("/").at(-1) ?? f.path.split("/").at(-1) ?? f.path;

interface Actions {
  search: (file: LibraryFile) => void;
  upload: (file: LibraryFile) => void;
  open: (file: LibraryFile) => void;
  busy: boolean;
}

function episodeColumns(actions: Actions): Column<LibraryFile>[] {
  return [
    { key: "episode", header: "Episode", width: "7em", cell: (f) => <strong>{episodeCode(f)}</strong> },
    {
      key: "file",
      header: "File",
      class: "wide-only",
      width: "36%",
      cell: (f) => (
        <span class="truncate mono" title={f.path}>
          {fileName(f)}
        </span>
      ),
    },
    { key: "subtitles", header: "Subtitles", cell: (f) => <SubtitleBadges file={f} /> },
    {
      key: "actions",
      header: "Actions",
      class: "row-actions-cell",
      width: "10.5em",
      cell: (f) => {
        const missing = f.items.filter((i) => OPEN.has(i.status)).length;
        return (
          <span class="row-actions">
            <button
              type="button"
              class="button small icon"
              title="Search the missing subtitles now"
              aria-label={`Search ${episodeCode(f)}`}
              disabled={missing === 0 || actions.busy}
              onClick={() => actions.search(f)}
            >
              <Icon name="search" size={16} />
            </button>
            <button
              type="button"
              class="button small icon"
              title="Upload a subtitle"
              aria-label={`Upload a subtitle for ${episodeCode(f)}`}
              onClick={() => actions.upload(f)}
            >
              <Icon name="up" size={16} />
            </button>
            <button
              type="button"
              class="button small icon"
              title="Subtitles, interactive search, history"
              aria-label={`Details of ${episodeCode(f)}`}
              onClick={() => actions.open(f)}
            >
              <Icon name="history" size={16} />
            </button>
          </span>
        );
      },
    },
  ];
}

type ShowQuery = ReturnType<typeof useSeries> | ReturnType<typeof useStandaloneShow>;

/** One series (Sonarr's, or a standalone show by its key): seasons, episode files, subtitles, actions. */
export default function SeriesDetailPage({
  params,
}: {
  params: { instance: string; id: string } | { key: string };
}) {
  return "key" in params ? (
    <StandaloneShow showKey={decodeURIComponent(params.key)} />
  ) : (
    <SonarrSeries instance={decodeURIComponent(params.instance)} seriesId={Number(params.id)} />
  );
}

function SonarrSeries({ instance, seriesId }: { instance: string; seriesId: number }) {
  return <ShowDetail series={useSeries(instance, seriesId)} />;
}

function StandaloneShow({ showKey }: { showKey: string }) {
  return <ShowDetail series={useStandaloneShow(showKey)} />;
}

function ProfileNote({ data, onEdit }: { data: LibrarySeriesDetail; onEdit: (seriesId: number) => void }) {
  const { seriesId } = data;
  if (seriesId === null)
    return (
      <span class="muted" role="note">
        {STANDALONE_PROFILE_NOTE}
      </span>
    );
  return <ProfileButton data={data} seriesId={seriesId} onEdit={onEdit} />;
}

/**
 * Names the profile the series follows: its own, the one its Sonarr tag picks, or the default; "custom"
 * when it has an override of its own.
 */
function ProfileButton({
  data,
  seriesId,
  onEdit,
}: {
  data: LibrarySeriesDetail;
  seriesId: number;
  onEdit: (seriesId: number) => void;
}) {
  const origin = data.profile;
  const custom = data.overrideId !== null;
  const label =
    origin.via === "default"
      ? custom
        ? "custom"
        : "default"
      : `${origin.name ?? "default"}${origin.via === "tag" && origin.tag ? ` (tag ${origin.tag})` : ""}${custom ? " · custom" : ""}`;
  return (
    <button type="button" class="button" onClick={() => onEdit(seriesId)}>
      Profile: {label}
    </button>
  );
}

function ShowDetail({ series }: { series: ShowQuery }) {
  const profiles = useProfiles();
  const url = useLibraryUrl(["season"] as const, { season: "asc" });
  const bulk = useBulkAction();
  const data = series.data;
  const files = data?.seasons.flatMap((s) => s.files) ?? [];
  const dialogs = useLibraryDialogs({
    fileId: url.file,
    setFileId: (id) => url.update({ file: id }),
    labelOf: (id) => {
      const f = files.find((x) => x.id === id);
      return `${data?.title ?? "Episode"} ${f ? episodeCode(f) : ""}`.trim();
    },
    languages: profiles.data?.default.languages ?? [],
  });
  const search = (ids: number[]) =>
    bulk.mutate(
      { ids, action: "search" },
      {
        onSuccess: (r) =>
          showToast({
            kind: r.changed > 0 ? "success" : "info",
            title:
              r.changed > 0
                ? `Searching ${r.changed} subtitle${r.changed === 1 ? "" : "s"}`
                : "Nothing to search",
          }),
      },
    );
  const actions: Actions = {
    search: (f) => search(f.items.filter((i) => OPEN.has(i.status)).map((i) => i.id)),
    upload: dialogs.upload,
    open: (f) => dialogs.openFile(f.id),
    busy: bulk.isPending,
  };
  const allMissing = files.flatMap((f) => f.items.filter((i) => OPEN.has(i.status)).map((i) => i.id));
  // A Sonarr series by its id; a standalone show (no id) as the folder holding its files.
  const folder = data?.seriesId === null ? commonFolder(files.map((f) => f.path)) : null;
  const rescanScope =
    data?.seriesId != null
      ? { instance: data.instance, seriesId: data.seriesId }
      : folder !== null
        ? { instance: "standalone", path: folder }
        : null;

  if (series.isError)
    return (
      <div class="page">
        <EmptyState title="No such series">
          <p>{series.error.message}</p>
          <Link href="/series" class="button">
            All series
          </Link>
        </EmptyState>
      </div>
    );
  return (
    <div class="page list-page">
      <nav class="breadcrumbs" aria-label="Breadcrumb">
        <Link href="/series">Series</Link> <span aria-hidden="true">›</span>{" "}
        <span aria-current="page">{data?.title ?? "…"}</span>
      </nav>
      <div class="page-header">
        <div>
          <h1>{data ? data.title : <Skeleton width="10em" />}</h1>
          {data && (
            <p class="muted series-meta">
              {data.year === null ? "" : `${data.year} · `}
              {data.instance} · {data.seasons.length} season
              {data.seasons.length === 1 ? "" : "s"} · {formatNumber(data.episodes)} episode
              {data.episodes === 1 ? "" : "s"} · <MissingCount wanted={data.wanted} have={data.have} />
            </p>
          )}
        </div>
        {data && (
          <div class="page-actions">
            <ProfileNote
              data={data}
              onEdit={(arrId) =>
                dialogs.profile({ instance: data.instance, kind: "series", arrId }, data.title)
              }
            />
            {rescanScope && <RescanButton scope={rescanScope} what={data.title} />}
            <button
              type="button"
              class="button primary"
              disabled={allMissing.length === 0 || bulk.isPending}
              onClick={() => search(allMissing)}
            >
              Search all missing ({allMissing.length})
            </button>
          </div>
        )}
      </div>
      {!data && <Skeleton />}
      {data?.seasons.map((season) => (
        <details key={season.season ?? "none"} class="season" open>
          <summary>
            <span class="season-title">
              {season.season === null
                ? "No season"
                : season.season === 0
                  ? "Specials"
                  : `Season ${season.season}`}
            </span>
            <span class="muted">
              {season.files.length} file{season.files.length === 1 ? "" : "s"}
            </span>
            <MissingCount wanted={season.wanted} have={season.have} />
          </summary>
          <DataTable
            label={season.season === null ? "Episodes" : `Season ${season.season} episodes`}
            columns={episodeColumns(actions)}
            rows={season.files}
            rowKey={(f) => f.id}
            onOpen={actions.open}
          />
        </details>
      ))}
      {dialogs.element}
    </div>
  );
}
