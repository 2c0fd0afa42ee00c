import { expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { configSchema } from "../../src/config/schema.ts";

const readme = readFileSync(join(import.meta.dir, "../../README.md"), "utf8");

test("every top-level config key appears in the README", () => {
  for (const key of Object.keys(configSchema.shape)) expect(readme).toContain(`\`${key}`);
});
