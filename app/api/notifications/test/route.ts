/**
 * POST /api/notifications/test — queues a clearly labelled test notification to every
 * configured destination, through the same outbox as real ones. The /notifications page posts
 * a plain form here (no JavaScript needed) and comes back to the list.
 */
import { errorResponse } from "@/lib/api/error-response.server";
import { CallviewError } from "@/lib/api/errors";
import { requireSession } from "@/lib/server/auth/session.server";
import { notificationsRuntime } from "@/lib/server/notifications.server";
import { withRequestLog } from "@/lib/server/route-handler.server";
import { refuseCrossSite } from "@/lib/server/same-origin.server";
import { backToNotifications } from "../back-to-notifications";

export const dynamic = "force-dynamic";

export const POST = withRequestLog<Record<string, never>>(
  "/api/notifications/test",
  async (request, _params, { requestId }) => {
    const refused = refuseCrossSite(request, requestId) ?? (await requireSession(request, requestId));
    if (refused) return refused;
    const result = await notificationsRuntime().engine.sendTestNotification();
    if (!result.ok) {
      return errorResponse(
        new CallviewError({
          code: "UPSTREAM_UNAVAILABLE",
          requestId,
          retryable: true,
          message: `The test notification could not be prepared: ${result.error}`,
        }),
      );
    }
    return backToNotifications(
      request,
      requestId,
      { sent: "test" },
      { notification_ids: result.notificationIds },
    );
  },
);
