import { z } from "@hono/zod-openapi";

/** Where a series' or movie's profile comes from (profile-resolver.ts `ProfileOrigin`), as the API shows it. */
export const ProfileOriginSchema = z
  .object({
    via: z.enum(["item", "tag", "default"]),
    name: z.string().optional().openapi({ description: "The named profile followed (via item or tag)" }),
    tag: z.string().optional().openapi({ description: "The tag that chose it (via tag)" }),
  })
  .openapi("ProfileOrigin");
