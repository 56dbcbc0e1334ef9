/**
 * /items/{id}: one Allo call or message, rendered on the server from the server-side Allo
 * client and hydrated into React Query, so the first HTML already holds the header, summary and
 * transcript and the browser does not fetch the item again on load.
 */
import { dehydrate, HydrationBoundary } from "@tanstack/react-query";
import type { Metadata } from "next";
import { headers } from "next/headers";
import { cache } from "react";
import { ItemView } from "@/components/call-view/item-view";
import { MalformedIdPanel } from "@/components/states/malformed-id";
import { NotFoundPanel } from "@/components/states/not-found-panel";
import { toWireError } from "@/lib/api/errors";
import { requestIdFrom } from "@/lib/api/request-id";
import { isValidItemId } from "@/lib/allo/item-id";
import { isCall, type AlloItem } from "@/lib/allo/item";
import { buildPhoneBook, formatPhoneNumber } from "@/lib/format/phone.server";
import { pathWithQuery } from "@/lib/auth/return-to";
import { parseTimeParam } from "@/lib/format/time";
import { decodeOrKeep } from "@/lib/http/safe-decode";
import { errorStateFor } from "@/lib/items/error-state";
import { itemTitle } from "@/lib/items/item-title";
import { itemQueryKey } from "@/lib/items/item-query";
import { makeQueryClient } from "@/lib/query-client";
import { requirePageViewer } from "@/lib/server/auth/session.server";
import { serverEnv } from "@/lib/server/env.server";
import { lookupItem } from "@/lib/server/items.server";
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
 * One upstream lookup per request, shared by the page and its metadata, with one log line. It
 * checks access itself, so no caller can fetch call data without it.
 */
const getItem = cache(async (id: string, returnTo: string) => {
  await pageViewer(returnTo);
  const requestId = await pageRequestId();
  const started = performance.now();
  const user = await userKeyFromCookies((await headers()).get("cookie"));
  const result = await lookupItem(id, { extendTranscript: true, requestId, user });
  logRequest({
    requestId,
    method: "GET",
    route: "/items/[id]",
    // The page itself answers 200 and shows the outcome; errorCode says which panel it showed.
    status: 200,
    latencyMs: Math.round((performance.now() - started) * 10) / 10,
    itemId: id,
    cache: result.cache,
    upstreamStatus: result.ok ? result.upstreamStatus : result.error.upstreamStatus,
    errorCode: result.ok ? undefined : result.error.code,
  });
  return result;
});

/** The server's clock at render time; a function so components stay pure. */
function renderTime(): number {
  return Date.now();
}

function pageTitle(item: AlloItem): string {
  const who = itemTitle(item, formatPhoneNumber);
  const outbound = item.direction.toUpperCase() === "OUTBOUND";
  if (isCall(item)) return `Call ${outbound ? "to" : "from"} ${who}`;
  return `Message ${outbound ? "to" : "from"} ${who}`;
}

export async function generateMetadata(props: ItemPageProps): Promise<Metadata> {
  const returnTo = await returnPathOf(props);
  await pageViewer(returnTo);
  const { id } = await props.params;
  if (!isValidItemId(id)) return { title: "Not a Callview link" };
  const result = await getItem(id, returnTo);
  if (result.ok) return { title: pageTitle(result.item) };
  const state = errorStateFor(result.error.code);
  return { title: state === "not-found" ? "Not found" : "Can't load this item" };
}

export default async function ItemPage(props: ItemPageProps) {
  const returnTo = await returnPathOf(props);
  await pageViewer(returnTo);
  const { id } = await props.params;
  const { t, n } = await props.searchParams;
  const env = serverEnv();

  if (!isValidItemId(id)) {
    // The id as the agent typed it (`bad$id`, not `bad%24id`).
    return <MalformedIdPanel id={decodeOrKeep(id)} />;
  }

  const result = await getItem(id, returnTo);
  if (!result.ok) {
    const state = errorStateFor(result.error.code);
    if (state === "not-found") {
      // Rendered here rather than through notFound(), so the panel can show the request id.
      return <NotFoundPanel id={id} requestId={result.error.requestId} />;
    }
    if (state === "invalid-id") {
      return <MalformedIdPanel id={id} />;
    }
  }

  const notice = await notificationNoticeFor(id, n);
  // A new client per request: never share one user's data with another request.
  const queryClient = makeQueryClient();
  if (result.ok) queryClient.setQueryData(itemQueryKey(id), result.item);

  return (
    <HydrationBoundary state={dehydrate(queryClient)}>
      <ItemView
        id={id}
        initialError={result.ok ? null : toWireError(result.error)}
        linkTemplates={env.linkTemplates}
        initialTimeSeconds={parseTimeParam(typeof t === "string" ? t : null)}
        notice={notice}
        renderedAt={renderTime()}
        phoneBook={result.ok ? buildPhoneBook([result.item.contact_number, result.item.allo_number]) : {}}
      />
    </HydrationBoundary>
  );
}
