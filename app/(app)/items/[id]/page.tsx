/**
 * /items/{id}: one Allo call or message, rendered on the server from the server-side Allo
 * client and hydrated into React Query, so the first HTML already holds the header, summary and
 * transcript and the browser does not fetch the item again on load.
 */
import { dehydrate, HydrationBoundary } from "@tanstack/react-query";
import type { Metadata } from "next";
import { headers } from "next/headers";
import { cache, Suspense } from "react";
import { ItemDetails } from "@/components/call-view/item-details";
import { ItemErrorPanel } from "@/components/states/item-error-panel";
import { MalformedIdPanel } from "@/components/states/malformed-id";
import { ItemSkeleton } from "@/components/states/item-skeleton";
import { NotFoundPanel } from "@/components/states/not-found-panel";
import { NOT_FOUND_TITLE, pageStatusFor } from "@/lib/api/page-status";
import { requestIdFrom } from "@/lib/api/request-id";
import { isValidItemId } from "@/lib/allo/item-id";
import { isCall, type AlloItem } from "@/lib/allo/item";
import { itemPhoneBook } from "@/lib/format/phone.server";
import { lookUpPhone } from "@/lib/format/phone-book";
import { pathWithQuery } from "@/lib/auth/return-to";
import { parseTimeParam } from "@/lib/format/time";
import { decodeOrKeep } from "@/lib/http/safe-decode";
import { errorStateFor } from "@/lib/items/error-state";
import { FIRST_SCREEN_END_ID } from "@/lib/items/first-screen";
import { itemTitle } from "@/lib/items/item-title";
import { itemQueryKey } from "@/lib/items/item-query";
import type { PublicItem } from "@/lib/items/public-item";
import { makeQueryClient } from "@/lib/query-client";
import { ServerRenderTimeProvider } from "@/components/ui/use-now";
import { requirePageViewer } from "@/lib/server/auth/session.server";
import { serverEnv } from "@/lib/server/env.server";
import { firstLoadItem } from "@/lib/server/first-load-item.server";
import { lookupItem, type PublicItemLookupResult } from "@/lib/server/items.server";
import { PREFETCH_HEADER, takeItemPrefetch } from "@/lib/server/page-prefetch.server";
import { notificationNoticeFor } from "@/lib/server/notifications.server";
import { logRequest } from "@/lib/server/logger.server";
import { userKeyFromCookies } from "@/lib/server/user-key.server";

