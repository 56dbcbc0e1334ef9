/**
 * Seeded demo data for the fake Allo API. Every case of the nullability table in
 * docs/allo-api.md has at least one item here.
 *
 * Items are plain wire-shaped objects (`AlloItemInput`), exactly what Allo would send,
 * so the real schemas and client code run against them.
 */
import type { AlloItemInput } from "../schemas";
import { SUPPORT_DEMO_CALL_LABELS, supportDemoCalls } from "./demo-support-calls";
import { contactHistoryItems } from "./history-seed";
import billingAudio from "./recordings/call-billing.json";
import onboardingAudio from "./recordings/call-onboarding.json";

export type RecordedCall = {
  durationSeconds: number;
  segments: { source: string; offsetSeconds: number; text: string }[];
};

/** A seed item plus when its summary becomes available (for the "summary pending" case). */
export type SeedItem = {
  item: AlloItemInput;
  /** Short human description, shown in the demo index on the home page. */
  label: string;
  /** If set, `summary` is null until this many ms after the fake started. */
  summaryReadyAfterMs?: number;
  /** Left out of the home page's demo index (earlier conversations, reached from the history panel). */
  unlisted?: boolean;
};

const ALEX = { id: "usr-alex01", name: "Alex Martin", email: "alex.martin@example.com" };
const PRIYA = { id: "usr-priya02", name: "Priya Raman", email: "priya.raman@example.com" };
const KENJI = {
  id: "cnt-kenji",
  name: "Kenji Watanabe",
  company: { id: "com-sakura", name: "Sakura Logistics" },
  deals: [{ id: "dea-sakura-pilot", name: "Pilot, 25 seats", status: "in negotiation" }],
};
const SUPPORT_LINE = "+14155550100";
const SALES_LINE = "+442071838750";

function at(iso: string, offsetSeconds: number): string {
  return new Date(Date.parse(iso) + Math.round(offsetSeconds * 1000)).toISOString().replace(".000Z", "Z");
}

function transcriptFrom(start: string, recorded: RecordedCall) {
  return recorded.segments.map((segment) => ({
    source: segment.source,
    time: at(start, segment.offsetSeconds),
    text: segment.text,
  }));
}

/** A call item: the message-only fields are null, as Allo documents them for calls. */
function callItem(
  fields: Omit<AlloItemInput, "content" | "status" | "message_type" | "type"> & { type?: string },
): AlloItemInput {
  return { type: "CALL", content: null, status: null, message_type: null, ...fields };
}

/** A message item: the call-only fields are null, as Allo documents them for SMS. */
function messageItem(
  fields: Omit<AlloItemInput, "duration" | "result" | "recording_url" | "summary" | "tags" | "transcript">,
): AlloItemInput {
  return {
    duration: null,
    result: null,
    recording_url: null,
    summary: null,
    tags: null,
    transcript: null,
    ...fields,
  };
}

function lines(start: string, turns: [source: string, offsetSeconds: number, text: string][]) {
  return turns.map(([source, offsetSeconds, text]) => ({ source, time: at(start, offsetSeconds), text }));
}

