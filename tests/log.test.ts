import { describe, expect, test } from "bun:test";
import { configChanged } from "../src/config/config-version.ts";
import { createLogger, loggerFor, MAX_CAUSE_DEPTH } from "../src/log.ts";
import { testConfig } from "./support/runtime.ts";

test("JSON lines with level filtering and secrets scrubbed", () => {
  const lines: string[] = [];
  const log = createLogger({
    level: "info",
    format: "json",
    secrets: ["sonarr-secret-abc"],
    write: (l) => lines.push(l),
    now: () => new Date("2026-01-01T00:00:00Z"),
  });
  log.debug("hidden");
  log.info("calling http://sonarr/api?apikey=sonarr-secret-abc", { header: "X-Api-Key: sonarr-secret-abc" });
  log.child({ component: "scan" }).error("boom", { error: new Error("failed with sonarr-secret-abc") });
  expect(lines).toHaveLength(2);
  for (const l of lines) expect(l).not.toContain("sonarr-secret-abc");
  const first = JSON.parse(lines[0]!);
  expect(first).toMatchObject({ time: "2026-01-01T00:00:00.000Z", level: "info", header: "X-Api-Key: ***" });
  expect(JSON.parse(lines[1]!)).toMatchObject({
    level: "error",
    component: "scan",
    error: { name: "Error", message: "failed with ***" },
  });
});

test("pretty format is one readable line", () => {
  const lines: string[] = [];
  createLogger({
    format: "pretty",
    write: (l) => lines.push(l),
    now: () => new Date("2026-01-01T12:34:56Z"),
  }).warn("slow", { ms: 5 });
  expect(lines).toEqual(['12:34:56 WARN  slow {"ms":5}']);
});

function capture(options: Parameters<typeof createLogger>[0] = {}) {
  const lines: string[] = [];
  const log = createLogger({ format: "json", write: (l) => lines.push(l), ...options });
  return { log, lines, last: () => JSON.parse(lines.at(-1)!) };
}

describe("errors", () => {
  test("keep their cause chain, with no stack above debug", () => {
    const { log, last } = capture({ level: "info" });
    const root = Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:8989"), { code: "ECONNREFUSED" });
    const outer = new Error("sonarr listing failed", {
      cause: new TypeError("fetch failed", { cause: root }),
    });
    log.error("scan failed", { error: outer });
    expect(last().error).toEqual({
      name: "Error",
      message: "sonarr listing failed",
      cause: {
        name: "TypeError",
        message: "fetch failed",
        cause: { name: "Error", message: "connect ECONNREFUSED 127.0.0.1:8989", code: "ECONNREFUSED" },
      },
    });
  });

  test("carry their stacks, and their causes' stacks, at debug", () => {
    const { log, last } = capture({ level: "debug" });
    function readListing(): never {
      throw new Error("inner", { cause: "a string cause" });
    }
    let thrown: unknown;
    try {
      try {
        readListing();
      } catch (e) {
        throw new Error("outer", { cause: e });
      }
    } catch (e) {
      thrown = e;
    }
    log.warn("retrying", { error: thrown });
    const { error } = last();
    expect(error.stack).toStartWith("Error: outer\n");
    expect(error.cause.stack).toContain("readListing");
    expect(error.cause.cause).toBe("a string cause");
  });

  test("secrets are scrubbed from messages, causes and stacks", () => {
    const { log, lines } = capture({ level: "debug", secrets: ["sonarr-secret-abc"] });
    const cause = new Error("GET http://admin:hunter22@sonarr:8989/api failed");
    const error = new Error("listing with apikey sonarr-secret-abc failed", { cause });
    log.error("boom", {
      error,
      nested: { attempts: [{ error: cause }] },
      url: new URL("http://bob:pw1234@x/"),
    });
    const line = lines[0]!;
    for (const secret of ["sonarr-secret-abc", "hunter22", "admin:", "pw1234"])
      expect(line).not.toContain(secret);
    const parsed = JSON.parse(line);
    expect(parsed.error.stack).toStartWith("Error: listing with apikey *** failed");
    expect(parsed.error.cause.message).toBe("GET http://***@sonarr:8989/api failed");
    expect(parsed.error.cause.stack).toContain("http://***@sonarr:8989");
    expect(parsed.nested.attempts[0].error.message).toBe("GET http://***@sonarr:8989/api failed");
  });

  test("a circular or very long cause chain is cut, not followed forever", () => {
    const { log, last } = capture();
    const loop = new Error("loops");
    loop.cause = loop;
    log.error("x", { error: loop });
    let node = last().error;
    for (let i = 0; i < MAX_CAUSE_DEPTH; i++) {
      expect(node.message).toBe("loops");
      node = node.cause;
    }
    expect(node.message).toBe("loops");
    expect(node.cause).toBe(`(cause chain cut after ${MAX_CAUSE_DEPTH} levels)`);
  });

  test("an AggregateError lists what it aggregates", () => {
    const { log, last } = capture();
    log.error("all failed", {
      error: new AggregateError([new Error("a"), new RangeError("b")], "none answered"),
    });
    expect(last().error).toEqual({
      name: "AggregateError",
      message: "none answered",
      errors: [
        { name: "Error", message: "a" },
        { name: "RangeError", message: "b" },
      ],
    });
  });

  test("a custom error's own fields come along; bound fields are serialized too", () => {
    class ArrError extends Error {
      override name = "ArrError";
      constructor(
        message: string,
        readonly status: number,
        readonly body: { huge: string },
      ) {
        super(message);
      }
    }
    const { log, last } = capture();
    log.child({ error: new ArrError("503 from sonarr", 503, { huge: "x" }) }).error("listing failed");
    expect(last().error).toEqual({ name: "ArrError", message: "503 from sonarr", status: 503 });
  });
});

test("a secret a reload brings (a Sonarr added in the settings) is scrubbed from the next line on", () => {
  const config = testConfig({ log: { format: "json" } });
  const lines: string[] = [];
  const log = loggerFor(config, (l) => lines.push(l));
  // What the server's reload does: the new keys are copied into the config object everyone holds.
  const added = testConfig({
    sonarr: [{ name: "main", url: "http://sonarr:8989", apiKey: "sonarr-key-0123456789" }],
  });
  config.sonarr = added.sonarr;
  configChanged(config);
  log.warn("sonarr: listing failed", { error: new Error("key sonarr-key-0123456789 refused") });
  expect(lines).toHaveLength(1);
  expect(lines[0]).not.toContain("sonarr-key-0123456789");
  expect(JSON.parse(lines[0]!).error.message).toBe("key *** refused");
});
