import { z } from "@hono/zod-openapi";

/** `page` and `pageSize` as every listing takes them: 1-based, at most 500 a page, 50 by default. */
export const pageQuery = {
  page: z.coerce.number().int().min(1).default(1).openapi({ example: 1 }),
  pageSize: z.coerce.number().int().min(1).max(500).default(50).openapi({ example: 50 }),
};

/** One page of `item`s with the paging it was asked for and the total over every page. */
export function pageOf<T extends z.ZodType>(item: T) {
  return z.object({
    items: z.array(item),
    page: z.number().int(),
    pageSize: z.number().int(),
    total: z.number().int(),
  });
}
