/**
 * QueryClient factory: a new client per server request, one per browser tab (the TanStack
 * Query App Router pattern), never a module-level client on the server.
 */
import { isServer, QueryClient } from "@tanstack/react-query";
import { packForHydration, unpackFromHydration } from "@/lib/items/hydration-codec";

export function makeQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        // Above zero so hydrated server data is not refetched the moment the page mounts.
        staleTime: 60_000,
        refetchOnWindowFocus: false,
      },
      // A long call's transcript crosses into the page packed (lib/items/hydration-codec.ts).
      dehydrate: { serializeData: packForHydration },
      hydrate: { deserializeData: unpackFromHydration },
    },
  });
}

let browserQueryClient: QueryClient | undefined;

export function getQueryClient(): QueryClient {
  if (isServer) return makeQueryClient();
  browserQueryClient ??= makeQueryClient();
  return browserQueryClient;
}
