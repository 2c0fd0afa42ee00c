import { describe, expect, test } from "bun:test";
import { ConfigError } from "../../src/config/load.ts";
import { configSchema } from "../../src/config/schema.ts";
import { DEFAULT_CRITICAL, HEALTH_CHECK_NAMES, HEALTH_CHECKS } from "../../src/health/checks.ts";
import { runBounded } from "../../src/health/detailed.ts";
import { DetailedHealthSchema, detailedHealthExamples } from "../../src/health/schemas.ts";
import { resolveHealthSettings } from "../../src/health/settings.ts";
import { testRuntime } from "../support/runtime.ts";

describe("the health registry", () => {
  test("names are unique snake_case keys", () => {
    expect(new Set(HEALTH_CHECK_NAMES).size).toBe(HEALTH_CHECKS.length);
    for (const name of HEALTH_CHECK_NAMES) expect(name).toMatch(/^[a-z][a-z0-9_]*$/);
  });

  test("every check's example is valid against the response schema, healthy and with a failed check", () => {
    const healthy = DetailedHealthSchema.safeParse(detailedHealthExamples.healthy);
    expect(healthy.error?.issues ?? []).toEqual([]);
    expect(Object.keys(detailedHealthExamples.healthy.subsystems)).toEqual([...HEALTH_CHECK_NAMES]);
    const degraded = DetailedHealthSchema.safeParse(detailedHealthExamples.degraded);
    expect(degraded.error?.issues ?? []).toEqual([]);
  });

  test("a report missing a declared detail does not pass the schema", () => {
    const { sizeBytes: _dropped, ...database } = detailedHealthExamples.healthy.subsystems.database as {
      sizeBytes: number;
    };
    const broken = {
      ...detailedHealthExamples.healthy,
      subsystems: { ...detailedHealthExamples.healthy.subsystems, database: { ...database, healthy: true } },
    };
    expect(DetailedHealthSchema.safeParse(broken).success).toBe(false);
  });

  test("every check has a one-line summary for the README", () => {
    for (const check of HEALTH_CHECKS) {
      expect(check.summary.length).toBeGreaterThan(10);
      expect(check.summary).not.toContain("\n");
      expect(check.summary).not.toContain("|");
    }
  });
});

const settings = (health: Record<string, unknown> = {}) =>
  resolveHealthSettings(configSchema.parse({ health }).health);
const resolveCritical = (critical: unknown) => settings(critical === undefined ? {} : { critical }).critical;

describe("health.critical", () => {
  test("unset means the checks the registry marks critical", () => {
    expect(configSchema.parse({}).health.critical).toBeUndefined();
    expect(resolveCritical(undefined)).toEqual([...DEFAULT_CRITICAL]);
    expect(DEFAULT_CRITICAL).toEqual(HEALTH_CHECKS.filter((c) => c.critical).map((c) => c.name));
  });

  test("a list from the environment is split on commas and kept as given", () => {
    const critical = configSchema.parse({ health: { critical: "database, memory" } }).health.critical;
    expect(critical).toEqual(["database", "memory"]);
    expect(resolveCritical(critical)).toEqual(["database", "memory"]);
  });

  test("an unknown name fails at start with the key and the valid names", () => {
    expect(() => resolveCritical(["database", "dsik_media"])).toThrow(ConfigError);
    expect(() => resolveCritical(["dsik_media"])).toThrow(
      /^health\.critical: unknown check "dsik_media"; the checks are database, ollama, /,
    );
    expect(() => testRuntime({ health: { critical: ["nope"] } })).toThrow('unknown check "nope"');
  });

  test("a value that cannot be a check name is refused by the config schema", () => {
    const parsed = configSchema.safeParse({ health: { critical: ["Disk Media"] } });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.path).toEqual(["health", "critical", 0]);
  });
});

describe("runBounded", () => {
  test("a check that throws reports only healthy: false and the error", async () => {
    const result = await runBounded(() => {
      throw new Error("backend said no");
    }, 1_000);
    expect(result).toEqual({ healthy: false, message: "backend said no" });
  });

  test("a check that ignores its deadline is answered for, and its signal is aborted", async () => {
    let seen: AbortSignal | undefined;
    const result = await runBounded((signal) => {
      seen = signal;
      return new Promise<never>(() => {});
    }, 100);
    expect(result).toEqual({ healthy: false, message: "timed out after 100 ms" });
    expect(seen?.aborted).toBe(true);
  });
});

describe("health.timeouts", () => {
  test("a check without its own timeout uses health.timeoutMs", () => {
    const { timeoutMs } = settings({ timeoutMs: 3000, timeouts: { whisper_backends: 30_000 } });
    expect(timeoutMs("whisper_backends")).toBe(30_000);
    expect(timeoutMs("database")).toBe(3000);
  });

  test("the camelCase key an env variable makes names the same check", () => {
    // SUBHOUND_HEALTH__TIMEOUTS__MEDIA_SERVERS=250 arrives as timeouts.mediaServers = "250".
    expect(settings({ timeouts: { mediaServers: "250" } }).timeoutMs("media_servers")).toBe(250);
  });

  test("an unknown check or a too short timeout is refused, naming the key", () => {
    expect(() => settings({ timeouts: { whisper: 1000 } })).toThrow(
      /^health\.timeouts: unknown check "whisper"; the checks are /,
    );
    const parsed = configSchema.safeParse({ health: { timeouts: { memory: 5 } } });
    expect(parsed.error?.issues[0]?.path).toEqual(["health", "timeouts", "memory"]);
  });
});
