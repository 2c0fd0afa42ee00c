import { expect, test } from "bun:test";
import { openPage, recordBodies } from "./support/browser.ts";
import { settingsSuite } from "./support/settings-suite.ts";

const suite = settingsSuite();

const PROXY_PASSWORD = "proxy-Pass-typed-in-page-64";

const proxyInFile = () => suite.savedConfig().proxy;

async function save(page: import("playwright-core").Page) {
  await page.getByRole("button", { name: "Save" }).click();
  await page
    .getByRole("status")
    .filter({ hasText: /^Saved/ })
    .first()
    .waitFor();
  await page.getByRole("region", { name: "Unsaved changes" }).waitFor({ state: "detached" });
}

test("the outbound proxy card saves URL, login, exclusions and the local switch; the password never reaches the browser", async () => {
  const { page, problems } = await openPage(suite.browser.browser, { storageState: suite.session });
  const bodies = recordBodies(page);
  await page.goto(`${suite.server.url}/settings/providers`);
  const card = page.getByRole("region", { name: "Outbound proxy" });
  await card.getByText("not set", { exact: true }).waitFor();
  // No URL, no login: the login boxes wait for one.
  expect(await card.getByLabel("Proxy user").isDisabled()).toBe(true);

  await card.getByLabel("Proxy URL").fill("http://10.0.0.5:8888");
  await card.getByLabel("Proxy user").fill("sub hound");
  await card.getByLabel("Proxy password").fill(PROXY_PASSWORD);
  await card.getByText("replaced on save").waitFor();
  await card.getByLabel("Go direct to").fill("example.org, tracker.example.net");
  await card.getByLabel("Go direct to").blur();
  await card.getByLabel("Local servers go direct").uncheck();
  await save(page);
  expect(proxyInFile()).toEqual({
    url: `http://sub%20hound:${PROXY_PASSWORD}@10.0.0.5:8888`,
    exclude: ["example.org", "tracker.example.net"],
    bypassLocal: false,
  });

  // Shown again: host and port, the login only as "set".
  await page.reload();
  await card.getByText("set", { exact: true }).waitFor();
  expect(await card.getByLabel("Proxy URL").inputValue()).toBe("http://10.0.0.5:8888");
  expect(await card.getByLabel("Proxy user").inputValue()).toBe("");
  expect(await card.getByLabel("Proxy password").inputValue()).toBe("");
  expect(await card.getByLabel("Go direct to").inputValue()).toBe("example.org, tracker.example.net");
  expect(await card.getByLabel("Local servers go direct").isChecked()).toBe(false);

  // The URL retyped key by key (no scheme for a moment) keeps the saved login.
  await card.getByLabel("Proxy URL").fill("");
  await card.getByLabel("Proxy URL").pressSequentially("http://10.0.0.5:3128");
  await card.getByText("set", { exact: true }).waitFor();
  await save(page);
  expect(proxyInFile().url).toBe(`http://sub%20hound:${PROXY_PASSWORD}@10.0.0.5:3128`);

  // Remove takes the login out, and only it.
  await card.getByRole("button", { name: "Remove" }).click();
  await card.getByText("removed on save").waitFor();
  await save(page);
  expect(proxyInFile().url).toBe("http://10.0.0.5:3128");
  await card.getByText("not set", { exact: true }).waitFor();

  expect(bodies.length).toBeGreaterThan(3);
  for (const body of bodies) expect(body).not.toContain(PROXY_PASSWORD);
  expect(await page.content()).not.toContain(PROXY_PASSWORD);
  expect(problems).toEqual({ consoleErrors: [], failedRequests: [] });
  await page.context().close();
}, 60_000);

test("a refused proxy URL shows its error beside the field, without quoting the login", async () => {
  const { page, context } = await openPage(suite.browser.browser, { storageState: suite.session });
  await page.goto(`${suite.server.url}/settings/providers`);
  const card = page.getByRole("region", { name: "Outbound proxy" });
  await card.getByLabel("Proxy URL").fill("socks5://10.0.0.5:1080");
  await card.getByLabel("Proxy user").fill("me");
  await card.getByLabel("Proxy password").fill(PROXY_PASSWORD);
  await page.getByRole("button", { name: "Save" }).click();
  const error = card.getByRole("alert");
  await error.getByText("expected an http:// or https:// proxy (SOCKS is not supported)").waitFor();
  expect(await error.textContent()).not.toContain(PROXY_PASSWORD);
  await page.getByRole("button", { name: "Discard" }).click();
  await context.close();
}, 60_000);

test("screenshots of the Providers section with the proxy card", async () => {
  await suite.screenshots({
    path: "/settings/providers",
    name: "settings-providers-proxy",
    ready: (p) => p.getByRole("region", { name: "Outbound proxy" }).getByLabel("Proxy URL").waitFor(),
  });
}, 120_000);
