import { WANTED_STATUSES } from "../../db/schema.ts";

export { WANTED_STATUSES };
export type WantedStatus = (typeof WANTED_STATUSES)[number];
export type MediaKind = "episode" | "movie";
