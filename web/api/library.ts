import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/preact-query";
import type { operations } from "../../generated/api-types.d.ts";
import { api, call, type Schemas } from "./client.ts";
import { keys } from "./query-keys.ts";
import { useInvalidateWanted } from "./wanted.ts";

export type LibrarySeries = Schemas["LibrarySeries"];
export type LibrarySeriesDetail = Schemas["LibrarySeriesDetail"];
export type LibraryMovie = Schemas["LibraryMovie"];
export type LibraryFile = Schemas["LibraryFile"];
export type LibraryFileDetail = Schemas["LibraryFileDetail"];
export type SidecarOnDisk = Schemas["SidecarOnDisk"];
export type LibraryItem = Schemas["LibraryItem"];
export type Profile = Schemas["Profile"];
export type ProfileOverride = Schemas["ProfileOverride"];
export type OverrideFields = ProfileOverride["override"];
export type SeriesListQuery = NonNullable<operations["listLibrarySeries"]["parameters"]["query"]>;
export type MovieListQuery = NonNullable<operations["listLibraryMovies"]["parameters"]["query"]>;

/**
 * Library reads live under the "wanted" area: scans and searches change them, and the events that
 * refresh the wanted list refresh these too.
 */
export const libraryKeys = {
  series: (query: SeriesListQuery) => ["wanted", "library", "series", query] as const,
  seriesDetail: (instance: string, id: number) => ["wanted", "library", "series", instance, id] as const,
  standaloneShow: (key: string) => ["wanted", "library", "series", "standalone", key] as const,
  movies: (query: MovieListQuery) => ["wanted", "library", "movies", query] as const,
  file: (id: number) => ["wanted", "library", "file", id] as const,
  profiles: ["wanted", "profiles"] as const,
};

export function useSeriesList(query: SeriesListQuery) {
  return useQuery({
    queryKey: libraryKeys.series(query),
    queryFn: ({ signal }) => call(api.GET("/api/v1/library/series", { params: { query }, signal })),
    placeholderData: keepPreviousData,
  });
}

export function useSeries(instance: string, seriesId: number) {
  return useQuery({
    queryKey: libraryKeys.seriesDetail(instance, seriesId),
    queryFn: ({ signal }) =>
      call(
        api.GET("/api/v1/library/series/{instance}/{seriesId}", {
          params: { path: { instance, seriesId } },
          signal,
        }),
      ),
  });
}

/** A standalone show (episode files of standalone folders with one title), by its list `key`. */
export function useStandaloneShow(key: string) {
  return useQuery({
    queryKey: libraryKeys.standaloneShow(key),
    queryFn: ({ signal }) =>
      call(api.GET("/api/v1/library/shows/standalone/{key}", { params: { path: { key } }, signal })),
  });
}

export function useMovieList(query: MovieListQuery) {
  return useQuery({
    queryKey: libraryKeys.movies(query),
    queryFn: ({ signal }) => call(api.GET("/api/v1/library/movies", { params: { query }, signal })),
    placeholderData: keepPreviousData,
  });
}

export function useLibraryFile(id: number | null) {
  return useQuery({
    queryKey: libraryKeys.file(id ?? 0),
    queryFn: ({ signal }) =>
      call(api.GET("/api/v1/library/files/{id}", { params: { path: { id: id ?? 0 } }, signal })),
    enabled: id !== null,
  });
}

export interface SubtitleUpload {
  fileId: number;
  file: File;
  language: string;
  forced: boolean;
  hearingImpaired: boolean;
}

/** Refusals (hostile or unusable files, a file of yours in the way) are shown in the dialog itself. */
export function useUploadSubtitle() {
  const invalidate = useInvalidateWanted();
  return useMutation({
    meta: { quiet: true },
    mutationFn: (upload: SubtitleUpload) =>
      call(
        api.POST("/api/v1/library/files/{id}/subtitles", {
          params: { path: { id: upload.fileId } },
          body: {
            file: upload.file.name,
            language: upload.language,
            forced: upload.forced,
            hearingImpaired: upload.hearingImpaired,
          },
          bodySerializer: (fields) => {
            const form = new FormData();
            form.set("file", upload.file, fields.file);
            form.set("language", fields.language);
            form.set("forced", String(fields.forced ?? false));
            form.set("hearingImpaired", String(fields.hearingImpaired ?? false));
            return form;
          },
        }),
      ),
    onSuccess: invalidate,
  });
}

