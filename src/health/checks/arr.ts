import { z } from "@hono/zod-openapi";
import type { LibrarySource, RadarrClient, SonarrClient } from "../../library/index.ts";
import { createScanSourcesStore, type SourceListingState } from "../../wanted/scan-sources-store.ts";
import { createWantedStore, type HeldRemovals } from "../../wanted/store/index.ts";
import { type CheckReport, defineHealthCheck, errorMessage, withPrefix } from "../check.ts";

const ArrListingSchema = z.object({
  error: z.string().nullable().openapi({
    description:
      "Why the latest scan's listing failed or was not trusted (nothing was removed); null when it succeeded",
  }),
  failedAt: z.string().nullable(),
  heldBack: z.number().int().openapi({
    description:
      "Files no longer listed whose removal waits for the next full scan to agree (or were kept for their ignore/history state)",
  }),
  heldSince: z.string().nullable(),
});
type ArrListingHealth = z.infer<typeof ArrListingSchema>;

const ArrInstanceSchema = z.object({
  instance: z.string().openapi({ example: "sonarr" }),
  healthy: z.boolean(),
  message: z.string(),
  version: z.string().nullable().openapi({ example: "4.0.14.2939" }),
  listing: ArrListingSchema,
});
type ArrInstanceHealth = z.infer<typeof ArrInstanceSchema>;

const details = { sonarr: z.array(ArrInstanceSchema), radarr: z.array(ArrInstanceSchema) };

/** What the last scans found about each instance's listing, from the database. */
export interface ArrListingState {
  failing(): SourceListingState[];
  held(): HeldRemovals[];
}

async function instanceHealth(
  client: SonarrClient | RadarrClient,
  signal: AbortSignal,
  listing: ArrListingHealth,
): Promise<ArrInstanceHealth> {
  const base = { instance: client.instance, listing };
  let reachable: ArrInstanceHealth;
  try {
    const result = await client.systemStatus(signal);
    reachable = result.ok
      ? {
          ...base,
          healthy: true,
          message: `${result.value.appName ?? client.kind} ${result.value.version} answers`,
          version: result.value.version,
        }
      : { ...base, healthy: false, message: result.error.message, version: null };
  } catch (e) {
    reachable = { ...base, healthy: false, message: errorMessage(e), version: null };
  }
  const notes: string[] = [];
  // A listing that lied (empty, inconsistent) is as bad as an unreachable app: nothing is kept current.
  if (listing.error !== null) notes.push(`last scan's listing failed: ${listing.error}`);
  if (listing.heldBack > 0)
    notes.push(`${listing.heldBack} file(s) no longer listed are kept since ${listing.heldSince}`);
  if (notes.length === 0) return reachable;
  return {
    ...reachable,
    healthy: reachable.healthy && listing.error === null,
    message: [reachable.message, ...notes].join("; "),
  };
}

/**
 * `GET /system/status` on every enabled Sonarr and Radarr, all at once; every one must answer,
 * and its listing must not have failed at the last scan.
 */
export async function checkArrConnectivity(
  sources: readonly LibrarySource[],
  signal: AbortSignal,
  state?: ArrListingState,
): Promise<CheckReport<typeof details>> {
  const sonarrClients = sources.filter((s): s is SonarrClient => s.kind === "sonarr");
  const radarrClients = sources.filter((s): s is RadarrClient => s.kind === "radarr");
  if (sonarrClients.length + radarrClients.length === 0) {
    return { healthy: true, message: "no Sonarr or Radarr configured", sonarr: [], radarr: [] };
  }
  const failing = new Map((state?.failing() ?? []).map((s) => [s.instance, s]));
  const held = new Map((state?.held() ?? []).map((h) => [h.instance, h]));
  const listingOf = (instance: string): ArrListingHealth => ({
    error: failing.get(instance)?.lastError ?? null,
    failedAt: failing.get(instance)?.lastErrorAt ?? null,
    heldBack: held.get(instance)?.files ?? 0,
    heldSince: held.get(instance)?.since ?? null,
  });
  const [sonarr, radarr] = await Promise.all([
    Promise.all(sonarrClients.map((c) => instanceHealth(c, signal, listingOf(c.instance)))),
    Promise.all(radarrClients.map((c) => instanceHealth(c, signal, listingOf(c.instance)))),
  ]);
  const all = [
    ...sonarr.map((r) => ({ kind: "sonarr", ...r })),
    ...radarr.map((r) => ({ kind: "radarr", ...r })),
  ];
  const down = all.filter((r) => !r.healthy);
  return {
    healthy: down.length === 0,
    message:
      down.length === 0
        ? `${all.length}/${all.length} instances reachable`
        : down.map((r) => withPrefix(`${r.kind} "${r.instance}": `, r.message)).join("; "),
    sonarr,
    radarr,
  };
}

const listing = { error: null, failedAt: null, heldBack: 0, heldSince: null };

export const arrConnectivity = defineHealthCheck({
  name: "arr_connectivity",
  summary:
    "`GET /system/status` on every Sonarr and Radarr; unhealthy when one does not answer or its last listing failed",
  critical: true,
  details,
  example: {
    healthy: true,
    message: "2/2 instances reachable",
    sonarr: [
      {
        instance: "sonarr",
        healthy: true,
        message: "Sonarr 4.0.14.2939 answers",
        version: "4.0.14.2939",
        listing,
      },
    ],
    radarr: [
      {
        instance: "radarr",
        healthy: true,
        message: "Radarr 5.14.0.9383 answers",
        version: "5.14.0.9383",
        listing,
      },
    ],
  },
  create: (deps) => {
    const sources = createScanSourcesStore(deps.db);
    const wanted = createWantedStore(deps.db);
    const state = { failing: sources.failing, held: wanted.heldRemovals };
    return (signal) => checkArrConnectivity(deps.sources, signal, state);
  },
});
