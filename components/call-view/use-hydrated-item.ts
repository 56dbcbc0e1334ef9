"use client";

import { useQuery } from "@tanstack/react-query";
import { useCallback, useEffect, useState } from "react";
import { itemQueryOptions } from "@/lib/items/item-query";
import type { PublicItem } from "@/lib/items/public-item";

/** Where the texts a long call's first load left out stand (lib/transcript/first-load.ts). */
export type TranscriptTexts = {
  state: "complete" | "loading" | "failed";
  /** Asks for them (a search, a copy, a row shown without its text): fetched once, however often asked. */
  request: () => void;
  /** After a failure, fetches them again. */
  retry: () => void;
};

/**
 * The item a call page's islands show: the one the server rendered (hydrated into React Query
 * by the page's HydrationBoundary), then whatever a later fetch of the same query brought. The
 * page renders these islands only when it has the item, so its absence is a wiring mistake.
 *
 * When the page left texts out (a long call), the full item is fetched when something needs
 * them: a search, a copy, or a row shown without its text. An agent who reads the summary and
 * listens from the start never waits for, or pays for, the rest.
 */
export function useHydratedItem(id: string): { item: PublicItem; texts: TranscriptTexts } {
  const query = useQuery(itemQueryOptions(id));
  const { data, refetch } = query;
  if (!data) throw new Error(`Item ${id} was not hydrated into React Query by the page.`);
  const partial = data.transcript_partial !== undefined;
  const [wanted, setWanted] = useState(false);

  useEffect(() => {
    if (partial && wanted) void refetch({ cancelRefetch: false });
  }, [partial, wanted, refetch]);

  const request = useCallback(() => setWanted(true), []);
  const retry = useCallback(() => void refetch({ cancelRefetch: false }), [refetch]);

  const state = !partial ? "complete" : query.isError && !query.isFetching ? "failed" : "loading";
  return { item: data, texts: { state, request, retry } };
}