type ItemPageProps = {
  params: Promise<{ id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

/** The request id the proxy assigned (React's cache is scoped to the request), logged and sent to Allo. */
const pageRequestId = cache(async () => requestIdFrom(await headers()));

/**
 * The page's own access check (proxy.ts checks too; a matcher change must not open the page),
 * once per request for the page and its metadata. Signed out, it redirects to sign-in and back.
 */
const pageViewer = cache(async (returnTo: string) => requirePageViewer(returnTo));

/** Where sign-in should bring the agent back to: this item, `?t=` included. */
async function returnPathOf({ params, searchParams }: ItemPageProps): Promise<string> {
  const { id } = await params;
  // `id` is still percent-encoded as in the URL; safeReturnTo vets the result.
  return pathWithQuery(`/items/${id}`, await searchParams);
}

/**
 * This request's lookup, shared by the page and its metadata: the one proxy.ts started (see
 * lib/server/page-prefetch.server.ts), else a new one. `ready` says whether Allo had answered
 * within the first-paint budget. It checks access itself, so no caller can fetch call data
 * without it. One log line per page request.
 */
const itemLookup = cache(async (id: string, returnTo: string) => {
  await pageViewer(returnTo);
  const requestId = await pageRequestId();
  const requestHeaders = await headers();
  const started = performance.now();
  const handed = takeItemPrefetch(requestHeaders.get(PREFETCH_HEADER), id);
  const promise =
    handed?.promise ??
    lookupItem(id, {
      extendTranscript: true,
      requestId,
      user: await userKeyFromCookies(requestHeaders.get("cookie")),
    });
  void promise.then((result) =>
    logRequest({
      requestId,
      method: "GET",
      route: "/items/[id]",
      // What the proxy answered when the lookup came within the budget; errorCode names the panel.
      status: pageStatusFor(result.ok ? null : result.error).status,
      latencyMs: Math.round((performance.now() - started) * 10) / 10,
      itemId: id,
      cache: result.cache,
      upstreamStatus: result.ok ? result.upstreamStatus : result.error.upstreamStatus,
      errorCode: result.ok ? undefined : result.error.code,
    }),
  );
  return { promise, ready: handed?.ready ?? false };
});

/** The server's clock at render time; a function so components stay pure. */
function renderTime(): number {
  return Date.now();
}

function pageTitle(item: AlloItem): string {
  const book = itemPhoneBook(item);
  const who = itemTitle(item, (raw) => lookUpPhone(book, raw).display);
  const outbound = item.direction.toUpperCase() === "OUTBOUND";
  if (isCall(item)) return `Call ${outbound ? "to" : "from"} ${who}`;
  return `Message ${outbound ? "to" : "from"} ${who}`;
}

export async function generateMetadata(props: ItemPageProps): Promise<Metadata> {
  const returnTo = await returnPathOf(props);
  await pageViewer(returnTo);
  const { id } = await props.params;
  if (!isValidItemId(id)) return { title: "Not a Callview link" };
  const result = await (await itemLookup(id, returnTo)).promise;
  if (result.ok) return { title: pageTitle(result.item) };
  const state = errorStateFor(result.error.code);
  return { title: state === "not-found" ? NOT_FOUND_TITLE : "Can't load this item" };
}

export default async function ItemPage(props: ItemPageProps) {
  const returnTo = await returnPathOf(props);
  await pageViewer(returnTo);
  const { id } = await props.params;
  const { t, n } = await props.searchParams;

  if (!isValidItemId(id)) {
    // The id as the agent typed it (`bad$id`, not `bad%24id`).
    return <MalformedIdPanel id={decodeOrKeep(id)} />;
  }

  const lookup = await itemLookup(id, returnTo);
  const content = <ItemContent id={id} lookup={lookup.promise} t={typeof t === "string" ? t : null} n={n} />;
  // The call in the first paint when Allo answered within the budget; otherwise the skeleton
  // streams first and the same lookup fills it in (docs/decisions/0011-first-paint.md).
  return lookup.ready ? content : <Suspense fallback={<ItemSkeleton />}>{content}</Suspense>;
}

async function ItemContent({
  id,
  lookup,
  t,
  n,
}: {
  id: string;
  lookup: Promise<PublicItemLookupResult>;
  t: string | null;
  n: unknown;
}) {
  const result = await lookup;
  if (!result.ok) {
    const state = errorStateFor(result.error.code);
    if (state === "not-found") {
      // Rendered here rather than through notFound(), so the panel can show the request id.
      return <NotFoundPanel id={id} requestId={result.error.requestId} />;
    }
    if (state === "invalid-id") return <MalformedIdPanel id={id} />;
    return (
      <ServerRenderTimeProvider renderedAt={renderTime()}>
        <ItemErrorPanel itemId={id} error={result.error} />
      </ServerRenderTimeProvider>
    );
  }

  const { item } = result;
  const notice = await notificationNoticeFor(id, n);
  const initialTimeSeconds = parseTimeParam(t);
  const details = (
    <ItemDetails
      id={id}
      item={item}
      phoneBook={itemPhoneBook(item)}
      linkTemplates={serverEnv().linkTemplates}
      initialTimeSeconds={initialTimeSeconds}
      notice={notice}
    />
  );
  // A long call hydrates with the texts of its first screen and of where it opens; the browser
  // fetches the rest when a search, a copy or a row needs it (lib/transcript/first-load.ts).
  const startSeconds = notice?.momentSeconds ?? initialTimeSeconds;
  return (
    <>
      {/* React hoists this into <head>, where it holds the first paint until the summary (or the
          message) is parsed. It only counts there, so it does nothing on the streamed path. */}
      <link rel="expect" href={`#${FIRST_SCREEN_END_ID}`} blocking="render" />
      <ServerRenderTimeProvider renderedAt={renderTime()}>
        {isCall(item) ? (
          // The call's islands (summary, player, transcript, tags) read the item from React Query:
          // a new client per request, never shared with another request.
          <HydrationBoundary state={dehydratedItem(id, firstLoadItem(item, startSeconds))}>
            {details}
          </HydrationBoundary>
        ) : (
          // A message's page is static but for its history, which fetches its own data.
          details
        )}
      </ServerRenderTimeProvider>
    </>
  );
}

/** The item in a fresh per-request QueryClient, dehydrated for the call's client islands. */
function dehydratedItem(id: string, item: PublicItem) {
  const queryClient = makeQueryClient();
  queryClient.setQueryData(itemQueryKey(id), item);
  return dehydrate(queryClient);
}
