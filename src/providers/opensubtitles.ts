import type { z } from "zod";
import type { Config } from "../config/schema.ts";
import { BODY_CAPS, BodyTooLargeError, readCappedBytes, readCappedText } from "../net/capped-body.ts";
import { bodyDetail, parseJson, scrubber } from "../net/remote.ts";
import { parseRetryAfter } from "../net/retry-timing.ts";
import { nameByContent } from "./download-name.ts";
import { buildSearch, languageAsAsked, searchQueryString } from "./opensubtitles-query.ts";
import {
  downloadSchema,
  loginSchema,
  quotaSchema,
  searchPageSchema,
  toCandidate,
  userInfoSchema,
} from "./opensubtitles-wire.ts";
import { blockedPageText, isHtmlPage } from "./provider-http.ts";
import {
  type DownloadedFile,
  type ProviderCandidate,
  type ProviderContext,
  ProviderError,
  type ProviderErrorKind,
  type SubtitleProvider,
} from "./types.ts";

export type OpenSubtitlesConfig = Config["providers"]["opensubtitles"];

/** The JWT lives about 24 h; renewing at half of that never sends one about to expire. */
const SESSION_MS = 12 * 60 * 60 * 1000;
const MAX_PAGES = 5;
const DEFAULT_RETRY_AFTER_MS = 1000;
const DAY_MS = 24 * 60 * 60 * 1000;

interface Session {
  token: string;
  /** The `/api/v1` URL on the host the login named (`vip-api…` for VIP accounts). */
  apiBase: string;
  expiresAt: number;
}

interface ApiReply {
  status: number;
  headers: Headers;
  text: string;
}

type Missing = "not-found" | "bad-response";

const errorText = (e: unknown) => (e instanceof Error ? e.message : String(e));

/** `/download` needs a user token: without an account every download is refused. */
export const NEEDS_ACCOUNT = "downloads need a username and password";

