import { createRoute, z } from "@hono/zod-openapi";
import { ConfigError } from "../config/load.ts";
import { ApiError, problems } from "../http/problem.ts";
import { createRouter } from "../http/router.ts";
import { testFolder } from "./folder-test.ts";
import type { SettingsService } from "./settings-service.ts";

export interface SettingsRouteDeps {
  settings: SettingsService;
}

const SettingsDocumentSchema = z
  .object({
    revision: z.string().openapi({
      description: "Version of the config file these values came from; a save sends it back",
      example: "3f2a9c1d0b7e4a55",
    }),
    configFile: z.string().openapi({ example: "/var/lib/subhound/config.toml" }),
    fileExists: z.boolean().openapi({ description: "False until the first save creates the file" }),
    values: z.record(z.string(), z.unknown()).openapi({
      description:
        "The configuration as config.toml and SUBHOUND_* variables make it (README: Configuration), with every secret left out and URL credentials shown as ***. Entries of sonarr, radarr, mediaServers and notifications carry an `id` that a save sends back so their secrets stay with them.",
    }),
    secrets: z.record(z.string(), z.object({ set: z.boolean() })).openapi({
      description: "Every secret key (list entries by index): whether it has a value, never the value",
    }),
    env: z.record(z.string(), z.string()).openapi({
      description: "Keys set by an environment variable, with its name; they cannot be changed here",
    }),
    pendingRestart: z
      .array(z.string())
      .openapi({ description: "Keys changed in the file that take effect after a restart" }),
    restartKeys: z
      .array(z.string())
      .openapi({ description: "Sections and keys that take effect only after a restart" }),
  })
  .openapi("SettingsDocument");

const documentExample = {
  revision: "3f2a9c1d0b7e4a55",
  configFile: "/var/lib/subhound/config.toml",
  fileExists: true,
  values: {
    languages: ["en", "de"],
    sonarr: [
      {
        id: "0",
        name: "main",
        url: "http://sonarr:8989",
        enabled: true,
        pathMappings: [{ from: "/tv", to: "/mnt/tv" }],
        timeoutMs: 15000,
        retries: 3,
      },
    ],
    providers: { podnapisi: { enabled: true, priority: 100, baseUrl: "https://podnapisi.net" } },
  },
  secrets: { "sonarr.0.apiKey": { set: true }, "providers.subdl.apiKey": { set: false } },
  env: { "server.port": "SUBHOUND_PORT" },
  pendingRestart: [],
  restartKeys: ["dataDir", "server", "database", "log"],
};

const SaveSchema = z
  .object({
    revision: z.string().min(1).openapi({ example: "3f2a9c1d0b7e4a55" }),
    values: z.record(z.string(), z.unknown()).openapi({
      description:
        "Sections to save, as the document shows them; a section left out stays as it is. Entries keep their `id`; a new entry has none.",
      example: { languages: ["en", "de", "pt-BR"] },
    }),
    secrets: z
      .record(z.string(), z.string().min(1).nullable())
      .optional()
      .openapi({
        description:
          "Secrets typed anew, by key (list entries by their index in `values`); null removes one. A secret table (a notifier's `headers`) is sent as `Name: value` lines and replaces the whole table. A secret not named here keeps its value.",
        example: { "providers.subdl.apiKey": "my-subdl-key" },
      }),
  })
  .openapi("SettingsSave");

const get = createRoute({
  method: "get",
  path: "/settings",
  operationId: "getSettings",
  tags: ["Settings"],
  summary: "The configuration to edit: values without secrets, which keys the environment sets",
  description:
    "Reads config.toml and the SUBHOUND_* variables through the same loader as the server. 409 when the file does not load (the detail names the key).",
  responses: {
    200: {
      description: "The settings document",
      content: { "application/json": { schema: SettingsDocumentSchema, example: documentExample } },
    },
    ...problems(401, 409),
  },
});

const put = createRoute({
  method: "put",
  path: "/settings",
  operationId: "saveSettings",
  tags: ["Settings"],
  summary: "Validate, write config.toml (previous kept as config.toml.bak) and apply",
  description: `Validates the result with the configuration schema (defaults < file < environment); when it
passes, writes config.toml atomically, keeping the previous version as config.toml.bak, and reloads: library
sources, languages and profile, providers, translation, Whisper, media servers, schedules and search settings
apply to the next scan or search; \`restartNeeded\` names the keys that need a restart. A key sent as
\`null\` is removed from the file (its default applies); a key left out of a section keeps what the file had. Keys set by the
environment are never written to the file (changing one answers 422 naming its variable). 409 when the file
changed since \`revision\`, or cannot be written (read-only, a folder Subhound may not write in; the detail
says which and why); 422 with one entry in \`errors\` per offending key.`,
  request: { body: { required: true, content: { "application/json": { schema: SaveSchema } } } },
  responses: {
    200: {
      description: "Saved and applied",
      content: {
        "application/json": {
          schema: z
            .object({
              settings: SettingsDocumentSchema,
              restartNeeded: z.array(z.string()).openapi({ example: ["server.port"] }),
            })
            .openapi("SettingsSaved"),
          example: { settings: documentExample, restartNeeded: [] },
        },
      },
    },
    ...problems(400, 401, 403, 409, 422),
  },
});

