import { createRoute, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { problemResponse, problems } from "../http/problem.ts";
import { createRouter } from "../http/router.ts";
import type { Logger } from "../log.ts";
import { keysMatch, presentedKey } from "./api-key.ts";
import { CROSS_ORIGIN_DETAIL } from "./guard.ts";
import { isSameOrigin } from "./origin.ts";
import type { UiAuth } from "./ui-auth.ts";

export interface AuthRouteDeps {
  /** The key requests must present; resolved by `ensureApiKey` before the app is built. */
  apiKey: string;
  log: Logger;
}

export const AuthStateSchema = z
  .object({
    setupRequired: z
      .boolean()
      .openapi({ description: "No login exists yet: the UI shows the one-time setup form" }),
    authenticated: z.boolean(),
    username: z.string().optional().openapi({ description: "Who is signed in, for a session" }),
    method: z
      .enum(["session", "apiKey", "localBypass"])
      .optional()
      .openapi({ description: "How this request is authenticated" }),
  })
  .openapi("AuthState");
type AuthState = z.infer<typeof AuthStateSchema>;

const LoginSchema = z
  .object({
    username: z.string().min(1).max(100).openapi({ example: "admin" }),
    password: z.string().min(1).max(1000).openapi({ example: "correct horse battery staple" }),
  })
  .openapi("Login");
const SetupSchema = z
  .object({
    username: z.string().trim().min(1).max(100).openapi({ example: "admin" }),
    password: z
      .string()
      .min(8, "must be at least 8 characters")
      .max(1000)
      .openapi({ example: "correct horse battery staple" }),
  })
  .openapi("Setup");

const signedIn: AuthState = {
  setupRequired: false,
  authenticated: true,
  username: "admin",
  method: "session",
};
const stateResponse = (description: string, example: AuthState) => ({
  description,
  content: { "application/json": { schema: AuthStateSchema, example } },
});
const jsonBody = (schema: typeof LoginSchema | typeof SetupSchema) => ({
  required: true,
  content: { "application/json": { schema } },
});

const stateRoute = createRoute({
  method: "get",
  path: "/auth/state",
  operationId: "getAuthState",
  tags: ["Auth"],
  summary: "Whether a login exists and whether this request is signed in",
  security: [],
  responses: {
    200: stateResponse("The web UI's login state", {
      setupRequired: false,
      authenticated: false,
    }),
  },
});

const setupRoute = createRoute({
  method: "post",
  path: "/auth/setup",
  operationId: "setupLogin",
  tags: ["Auth"],
  summary: "Create the web UI login (once, while none exists) and sign in",
  description: "Stores the username and an argon2id hash of the password; answers 409 once a login exists.",
  security: [],
  request: { body: jsonBody(SetupSchema) },
  responses: {
    200: stateResponse("Created and signed in; the session cookie is set", signedIn),
    ...problems(400, 403, 409),
  },
});

const loginRoute = createRoute({
  method: "post",
  path: "/auth/login",
  operationId: "login",
  tags: ["Auth"],
  summary: "Sign in to the web UI",
  description:
    "Sets an HttpOnly session cookie. Five failures from one client within 15 minutes answer 429 with Retry-After until the window passes.",
  security: [],
  request: { body: jsonBody(LoginSchema) },
  responses: {
    200: stateResponse("Signed in; the session cookie is set", signedIn),
    ...problems(400, 401, 403, 409, 429),
  },
});

const logoutRoute = createRoute({
  method: "post",
  path: "/auth/logout",
  operationId: "logout",
  tags: ["Auth"],
  summary: "End this browser's session",
  security: [],
  responses: {
    200: stateResponse("Signed out; the cookie is cleared", { setupRequired: false, authenticated: false }),
    ...problems(403),
  },
});

/** Sign-in and sign-out are browser requests too: a page on another site must not make them. */
const crossOrigin = (c: Context) =>
  (c.req.header("origin") !== undefined || c.req.header("referer") !== undefined) && !isSameOrigin(c.req.raw);

export function createAuthRouter(auth: UiAuth) {
  const router = createRouter<AuthRouteDeps>();
  const state = (c: Context): AuthState => {
    const setupRequired = auth.credentials.username() === null;
    const key = presentedKey(c.req.raw.headers, new URL(c.req.url));
    if (key !== undefined && keysMatch(key, c.get("deps").apiKey))
      return { setupRequired, authenticated: true, method: "apiKey" };
    const username = auth.signedIn(c);
    if (username !== null) return { setupRequired, authenticated: true, username, method: "session" };
    if (auth.bypasses(c)) return { setupRequired, authenticated: true, method: "localBypass" };
    return { setupRequired, authenticated: false };
  };

  router.openapi(stateRoute, (c) => c.json(state(c), 200));

  router.openapi(setupRoute, async (c) => {
    if (crossOrigin(c)) return problemResponse(c, 403, CROSS_ORIGIN_DETAIL);
    const { username, password } = c.req.valid("json");
    if (!(await auth.credentials.setup(username, password)))
      return problemResponse(c, 409, "A login exists already; sign in instead");
    c.get("deps").log.info("web UI login created", { username });
    auth.sessions.start(c, username);
    return c.json({ setupRequired: false, authenticated: true, username, method: "session" } as const, 200);
  });

  router.openapi(loginRoute, async (c) => {
    if (crossOrigin(c)) return problemResponse(c, 403, CROSS_ORIGIN_DETAIL);
    if (auth.credentials.username() === null)
      return problemResponse(c, 409, "No login exists yet; create one with the setup form first");
    const client = auth.clientKey(c);
    // Counted as failed until verified: a burst of parallel guesses is limited like a sequence.
    const wait = auth.limiter.attempt(client);
    if (wait > 0) {
      c.header("Retry-After", String(wait));
      return problemResponse(c, 429, `Too many failed sign-ins; try again in ${wait} s`);
    }
    const { username, password } = c.req.valid("json");
    if (!(await auth.credentials.verify(username, password))) {
      c.get("deps").log.warn("web UI sign-in failed", { client });
      return problemResponse(c, 401, "Wrong username or password");
    }
    auth.limiter.succeeded(client);
    auth.sessions.start(c, username);
    return c.json({ setupRequired: false, authenticated: true, username, method: "session" } as const, 200);
  });

  router.openapi(logoutRoute, (c) => {
    if (crossOrigin(c)) return problemResponse(c, 403, CROSS_ORIGIN_DETAIL);
    auth.sessions.end(c);
    return c.json({ setupRequired: auth.credentials.username() === null, authenticated: false }, 200);
  });
  return router;
}
