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

self.onmessage = (event: MessageEvent<ListRequest>) => {
  const message = event.data;
  let reply: ListReply;
  try {
    handle ??= openDatabaseReadOnly(message.path);
    if (message.orders) adoptOrders(handle.sqlite, message.orders);
    if (message.profiles)
      profiles = { set: profileSet(message.profiles.config), maxAttempts: message.profiles.maxAttempts };
    if (!profiles) throw new Error("no profiles were sent before the first page");
    if (message.overridesGeneration !== overridesGeneration) {
      forgetKeptOverrides();
      overridesGeneration = message.overridesGeneration;
    }
    const page = wantedPage(handle, message.input, profiles);
    reply = { id: message.id, ok: true, body: JSON.stringify(page), validUntil: pageValidUntil(page) };
  } catch (error) {
    reply = { id: message.id, ok: false, error: (error as Error)?.message ?? String(error) };
  }
  self.postMessage(reply);
};

self.postMessage({ ready: true } satisfies ListReply);
