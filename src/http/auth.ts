import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { eq } from "drizzle-orm";
import type { MiddlewareHandler } from "hono";
import type { Clock } from "../clock.ts";
import type { Config } from "../config/schema.ts";
import type { DbHandle } from "../db/client.ts";
import { appSettings } from "../db/schema.ts";
import type { AppEnv } from "./context.ts";
import { problemResponse } from "./problem.ts";

const API_KEY_SETTING = "apiKey";

export interface ResolvedApiKey {
  apiKey: string;
  /** True when this call created the key: the caller shows it to the user once. */
  generated: boolean;
  source: "config" | "database";
}

/** The configured key wins; otherwise the one stored on first start; otherwise a new one is stored. */
export function ensureApiKey(config: Config, handle: DbHandle, clock: Clock): ResolvedApiKey {
  if (config.auth.apiKey) return { apiKey: config.auth.apiKey, generated: false, source: "config" };
  const stored = handle.db.select().from(appSettings).where(eq(appSettings.key, API_KEY_SETTING)).get();
  if (stored) return { apiKey: stored.value, generated: false, source: "database" };
  const apiKey = randomBytes(16).toString("hex");
  handle.db
    .insert(appSettings)
    .values({ key: API_KEY_SETTING, value: apiKey, updatedAt: clock.now().toISOString() })
    .onConflictDoNothing()
    .run();
  // Another process may have won the race; the stored key is the truth.
  const winner = handle.db.select().from(appSettings).where(eq(appSettings.key, API_KEY_SETTING)).get()!;
  return { apiKey: winner.value, generated: winner.value === apiKey, source: "database" };
}

/** The key stored on first start, without creating one (`subhound api-key` reads while a server runs). */
export function storedApiKey(handle: DbHandle): string | null {
  return (
    handle.db.select().from(appSettings).where(eq(appSettings.key, API_KEY_SETTING)).get()?.value ?? null
  );
}

function digest(s: string): Buffer {
  return createHash("sha256").update(s).digest();
}

export function keysMatch(presented: string, expected: string): boolean {
  return timingSafeEqual(digest(presented), digest(expected));
}

/** The key from `X-Api-Key`, or `?apikey=` as the *arr apps accept it. */
export function presentedKey(headers: Headers, url: URL): string | undefined {
  return headers.get("x-api-key") ?? url.searchParams.get("apikey") ?? undefined;
}

/** Requires the API key on every path except the open ones (liveness, spec, docs). */
export function apiKeyAuth(isOpen: (path: string) => boolean): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (isOpen(c.req.path)) return next();
    const key = presentedKey(c.req.raw.headers, new URL(c.req.url));
    if (key === undefined)
      return problemResponse(
        c,
        401,
        "Send the API key in the X-Api-Key header or the apikey query parameter",
      );
    if (!keysMatch(key, c.get("deps").apiKey)) return problemResponse(c, 401, "The API key is not valid");
    return next();
  };
}
