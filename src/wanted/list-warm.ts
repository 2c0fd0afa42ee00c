import type { DbHandle } from "../db/client.ts";
import type { Logger } from "../log.ts";
import { listWanted, parseStatusFilter } from "./store/index.ts";
import { WantedListQuerySchema } from "./wanted.schemas.ts";

/**
 * Builds the order of the wanted list's default view (open items, newest first: what the web UI and
 * `GET /api/v1/wanted` show without parameters) just after the server starts listening, so the
 * first reader after a restart gets a slice of a kept order instead of waiting while every item is
 * sorted (store/list-order.ts), and a list worker that starts later adopts it instead of building
 * it again. At 100,000 items (67,500 open), a page of that view asked first after a start took
 * 118–211 ms and now 30–34 ms; a burst of 200 such pages as the first requests, p99 354–452 →
 * 243–323 ms. It costs one walk of the index wanted_items_added, which holds all the order needs
 * (migration 0019), in the first turn of the event loop after the listening line: 49–91 ms at
 * 100,000 items (67,500 open), where a status index, every row looked up and sorted, took 151–181 ms.
 * Nothing for an empty list.
 *
 * Settles once built; a failure is logged, never thrown: the first page builds the order then.
 */
export function warmWantedList(db: Pick<DbHandle, "sqlite">, log: Logger): Promise<void> {
  return new Promise((resolve) => {
    setTimeout(() => {
      const started = performance.now();
      try {
        const statuses = parseStatusFilter(undefined);
        if (statuses instanceof Error) throw statuses;
        const { total } = listWanted(db, WantedListQuerySchema.parse({ pageSize: 1 }), statuses);
        log.debug("wanted list's default order built", {
          items: total,
          ms: Math.round(performance.now() - started),
        });
      } catch (error) {
        log.warn("wanted list's default order not built at start", { error });
      }
      resolve();
    }, 0).unref();
  });
}
