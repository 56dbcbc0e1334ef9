/**
 * `npm run demo:notify`: sends a realistic, signed sequence of Allo webhooks to a running
 * Callview (demo mode by default), so a newcomer sees the whole loop: the receiver, the rules,
 * the messages on /notifications (as Slack would render them) and the links that open a call
 * at the reason.
 *
 *   CALLVIEW_URL   where Callview listens (default http://127.0.0.1:3000)
 *   ALLO_WEBHOOK_SECRET   the secret Callview was started with (default: the demo secret)
 */
import { buildDemoWebhookRequests, DEMO_WEBHOOK_SECRET } from "../lib/notifications/demo-events.server";

async function main() {
  const base = (process.env.CALLVIEW_URL ?? "http://127.0.0.1:3000").replace(/\/+$/, "");
  const secret = process.env.ALLO_WEBHOOK_SECRET?.split(",")[0]?.trim() || DEMO_WEBHOOK_SECRET;
  const requests = buildDemoWebhookRequests({ secret });
  let failed = 0;
  for (const request of requests) {
    let line: string;
    try {
      const response = await fetch(`${base}/api/webhooks/allo`, {
        method: "POST",
        headers: request.headers,
        body: request.body,
      });
      const answer = (await response.json().catch(() => null)) as {
        outcome?: string;
        error?: { code?: string };
      } | null;
      line = `${response.status} ${answer?.outcome ?? answer?.error?.code ?? ""}`;
      if (!response.ok) failed++;
    } catch (error) {
      failed++;
      line = `not sent (${error instanceof Error ? error.message : String(error)})`;
    }
    console.log(`${request.label.padEnd(56)} → ${line}`);
  }
  console.log(
    failed === 0
      ? `\nDone. Open ${base}/notifications to see what Callview sent, and follow a link.`
      : `\n${failed} of ${requests.length} deliveries failed. Is Callview running at ${base}?`,
  );
  process.exitCode = failed === 0 ? 0 : 1;
}

void main();
