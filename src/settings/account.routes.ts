import { createRoute, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import type { UiAuth } from "../auth/ui-auth.ts";
import { ApiError, problems } from "../http/problem.ts";
import { createRouter } from "../http/router.ts";
import type { Logger } from "../log.ts";
import type { AccountService } from "./account-service.ts";

export interface AccountRouteDeps {
  account: AccountService;
  log: Logger;
}

const SourceSchema = z
  .object({
    kind: z.enum(["env", "file", "database"]),
    variable: z.string().optional().openapi({ description: "For env: the variable that sets it" }),
  })
  .openapi("CredentialSource");

const ApiKeySchema = z
  .object({
    apiKey: z.string().openapi({ example: "0123456789abcdef0123456789abcdef" }),
    source: SourceSchema,
  })
  .openapi("ApiKeyView");

const sessionOnly =
  "Only for a browser signed in to the web UI (403 for an API key or local bypass): it shows the server's own key to its owner.";

const showKey = createRoute({
  method: "get",
  path: "/auth/api-key",
  operationId: "getApiKey",
  tags: ["Auth"],
  summary: "Show the API key",
  description: sessionOnly,
  responses: {
    200: {
      description: "The key clients send as X-Api-Key, and where it is kept",
      content: {
        "application/json": {
          schema: ApiKeySchema,
          example: { apiKey: "0123456789abcdef0123456789abcdef", source: { kind: "database" } },
        },
      },
    },
    ...problems(401, 403),
  },
});

const regenerateKey = createRoute({
  method: "post",
  path: "/auth/api-key/regenerate",
  operationId: "regenerateApiKey",
  tags: ["Auth"],
  summary: "Replace the API key; the old one stops working at once",
  description: `${sessionOnly} A key kept in config.toml is replaced there (the previous file is kept as config.toml.bak); 409 when SUBHOUND_API_KEY sets it.`,
  responses: {
    200: {
      description: "The new key",
      content: {
        "application/json": {
          schema: ApiKeySchema,
          example: { apiKey: "fedcba9876543210fedcba9876543210", source: { kind: "database" } },
        },
      },
    },
    ...problems(401, 403, 409, 422),
  },
});

const PasswordChangeSchema = z
  .object({
    currentPassword: z.string().min(1).max(1000).openapi({ example: "correct horse battery staple" }),
    newPassword: z
      .string()
      .min(8, "must be at least 8 characters")
      .max(1000)
      .openapi({ example: "a much longer passphrase" }),
  })
  .openapi("PasswordChange");

const changePassword = createRoute({
  method: "post",
  path: "/auth/password",
  operationId: "changePassword",
  tags: ["Auth"],
  summary: "Change the web UI password",
  description:
    "Needs the current password (422 when it is wrong; wrong ones count toward the sign-in limit, 429). A login kept in config.toml gets the new password's argon2id hash there; one made with the setup form is updated in the database. Every other session of the login is signed out. 409 when the environment sets the login, or none exists.",
  request: {
    body: { required: true, content: { "application/json": { schema: PasswordChangeSchema } } },
  },
  responses: {
    200: {
      description: "Changed",
      content: {
        "application/json": {
          schema: z.object({ otherSessionsEnded: z.number().int() }).openapi("PasswordChanged"),
          example: { otherSessionsEnded: 1 },
        },
      },
    },
    ...problems(400, 401, 403, 409, 422, 429),
  },
});

export function createAccountRouter(auth: UiAuth) {
  const signedInUser = (c: Context): string => {
    const username = auth.signedIn(c);
    if (username === null) throw new ApiError(403, "only a browser signed in to the web UI may do this");
    return username;
  };
  return createRouter<AccountRouteDeps>()
    .openapi(showKey, (c) => {
      signedInUser(c);
      return c.json(c.get("deps").account.apiKey(), 200);
    })
    .openapi(regenerateKey, (c) => {
      signedInUser(c);
      const { account, log } = c.get("deps");
      const outcome = account.regenerateApiKey();
      if (!outcome.ok) throw new ApiError(outcome.status, outcome.detail);
      log.info("API key regenerated; the previous one no longer works");
      return c.json(account.apiKey(), 200);
    })
    .openapi(changePassword, async (c) => {
      const username = auth.credentials.username();
      if (username === null) throw new ApiError(409, "no login exists yet; create one on the setup page");
      const { currentPassword, newPassword } = c.req.valid("json");
      // Guessing the current password here is guessing a login: the same limiter counts it.
      const client = auth.clientKey(c);
      // Counted as failed until verified, so guesses sent all at once are limited too.
      const wait = auth.limiter.attempt(client);
      if (wait > 0) {
        c.header("Retry-After", String(wait));
        throw new ApiError(429, `Too many wrong passwords; try again in ${wait} s`);
      }
      if (!(await auth.credentials.verify(username, currentPassword))) {
        throw new ApiError(422, "the current password is wrong", {
          errors: [{ path: "currentPassword", message: "is wrong" }],
        });
      }
      auth.limiter.succeeded(client);
      const { account, log } = c.get("deps");
      const outcome = await account.changePassword(auth.credentials, newPassword);
      if (!outcome.ok) throw new ApiError(outcome.status, outcome.detail);
      const otherSessionsEnded = auth.sessions.endOthers(c, username);
      log.info("web UI password changed", { username, otherSessionsEnded });
      return c.json({ otherSessionsEnded }, 200);
    });
}
