/**
 * Worker entry: answers wanted-list pages from a read-only connection of its own, so that the
 * SQLite reads, the explaining and the JSON of a page run beside the server's thread instead of in
 * front of its liveness answers and other requests (WAL lets readers and the writer go on at once).
 * Listed as a build entrypoint in scripts/compile.ts so that the compiled binary carries it.
 */
import { type DbHandle, openDatabaseReadOnly } from "../db/client.ts";
import { profileSet } from "../profiles/profile.ts";
import type { ListReply, ListRequest } from "./list-reader.ts";
import { pageValidUntil } from "./page-cache.ts";
import { forgetKeptOverrides } from "./profile-store.ts";
import { adoptOrders } from "./store/index.ts";
import { type WantedPageProfiles, wantedPage } from "./wanted-page.ts";

declare const self: Worker;

let handle: DbHandle | null = null;
let profiles: WantedPageProfiles | null = null;
let overridesGeneration = -1;

/**
 * A new worker runs its code slowly until the JIT has compiled it: 200 pages asked at once of a cold
 * worker took ~85 ms of its CPU against ~45 ms once warm. So after its first page it works out
 * `count` more pages of the same view, spread over the list, one per turn of its event loop, drops
 * them, and says so. It stops at the first page asked meanwhile: pages reach the worker when they
 * arrive together, so that is a burst, which compiles the code as well as the warm-up would, and
 * warm-up pages between its pages would only make it wait longer.
 */
let warming = false;

function warmUp(input: ListRequest["input"], total: number, count: number): void {
  const pages = Math.max(1, Math.ceil(total / input.query.pageSize));
  let done = 0;
  warming = true;
  const next = () => {
    try {
      if (warming && done < count && handle && profiles) {
        const page = 1 + Math.floor((done * pages) / count);
        JSON.stringify(wantedPage(handle, { ...input, query: { ...input.query, page } }, profiles));
        done++;
        setImmediate(next);
        return;
      }
    } catch {
      // The warm-up is only a help: a page that fails here fails again when asked, and is answered then.
    }
    warming = false;
    self.postMessage({ warmedUp: done } satisfies ListReply);
  };
  setImmediate(next);
}

self.onmessage = (event: MessageEvent<ListRequest>) => {
  const message = event.data;
  warming = false;
  let reply: ListReply;
  try {
    handle ??= openDatabaseReadOnly(message.path);
    if (message.orders) adoptOrders(handle.sqlite, message.orders);
    if (message.profiles)
      profiles = {
        set: profileSet(message.profiles.config),
        maxAttempts: message.profiles.maxAttempts,
        afterAttemptsEveryDays: message.profiles.afterAttemptsEveryDays,
      };
    if (!profiles) throw new Error("no profiles were sent before the first page");
    if (message.overridesGeneration !== overridesGeneration) {
      forgetKeptOverrides();
      overridesGeneration = message.overridesGeneration;
    }
    const page = wantedPage(handle, message.input, profiles);
    reply = { id: message.id, ok: true, body: JSON.stringify(page), validUntil: pageValidUntil(page) };
    if (message.warmUp) warmUp(message.input, page.total, message.warmUp);
  } catch (error) {
    reply = { id: message.id, ok: false, error: (error as Error)?.message ?? String(error) };
  }
  self.postMessage(reply);
};

self.postMessage({ ready: true } satisfies ListReply);
