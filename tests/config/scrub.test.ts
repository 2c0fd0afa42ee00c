import { expect, test } from "bun:test";
import { createScrubber } from "../../src/config/scrub.ts";

test("a long secret is replaced wherever it appears, and URL userinfo always", () => {
  const scrub = createScrubber(["tk_longsecrettoken"]);
  expect(scrub("failed: GET https://ntfy.sh/x?auth=tk_longsecrettoken answered 401")).toBe(
    "failed: GET https://ntfy.sh/x?auth=*** answered 401",
  );
  expect(scrub("http://user:pass@host:8989/api")).not.toContain("pass");
});

test("a short secret is replaced as a whole quoted value only, so unrelated values stay intact", () => {
  // A 4-7 character secret (a header value, a short password) also occurs inside ordinary values.
  const scrub = createScrubber(["subs", "media"]);
  const body = JSON.stringify({
    topic: "subs",
    path: "/media/tv/subs",
    headerValue: "subs",
    password: "media",
  });
  expect(JSON.parse(scrub(body))).toEqual({
    topic: "***",
    path: "/media/tv/subs",
    headerValue: "***",
    password: "***",
  });
});

test("secrets under 4 characters are not scrubbed at all (too common to tell apart)", () => {
  expect(createScrubber(["abc"])("abc def")).toBe("abc def");
});
