import { perConfig } from "../config/config-version.ts";
import type { Config } from "../config/schema.ts";
import type { profileSet } from "../profiles/profile.ts";
import { workerUrl as workerUrlOf } from "../worker-url.ts";
import { overridesGeneration } from "./profile-store.ts";
import type { SharedOrder } from "./store/index.ts";
import type { WantedPageInput } from "./wanted-page.ts";

/** What the list worker is sent: a page to answer, and the profiles when they changed since the last message. */
export interface ListRequest {
  id: number;
  path: string;
  input: WantedPageInput;
  overridesGeneration: number;
  profiles?: {
    config: Parameters<typeof profileSet>[0];
    maxAttempts: number;
    afterAttemptsEveryDays: number;
  };
  /** With a worker's first page: the list orders the server's connection holds, so it need not build them again. */
  orders?: SharedOrder[];
  /** With the page a new worker is warmed with: how many more pages it works out after it (list-worker.ts). */
  warmUp?: number;
}

/** A page as JSON text, with when it goes stale on the clock (page-cache.ts). */
export interface WorkedOutPage {
  body: string;
  validUntil: string | null;
}

export type ListReply =
  | ({ id: number; ok: true } & WorkedOutPage)
  | { id: number; ok: false; error: string }
  /** Sent once the worker's modules are loaded. */
  | { ready: true }
  /** Sent once the worker has worked out its warm-up pages. */
  | { warmedUp: number };

export interface WantedListReader {
  /**
   * One page worked out in the worker; null while the worker is starting (the caller answers in its
   * own thread then, so a first page never waits for a worker to load). Rejects when the worker fails or is
   * slow; the caller answers in its own thread then too.
   */
  page(input: WantedPageInput, config: Config): Promise<WorkedOutPage> | null;
  /** The worker starts on the first page, answers once it is ready, and stops when idle. */
  readonly state: "stopped" | "starting" | "ready" | "off";
  close(): void;
}

export interface WantedListReaderOptions {
  /** The database file; the worker opens it read-only (WAL lets it read while the server writes). */
  path: string;
  /** An idle worker is stopped after this long, handing its memory back (idle RSS stays low). */
  idleMs?: number;
  /** A page that takes longer fails over to the server's thread and the worker is replaced. */
  timeoutMs?: number;
  workerUrl?: URL | string;
  /** Whether a page asked alone is answered where it is asked (default); false sends every page to the worker. */
  answerAlone?: boolean;
  /** Told once when the worker cannot start: every page is answered in the server's thread from then on. */
  onGiveUp?: (reason: string) => void;
  /**
   * The current list orders of the server's connection (store/list-order.ts), handed to a worker
   * with its first page: building the default order again took a new worker ~100 ms at 100,000
   * items, beside the requests the server answered meanwhile.
   */
  sharedOrders?: () => SharedOrder[];
  /**
   * Pages a new worker works out and drops once ready, so that the JIT has compiled its code before
   * a burst of readers comes. Default 320 (~0.1–0.15 s of the worker's CPU, one page per turn): the
   * first burst of 200 pages at 100,000 items, p99 ~150 ms with none, 120–142 ms with 96, 91–117 ms
   * with 320 (the JIT's threads took 20–40 ms of CPU during the burst instead of 60–80).
   */
  warmUpPages?: number;
  /** Told when a new worker has worked out its warm-up pages. */
  onWarmedUp?: (pages: number) => void;
}

// The part of the config a page is explained with, worked out again only when a reload changed the config.
const profileConfigOf = perConfig((config) => ({
  config: {
    languages: config.languages,
    profile: config.profile,
    translation: { sourceLanguages: config.translation.sourceLanguages },
    profiles: config.profiles,
    profileTags: config.profileTags,
  },
  maxAttempts: config.search.maxAttempts,
  afterAttemptsEveryDays: config.search.afterAttemptsEveryDays,
}));

interface Pending {
  resolve(page: WorkedOutPage): void;
  reject(error: Error): void;
  timer: Timer;
}

/**
 * Answers wanted-list pages in one Worker with its own read-only connection: 200 readers at once
 * no longer queue the server's thread behind 200 × (50 rows read, explained and serialized), and
 * liveness answers meanwhile. Pages go to the worker as they come; it answers them in order.
 */
