import type { Database } from "bun:sqlite";

/**
 * The wanted list's order, kept per filter and sort as an array of item ids, so any page is a
 * slice and the total its length: O(page) for page 1 and page 2,000 alike, where LIMIT/OFFSET
 * walks (and sorts) every row before the page. An order is good while wanted_list_version, which
 * the triggers of migration 0014 raise on every change that can move an item in, out or within a
 * list, stays the same; building one costs about what one sorted OFFSET query did.
 *
 * The orders belong to the database connection (a WeakMap on it), not to the process: two
 * connections, two sets, each checked against the same version row in the database.
 */
const MAX_ORDERS = 8;

interface Order {
  version: number;
  ids: Int32Array;
}

const ordersOf = new WeakMap<Database, Map<string, Order>>();

function listVersion(sqlite: Database): number {
  return (
    sqlite.query<{ version: number }, []>("SELECT version FROM wanted_list_version WHERE id = 1").get()
      ?.version ?? -1
  );
}

/** The ids `sql` selects (one column, in order) for `key`, from the cache while the list has not changed. */
export function cachedOrder(
  sqlite: Database,
  key: string,
  sql: string,
  params: readonly (string | number)[],
): Int32Array {
  let orders = ordersOf.get(sqlite);
  if (!orders) {
    orders = new Map();
    ordersOf.set(sqlite, orders);
  }
  const version = listVersion(sqlite);
  const hit = orders.get(key);
  orders.delete(key);
  if (hit && hit.version === version) {
    orders.set(key, hit); // most recently used last
    return hit.ids;
  }
  const rows = sqlite.query<unknown, (string | number)[]>(sql).values(...params);
  const ids = Int32Array.from(rows, (row) => (row as number[])[0]!);
  orders.set(key, { version, ids });
  if (orders.size > MAX_ORDERS) orders.delete(orders.keys().next().value!);
  return ids;
}
