// Types only from the generated API file: a test reads these names beside the server's code, which
// must not pull the web client (and the DOM's types) into the server's type check.
import type { operations } from "../../../generated/api-types.d.ts";

/** What the history records a saved subtitle as (downloaded, synced, deleted, …). */
export type HistoryAction = NonNullable<
  NonNullable<operations["listHistory"]["parameters"]["query"]>["action"]
>;

/**
 * Each action the history records, as its filter chip and its rows name it. Typed against the API:
 * an action the server adds fails the type check until it is named here.
 */
export const ACTION_LABELS = {
  downloaded: "Downloaded",
  "downloaded-manually": "Picked by hand",
  replaced: "Replaced",
  upgraded: "Upgraded",
  translated: "Translated",
  transcribed: "Transcribed",
  uploaded: "Uploaded",
  extracted: "Extracted",
  deleted: "Deleted",
  synced: "Synced",
  fixed: "Fixed",
  restored: "Restored",
  imported: "Imported from Bazarr",
} satisfies Record<HistoryAction, string>;
