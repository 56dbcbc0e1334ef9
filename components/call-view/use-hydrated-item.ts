"use client";

import { useQuery } from "@tanstack/react-query";
import { itemQueryOptions } from "@/lib/items/item-query";
import type { PublicItem } from "@/lib/items/public-item";

/**
 * The item a call page's islands show: the one the server rendered (hydrated into React Query
 * by the page's HydrationBoundary), then whatever a later fetch of the same query brought. The
 * page renders these islands only when it has the item, so its absence is a wiring mistake.
 */
export function useHydratedItem(id: string): PublicItem {
  const { data } = useQuery(itemQueryOptions(id));
  if (!data) throw new Error(`Item ${id} was not hydrated into React Query by the page.`);
  return data;
}
