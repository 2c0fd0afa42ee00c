import type { DbHandle } from "../db/client.ts";
import type { ProfileSet } from "../profiles/profile.ts";
import { keptProfileResolver } from "./profile-resolver.ts";
import { listWanted } from "./store/index.ts";
import type { WantedStatus } from "./store/statuses.ts";
import type { WantedItemView, WantedListQuery } from "./wanted.schemas.ts";
import { createExplainer } from "./wanted-reason.ts";
import { toWantedView } from "./wanted-view.ts";

/** What one `GET /wanted` needs beyond the database: the query and the moment it is answered at. */
export interface WantedPageInput {
  query: WantedListQuery;
  statuses: WantedStatus[] | null;
  now: string;
  /** When the scheduled search runs next (the scheduler lives in the server's thread). */
  nextSearchRun: string | null;
}

/** The profiles and limits a page is explained with. */
export interface WantedPageProfiles {
  set: ProfileSet;
  maxAttempts: number;
  /** search.afterAttemptsEveryDays: whether an item out of attempts is still searched. */
  afterAttemptsEveryDays: number;
}

export interface WantedPage {
  items: WantedItemView[];
  page: number;
  pageSize: number;
  total: number;
}

/** Says why items are wanted under `profiles` as of `at` (the wanted list, an item, the library pages). */
export function explainerAt(
  db: Pick<DbHandle, "db">,
  profiles: WantedPageProfiles,
  at: Pick<WantedPageInput, "now" | "nextSearchRun">,
) {
  return createExplainer({
    profileOf: keptProfileResolver(db.db, profiles.set),
    maxAttempts: profiles.maxAttempts,
    afterAttemptsEveryDays: profiles.afterAttemptsEveryDays,
    now: at.now,
    nextSearchRun: at.nextSearchRun,
  });
}

/** One page of the wanted list as the API shows it; the same in the server's thread and in the list reader's. */
export function wantedPage(
  db: Pick<DbHandle, "sqlite" | "db">,
  input: WantedPageInput,
  profiles: WantedPageProfiles,
): WantedPage {
  const { records, total } = listWanted(db, input.query, input.statuses);
  const explain = explainerAt(db, profiles, input);
  return {
    items: records.map((r) => toWantedView(r, explain)),
    page: input.query.page,
    pageSize: input.query.pageSize,
    total,
  };
}
