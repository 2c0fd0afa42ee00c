import { expect, test } from "bun:test";
import { Hono } from "hono";
import { createScrubber } from "../../src/config/scrub.ts";
import { JsonText, scrubJsonResponses } from "../../src/http/scrub-responses.ts";

const SECRET = "tok-5f1e9a7c2b";

function app() {
  const scrub = createScrubber([SECRET]);
  const a = new Hono();
  a.use(scrubJsonResponses(() => scrub));
  a.get("/json", (c) =>
    c.json({ said: `key ${SECRET}`, url: "http://bob:pw@host/x" }, 201, { "X-Kept": "1" }),
  );
  a.get("/hand", () =>
    Response.json({ detail: `bad ${SECRET}` }, { headers: { "content-type": "application/problem+json" } }),
  );
  a.get("/throws", () => {
    throw new Error(`remote echoed ${SECRET}`);
  });
  a.get("/text", (c) => c.text(`plain ${SECRET}`));
  a.get("/serialized", (c) => c.json(new JsonText(JSON.stringify({ said: SECRET }))));
  a.onError((err, c) => c.json({ detail: err.message }, 500));
  return a;
}

test("a handler's c.json is scrubbed as it is serialized, keeping its status and headers", async () => {
  const res = await app().request("/json");
  expect(res.status).toBe(201);
  expect(res.headers.get("x-kept")).toBe("1");
  expect(res.headers.get("content-type")).toStartWith("application/json");
  expect(await res.json()).toEqual({ said: "key ***", url: "http://***@host/x" });
});

test("JSON built by hand and an error's answer are read back and scrubbed", async () => {
  const hand = await app().request("/hand");
  expect(await hand.json()).toEqual({ detail: "bad ***" });
  const thrown = await app().request("/throws");
  expect(thrown.status).toBe(500);
  expect(await thrown.json()).toEqual({ detail: "remote echoed ***" });
});

test("other content types pass untouched", async () => {
  expect(await (await app().request("/text")).text()).toBe(`plain ${SECRET}`);
});

test("JSON serialized elsewhere is sent as it is, scrubbed; without the middleware it still serializes right", async () => {
  expect(await (await app().request("/serialized")).json()).toEqual({ said: "***" });
  const bare = new Hono();
  bare.get("/", (c) => c.json({ page: new JsonText('{"a":[1,2]}') }));
  expect(await (await bare.request("/")).json()).toEqual({ page: { a: [1, 2] } });
});
