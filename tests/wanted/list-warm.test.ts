import { afterEach, beforeEach, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type DbHandle, openDatabase } from "../../src/db/client.ts";
import { migrate } from "../../src/db/migrate.ts";
import { createLogger } from "../../src/log.ts";
import { warmWantedList } from "../../src/wanted/list-warm.ts";
import { currentOrders, listWanted, parseStatusFilter } from "../../src/wanted/store/index.ts";
import { WantedListQuerySchema } from "../../src/wanted/wanted.schemas.ts";
import { pollUntil } from "../support/poll.ts";
import { spawnSourceServer } from "../support/process.ts";
import { addWantedRow } from "../support/wanted-rows.ts";

let dir: string;
let db: DbHandle;
let lines: string[];
const log = () => createLogger({ level: "debug", format: "json", write: (l) => lines.push(l) });
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "subhound-list-warm-"));
  db = openDatabase({ path: join(dir, "subhound.db") });
  migrate(db.sqlite);
  lines = [];
});
afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

const now = "2026-12-04T10:00:00.000Z";

const addItem = (n: number, status: string) =>
  addWantedRow(db.sqlite, n, { addedAt: `2026-12-0${n}T00:00:00.000Z`, status, now });

test("the default view's order is built at start: the list the API and the UI show without parameters", async () => {
  const [first, , third, fourth] = [1, 2, 3, 4].map((n) => addItem(n, n === 2 ? "resolved" : "wanted"));
  expect(currentOrders(db.sqlite)).toEqual([]);
  await warmWantedList(db, log());
  const [order, ...more] = currentOrders(db.sqlite);
  expect(more).toEqual([]);
  // Open items, newest first: resolved item 2 is not in it.
  expect(Array.from(order!.ids)).toEqual([fourth!, third!, first!]);
  // It is the order a page of that view (as the UI asks it: sort and order in the URL) is cut from.
  const query = WantedListQuerySchema.parse({ page: "1", pageSize: "2", sort: "added", order: "desc" });
  const page = listWanted(db, query, parseStatusFilter(undefined) as never);
  expect(page.records.map((r) => r.id)).toEqual([fourth!, third!]);
  expect(page.total).toBe(3);
  expect(currentOrders(db.sqlite)).toHaveLength(1);
  expect(lines.some((l) => l.includes("default order built") && l.includes('"items":3'))).toBe(true);
});

test("a failure is logged, not thrown: the first page builds the order then", async () => {
  db.sqlite.run("DROP TABLE wanted_list_version");
  await warmWantedList(db, log());
  expect(lines.some((l) => l.includes('"level":"warn"') && l.includes("not built at start"))).toBe(true);
});

test("the server builds it once it listens", async () => {
  for (const n of [1, 2, 3]) addItem(n, "wanted");
  db.close();
  const server = await spawnSourceServer({
    cwd: dir,
    dataDir: dir,
    apiKey: "list-warm-test-key-0123456789",
    env: { SUBHOUND_LOG_LEVEL: "debug" },
  });
  try {
    const line = await pollUntil(
      async () =>
        server
          .stderr()
          .split("\n")
          .find((l) => l.includes("default order built")),
      (found) => found !== undefined,
    );
    expect(JSON.parse(line!)).toMatchObject({ component: "wanted", items: 3 });
  } finally {
    await server.stop();
    db = openDatabase({ path: join(dir, "subhound.db") });
  }
});
