import { keysMatch } from "../auth/api-key.ts";

/**
 * True when `request` carries HTTP Basic credentials whose password is the API key, as Sonarr's
 * and Radarr's webhook connection sends them (its username/password fields). The user name is
 * not checked. The global `/api/*` key check must let `/api/v1/webhooks/*` through when this holds.
 *
 * @example isWebhookBasicAuth(new Request(url, { headers: { Authorization: `Basic ${btoa("sonarr:KEY")}` } }), "KEY") // true
 */
export function isWebhookBasicAuth(request: Request, apiKey: string): boolean {
  const header = request.headers.get("authorization");
  const match = header?.match(/^Basic\s+([A-Za-z0-9+/=_-]+)\s*$/i);
  if (!match) return false;
  let decoded: string;
  try {
    decoded = Buffer.from(match[1]!, "base64").toString("utf8");
  } catch {
    return false;
  }
  const colon = decoded.indexOf(":");
  if (colon < 0) return false;
  return keysMatch(decoded.slice(colon + 1), apiKey);
}
