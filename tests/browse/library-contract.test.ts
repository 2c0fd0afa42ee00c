import { afterAll, beforeAll, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import createClient, { type Client } from "openapi-fetch";
import type { paths } from "../../generated/api-types.d.ts";
import {
  DeleteResultSchema,
  LibraryFileSchema,
  MoviePageSchema,
  SeriesDetailSchema,
  SeriesPageSchema,
  UploadResultSchema,
} from "../../src/browse/browse.schemas.ts";
import { type RunningServer, startServer } from "../../src/listen.ts";
import { TEST_API_KEY } from "../support/runtime.ts";
import { type LibraryHarness, startLibraryHarness } from "./harness.ts";

/**
 * The library endpoints driven only through the client generated from openapi.json: the calls
 * type-check against the spec (multipart upload included), every answer's status is one the spec
 * declares for that operation with the media type it declares, and every body parses with the
 * schema the spec was built from.
 */

const spec = JSON.parse(readFileSync(join(import.meta.dir, "../../openapi.json"), "utf8")) as {
  paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, unknown> }> }>>;
};

let h: LibraryHarness;
let server: RunningServer;
let api: Client<paths>;
beforeAll(async () => {
  h = await startLibraryHarness();
  h.runtime.deps.config.server.port = 0;
  h.runtime.deps.config.server.host = "127.0.0.1";
  server = startServer(h.runtime);
  api = createClient<paths>({ baseUrl: server.url, headers: { "X-Api-Key": TEST_API_KEY } });
});
afterAll(async () => {
  await server?.shutdown("test over");
  await h?.stop();
});

function declared(path: string, method: string, response: Response) {
  const operation = spec.paths[`/api/v1${path}`]?.[method];
  const documented = operation?.responses[String(response.status)];
  const type = response.headers.get("content-type")?.split(";")[0] ?? null;
  return {
    path,
    status: response.status,
    declared: documented !== undefined,
    mediaType: type === null || Object.keys(documented?.content ?? {}).includes(type),
  };
}
const ok = (path: string, method: string, response: Response) =>
  expect(declared(path, method, response)).toEqual({
    path,
    status: response.status,
    declared: true,
    mediaType: true,
  });

test("browse: series list, series detail, movies and a file answer what the spec declares", async () => {
  const series = await api.GET("/api/v1/library/series", {
    params: { query: { sort: "wanted", missing: "true" } },
  });
  ok("/library/series", "get", series.response);
  const page = SeriesPageSchema.parse(series.data);
  const { instance, source, key } = page.items[0]!;
  expect(source).toBe("sonarr");

  const detail = await api.GET("/api/v1/library/series/{instance}/{seriesId}", {
    params: { path: { instance, seriesId: Number(key) } },
  });
  ok("/library/series/{instance}/{seriesId}", "get", detail.response);
  const file = SeriesDetailSchema.parse(detail.data).seasons[0]!.files[0]!;

  const movies = await api.GET("/api/v1/library/movies", { params: { query: { q: "incep" } } });
  ok("/library/movies", "get", movies.response);
  expect(MoviePageSchema.parse(movies.data).total).toBe(1);

  const one = await api.GET("/api/v1/library/files/{id}", { params: { path: { id: file.id } } });
  ok("/library/files/{id}", "get", one.response);
  expect(LibraryFileSchema.parse(one.data).id).toBe(file.id);

  const missing = await api.GET("/api/v1/library/series/{instance}/{seriesId}", {
    params: { path: { instance, seriesId: 9999 } },
  });
  ok("/library/series/{instance}/{seriesId}", "get", missing.response);
  expect(missing.response.status).toBe(404);
});

test("multipart upload and delete through the typed client", async () => {
  const id = await h.fileId("S01E02");
  // The spec's multipart fields type-check; the serializer sends them with the file's bytes.
  const upload = (name: string, text: string) =>
    api.POST("/api/v1/library/files/{id}/subtitles", {
      params: { path: { id } },
      body: { file: name, language: "de", forced: false },
      bodySerializer: (fields) => {
        const body = new FormData();
        body.set("file", new File([text], fields.file));
        body.set("language", fields.language);
        body.set("forced", String(fields.forced));
        return body;
      },
    });
  const saved = await upload("ep2.srt", "1\n00:00:01,000 --> 00:00:02,000\nHallo\n");
  ok("/library/files/{id}/subtitles", "post", saved.response);
  expect(saved.response.status).toBe(201);
  const result = UploadResultSchema.parse(saved.data);

  const refused = await upload("ep2.srt", "nothing like a subtitle");
  ok("/library/files/{id}/subtitles", "post", refused.response);
  expect(refused.response.status).toBe(422);
  expect(refused.error?.detail).toContain("not saved");

  const deleted = await api.DELETE("/api/v1/library/files/{id}/subtitles", {
    params: { path: { id }, query: { path: result.path } },
  });
  ok("/library/files/{id}/subtitles", "delete", deleted.response);
  expect(DeleteResultSchema.parse(deleted.data).reopened).toEqual([result.wantedItemId!]);

  const gone = await api.DELETE("/api/v1/library/files/{id}/subtitles", {
    params: { path: { id }, query: { path: result.path } },
  });
  ok("/library/files/{id}/subtitles", "delete", gone.response);
  expect(gone.response.status).toBe(404);
});