/** OpenSubtitles.com REST v1 (external-apis.md §4). */
export function createOpenSubtitlesProvider(config: OpenSubtitlesConfig): SubtitleProvider {
  const hasCredentials = Boolean(config.username && config.password);
  let session: Session | null = null;
  let pendingLogin: Promise<Session> | null = null;
  let quotaUntil: Date | null = null;

  const scrub = (text: string) => scrubber(config.apiKey, config.password, session?.token)(text);
  const fail = (kind: ProviderErrorKind, message: string, details: ProviderError["details"] = {}) =>
    new ProviderError("opensubtitles", kind, scrub(message), details);

  function apiKey(): string {
    if (!config.apiKey) throw fail("auth", "no API key configured");
    return config.apiKey;
  }

  /** `base_url` is a bare host ("vip-api.opensubtitles.com"); the path stays the configured one. */
  function sessionBase(baseUrl: string | null | undefined): string {
    if (!baseUrl) return config.baseUrl;
    const url = new URL(config.baseUrl);
    try {
      const hasScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(baseUrl);
      const given = new URL(hasScheme ? baseUrl : `${url.protocol}//${baseUrl}`);
      url.protocol = given.protocol;
      url.host = given.host;
    } catch {
      return config.baseUrl;
    }
    return url.toString().replace(/\/+$/, "");
  }

  async function transport<T>(ctx: ProviderContext, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (e) {
      if (e instanceof ProviderError) throw e;
      if (ctx.signal.aborted) throw fail("aborted", "cancelled");
      if (e instanceof BodyTooLargeError) throw fail("bad-response", e.message);
      if (e instanceof Error && e.name === "TimeoutError") throw fail("timeout", "the request timed out");
      throw fail("unavailable", `cannot reach the API: ${errorText(e)}`);
    }
  }

  function send(
    ctx: ProviderContext,
    method: "GET" | "POST",
    url: string,
    body?: unknown,
    token?: string,
  ): Promise<ApiReply> {
    const headers: Record<string, string> = {
      "Api-Key": apiKey(),
      "User-Agent": config.userAgent,
      Accept: "application/json",
    };
    if (body !== undefined) headers["Content-Type"] = "application/json";
    if (token !== undefined) headers.Authorization = `Bearer ${token}`;
    const init: RequestInit = { method, headers, signal: ctx.signal };
    if (body !== undefined) init.body = JSON.stringify(body);
    return transport(ctx, async () => {
      const response = await ctx.fetch(url, init);
      const text = await readCappedText(response, BODY_CAPS.providerApi, { signal: ctx.signal });
      return { status: response.status, headers: response.headers, text };
    });
  }

  function resumeAtOf(resetTimeUtc: string | null | undefined, ctx: ProviderContext): Date {
    const at = resetTimeUtc ? Date.parse(resetTimeUtc) : Number.NaN;
    return Number.isNaN(at) ? new Date(ctx.now().getTime() + DAY_MS) : new Date(at);
  }

  /** Passes the quota a reply reports on to the registry (shown by the providers API). */
  function reportQuota(
    ctx: ProviderContext,
    remaining: number | null | undefined,
    limit: number | null,
    resetTimeUtc: string | null | undefined,
  ) {
    if (typeof remaining !== "number") return;
    const resetAt = resetTimeUtc ? Date.parse(resetTimeUtc) : Number.NaN;
    ctx.quotaHint?.({
      remaining: Math.max(0, remaining),
      limit,
      resetAt: Number.isNaN(resetAt) ? null : new Date(resetAt),
    });
  }

  function statusError(
    reply: ApiReply,
    action: string,
    ctx: ProviderContext,
    missing: Missing,
  ): ProviderError {
    const { status } = reply;
    const detail = bodyDetail(reply.text);
    const said = detail === "" ? "" : `: ${detail}`;
    if ((status === 401 || status === 403) && isHtmlPage(reply.text))
      return fail("unavailable", `${action}: ${blockedPageText(status, detail)}`, { status });
    if (status === 401) return fail("auth", `${action} refused (HTTP 401)${said}`, { status });
    if (status === 403)
      return fail("auth", `the Api-Key or User-Agent was refused (HTTP 403)${said}`, { status });
    if (status === 406) {
      const parsed = parseJson(reply.text);
      const body = parsed.ok ? quotaSchema.safeParse(parsed.value) : null;
      const resumeAt = resumeAtOf(body?.success ? body.data.reset_time_utc : null, ctx);
      quotaUntil = resumeAt;
      if (body?.success) reportQuota(ctx, 0, body.data.requests ?? null, body.data.reset_time_utc);
      return fail("quota", `download quota spent (HTTP 406)${said}`, { status, resumeAt });
    }
    if (status === 429) {
      const retryAfterMs =
        parseRetryAfter(reply.headers.get("retry-after"), ctx.now()) ?? DEFAULT_RETRY_AFTER_MS;
      return fail("rate-limited", `too many requests (HTTP 429)`, { status, retryAfterMs });
    }
    if (status === 410 || (status === 404 && missing === "not-found"))
      return fail("not-found", `${action}: gone (HTTP ${status})${said}`, { status });
    if (status >= 500) return fail("unavailable", `${action} failed (HTTP ${status})${said}`, { status });
    return fail("bad-response", `${action} rejected (HTTP ${status})${said}`, { status });
  }

  function parseReply<S extends z.ZodType>(reply: ApiReply, schema: S, action: string): z.infer<S> {
    const parsed = parseJson(reply.text);
    const body = parsed.ok ? schema.safeParse(parsed.value) : null;
    if (!body?.success) throw fail("bad-response", `${action}: unexpected reply (HTTP ${reply.status})`);
    return body.data;
  }

  async function login(ctx: ProviderContext): Promise<Session> {
    const reply = await send(ctx, "POST", `${config.baseUrl}/login`, {
      username: config.username,
      password: config.password,
    });
    if (reply.status === 401 && !isHtmlPage(reply.text))
      throw fail("auth", "login refused: wrong username or password (HTTP 401)", { status: 401 });
    if (reply.status !== 200) throw statusError(reply, "login", ctx, "bad-response");
    const body = parseReply(reply, loginSchema, "login");
    const next = {
      token: body.token,
      apiBase: sessionBase(body.base_url),
      expiresAt: ctx.now().getTime() + SESSION_MS,
    };
    ctx.log.debug("opensubtitles: logged in", { apiBase: next.apiBase });
    session = next;
    return next;
  }

  async function currentSession(ctx: ProviderContext): Promise<Session | null> {
    if (!hasCredentials) return null;
    if (session !== null && ctx.now().getTime() < session.expiresAt) return session;
    for (;;) {
      pendingLogin ??= login(ctx).finally(() => {
        pendingLogin = null;
      });
      try {
        return await pendingLogin;
      } catch (error) {
        // The login under way was another search's, cancelled with it: this one logs in itself.
        if (error instanceof ProviderError && error.kind === "aborted" && !ctx.signal.aborted) continue;
        throw error;
      }
    }
  }

  /** A request on the session's host; a 401 with a token earns one fresh login and one retry. */
  async function api(ctx: ProviderContext, method: "GET" | "POST", path: string, body?: unknown) {
    let current = await currentSession(ctx);
    for (let attempt = 1; ; attempt++) {
      const reply = await send(
        ctx,
        method,
        `${current?.apiBase ?? config.baseUrl}${path}`,
        body,
        current?.token,
      );
      if (reply.status !== 401 || current === null || attempt > 1) return reply;
      ctx.log.debug("opensubtitles: token refused, logging in again");
      if (session === current) session = null;
      current = await currentSession(ctx);
    }
  }

  async function fetchLink(ctx: ProviderContext, link: string): Promise<Uint8Array> {
    return transport(ctx, async () => {
      const response = await ctx.fetch(link, {
        headers: { "User-Agent": config.userAgent },
        signal: ctx.signal,
      });
      const read = { signal: ctx.signal };
      if (response.status === 200) return readCappedBytes(response, BODY_CAPS.subtitleDownload, read);
      const text = await readCappedText(response, BODY_CAPS.providerApi, read);
      const reply = { status: response.status, headers: response.headers, text };
      if (response.status === 410)
        throw fail("not-found", "the download link expired (HTTP 410)", { status: 410 });
      throw statusError(reply, "download link", ctx, "not-found");
    });
  }

  return {
    name: "opensubtitles",
    rateLimit: { requests: 5, perMs: 1000 },

    async search(query, ctx): Promise<ProviderCandidate[]> {
      apiKey();
      const search = buildSearch(query);
      if (!search.params.some(([key]) => key === "languages")) return [];
      const episodeSearch = query.kind === "episode";
      const candidates = new Map<string, ProviderCandidate>();
      for (let page = 1; page <= MAX_PAGES; page++) {
        const reply = await api(ctx, "GET", `/subtitles?${searchQueryString(search, page)}`);
        if (reply.status !== 200) throw statusError(reply, "search", ctx, "bad-response");
        const body = parseReply(reply, searchPageSchema, "search");
        for (const subtitle of body.data) {
          const found = toCandidate(subtitle, search.filter, episodeSearch);
          const candidate =
            found === null ? null : { ...found, language: languageAsAsked(found.language, query.languages) };
          if (candidate !== null && !candidates.has(candidate.id)) candidates.set(candidate.id, candidate);
        }
        if (body.page >= body.total_pages) break;
      }
      return [...candidates.values()];
    },

    limitation: () => (hasCredentials ? null : NEEDS_ACCOUNT),

    async download(candidate, ctx): Promise<DownloadedFile> {
      apiKey();
      if (!hasCredentials) throw fail("unsupported", NEEDS_ACCOUNT);
      if (quotaUntil !== null) {
        if (ctx.now() < quotaUntil)
          throw fail("quota", "download quota spent until it resets", { resumeAt: quotaUntil });
        quotaUntil = null;
      }
      const fileId = Number(candidate.data.file_id ?? candidate.id);
      if (!Number.isSafeInteger(fileId))
        throw fail("bad-response", `candidate ${candidate.id} carries no file id`);
      const reply = await api(ctx, "POST", "/download", { file_id: fileId });
      if (reply.status !== 200) throw statusError(reply, "download", ctx, "not-found");
      const body = parseReply(reply, downloadSchema, "download");
      const spent = body.requests;
      const limit =
        typeof spent === "number" && typeof body.remaining === "number" ? spent + body.remaining : null;
      reportQuota(ctx, body.remaining, limit, body.reset_time_utc);
      // The file is still served, but the next request would be a 406.
      if (typeof body.remaining === "number" && body.remaining <= 0)
        quotaUntil = resumeAtOf(body.reset_time_utc, ctx);
      const bytes = await fetchLink(ctx, body.link);
      // `file_name` carries no extension: the bytes say what the file is, the link's name is a hint.
      const linkName = URL.parse(body.link)?.pathname.split("/").at(-1) ?? null;
      const fileName = nameByContent(body.file_name || String(fileId), bytes, linkName);
      return { fileName, bytes };
    },

    async healthCheck(ctx) {
      if (!config.apiKey) return { healthy: false, message: "no API key configured" };
      try {
        const reply = await send(ctx, "GET", `${session?.apiBase ?? config.baseUrl}/infos/formats`);
        if (reply.status !== 200) throw statusError(reply, "format list", ctx, "bad-response");
      } catch (e) {
        return { healthy: false, message: errorText(e) };
      }
      if (!hasCredentials)
        return { healthy: false, message: `API reachable, but ${NEEDS_ACCOUNT} (none configured)` };
      try {
        const reply = await api(ctx, "GET", "/infos/user");
        if (reply.status !== 200) throw statusError(reply, "user info", ctx, "bad-response");
        const user = parseReply(reply, userInfoSchema, "user info").data;
        const remaining = user.remaining_downloads ?? null;
        reportQuota(ctx, remaining, user.allowed_downloads ?? null, user.reset_time_utc);
        if (remaining !== null) quotaUntil = remaining <= 0 ? resumeAtOf(user.reset_time_utc, ctx) : null;
        const allowed = user.allowed_downloads ?? "?";
        const resets = user.reset_time_utc ? `, resets ${user.reset_time_utc}` : "";
        return {
          healthy: true,
          message: `API reachable; logged in as ${config.username}: ${remaining ?? "?"} of ${allowed} downloads left${resets}`,
        };
      } catch (e) {
        return { healthy: false, message: `API reachable, but the account check failed: ${errorText(e)}` };
      }
    },
  };
}
