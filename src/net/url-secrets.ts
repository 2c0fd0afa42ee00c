/**
 * The parts of a URL that may be a secret on their own: its userinfo, its query values and its
 * long path segments (a Home Assistant or n8n webhook id, a Discord or Slack token). A service
 * that answers an error may quote one of them without the rest of the URL, so each is scrubbed
 * alone as well as the whole URL. Short parts (`?format=json`, `/api/`) are left: they name
 * nothing secret and scrubbing them would mangle every message.
 */
export function urlSecretParts(url: string): string[] {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return [];
  }
  const parts = [parsed.username, parsed.password].filter((s) => s.length > 0);
  for (const value of parsed.searchParams.values()) if (value.length >= 8) parts.push(value);
  for (const segment of parsed.pathname.split("/")) if (segment.length >= 16) parts.push(segment);
  // Each as the URL spells it and as it reads decoded.
  return [
    ...new Set(
      parts.flatMap((part) => {
        try {
          return [part, decodeURIComponent(part)];
        } catch {
          return [part];
        }
      }),
    ),
  ];
}