const ArrTestSchema = z
  .object({
    kind: z.enum(["sonarr", "radarr"]),
    url: z.string().min(1).max(2000).openapi({ example: "http://sonarr:8989" }),
    apiKey: z
      .string()
      .max(200)
      .optional()
      .openapi({ description: "Typed anew; left out, the saved key of entry `id` is used" }),
    id: z
      .string()
      .optional()
      .openapi({ description: "The entry's id in the settings document", example: "0" }),
    name: z.string().max(200).optional(),
  })
  .openapi("ArrTest");

const testArr = createRoute({
  method: "post",
  path: "/settings/arr/test",
  operationId: "testArrInstance",
  tags: ["Settings"],
  summary: "Test a Sonarr/Radarr instance as typed, before or after saving it",
  description:
    "Sends one `GET /api/v3/system/status` with the given URL and key (or the saved key of entry `id`). 200 either way; `ok` says how it went. The key is never part of the answer.",
  request: { body: { required: true, content: { "application/json": { schema: ArrTestSchema } } } },
  responses: {
    200: {
      description: "The test ran",
      content: {
        "application/json": {
          schema: z
            .object({ ok: z.boolean(), message: z.string(), version: z.string().nullable() })
            .openapi("ArrTestResult"),
          example: { ok: true, message: "Sonarr 4.0.9.2244 answered", version: "4.0.9.2244" },
        },
      },
    },
    ...problems(400, 401, 403, 409),
  },
});

const MediaServerTestSchema = z
  .object({
    type: z.enum(["jellyfin", "emby", "plex"]),
    url: z.string().min(1).max(2000).openapi({ example: "http://jellyfin:8096" }),
    apiKey: z
      .string()
      .max(500)
      .optional()
      .openapi({ description: "Typed anew; left out, the saved key of entry `id` (same type) is used" }),
    id: z
      .string()
      .optional()
      .openapi({ description: "The entry's id in the settings document", example: "0" }),
    name: z.string().max(200).optional(),
    pathMappings: z
      .array(z.object({ from: z.string().min(1).max(4096), to: z.string().min(1).max(4096) }))
      .max(100)
      .optional(),
  })
  .openapi("MediaServerTest");

const testMediaServerRoute = createRoute({
  method: "post",
  path: "/settings/mediaserver/test",
  operationId: "testMediaServer",
  tags: ["Settings"],
  summary: "Test a Jellyfin, Emby or Plex server as typed, before or after saving it",
  description:
    "Runs the server's health check with the given URL and key (or the saved key of entry `id`): Jellyfin/Emby `GET /System/Info`, Plex `GET /identity` and the library list (which proves the token). 200 either way; `ok` says how it went. The key is never part of the answer.",
  request: { body: { required: true, content: { "application/json": { schema: MediaServerTestSchema } } } },
  responses: {
    200: {
      description: "The test ran",
      content: {
        "application/json": {
          schema: z
            .object({ ok: z.boolean(), message: z.string(), version: z.string().nullable() })
            .openapi("MediaServerTestResult"),
          example: { ok: true, message: "Living room 10.9.11", version: "10.9.11" },
        },
      },
    },
    ...problems(400, 401, 403, 409),
  },
});

const testFolderRoute = createRoute({
  method: "post",
  path: "/settings/folder/test",
  operationId: "testStandaloneFolder",
  tags: ["Settings"],
  summary: "Test a standalone folder: list it as a scan would",
  description:
    "Reads the folder tree the way a scan does (no probing) and counts its videos. 200 either way; `ok` is false for a missing or unreadable folder, or one without videos.",
  request: {
    body: {
      required: true,
      content: {
        "application/json": {
          schema: z
            .object({ path: z.string().min(1).max(4096).openapi({ example: "/srv/media/other" }) })
            .openapi("FolderTest"),
        },
      },
    },
  },
  responses: {
    200: {
      description: "The test ran",
      content: {
        "application/json": {
          schema: z
            .object({ ok: z.boolean(), message: z.string(), videos: z.number().int().nullable() })
            .openapi("FolderTestResult"),
          example: { ok: true, message: "412 videos found", videos: 412 },
        },
      },
    },
    ...problems(400, 401, 403),
  },
});

function loaded<T>(read: () => T): T {
  try {
    return read();
  } catch (e) {
    if (e instanceof ConfigError) throw new ApiError(409, `the configuration does not load: ${e.message}`);
    throw e;
  }
}

export const settingsRouter = createRouter<SettingsRouteDeps>()
  .openapi(get, (c) =>
    c.json(
      loaded(() => c.get("deps").settings.document()),
      200,
    ),
  )
  .openapi(put, (c) => {
    const outcome = c.get("deps").settings.save(c.req.valid("json"));
    if (!outcome.ok)
      throw new ApiError(
        outcome.status,
        outcome.detail,
        "errors" in outcome ? { errors: outcome.errors } : {},
      );
    return c.json({ settings: outcome.document, restartNeeded: outcome.restartNeeded }, 200);
  })
  .openapi(testFolderRoute, async (c) =>
    c.json(await testFolder(c.req.valid("json").path, c.req.raw.signal), 200),
  )
  .openapi(testMediaServerRoute, async (c) => {
    const result = await loaded(() =>
      c.get("deps").settings.testMediaServer(c.req.valid("json"), c.req.raw.signal),
    );
    return c.json(result, 200);
  })
  .openapi(testArr, async (c) => {
    const result = await loaded(() => c.get("deps").settings.testArr(c.req.valid("json"), c.req.raw.signal));
    return c.json(result, 200);
  });
