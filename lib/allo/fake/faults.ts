/**
 * Ids that make the fake Allo misbehave, one per upstream failure class, each defined once:
 * its id, the label the demo home page shows, and the response the fake gives. They are valid
 * ids, so Callview's own validation lets them through to the upstream.
 */
import type { AlloItemInput } from "../schemas";

/** What a fault's response may use from the fake that serves it. */
export type FaultKit = {
  requestId: string;
  /** JSON content type, the request id and this request's rate-limit headers. */
  headers: Record<string, string>;
  error(
    status: number,
    type: string,
    code: string,
    message: string,
    extra?: Record<string, unknown>,
  ): Response;
  /** Allo's 429, with Retry-After (seconds, 1 by default). */
  rateLimited(retryAfterSeconds?: number): Response;
  wait(ms: number): Promise<void>;
  /** How long the slow fault takes: longer than any sensible client timeout. */
  slowMs: number;
  /** A seeded item, for faults that eventually answer with one. */
  seedItem(id: string): AlloItemInput | undefined;
};

/** Thrown by the handler to ask the transport to drop the connection (fault injection). */
export class FakeConnectionReset extends Error {
  constructor() {
    super("fake connection reset");
    this.name = "FakeConnectionReset";
  }
}

type Fault = {
  id: string;
  label: string;
  /** Listed among the home page's failure demos (the others are for tests). */
  listed: boolean;
  respond(kit: FaultKit): Response | Promise<Response>;
};

const json = (body: unknown, kit: FaultKit) => new Response(JSON.stringify(body), { headers: kit.headers });

/**
 * The contact number whose searches the fake answers with a 500 (until a test heals it through
 * `/__fake/control`): the number of `cll-fault-history`, so its history panel fails on its own.
 */
export const FAILING_SEARCH_NUMBER = "+14155550500";

/** Size of `cll-fault-huge`'s body: above the client's default cap of 8 MiB. */
export const HUGE_BODY_BYTES = 9 * 1024 * 1024;

/**
 * A valid item whose transcript makes the body about HUGE_BODY_BYTES, generated chunk by chunk
 * as it is read (like a real server streaming it), without a Content-Length.
 */
function hugeItemBody(kit: FaultKit): ReadableStream<Uint8Array> {
  const item = { ...kit.seedItem("cll-demo-billing"), id: "cll-fault-huge", transcript: ["@@"] };
  const [head = "", tail = ""] = JSON.stringify({ data: item }).split('"@@"');
  const segment = JSON.stringify({
    source: "EXTERNAL",
    time: "2026-11-23T14:05:12Z",
    text: "x".repeat(1000),
  });
  const encoder = new TextEncoder();
  let written = 0;
  let first = true;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (written >= HUGE_BODY_BYTES) {
        controller.enqueue(encoder.encode(tail));
        controller.close();
        return;
      }
      const segments = Array.from({ length: 64 }, () => segment).join(",");
      const chunk = encoder.encode(`${first ? head : ","}${segments}`);
      first = false;
      written += chunk.byteLength;
      controller.enqueue(chunk);
    },
  });
}

