import type { Notifications } from "./dispatcher.ts";

/**
 * The notifications a reload can replace: the routes and `serve` hold this one object, which
 * forwards to the current dispatcher. `replace` stops the old one listening at once (its queued
 * messages still go out within `graceMs`) and starts the new one if the old had been started.
 */
export function replaceableNotifications(
  initial: Notifications,
  graceMs: number,
): Notifications & { replace(next: Notifications): void } {
  let current = initial;
  let started = false;
  return {
    list: () => current.list(),
    test: (name, signal) => current.test(name, signal),
    start() {
      started = true;
      current.start();
    },
    stop: (grace) => current.stop(grace),
    whenIdle: () => current.whenIdle(),
    replace(next) {
      const old = current;
      current = next;
      void old.stop(graceMs);
      if (started) next.start();
    },
  };
}
