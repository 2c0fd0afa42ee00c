import { z } from "@hono/zod-openapi";

// What Plex and Jellyfin send when an item is added. Both grow fields between versions: only what
// Subhound reads is named, nulls are tolerated and unknown fields pass through.

const text = z.string().nullish();

/**
 * Plex (Settings → Webhooks, Plex Pass): a multipart/form-data POST whose `payload` part is this
 * JSON (and, for some events, a `thumb` JPEG part). `library.new` names the item by `ratingKey`.
 */
export const PlexWebhookPayloadSchema = z
  .looseObject({
    event: z.string().min(1).openapi({ description: "library.new, media.play, media.scrobble, …" }),
    Server: z.looseObject({ title: text, uuid: text }).nullish(),
    Metadata: z
      .looseObject({
        ratingKey: z.union([z.string(), z.number()]).nullish(),
        type: text,
        title: text,
        grandparentTitle: text,
        librarySectionType: text,
      })
      .nullish(),
  })
  .openapi("PlexWebhookPayload");
export type PlexWebhookPayload = z.infer<typeof PlexWebhookPayloadSchema>;

export const PlexWebhookFormSchema = z
  .object({
    payload: z
      .string()
      .min(1)
      .openapi({
        description: "The event as JSON",
        example: JSON.stringify({
          event: "library.new",
          Server: { title: "plex", uuid: "a1b2c3" },
          Metadata: { ratingKey: "501", type: "episode", title: "Pilot", grandparentTitle: "Breaking Bad" },
        }),
      }),
    thumb: z.any().optional().openapi({ type: "string", format: "binary", description: "Ignored" }),
  })
  .openapi("PlexWebhookForm");

/**
 * Jellyfin's webhook plugin, a "Generic" destination with "Send All Properties" ticked (or a
 * template that includes these keys). `ItemAdded` names the item by `ItemId`.
 */
export const JellyfinWebhookSchema = z
  .looseObject({
    NotificationType: z.string().min(1).openapi({ description: "ItemAdded, PlaybackStart, …" }),
    ItemId: text,
    ItemType: text,
    Name: text,
    SeriesName: text,
    ServerName: text,
  })
  .openapi("JellyfinWebhook", {
    example: {
      NotificationType: "ItemAdded",
      ItemId: "f3a9c1d2e4b5a6978877665544332211",
      ItemType: "Episode",
      Name: "Pilot",
      SeriesName: "Breaking Bad",
      ServerName: "jf",
    },
  });
export type JellyfinWebhook = z.infer<typeof JellyfinWebhookSchema>;

export const MediaServerWebhookAcceptedSchema = z
  .object({
    accepted: z.literal(true),
    event: z.string().openapi({ example: "library.new" }),
    action: z.enum(["scan-item", "ignore"]).openapi({
      description: "scan-item → the item's path is asked of the server and scanned in the background",
      example: "scan-item",
    }),
    server: z
      .string()
      .nullable()
      .openapi({ description: "The configured media server the event was attributed to", example: "plex" }),
  })
  .openapi("MediaServerWebhookAccepted");
export type MediaServerWebhookAccepted = z.infer<typeof MediaServerWebhookAcceptedSchema>;