export type ExtractResult = Schemas["ExtractResult"];

/** An embedded text stream written as a sidecar; refusals (image stream, a file of yours in the way) show in the dialog. */
/** The problem `type` of an extraction refused because a subtitle Subhound saved earlier has its name. */
export const SUBTITLE_IN_PLACE = "urn:subhound:problem:subtitle-in-place";

export function useExtractStream() {
  const invalidate = useInvalidateWanted();
  return useMutation({
    meta: { quiet: true },
    mutationFn: ({
      fileId,
      streamIndex,
      replace,
    }: {
      fileId: number;
      streamIndex: number;
      replace?: boolean;
    }) =>
      call(
        api.POST("/api/v1/library/files/{id}/extract", {
          params: { path: { id: fileId } },
          body: { streamIndex, ...(replace ? { replace: true } : {}) },
        }),
      ),
    onSuccess: invalidate,
  });
}

export function useDeleteSubtitle() {
  const invalidate = useInvalidateWanted();
  return useMutation({
    mutationFn: ({ fileId, path }: { fileId: number; path: string }) =>
      call(
        api.DELETE("/api/v1/library/files/{id}/subtitles", {
          params: { path: { id: fileId }, query: { path } },
        }),
      ),
    onSuccess: invalidate,
  });
}

export function useProfiles() {
  return useQuery({
    queryKey: libraryKeys.profiles,
    queryFn: ({ signal }) => call(api.GET("/api/v1/profiles", { signal })),
  });
}

/** The profile a series or movie follows now, where from, and what it follows without a named profile of its own. */
export function useEffectiveProfile(target: OverrideTarget) {
  return useQuery({
    queryKey: [...libraryKeys.profiles, "effective", target.instance, target.kind, target.arrId],
    queryFn: ({ signal }) =>
      call(api.GET("/api/v1/profiles/effective", { params: { query: target }, signal })),
  });
}

export interface OverrideTarget {
  instance: string;
  kind: "series" | "movie";
  arrId: number;
}

/** Saves a series' or movie's override; with no field set it removes it (the default profile applies). */
export function useSaveOverride() {
  const invalidate = useInvalidateWanted();
  return useMutation({
    mutationFn: async ({
      target,
      override,
      existingId,
    }: {
      target: OverrideTarget;
      override: OverrideFields;
      existingId: number | null;
    }) => {
      if (Object.keys(override).length > 0)
        return call(api.PUT("/api/v1/profiles/overrides", { body: { ...target, override } }));
      if (existingId !== null)
        await call(api.DELETE("/api/v1/profiles/overrides/{id}", { params: { path: { id: existingId } } }));
      return null;
    },
    onSuccess: invalidate,
  });
}

/** What a Rescan covers: one Sonarr series or Radarr movie of an instance, or the files below a path. */
export type RescanScope = Pick<Schemas["ScanRequest"], "instance" | "seriesId" | "movieId" | "path">;

/**
 * Rescan: a scan of one series or movie. Quiet: the page says in its own words why one was refused
 * (another scan running). Its progress and end come from the live events, which refresh the library.
 */
export function useRescan() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (scope: RescanScope) => call(api.POST("/api/v1/wanted/scan", { body: scope })),
    onSuccess: () => client.invalidateQueries({ queryKey: keys.activity }),
    meta: { quiet: true },
  });
}

export type BulkProfileInput = Schemas["BulkProfileInput"];

/** The mass edit: one named profile (or none: back to tag/default) for many series and movies, in one request. */
export function useAssignProfile() {
  const invalidate = useInvalidateWanted();
  return useMutation({
    meta: { quiet: true },
    mutationFn: (body: BulkProfileInput) => call(api.PUT("/api/v1/profiles/bulk", { body })),
    onSuccess: invalidate,
  });
}

export type SeriesSearchInput = Schemas["SeriesSearchInput"];

/** Searches the missing subtitles of many series and standalone shows in one run. */
export function useSearchSeries() {
  const invalidate = useInvalidateWanted();
  return useMutation({
    mutationFn: (body: SeriesSearchInput) => call(api.POST("/api/v1/library/series/search", { body })),
    onSuccess: invalidate,
  });
}
