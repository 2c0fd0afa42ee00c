import { expect, test } from "bun:test";
import { describeCron } from "../../src/jobs/cron-text.ts";

test("cron expressions read as words; one cronstrue cannot read is shown as it is", () => {
  expect(describeCron("0 */6 * * *")).toBe("On the hour, every 6 hours");
  expect(describeCron("30 3 * * *")).toBe("At 03:30");
  expect(describeCron("0 * * * *")).toBe("Every hour");
  expect(describeCron("not a cron")).toBe("not a cron");
});
