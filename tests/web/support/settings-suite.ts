import { afterAll, beforeAll } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "smol-toml";
import type { Json } from "../../support/runtime.ts";
import { type SessionState, signedInSession } from "./auth.ts";
import { launchBrowser, type TestBrowser } from "./browser.ts";
import { expectClean, type ScreenshotOptions, screenshotAll, screenshotDir } from "./screenshots.ts";
import { startUiServer, type UiServer } from "./server.ts";

export interface SettingsSuite {
  readonly server: UiServer;
  readonly browser: TestBrowser;
  /** Signed in (on /settings): pass as `storageState` to openPage. */
  readonly session: SessionState;
  /** The path of the config.toml the settings page saves to. */
  configPath(): string;
  /** That file as saved, parsed. */
  savedConfig(): Json;
  /**
   * Screenshots of a settings page, signed in, at desktop and phone width, light and dark, checked
   * clean: into docs/screenshots with SUBHOUND_SCREENSHOTS=1, else a temp dir removed after.
   */
  screenshots(options: Omit<ScreenshotOptions, "storageState">): Promise<void>;
}

type ServerOptions = NonNullable<Parameters<typeof startUiServer>[0]>;

/**
 * What a test file of the settings page shares: a UI server with a config file (`startUiServer`
 * options, by default one episode and an empty config file; a function when they name fakes it
 * starts first), a browser and a signed-in session, set up before the file's tests and closed after
 * them, then `after` (the fakes' stop).
 */
export function settingsSuite(
  options: ServerOptions | (() => ServerOptions | Promise<ServerOptions>) = { episodes: 1, configFile: {} },
  { after }: { after?: () => unknown } = {},
): SettingsSuite {
  const pictures = screenshotDir();
  let server: UiServer | undefined;
  let browser: TestBrowser | undefined;
  let session: SessionState | undefined;
  beforeAll(async () => {
    server = await startUiServer(typeof options === "function" ? await options() : options);
    server.gate.release();
    browser = await launchBrowser();
    session = await signedInSession(browser.browser, server.url, "/settings", "Settings");
  });
  afterAll(async () => {
    pictures.done();
    await browser?.close();
    await server?.stop();
    await after?.();
  });
  const configPath = () => join(suite.server.runtime.deps.config.dataDir, "config.toml");
  const suite: SettingsSuite = {
    get server() {
      if (!server) throw new Error("the settings suite's server is not started yet (use it inside a test)");
      return server;
    },
    get browser() {
      if (!browser)
        throw new Error("the settings suite's browser is not launched yet (use it inside a test)");
      return browser;
    },
    get session() {
      if (!session) throw new Error("the settings suite has not signed in yet (use it inside a test)");
      return session;
    },
    configPath,
    savedConfig: () => parse(readFileSync(configPath(), "utf8")) as Json,
    screenshots: async (options) =>
      expectClean(
        await screenshotAll(suite.browser.browser, suite.server.url, pictures.dir, {
          ...options,
          storageState: suite.session,
        }),
      ),
  };
  return suite;
}
