import createClient from "openapi-fetch";
import type { components, paths } from "../../generated/api-types.d.ts";

export type Schemas = components["schemas"];

/** `server.urlBase`, written into index.html by the server ("" at the root). */
export const urlBase = document.querySelector<HTMLMetaElement>('meta[name="subhound-base"]')?.content ?? "";

/** The one client for the documented API; the session cookie authenticates it. */
export const api = createClient<paths>({ baseUrl: urlBase, credentials: "same-origin" });

/** An RFC 9457 problem from the API (or made up for a network failure, status 0). */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  errors?: { path: string; message: string }[];
}

export class ApiProblem extends Error {
  constructor(readonly problem: Problem) {
    super(problem.detail ?? problem.title);
    this.name = "ApiProblem";
  }
  get status(): number {
    return this.problem.status;
  }
}

function asProblem(body: unknown, response: Response): Problem {
  if (body && typeof body === "object" && "title" in body && "status" in body) return body as Problem;
  return {
    type: "about:blank",
    title: response.statusText || `HTTP ${response.status}`,
    status: response.status,
    ...(typeof body === "string" && body ? { detail: body.slice(0, 300) } : {}),
  };
}

/**
 * Awaits an openapi-fetch call: the typed body on 2xx, otherwise an ApiProblem carrying the server's
 * detail. `acceptProblem` lists statuses whose body is still the answer (health's 503 is its report).
 */
export async function call<T>(
  request: Promise<{ data?: T; error?: unknown; response: Response }>,
  acceptProblem: number[] = [],
): Promise<T> {
  let result: { data?: T; error?: unknown; response: Response };
  try {
    result = await request;
  } catch (e) {
    if (e instanceof DOMException && e.name === "AbortError") throw e;
    throw new ApiProblem({
      type: "about:blank",
      title: "Cannot reach Subhound",
      status: 0,
      detail: "The server did not answer; is it running?",
    });
  }
  const { data, error, response } = result;
  if (response.ok) return data as T;
  if (acceptProblem.includes(response.status)) return error as T;
  throw new ApiProblem(asProblem(error, response));
}
