/**
 * /notifications — what Callview did with Allo's webhooks: recent notifications with their
 * status, the rules and destinations in effect, a test button, and in demo mode a button that
 * plays a realistic sequence of signed events through the receiver.
 */
import type { Metadata } from "next";
import { NotificationList } from "@/components/notifications/notification-list";
import { buttonClass } from "@/components/ui/button-styles";
import { Card } from "@/components/ui/card";
import { pathWithQuery } from "@/lib/auth/return-to";
import { requirePageViewer } from "@/lib/server/auth/session.server";
import { serverEnv } from "@/lib/server/env.server";
import { notificationsRuntime } from "@/lib/server/notifications.server";
import { isRedisUnavailable } from "@/lib/server/redis/redis-client.server";

export const metadata: Metadata = { title: "Notifications" };

const SENT_MESSAGES: Record<string, string> = {
  test: "A test notification was queued to every destination. It appears below within a few seconds.",
  demo: "The demo events were sent to the receiver. Their notifications appear below within a few seconds.",
};

export default async function NotificationsPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const params = await searchParams;
  // Defence in depth: the proxy checks access too (see docs/security.md).
  await requirePageViewer(pathWithQuery("/notifications", params));
  const { sent } = params;
  const env = serverEnv();
  const runtime = notificationsRuntime();
  // With Redis down the page still shows the set-up; the list comes back with Redis.
  const entries = await runtime.store.listRecentNotifications(50).catch((error: unknown) => {
    if (isRedisUnavailable(error)) return null;
    throw error;
  });
  // A fixed message per known value: the query string never puts its own words on the page.
  const confirmation = typeof sent === "string" ? (SENT_MESSAGES[sent] ?? null) : null;
  const receiver =
    runtime.webhookSecrets.length === 0
      ? "Off: set ALLO_WEBHOOK_SECRET to accept Allo's webhooks at /api/webhooks/allo."
      : runtime.usesDemoSecret
        ? "On, with the published demo secret (demo mode only). Try npm run demo:notify."
        : `On: ${runtime.webhookSecrets.length} signing secret${runtime.webhookSecrets.length === 1 ? "" : "s"} accepted at /api/webhooks/allo.`;

  return (
    <div className="mx-auto max-w-3xl space-y-4 sm:pt-2">
      <div>
        <h1 className="text-xl font-semibold">Notifications</h1>
        <p className="mt-1 text-sm text-zinc-700 dark:text-zinc-300">
          Allo sends its webhooks here; Callview checks each call against the rules and tells your team, with
          a link that opens the call at the reason.
        </p>
      </div>
      {confirmation ? (
        <p
          role="status"
          className="rounded-md border border-green-300 bg-green-50 px-3 py-2 text-sm text-green-900 dark:border-green-800 dark:bg-green-950 dark:text-green-100"
        >
          {confirmation}
        </p>
      ) : null}
      <Card title="Set-up" headingId="notifications-setup">
        <dl className="grid grid-cols-[auto_minmax(0,1fr)] gap-x-3 gap-y-1.5 text-sm">
          <dt className="text-zinc-600 dark:text-zinc-400">Receiver</dt>
          <dd>{receiver}</dd>
          <dt className="text-zinc-600 dark:text-zinc-400">Destinations</dt>
          <dd>{runtime.destinations.map((destination) => destination.label).join(", ")}</dd>
          <dt className="text-zinc-600 dark:text-zinc-400">Rules</dt>
          <dd>
            <ul className="space-y-0.5">
              {runtime.rules.map((rule) => (
                <li key={rule.id}>
                  <code className="font-mono text-xs">{rule.id}</code>
                  {rule.description ? <span> — {rule.description}</span> : null}
                </li>
              ))}
            </ul>
          </dd>
        </dl>
        <div className="mt-3 flex flex-wrap gap-2">
          <form method="post" action="/api/notifications/test">
            <button type="submit" className={buttonClass("secondary")}>
              Send a test notification
            </button>
          </form>
          {env.demoMode && runtime.webhookSecrets.length > 0 ? (
            <form method="post" action="/api/notifications/demo">
              <button type="submit" className={buttonClass("primary")}>
                Play the demo webhooks
              </button>
            </form>
          ) : null}
        </div>
      </Card>
      <section aria-labelledby="recent-notifications" className="space-y-2">
        <h2 id="recent-notifications" className="text-sm font-semibold text-zinc-900 dark:text-zinc-100">
          Recent notifications
        </h2>
        {entries ? (
          <NotificationList entries={entries} />
        ) : (
          <p role="status" className="text-sm text-zinc-700 dark:text-zinc-300">
            The notification store (Redis) is not answering right now, so recent notifications cannot be
            listed. Allo&apos;s webhooks are answered 503 meanwhile, and Allo retries them.
          </p>
        )}
      </section>
    </div>
  );
}
