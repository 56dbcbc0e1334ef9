/**
 * Item lookups for route handlers and server components. This is the seam where caching and
 * rate limiting of upstream calls belong, so every caller gets them.
 */
import "server-only";
import type { AlloResult } from "@/lib/allo/client.server";
import { alloRuntime } from "./allo.server";

export type ItemLookup = { extendTranscript: boolean; requestId?: string; signal?: AbortSignal };

export async function lookupItem(id: string, options: ItemLookup): Promise<AlloResult> {
  return alloRuntime().client.getItem(id, options);
}
