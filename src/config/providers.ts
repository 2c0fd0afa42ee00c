import { z } from "zod";
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
        apiKey: secret.optional(),
        username: z.string().optional(),
        password: secret.optional(),
        userAgent: z.string().default("Subhound v0.1.0"),
        baseUrl: httpUrl.default("https://api.opensubtitles.com/api/v1"),
      })
      .prefault({}),
    subdl: z
      .strictObject({
        ...providerBase,
        apiKey: secret.optional(),
        baseUrl: httpUrl.default("https://api.subdl.com/api/v1"),
        downloadUrl: httpUrl.default("https://dl.subdl.com"),
      })
      .prefault({}),
    jimaku: z
      .strictObject({
        ...providerBase,
        apiKey: secret.optional(),
        baseUrl: httpUrl.default("https://jimaku.cc/api"),
      })
      .prefault({}),
    animetosho: z
      .strictObject({
        ...providerBase,
        feedUrl: httpUrl.default("https://feed.animetosho.org"),
        storageUrl: httpUrl.default("https://animetosho.org/storage"),
      })
      .prefault({}),
    podnapisi: z
      .strictObject({ ...providerBase, baseUrl: httpUrl.default("https://podnapisi.net") })
      .prefault({}),
    gestdown: z
      .strictObject({ ...providerBase, baseUrl: httpUrl.default("https://api.gestdown.info") })
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
