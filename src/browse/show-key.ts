/**
 * The identifier of a standalone show in URLs: its title as base64url (UTF-8). Titles come from
 * file names and may hold `/`, `?` or `#`; this key survives any path and maps back without a lookup.
 */
export const standaloneShowKey = (title: string) => Buffer.from(title, "utf8").toString("base64url");

/** The title a key stands for, or null when the key is not one `standaloneShowKey` makes. */
export function titleOfShowKey(key: string): string | null {
  if (!/^[A-Za-z0-9_-]+$/.test(key)) return null;
  const title = Buffer.from(key, "base64url").toString("utf8");
  return title !== "" && standaloneShowKey(title) === key ? title : null;
}