const FAULTS = {
  notFound: {
    id: "cll-fault-404",
    label: "Allo has no such item (404)",
    listed: true,
    respond: (kit) =>
      kit.error(
        404,
        "not_found_error",
        "CONVERSATION_ITEM_NOT_FOUND",
        "No call or message found with ID 'cll-fault-404'.",
        {
          param: "id",
        },
      ),
  },
  unauthorized: {
    id: "cll-fault-401",
    label: "The API key is rejected (401)",
    listed: true,
    respond: (kit) =>
      kit.error(401, "authentication_error", "API_KEY_REVOKED", "The API key has been revoked."),
  },
  forbidden: {
    id: "cll-fault-403",
    label: "The API key lacks a scope (403)",
    listed: false,
    respond: (kit) =>
      kit.error(
        403,
        "permission_error",
        "API_KEY_INSUFFICIENT_SCOPE",
        "The API key lacks the CONVERSATIONS_READ scope.",
      ),
  },
  rateLimited: {
    id: "cll-fault-429",
    label: "Allo rate limits the dashboard (429)",
    listed: true,
    respond: (kit) => kit.rateLimited(),
  },
  rateLimitedLong: {
    id: "cll-fault-429-long",
    label: "Allo rate limits the dashboard for 5 s (429)",
    listed: false,
    respond: (kit) => kit.rateLimited(5),
  },
  serverError: {
    id: "cll-fault-500",
    label: "Allo fails (500)",
    listed: true,
    respond: (kit) => kit.error(500, "server_error", "INTERNAL_ERROR", "An internal error occurred."),
  },
  badGateway: {
    id: "cll-fault-502",
    label: "A gateway in front of Allo fails (502, HTML)",
    listed: false,
    respond: () =>
      new Response("<html><body>502 Bad Gateway</body></html>", {
        status: 502,
        headers: { "content-type": "text/html" },
      }),
  },
  slow: {
    id: "cll-fault-slow",
    label: "Allo is too slow to answer",
    listed: true,
    respond: async (kit) => {
      await kit.wait(kit.slowMs);
      return json({ data: kit.seedItem("cll-demo-billing") }, kit);
    },
  },
  malformedJson: {
    id: "cll-fault-json",
    label: "Allo answers with broken JSON",
    listed: true,
    respond: (kit) =>
      new Response('{"data": {"id": "cll-fault-json", "type": "CALL", ', { headers: kit.headers }),
  },
  unexpectedShape: {
    id: "cll-fault-shape",
    label: "Allo answers with an unexpected shape",
    listed: false,
    respond: (kit) =>
      json({ data: { id: "cll-fault-shape", kind: "call", when: "yesterday", contacts: "none" } }, kit),
  },
  hugeBody: {
    id: "cll-fault-huge",
    label: "Allo answers with a 9 MB item",
    listed: false,
    respond: (kit) => new Response(hugeItemBody(kit), { headers: kit.headers }),
  },
  connectionReset: {
    id: "cll-fault-reset",
    label: "Allo drops the connection",
    listed: false,
    respond: () => {
      throw new FakeConnectionReset();
    },
  },
  historySearchFails: {
    id: "cll-fault-history",
    label: "The item loads, but Allo's search fails (history panel error)",
    listed: true,
    respond: (kit) => json({ data: historyFaultItem() }, kit),
  },
  /** Not a fault for Callview: unknown fields and enum values it must tolerate. */
  tolerableDrift: {
    id: "cll-fault-drift",
    label: "Drifted fields the page tolerates",
    listed: true,
    respond: (kit) => json({ data: driftItem() }, kit),
  },
} satisfies Record<string, Fault>;

export type FaultKey = keyof typeof FAULTS;

/** `FAULT_IDS.notFound` → `"cll-fault-404"`, for tests and specs. */
export const FAULT_IDS = Object.fromEntries(
  Object.entries(FAULTS).map(([key, fault]) => [key, fault.id]),
) as {
  [K in FaultKey]: (typeof FAULTS)[K]["id"];
};

const FAULTS_BY_ID = new Map<string, Fault>(Object.values(FAULTS).map((fault) => [fault.id, fault]));

export function faultFor(id: string): Fault | undefined {
  return FAULTS_BY_ID.get(id);
}

/** The failure demos of the home page, in their declared order. */
export function listedFaults(): { id: string; label: string }[] {
  return Object.values(FAULTS)
    .filter((fault) => fault.listed)
    .map(({ id, label }) => ({ id, label }));
}

/** An ordinary call whose only fault is that searching its contact's history fails. */
function historyFaultItem(): AlloItemInput {
  return {
    id: "cll-fault-history",
    type: "CALL",
    direction: "INBOUND",
    allo_number: "+14155550100",
    contact_number: FAILING_SEARCH_NUMBER,
    contacts: [{ id: "cnt-dana", name: "Dana Whitfield", company: null, deals: [] }],
    user: { id: "usr-priya02", name: "Priya Raman", email: "priya.raman@example.com" },
    date: "2026-11-24T10:15:00Z",
    duration: 75,
    result: "ANSWERED",
    recording_url: null,
    summary:
      "Dana asked whether her earlier calls about the delivery delay were logged. Priya said she would check.",
    tags: [],
    transcript: null,
    content: null,
    status: null,
    message_type: null,
  };
}

/** A call that drifted from the documented shape in ways the schemas must tolerate. */
export function driftItem(): Record<string, unknown> {
  return {
    id: "cll-fault-drift",
    type: "call",
    direction: "INBOUND",
    allo_number: "+14155550100",
    contact_number: "+14155550100",
    contacts: [{ id: "cnt-drift", name: null, company: null, deals: null, engagement: "ENGAGED" }],
    date: "2026-11-15T09:00:00",
    duration: 75.5,
    result: "FORWARDED_TO_MOBILE",
    summary: "A call with drifted fields: lowercase type, a naive timestamp and an unknown result.",
    transcript: [
      {
        source: "BOT",
        time: "2026-11-15T09:00:03Z",
        text: "Hello from an unknown source.",
        start_seconds: 3,
      },
    ],
    brand_new_field: { nested: true },
  };
}
