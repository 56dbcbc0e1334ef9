/**
 * A realistic, correctly signed sequence of Allo webhook deliveries for the demo items, for a
 * script that POSTs them to the local receiver (and for tests):
 * 1. `call.completed` for the missed call `cll-demo-missed`           → "Missed call"
 * 2. `call.completed` for the voicemail `cll-demo-voicemail`          → "Voicemail"
 * 3. `tag.added` `urgent` on `cll-demo-outage` (which carries the tag)  → "Tagged urgent"
 * 4. `call.completed` for `cll-demo-refund`, matched by demo mode's keyword rule
 *                                                                      → "Said 'refunds' at 1:03",
 *    a link that opens the call at that moment
 * 5. delivery 1 again, same webhook-id (Allo delivers at least once)   → duplicate, ignored
 * 6. `contact.created`, which no rule listens to                       → recorded, no notification
 *
 * Payload shapes follow what Allo documents (envelope, the start of `call.completed`); the tag
 * payload is a guess, which the receiver tolerates.
 */
import "server-only";
import { DEFAULT_RULES, type NotificationRule } from "./rules.server";
import { signWebhook, type SignedHeaders } from "./webhook-signature.server";

/**
 * Not a secret: published so the demo can sign its own events. Callview accepts it only in
 * demo mode (no Allo key, so no real data behind it) and only when ALLO_WEBHOOK_SECRET is unset.
 */
export const DEMO_WEBHOOK_SECRET = "whsec_Y2FsbHZpZXctZGVtby1vbmx5LW5vdC1hLXNlY3JldA==";

/**
 * Demo mode's rules (without a rules file): the defaults, plus one keyword rule so the demo
 * shows a notification whose link opens the call at the moment it names.
 */
export const DEMO_RULES: readonly NotificationRule[] = [
  ...DEFAULT_RULES,
  {
    id: "demo-said-refund",
    description: "Demo: someone on the call talks about a refund",
    topic: ["call.completed"],
    keywords: ["refund", "refunds"],
  },
];

export type DemoWebhookRequest = {
  label: string;
  headers: SignedHeaders & { "content-type": "application/json" };
  body: string;
};

/** Allo's delivery ids look like `msg_` + 20 alphanumerics. */
function deliveryId(random: () => number): string {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  return `msg_${Array.from({ length: 20 }, () => alphabet[Math.floor(random() * alphabet.length)]).join("")}`;
}

/** Allo's envelope timestamps carry microseconds. */
function isoMicros(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, ".$1000Z");
}

export function buildDemoWebhookRequests(input: {
  secret: string;
  nowMs?: number;
  random?: () => number;
}): DemoWebhookRequest[] {
  const nowMs = input.nowMs ?? Date.now();
  const random = input.random ?? Math.random;
  const events: { label: string; topic: string; data: Record<string, unknown> }[] = [
    {
      label: "Missed inbound call",
      topic: "call.completed",
      data: {
        id: "cll-demo-missed",
        from_number: "+14155550142",
        to: "+14155550100",
        type: "INBOUND",
        result: "MISSED",
        summary: null,
      },
    },
    {
      label: "Voicemail",
      topic: "call.completed",
      data: {
        id: "cll-demo-voicemail",
        from_number: "+33612345678",
        to: "+14155550100",
        type: "INBOUND",
        result: "VOICEMAIL",
        summary: "Camille left a voicemail asking to move Friday's training session.",
      },
    },
    {
      label: "Tag urgent added to the outage call",
      topic: "tag.added",
      data: { call_id: "cll-demo-outage", tag: { key: "urgent", name: "Urgent" } },
    },
    {
      label: "A call about a refund",
      topic: "call.completed",
      data: { id: "cll-demo-refund", type: "INBOUND", result: "ANSWERED" },
    },
    {
      label: "A contact was created (no rule listens to it)",
      topic: "contact.created",
      data: { id: "cnt-demo-new", name: "New Contact" },
    },
  ];

  const requests = events.map((event, index): DemoWebhookRequest => {
    // One second apart, in order, as if each had just happened.
    const sentAtMs = nowMs - (events.length - index) * 1_000;
    const body = JSON.stringify({
      topic: event.topic,
      version: "2.0",
      timestamp: isoMicros(sentAtMs),
      data: event.data,
    });
    const signed = signWebhook({
      id: deliveryId(random),
      timestampSeconds: Math.floor(nowMs / 1000),
      body,
      secret: input.secret,
    });
    return { label: event.label, headers: { ...signed, "content-type": "application/json" }, body };
  });

  const [missed, voicemail, tagged, keyword, irrelevant] = requests as [
    DemoWebhookRequest,
    DemoWebhookRequest,
    DemoWebhookRequest,
    DemoWebhookRequest,
    DemoWebhookRequest,
  ];
  const duplicate = { ...missed, label: "The missed-call delivery again (same webhook-id)" };
  return [missed, voicemail, tagged, keyword, duplicate, irrelevant];
}
