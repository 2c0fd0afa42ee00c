import { expect, test } from "bun:test";
import { createJsonScrubber, createScrubber } from "../../src/config/scrub.ts";

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

test("in a JSON answer a secret is masked in values, never in keys: the answer keeps its shape", () => {
  // Weak passwords named after a service or a field are common in a homelab.
  const scrub = createJsonScrubber(["opensubtitles", "password"]);
  const body = JSON.stringify({
    providers: { opensubtitles: { baseUrl: "https://api.opensubtitles.com/api/v1" } },
    secrets: { "providers.opensubtitles.password": { set: true } },
    note: "login with password failed",
  });
  expect(JSON.parse(scrub(body))).toEqual({
    providers: { opensubtitles: { baseUrl: "https://api.***.com/api/v1" } },
    secrets: { "providers.opensubtitles.password": { set: true } },
    note: "login with *** failed",
  });
  expect(JSON.parse(scrub('{ "opensubtitles" : "opensubtitles" }'))).toEqual({ opensubtitles: "***" });
});

test("a secret with a quote or a backslash is masked where JSON escapes it", () => {
  const secret = 'pa"ss\\word-1234';
  for (const scrub of [createScrubber([secret]), createJsonScrubber([secret])])
    expect(scrub(JSON.stringify({ error: `rejected ${secret} here`, short: secret }))).toBe(
      JSON.stringify({ error: "rejected *** here", short: "***" }),
    );
  expect(createScrubber(['q"1\\z'])(JSON.stringify({ v: 'q"1\\z' }))).toBe('{"v":"***"}');
});
