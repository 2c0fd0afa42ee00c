import type { Browser, BrowserContext, Page } from "playwright-core";
import { openPage } from "./browser.ts";

export const USERNAME = "admin";
export const PASSWORD = "correct horse battery";

/** Fills and submits the sign-in form (or the setup form, which has a second password field). */
export async function signIn(page: Page, username = USERNAME, password = PASSWORD): Promise<void> {
  await page.getByLabel("Username").fill(username);
  await page.getByLabel("Password", { exact: true }).fill(password);
  const confirm = page.getByLabel("Repeat the password");
  if (await confirm.count()) await confirm.fill(password);
  await page.getByRole("button", { name: /Sign in|Create login/ }).click();
}

/** Creates the login over the API, as the setup form would (for tests about other pages). */
export async function createLogin(url: string, username = USERNAME, password = PASSWORD): Promise<void> {
  const res = await fetch(`${url}/api/v1/auth/setup`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ username, password }),
  });
  if (res.status !== 200) throw new Error(`setup failed: ${res.status} ${await res.text()}`);
}

export type SessionState = Awaited<ReturnType<BrowserContext["storageState"]>>;

/**
 * Creates the login, signs in through the form on `path` and waits for the page's `heading`:
 * the storage state a test's pages start from, signed in.
 */
export async function signedInSession(
  browser: Browser,
  url: string,
  path: string,
  heading: string,
): Promise<SessionState> {
  await createLogin(url);
  const { context, page } = await openPage(browser);
  await page.goto(`${url}${path}`);
  await signIn(page);
  await page.getByRole("heading", { name: heading, level: 1 }).waitFor();
  const state = await context.storageState();
  await context.close();
  return state;
}
