/**
 * POST /api/notifications/demo — demo mode only: plays the realistic, signed sequence of Allo
 * webhooks that `npm run demo:notify` sends, through the receiver's own verification (same
 * secret, same signatures, same dedupe), so a newcomer sees the whole loop from one button.
 */
import { errorResponse } from "@/lib/api/error-response.server";
import { routeNotFoundError } from "@/lib/api/standard-errors";
import { buildDemoWebhookRequests } from "@/lib/notifications/demo-events.server";
import { receiveAlloWebhook } from "@/lib/notifications/receiver.server";
import { requireSession } from "@/lib/server/auth/session.server";
import { serverEnv } from "@/lib/server/env.server";
import { logger } from "@/lib/server/logger.server";
import { notificationsRuntime } from "@/lib/server/notifications.server";
import { withRequestLog } from "@/lib/server/route-handler.server";
import { refuseCrossSite } from "@/lib/server/same-origin.server";
import { backToNotifications } from "../back-to-notifications";

export const dynamic = "force-dynamic";

export const POST = withRequestLog<Record<string, never>>(
  "/api/notifications/demo",
  async (request, _params, { requestId }) => {
    if (!serverEnv().demoMode) return errorResponse(routeNotFoundError(requestId));
    const refused = refuseCrossSite(request, requestId) ?? (await requireSession(request, requestId));
    if (refused) return refused;
    const runtime = notificationsRuntime();
    const secret = runtime.webhookSecrets[0];
    if (!secret) return errorResponse(routeNotFoundError(requestId));
    const outcomes: string[] = [];
    for (const demo of buildDemoWebhookRequests({ secret })) {
      const result = await receiveAlloWebhook({
        rawBody: demo.body,
        headers: demo.headers,
        secrets: runtime.webhookSecrets,
        store: runtime.store,
        logger: logger().child({ requestId }),
      });
      outcomes.push(result.outcome);
    }
    return backToNotifications(request, requestId, { sent: "demo" }, { outcomes });
  },
);
