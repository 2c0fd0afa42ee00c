import { expect, test } from "bun:test";
import { join } from "node:path";
import { ACTION_LABELS } from "../../web/pages/history/action-labels.ts";

interface Parameter {
  name: string;
  schema?: { enum?: string[] };
}

test("the History page names every action the API can filter by, and no other", async () => {
  const spec = (await Bun.file(join(import.meta.dir, "..", "..", "openapi.json")).json()) as {
    paths: Record<string, { get?: { operationId?: string; parameters?: Parameter[] } }>;
  };
  const list = Object.values(spec.paths).find((p) => p.get?.operationId === "listHistory")!.get!;
  const actions = list.parameters!.find((p) => p.name === "action")!.schema!.enum!;
  expect(actions).toContain("synced");
  expect(Object.keys(ACTION_LABELS).sort()).toEqual([...actions].sort());
});