/** Small deterministic PRNG so the long call is the same on every run. */
function mulberry32(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const LONG_CALL_PHRASES = [
  "Let me pull up the account details on my side.",
  "Can you share your screen so I can see the routing rules?",
  "The IVR sends after-hours calls to the shared voicemail box.",
  "We migrated eleven numbers last week and two are still pending.",
  "I see the webhook failing with a timeout on your endpoint.",
  "Could you check whether the CRM sync is enabled for the sales team?",
  "The transcript shows up about a minute after the call ends.",
  "We want the Paris office to ring the Lyon team when nobody answers.",
  "That makes sense, let me write it down.",
  "Our compliance team needs recordings off for the German line.",
  "Okay, the porting request is signed and submitted.",
  "Is there a limit on how many users can share one number?",
  "I'll send you the summary and the next steps by email.",
  "The dashboard shows the missed calls under the shared inbox.",
  "We are seeing echo on calls from the mobile app over Wi-Fi.",
  "Let's try turning off the noise suppression and call again.",
  "Right, so billing is per seat and numbers are extra.",
  "The tags are applied automatically from the AI summary.",
  "Could we schedule a follow-up for the rollout next Tuesday?",
  "Perfect, thank you, that answers my question.",
];

const LONG_CALL_SECONDS = 95 * 60 + 12;
export const LONG_CALL_SEGMENTS = 1_620;

function longTranscript(start: string) {
  const random = mulberry32(20261124);
  const segments: { source: string; time: string; text: string }[] = [];
  const step = (LONG_CALL_SECONDS - 10) / LONG_CALL_SEGMENTS;
  let speaker = "EXTERNAL";
  for (let i = 0; i < LONG_CALL_SEGMENTS; i++) {
    // Speakers alternate mostly, sometimes one speaks twice in a row (grouping case).
    if (random() < 0.72) speaker = speaker === "USER" ? "EXTERNAL" : "USER";
    const phrase = LONG_CALL_PHRASES[Math.floor(random() * LONG_CALL_PHRASES.length)] ?? "…";
    segments.push({
      source: speaker,
      time: at(start, 2 + i * step + random() * step * 0.4),
      text: `${phrase}`,
    });
  }
  return segments;
}

const XSS = {
  name: `<img src=x onerror="window.__xss=1">Eve "Mallory" <script>window.__xss=1</script>`,
  company: `</div><svg onload="window.__xss=1">Evil Corp`,
  summary: `<script>window.__xss=1</script><b>Bold?</b> javascript:alert(1) {{constructor.constructor('window.__xss=1')()}}`,
  text: `<iframe src="javascript:window.__xss=1"></iframe> plain words after`,
  tag: `<a href="javascript:window.__xss=1">tag</a>`,
  status: `<style>body{display:none}</style>won`,
};

export function buildSeed(startedAtMs: number, summaryDelayMs: number, recordingBaseUrl: string): SeedItem[] {
  const rec = (file: string) => `${recordingBaseUrl}/recordings/${file}`;
  const billingStart = "2026-11-23T14:05:12Z";
  const onboardingStart = "2026-11-23T09:31:40Z";
  // The pending call ended moments before the demo started, like a fresh notification.
  const pendingStart = new Date(startedAtMs - 95_000).toISOString();
  const longStart = "2026-11-20T15:00:00Z";

  const items: SeedItem[] = [
    {
      label: "Inbound answered call with recording, transcript and summary",
      item: callItem({
        id: "cll-demo-billing",
        direction: "INBOUND",
        allo_number: SUPPORT_LINE,
        contact_number: "+14155551234",
        contacts: [
          {
            id: "cnt-maria",
            name: "Maria Gonzalez",
            company: { id: "com-northwind", name: "Northwind Traders" },
            deals: [
              { id: "dea-renewal", name: "Annual renewal 2027", status: "OPEN" },
              { id: "dea-addon", name: "Extra numbers add-on", status: "WON" },
            ],
          },
        ],
        user: ALEX,
        date: billingStart,
        duration: Math.round(billingAudio.durationSeconds),
        result: "ANSWERED",
        recording_url: rec("call-billing.mp3"),
        summary:
          "Maria from Northwind Traders was charged twice for the November invoice. Alex confirmed the duplicate charge, started a refund of the second payment (3–5 business days) and will email the confirmation to Maria's billing address.",
        tags: ["billing", "refund", "priority"],
        transcript: transcriptFrom(billingStart, billingAudio),
      }),
    },
    {
      label: "Outbound answered call with an AI agent, user and contact speaking",
      item: callItem({
        id: "cll-demo-onboarding",
        direction: "OUTBOUND",
        allo_number: SALES_LINE,
        contact_number: "+81345678901",
        contacts: [KENJI],
        user: ALEX,
        date: onboardingStart,
        duration: Math.round(onboardingAudio.durationSeconds),
        result: "ANSWERED",
        recording_url: rec("call-onboarding.mp3"),
        summary:
          "Alex called Kenji at Sakura Logistics to plan onboarding. Number porting for their two Tokyo lines starts this week; a product demo for the operations team is booked for Thursday.",
        tags: ["onboarding", "porting"],
        transcript: transcriptFrom(onboardingStart, onboardingAudio),
      }),
    },
    {
      label: "Call that just ended: the summary is still being generated",
      summaryReadyAfterMs: summaryDelayMs,
      item: callItem({
        id: "cll-demo-pending",
        direction: "INBOUND",
        allo_number: SUPPORT_LINE,
        contact_number: "+14155550199",
        contacts: [
          {
            id: "cnt-jordan",
            name: "Jordan Lee",
            company: { id: "com-bluebird", name: "Bluebird Dental" },
            deals: [],
          },
        ],
        user: PRIYA,
        date: pendingStart,
        duration: 40,
        result: "ANSWERED",
        recording_url: rec("synthetic-40.mp3"),
        summary:
          "Jordan from Bluebird Dental cannot receive calls on the front-desk line since this morning. Priya found call forwarding pointed to an old mobile number, fixed it and placed a test call that rang through.",
        tags: ["forwarding", "resolved"],
        transcript: lines(pendingStart, [
          ["EXTERNAL", 1.5, "Hi, our front desk has not received a single call since this morning."],
          ["USER", 7.2, "Sorry about that, let me check the routing on your main line."],
          [
            "USER",
            15.8,
            "Forwarding points to an old mobile number. I am changing it back to the desk phone now.",
          ],
          ["EXTERNAL", 26.4, "Great, can you try calling us?"],
          ["USER", 31.0, "Calling now. It rings through, you are all set."],
        ]),
      }),
    },
    {
      label: "Voicemail left by a caller",
      item: callItem({
        id: "cll-demo-voicemail",
        direction: "INBOUND",
        allo_number: SUPPORT_LINE,
        contact_number: "+33612345678",
        contacts: [
          {
            id: "cnt-camille",
            name: "Camille Dubois",
            company: { id: "com-atelier", name: "Atelier Dubois" },
            deals: [{ id: "dea-atelier", name: "Starter plan", status: "open" }],
          },
        ],
        user: PRIYA,
        date: "2026-11-22T18:47:03Z",
        duration: 20,
        result: "VOICEMAIL",
        recording_url: rec("synthetic-20.mp3"),
        summary:
          "Camille left a voicemail asking to move Friday's training session to next week and to be called back before noon.",
        tags: ["callback"],
        transcript: lines("2026-11-22T18:47:03Z", [
          ["EXTERNAL", 0.8, "Hello, this is Camille from Atelier Dubois."],
          [
            "EXTERNAL",
            4.1,
            "Could we move Friday's training session to next week? Please call me back before noon. Thanks!",
          ],
        ]),
      }),
    },
    {
      label: "Missed call: no recording, no transcript",
      item: callItem({
        id: "cll-demo-missed",
        direction: "INBOUND",
        allo_number: SUPPORT_LINE,
        contact_number: "+14155550142",
        contacts: [
          {
            id: "cnt-sam",
            name: "Sam Carter",
            company: { id: "com-carter", name: "Carter & Sons Plumbing" },
            deals: [],
          },
        ],
        user: PRIYA,
        date: "2026-11-24T07:58:30Z",
        duration: 0,
        result: "MISSED",
        recording_url: null,
        summary: null,
        tags: [],
        transcript: null,
      }),
    },
    {
      label: "Recording turned off, transcript still available",
      item: callItem({
        id: "cll-demo-no-recording",
        direction: "INBOUND",
        allo_number: "+4930123456789",
        contact_number: "+4915112345678",
        contacts: [
          {
            id: "cnt-lena",
            name: "Lena Fischer",
            company: { id: "com-fischer", name: "Fischer Logistik GmbH" },
            deals: [],
          },
        ],
        user: ALEX,
        date: "2026-11-21T10:12:00Z",
        duration: 64,
        result: "ANSWERED",
        recording_url: null,
        summary:
          "Lena asked whether recordings can stay off for the German line while transcripts remain on. Alex confirmed the compliance setting does exactly that.",
        tags: ["compliance"],
        transcript: lines("2026-11-21T10:12:00Z", [
          ["EXTERNAL", 2, "Our works council wants call recordings switched off for the Berlin line."],
          ["USER", 9, "That's possible: recordings can be off while transcripts stay on."],
          ["EXTERNAL", 21, "And nobody can listen to the call afterwards?"],
          ["USER", 27, "Correct. Only the text transcript and the summary are kept."],
          ["EXTERNAL", 40, "Perfect, please keep it that way."],
        ]),
      }),
    },
    {
      label: "Several matched contacts, with companies and deals",
      item: callItem({
        id: "cll-demo-shared-line",
        direction: "INBOUND",
        allo_number: SUPPORT_LINE,
        contact_number: "+14155550777",
        contacts: [
          {
            id: "cnt-olivia",
            name: "Olivia Brown",
            company: { id: "com-brownco", name: "Brown & Co Architects" },
            deals: [
              { id: "dea-brown-1", name: "Office expansion", status: "qualified" },
              { id: "dea-brown-2", name: "Support plan upgrade", status: "LOST" },
            ],
          },
          { id: "cnt-noah", name: "Noah Brown", company: null, deals: [] },
          {
            id: "cnt-front-desk",
            name: "Front desk (shared)",
            company: { id: "com-brownco", name: "Brown & Co Architects" },
            deals: [{ id: "dea-brown-3", name: "Reception numbers", status: "closed won" }],
          },
        ],
        user: ALEX,
        date: "2026-11-19T16:20:45Z",
        duration: 37,
        result: "TRANSFERRED",
        recording_url: null,
        summary:
          "Caller from the Brown & Co front desk asked for the sales team; Alex transferred the call to sales.",
        tags: ["transfer"],
        transcript: lines("2026-11-19T16:20:45Z", [
          ["EXTERNAL", 1, "Hi, it's the front desk at Brown and Co, could I speak to sales?"],
          ["USER", 6, "Of course, transferring you now."],
        ]),
      }),
    },
    {
      label: "Outbound call to a number with no matching contact",
      item: callItem({
        id: "cll-demo-unknown-number",
        direction: "OUTBOUND",
        allo_number: SALES_LINE,
        contact_number: "+447911123456",
        contacts: [],
        user: PRIYA,
        date: "2026-11-18T11:03:10Z",
        duration: 48,
        result: "ANSWERED",
        recording_url: null,
        summary:
          "Priya returned a call from an unknown UK mobile; it was a prospect asking about pricing for five seats. She promised to send the pricing page.",
        tags: ["lead"],
        transcript: lines("2026-11-18T11:03:10Z", [
          ["USER", 1, "Hello, this is Priya from Allo, returning your call."],
          ["EXTERNAL", 5, "Thanks! I wanted pricing for about five people."],
          ["USER", 12, "I'll email you our pricing page right away."],
        ]),
      }),
    },
    {
      label: "AI-handled call with no teammate, an unknown source and an unknown result",
      item: callItem({
        id: "cll-demo-ai-agent",
        direction: "INBOUND",
        allo_number: SUPPORT_LINE,
        contact_number: "+14155550123",
        contacts: [
          {
            id: "cnt-ravi",
            name: "Ravi Patel",
            company: { id: "com-patel", name: "Patel Pharmacy" },
            deals: [],
          },
        ],
        user: null,
        date: "2026-11-23T22:14:09Z",
        duration: 52,
        result: "HANDLED_BY_AI",
        recording_url: rec("synthetic-52.mp3"),
        summary:
          "After hours, the AI receptionist took Ravi's request to reset the voicemail PIN and created a ticket for the morning team.",
        tags: ["after-hours", "ai"],
        transcript: lines("2026-11-23T22:14:09Z", [
          ["IVR", 0.5, "Thanks for calling. Press 1 for support, 2 for sales."],
          ["AGENT", 6, "Hi, I'm the Allo assistant. How can I help tonight?"],
          ["EXTERNAL", 11, "I need to reset my voicemail PIN."],
          ["AGENT", 16, "I've created a ticket; the support team will call you back in the morning."],
          ["EXTERNAL", 28, "Great, thanks."],
        ]),
      }),
    },
    {
      label: "A 95-minute call with 1,620 transcript segments",
      item: callItem({
        id: "cll-demo-long",
        direction: "OUTBOUND",
        allo_number: SALES_LINE,
        contact_number: "+33187654321",
        contacts: [
          {
            id: "cnt-helene",
            name: "Hélène Marchand",
            company: { id: "com-marchand", name: "Marchand Télécom" },
            deals: [{ id: "dea-marchand", name: "Enterprise rollout, 240 seats", status: "Proposal sent" }],
          },
        ],
        user: ALEX,
        date: longStart,
        duration: LONG_CALL_SECONDS,
        result: "ANSWERED",
        recording_url: rec(`synthetic-${LONG_CALL_SECONDS}.mp3`),
        summary:
          "A 95-minute rollout workshop with Hélène covering number porting, IVR routing for two offices, CRM sync, recording compliance for Germany and the billing model. Next step: follow-up on Tuesday.",
        tags: ["workshop", "enterprise", "porting"],
        transcript: longTranscript(longStart),
      }),
    },
    {
      label: "Unicode and right-to-left names and text",
      item: callItem({
        id: "cll-demo-unicode",
        direction: "INBOUND",
        allo_number: SUPPORT_LINE,
        contact_number: "+971501234567",
        contacts: [
          {
            id: "cnt-rtl",
            name: "محمد الأحمد",
            company: { id: "com-rtl", name: "שלום טכנולוגיות בע״מ" },
            deals: [{ id: "dea-rtl", name: "تجديد الاشتراك 🚀", status: "مفتوح" }],
          },
        ],
        user: { id: "usr-zoe", name: "Zoë Ångström-Łukasiewicz", email: "zoe@example.com" },
        date: "2026-11-17T08:00:00Z",
        duration: 30,
        result: "ANSWERED",
        recording_url: null,
        summary:
          "مكالمة حول تجديد الاشتراك. The customer mixed Arabic and English; 日本語のテキストも含まれています. Emoji ok 👍🏽.",
        tags: ["rtl", "ünïcödé"],
        transcript: lines("2026-11-17T08:00:00Z", [
          ["EXTERNAL", 1, "مرحبا، أريد تجديد الاشتراك من فضلك."],
          ["USER", 6, "Bien sûr ! Je m'en occupe — 少々お待ちください。"],
          ["EXTERNAL", 14, "شكرا جزيلا 🙏"],
        ]),
      }),
    },
    {
      label: "Hostile text in every field (must render as plain text)",
      item: callItem({
        id: "cll-demo-xss",
        direction: "INBOUND",
        allo_number: SUPPORT_LINE,
        contact_number: "+14155550666",
        contacts: [
          {
            id: "cnt-xss",
            name: XSS.name,
            company: { id: "com-xss", name: XSS.company },
            deals: [{ id: "dea-xss", name: XSS.text, status: XSS.status }],
          },
        ],
        user: { id: "usr-xss", name: XSS.name, email: "eve@example.com" },
        date: "2026-11-16T12:00:00Z",
        duration: 12,
        result: "ANSWERED",
        recording_url: null,
        summary: XSS.summary,
        tags: [XSS.tag, "normal-tag"],
        transcript: lines("2026-11-16T12:00:00Z", [
          ["EXTERNAL", 1, XSS.text],
          ["USER", 4, XSS.summary],
        ]),
      }),
    },
    {
      label: "Inbound SMS",
      item: messageItem({
        id: "msg-demo-inbound",
        type: "SMS",
        direction: "INBOUND",
        allo_number: SUPPORT_LINE,
        contact_number: "+14155551234",
        contacts: [
          {
            id: "cnt-maria",
            name: "Maria Gonzalez",
            company: { id: "com-northwind", name: "Northwind Traders" },
            deals: [{ id: "dea-renewal", name: "Annual renewal 2027", status: "OPEN" }],
          },
        ],
        user: ALEX,
        date: "2026-11-23T14:20:05Z",
        content:
          "Hi Alex, got the refund confirmation, thank you! Could you also resend the November invoice as a PDF?",
        status: "RECEIVED",
        message_type: "SMS",
      }),
    },
    {
      label: "Outbound SMS (type spelled TEXT_MESSAGE, as in v1)",
      item: messageItem({
        id: "msg-demo-outbound",
        type: "TEXT_MESSAGE",
        direction: "OUTBOUND",
        allo_number: SALES_LINE,
        contact_number: "+81345678901",
        contacts: [KENJI],
        user: ALEX,
        date: "2026-11-23T09:45:00Z",
        content:
          "Hi Kenji, confirming our demo on Thursday at 10:00 JST. The invite is in your inbox. — Alex",
        status: "DELIVERED",
        message_type: "SMS",
      }),
    },
    {
      label: "Outbound MMS, delivery pending, no matching contact",
      item: messageItem({
        id: "msg-demo-mms",
        type: "SMS",
        direction: "OUTBOUND",
        allo_number: SUPPORT_LINE,
        contact_number: "+14155550188",
        contacts: [],
        user: PRIYA,
        date: "2026-11-24T08:15:42Z",
        content: "Here is the wiring diagram for the desk phones 📎 Let me know if the ports match.",
        status: "PENDING",
        message_type: "MMS",
      }),
    },
    {
      label: "Right-to-left SMS with hostile markup",
      item: messageItem({
        id: "msg-demo-rtl",
        type: "SMS",
        direction: "INBOUND",
        allo_number: SUPPORT_LINE,
        contact_number: "+971501234567",
        contacts: [
          {
            id: "cnt-rtl",
            name: "محمد الأحمد",
            company: { id: "com-rtl", name: "שלום טכנולוגיות בע״מ" },
            deals: [],
          },
        ],
        user: null,
        date: "2026-11-17T08:05:00Z",
        content: `شكرا على المساعدة! <script>window.__xss=1</script> נתראה מחר`,
        status: "RECEIVED",
        message_type: "SMS",
      }),
    },
  ];
  // Support calls with multi-sentence summaries: the labelled set for summary evidence.
  for (const item of supportDemoCalls(undefined, recordingBaseUrl)) {
    items.push({ item, label: SUPPORT_DEMO_CALL_LABELS[item.id] ?? item.id });
  }
  items.push({
    label: "Call from a withheld number: no earlier conversations to look up",
    item: callItem({
      id: "cll-demo-withheld",
      direction: "INBOUND",
      allo_number: SUPPORT_LINE,
      contact_number: null,
      contacts: [],
      user: PRIYA,
      date: "2026-11-24T06:30:00Z",
      duration: 0,
      result: "MISSED",
      recording_url: null,
      summary: null,
      tags: [],
      transcript: null,
    }),
  });
  // Earlier conversations with Maria and Kenji, for the history panel.
  for (const item of contactHistoryItems()) {
    items.push({ item, label: `Earlier conversation (${item.id})`, unlisted: true });
  }
  return items;
}
