import type { Database } from "bun:sqlite";

/**
 * The wanted list's order, kept per filter and sort as an array of item ids (and beside it each
 * item's file), so any page is a slice and the total its length: O(page) for page 1 and page 2,000
 * alike, where LIMIT/OFFSET walks (and sorts) every row before the page. A text search walks the
 * same order and keeps the items whose file matched (list-reads.ts). An order is good while
 * wanted_list_version, which the triggers of migration 0014 raise on every change that can move an
 * item in, out or within a list, stays the same; building one costs about what one sorted OFFSET
 * query did.
 *
 * The orders belong to the database connection (a WeakMap on it), not to the process: two
 * connections, two sets, each checked against the same version row in the database.
 */
const MAX_ORDERS = 8;

export interface Order {
  version: number;
  /** The items in list order. */
  ids: Int32Array;
  /** Each item's file (media_file_id), at the item's index. */
  fileIds: Int32Array;
}

/** An order as one connection hands it to another (the list worker's): what it is for, and at which version. */
export interface SharedOrder extends Order {
  key: string;
}

const ordersOf = new WeakMap<Database, Map<string, Order>>();

function listVersion(sqlite: Database): number {
  return (
    sqlite.query<{ version: number }, []>("SELECT version FROM wanted_list_version WHERE id = 1").get()
      ?.version ?? -1
  );
}

function ordersFor(sqlite: Database): Map<string, Order> {
  let orders = ordersOf.get(sqlite);
  if (!orders) {
    orders = new Map();
    ordersOf.set(sqlite, orders);
  }
  return orders;
}

/**
 * The orders this connection holds that are still current: another connection of the same file may
 * start from them instead of building each again (about 50 ms at 100,000 items).
 */
export function currentOrders(sqlite: Database): SharedOrder[] {
  const orders = ordersOf.get(sqlite);
  if (!orders || orders.size === 0) return [];
  const version = listVersion(sqlite);
  return [...orders].filter(([, o]) => o.version === version).map(([key, o]) => ({ key, ...o }));
}

/** Takes orders another connection of the same file built; each is used only while its version is current. */
export function adoptOrders(sqlite: Database, shared: readonly SharedOrder[]): void {
  const orders = ordersFor(sqlite);
  for (const { key, version, ids, fileIds } of shared.slice(-MAX_ORDERS)) {
    if (orders.has(key)) continue;
    orders.set(key, { version, ids, fileIds });
    if (orders.size > MAX_ORDERS) orders.delete(orders.keys().next().value!);
  }
}

/**
 * The items `sql` selects (two columns, the item's id and its file's, in list order) for `key`,
 * from the cache while the list has not changed.
 */
export function cachedOrder(
  sqlite: Database,
  key: string,
  sql: string,
  params: readonly (string | number)[],
): Order {
  const orders = ordersFor(sqlite);
  const version = listVersion(sqlite);
  const hit = orders.get(key);
  orders.delete(key);
  if (hit && hit.version === version) {
    orders.set(key, hit); // most recently used last
    return hit;
  }
  const rows = sqlite.query<unknown, (string | number)[]>(sql).values(...params) as [number, number][];
  const order: Order = { version, ids: new Int32Array(rows.length), fileIds: new Int32Array(rows.length) };
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i]!;
    order.ids[i] = row[0];
    order.fileIds[i] = row[1];
  }
  orders.set(key, order);
  if (orders.size > MAX_ORDERS) orders.delete(orders.keys().next().value!);
  return order;
}
