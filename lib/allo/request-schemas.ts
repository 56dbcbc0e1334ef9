/** Zod schemas for the inputs of Callview's own routes; validation happens before any upstream call. */
import { z } from "zod";
import { ITEM_ID_PATTERN, ITEM_ID_RULE } from "./item-id";

export const itemIdSchema = z.string().regex(ITEM_ID_PATTERN, { message: ITEM_ID_RULE });

/** Only `transcript` is supported by Allo (allo-api.md §3); anything else is refused here. */
export const extendSchema = z
  .literal("transcript", { message: "The only supported extend value is transcript." })
  .optional();
