import { afterEach, beforeEach, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type DbHandle, openDatabase, openDatabaseReadOnly } from "../../src/db/client.ts";
import { migrate } from "../../src/db/migrate.ts";
import { adoptOrders, currentOrders, listWanted, parseStatusFilter } from "../../src/wanted/store/index.ts";
import { WantedListQuerySchema } from "../../src/wanted/wanted.schemas.ts";
import { addWantedRow } from "../support/wanted-rows.ts";

// Two connections to one file, as the server's thread and its list worker hold them.
let dir: string;
let server: DbHandle;
let worker: DbHandle;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "subhound-list-order-"));
  server = openDatabase({ path: join(dir, "subhound.db") });
  migrate(server.sqlite);
  worker = openDatabaseReadOnly(join(dir, "subhound.db"));
});
afterEach(() => {
  worker.close();
  server.close();
  rmSync(dir, { recursive: true, force: true });
});

const now = "2026-12-03T10:00:00.000Z";

const addItem = (n: number, addedAt: string) => addWantedRow(server.sqlite, n, { addedAt, now });

const ids = (handle: DbHandle) => {
  const query = WantedListQuerySchema.parse({ pageSize: "50" });
  return listWanted(handle, query, parseStatusFilter(undefined) as never).records.map((r) => r.id);
};

test("the server's current orders are what another connection would build", () => {
  const items = [1, 2, 3].map((n) => addItem(n, `2026-12-0${n}T00:00:00.000Z`));
  expect(currentOrders(server.sqlite)).toEqual([]);
  const order = ids(server);
  expect(order).toEqual([...items].reverse());
  const shared = currentOrders(server.sqlite);
  expect(shared).toHaveLength(1);
  expect(Array.from(shared[0]!.ids)).toEqual(order);
  expect(ids(worker)).toEqual(order);
});

test("an adopted order is used while the list is unchanged, and built again once it changes", () => {
  const items = [1, 2, 3].map((n) => addItem(n, `2026-12-0${n}T00:00:00.000Z`));
  ids(server);
  const [shared] = currentOrders(server.sqlite);
  // A marked copy: only adoption can make the worker list the items in this order.
  const marked = { ...shared!, ids: Int32Array.from([items[0]!, items[2]!, items[1]!]) };
  adoptOrders(worker.sqlite, [marked]);
  expect(ids(worker)).toEqual([items[0]!, items[2]!, items[1]!]);

  const fourth = addItem(4, "2026-12-04T00:00:00.000Z");
  expect(ids(worker)).toEqual([fourth, ...[...items].reverse()]);
  // An order of an older version is not handed on.
  expect(currentOrders(server.sqlite)).toEqual([]);
});

test("orders of an older version are adopted but never used", () => {
  const items = [1, 2].map((n) => addItem(n, `2026-12-0${n}T00:00:00.000Z`));
  ids(server);
  const [shared] = currentOrders(server.sqlite);
  addItem(3, "2026-12-03T00:00:00.000Z");
  adoptOrders(worker.sqlite, [{ ...shared!, ids: Int32Array.from([items[0]!]) }]);
  expect(ids(worker)).toHaveLength(3);
});

test("the default view's order is read from one index alone: no item's row is looked up, nothing is sorted", () => {
  for (const n of [1, 2, 3]) addItem(n, `2026-12-0${n}T00:00:00.000Z`);
  const statements: string[] = [];
  const sqlite = new Proxy(server.sqlite, {
    get(target, key) {
      if (key === "query")
        return (sql: string) => {
          statements.push(sql);
          return target.query(sql);
        };
      const value = Reflect.get(target, key);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
  ids({ ...server, sqlite });
  const orderSql = statements.find((s) => s.startsWith("SELECT w.id, w.media_file_id FROM wanted_items w"));
  expect(orderSql).toBeDefined();
  const open = parseStatusFilter(undefined) as string[];
  const plan = server.sqlite
    .query<{ detail: string }, string[]>(`EXPLAIN QUERY PLAN ${orderSql}`)
    .all(...open)
    .map((r) => r.detail);
  expect(plan).toEqual(["SCAN w USING COVERING INDEX wanted_items_added"]);
});
