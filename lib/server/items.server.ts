/**
 * Item lookups for route handlers and server components. This is the seam where caching and
 * rate limiting of upstream calls belong, so every caller gets them.
 */
import "server-only";
import type { AlloResult } from "@/lib/allo/client.server";
import type { AlloItem } from "@/lib/allo/schemas";
import { alloRuntime } from "./allo.server";

export type ItemLookup = { extendTranscript: boolean; requestId?: string; signal?: AbortSignal };

/** Where the browser fetches an item's recording: always through this dashboard. */
export function recordingPath(id: string): string {
  return `/api/items/${encodeURIComponent(id)}/recording`;
}

/**
 * The item as the browser may see it: Allo's shape, with `recording_url` replaced by the
 * dashboard's own streaming route so upstream storage URLs (possibly signed) never leave the server.
 */
export function toPublicItem(item: AlloItem): AlloItem {
  return { ...item, recording_url: item.recording_url ? recordingPath(item.id) : null };
}

/** For pages and the item API: the public item. */
export async function lookupItem(id: string, options: ItemLookup): Promise<AlloResult> {
  const result = await lookupUpstreamItem(id, options);
  return result.ok ? { ...result, item: toPublicItem(result.item) } : result;
}

/** Server-internal: the item as Allo sent it, including the real recording URL. */
export async function lookupUpstreamItem(id: string, options: ItemLookup): Promise<AlloResult> {
  return alloRuntime().client.getItem(id, options);
}