export function createWantedListReader(options: WantedListReaderOptions): WantedListReader {
  const idleMs = options.idleMs ?? 120_000;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const url = options.workerUrl ?? workerUrlOf(import.meta.url, "wanted/list-worker.ts");
  const pending = new Map<number, Pending>();
  let worker: Worker | null = null;
  let ready = false;
  let off = false;
  let sentProfiles: unknown = null;
  let sentOrders = false;
  let idleTimer: Timer | null = null;
  let nextId = 1;
  let lastAsked: { input: WantedPageInput; config: Config } | null = null;
  const answerAlone = options.answerAlone ?? true;
  const warmUpPages = options.warmUpPages ?? 320;
  // Set while this thread answers pages in the current turn of the event loop: requests that arrive
  // together are handled in one turn, one after the other, and the second of them is not alone.
  let answeringThisTurn = false;

  const failAll = (error: Error) => {
    for (const [id, p] of pending) {
      clearTimeout(p.timer);
      pending.delete(id);
      p.reject(error);
    }
  };

  const stop = () => {
    worker?.terminate();
    worker = null;
    ready = false;
    sentProfiles = null;
    sentOrders = false;
  };

  const spawn = (): Worker => {
    const spawned = new Worker(url);
    spawned.unref();
    spawned.onmessage = (event: MessageEvent<ListReply>) => {
      const reply = event.data;
      if ("warmedUp" in reply) {
        options.onWarmedUp?.(reply.warmedUp);
        return;
      }
      if ("ready" in reply) {
        ready = true;
        // Warm it with the last page asked and more of that view (answers dropped): the first burst
        // should not wait while the worker builds the list's order and the JIT compiles its code.
        if (lastAsked) send(0, lastAsked.input, lastAsked.config, warmUpPages);
        armIdle();
        return;
      }
      const p = pending.get(reply.id);
      if (!p) return;
      clearTimeout(p.timer);
      pending.delete(reply.id);
      if (reply.ok) p.resolve({ body: reply.body, validUntil: reply.validUntil });
      else p.reject(new Error(reply.error));
      if (pending.size === 0) armIdle();
    };
    spawned.onerror = (event) => {
      event.preventDefault();
      if (!ready && !off) {
        // It never loaded (a broken build, no file): starting it again per page would only repeat that.
        off = true;
        options.onGiveUp?.(event.message);
      }
      stop();
      failAll(new Error(`the wanted-list worker failed: ${event.message}`));
    };
    return spawned;
  };

  const send = (id: number, input: WantedPageInput, config: Config, warmUp = 0) => {
    const message: ListRequest = {
      id,
      path: options.path,
      input,
      overridesGeneration: overridesGeneration(),
    };
    if (warmUp > 0) message.warmUp = warmUp;
    const profiles = profileConfigOf(config);
    if (profiles !== sentProfiles) {
      message.profiles = profiles;
      sentProfiles = profiles;
    }
    if (!sentOrders) {
      sentOrders = true;
      const orders = options.sharedOrders?.() ?? [];
      if (orders.length > 0) message.orders = orders;
    }
    worker?.postMessage(message);
  };

  const armIdle = () => {
    if (idleTimer) clearTimeout(idleTimer);
    idleTimer = setTimeout(() => {
      idleTimer = null;
      if (pending.size === 0) stop();
    }, idleMs);
    idleTimer.unref();
  };

  return {
    page(input, config) {
      if (idleTimer) {
        clearTimeout(idleTimer);
        idleTimer = null;
      }
      if (off) return null;
      lastAsked = { input, config };
      worker ??= spawn();
      if (!ready) return null;
      // A page asked on its own is answered fastest where it is asked (no hop between threads). Pages
      // that arrive together (in one turn of the event loop) go to the worker: this thread only
      // parses and sends, so liveness and other requests never wait behind a burst of pages (sharing
      // the pages between both threads took a little off a burst's p99 and put liveness back behind it).
      if (answerAlone && pending.size === 0 && !answeringThisTurn) {
        answeringThisTurn = true;
        setImmediate(() => {
          answeringThisTurn = false;
        });
        return null;
      }
      const id = nextId++;
      const answer = new Promise<WorkedOutPage>((resolve, reject) => {
        const timer = setTimeout(() => {
          // A worker this slow is stuck: replace it; what it still holds is answered in the server's thread.
          stop();
          failAll(new Error(`the wanted-list worker took over ${timeoutMs} ms`));
        }, timeoutMs);
        timer.unref();
        pending.set(id, { resolve, reject, timer });
      });
      send(id, input, config);
      return answer;
    },
    get state() {
      return off ? "off" : worker === null ? "stopped" : ready ? "ready" : "starting";
    },
    close() {
      if (idleTimer) clearTimeout(idleTimer);
      stop();
      failAll(new Error("the wanted-list reader was closed"));
    },
  };
}
