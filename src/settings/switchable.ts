/**
 * A stand-in that forwards every property to the object `set` last gave it. Whoever was handed the
 * stand-in at start (the searcher's tools, health checks) uses a reload's replacement from then on.
 */
export function switchable<T extends object>(initial: T): { value: T; set(next: T): void } {
  let current = initial;
  const value = new Proxy({} as T, {
    get(_, property) {
      const v = Reflect.get(current, property, current);
      return typeof v === "function" ? v.bind(current) : v;
    },
    has: (_, property) => Reflect.has(current, property),
  });
  return {
    value,
    set(next) {
      current = next;
    },
  };
}
