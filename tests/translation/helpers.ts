import { configSchema } from "../../src/config/schema.ts";

export function translationConfig(input: Record<string, unknown> = {}) {
  return configSchema.parse({ translation: input }).translation;
}

export function numbered(count: number, prefix = "line"): string[] {
  return Array.from({ length: count }, (_, i) => `${prefix} ${i + 1}`);
}
