import { z } from "zod";
import pkg from "../../package.json" with { type: "json" };
import { bool, httpUrl, int, secret } from "./fields.ts";

/** The `[providers.*]` tables: one per subtitle source, each off until enabled. */

const providerBase = {
  enabled: bool.default(false).describe("Search this provider"),
  priority: int(0, 1000).default(100).describe("Lower is asked first and wins ties"),
};

export const providersSchema = z
  .strictObject({
    opensubtitles: z
      .strictObject({
        ...providerBase,
        apiKey: secret
          .optional()
          .describe("Consumer key of an API consumer at opensubtitles.com; required when enabled"),
        username: z
          .string()
          .optional()
          .describe("opensubtitles.com user name; downloads need it and the password"),
        password: secret.optional().describe("Password of that account"),
        userAgent: z
          .string()
          .default(`Subhound v${pkg.version}`)
          .describe("User-Agent sent to the API (OpenSubtitles asks for the app's name and version)"),
        baseUrl: httpUrl.default("https://api.opensubtitles.com/api/v1").describe("API base URL"),
      })
      .prefault({}),
    subdl: z
      .strictObject({
        ...providerBase,
        apiKey: secret.optional().describe("API key from subdl.com; required when enabled"),
        baseUrl: httpUrl.default("https://api.subdl.com/api/v1").describe("API base URL"),
        downloadUrl: httpUrl
          .default("https://dl.subdl.com")
          .describe("Where subtitle files are downloaded from"),
      })
      .prefault({}),
    jimaku: z
      .strictObject({
        ...providerBase,
        apiKey: secret
          .optional()
          .describe("API key from jimaku.cc (account settings); required when enabled"),
        baseUrl: httpUrl.default("https://jimaku.cc/api").describe("API base URL"),
      })
      .prefault({}),
    animetosho: z
      .strictObject({
        ...providerBase,
        feedUrl: httpUrl.default("https://feed.animetosho.org").describe("Feed API base URL"),
        storageUrl: httpUrl
          .default("https://animetosho.org/storage")
          .describe("Where attached subtitle files are downloaded from"),
      })
      .prefault({}),
    podnapisi: z
      .strictObject({
        ...providerBase,
        baseUrl: httpUrl.default("https://podnapisi.net").describe("Site base URL"),
      })
      .prefault({}),
    gestdown: z
      .strictObject({
        ...providerBase,
        baseUrl: httpUrl.default("https://api.gestdown.info").describe("API base URL"),
      })
      .prefault({}),
  })
  .superRefine((providers, ctx) => {
    for (const name of ["opensubtitles", "subdl", "jimaku"] as const) {
      if (providers[name].enabled && !providers[name].apiKey) {
        ctx.addIssue({
          code: "custom",
          path: [name, "apiKey"],
          message: "is required when the provider is enabled",
        });
      }
    }
  })
  .prefault({});
