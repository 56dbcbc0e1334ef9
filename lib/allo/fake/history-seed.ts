/**
 * Earlier conversations with two demo contacts, so the history panel has something to show
 * in demo mode: Maria Gonzalez (+1 415 555 1234, the billing call and the inbound SMS of
 * ./seed.ts) has enough for two pages, Kenji Watanabe (+81 3 4567 8901, the onboarding call and
 * the outbound SMS) a few days' worth. Calls and messages over several days, with missed calls
 * and voicemails among them. They are reachable from the history panel; the home page's demo
 * index does not list them.
 */
import type { AlloItemInput } from "../schemas";

const ALEX = { id: "usr-alex01", name: "Alex Martin", email: "alex.martin@example.com" };
const PRIYA = { id: "usr-priya02", name: "Priya Raman", email: "priya.raman@example.com" };
const SUPPORT_LINE = "+14155550100";
const SALES_LINE = "+442071838750";

export const MARIA_NUMBER = "+14155551234";
export const KENJI_NUMBER = "+81345678901";

const MARIA = {
  id: "cnt-maria",
  name: "Maria Gonzalez",
  company: { id: "com-northwind", name: "Northwind Traders" },
  deals: [{ id: "dea-renewal", name: "Annual renewal 2027", status: "OPEN" }],
};
const KENJI = {
  id: "cnt-kenji",
  name: "Kenji Watanabe",
  company: { id: "com-sakura", name: "Sakura Logistics" },
  deals: [{ id: "dea-sakura-pilot", name: "Pilot, 25 seats", status: "in negotiation" }],
};

type Common = Pick<AlloItemInput, "id" | "direction" | "date" | "user"> & {
  contactNumber: string;
  contact: typeof MARIA | typeof KENJI;
  line?: string;
};

function call(
  fields: Common & { result: string; duration: number; summary: string | null; tags?: string[] },
): AlloItemInput {
  return {
    id: fields.id,
    type: "CALL",
    direction: fields.direction,
    allo_number: fields.line ?? SUPPORT_LINE,
    contact_number: fields.contactNumber,
    contacts: [fields.contact],
    user: fields.user,
    date: fields.date,
    duration: fields.duration,
    result: fields.result,
    recording_url: null,
    summary: fields.summary,
    tags: fields.tags ?? [],
    transcript: null,
    content: null,
    status: null,
    message_type: null,
  };
}

function message(fields: Common & { content: string; status: string }): AlloItemInput {
  return {
    id: fields.id,
    type: "SMS",
    direction: fields.direction,
    allo_number: fields.line ?? SUPPORT_LINE,
    contact_number: fields.contactNumber,
    contacts: [fields.contact],
    user: fields.user,
    date: fields.date,
    duration: null,
    result: null,
    recording_url: null,
    summary: null,
    tags: null,
    transcript: null,
    content: fields.content,
    status: fields.status,
    message_type: "SMS",
  };
}

const maria = { contactNumber: MARIA_NUMBER, contact: MARIA };
const kenji = { contactNumber: KENJI_NUMBER, contact: KENJI, line: SALES_LINE };

export function contactHistoryItems(): AlloItemInput[] {
  return [
    message({
      ...maria,
      id: "msg-demo-maria-invoice-pdf",
      direction: "OUTBOUND",
      date: "2026-11-23T16:02:00Z",
      user: ALEX,
      content:
        "Here is the November invoice as a PDF, Maria. The refund should reach your account by Friday.",
      status: "DELIVERED",
    }),
    message({
      ...maria,
      id: "msg-demo-maria-sorry",
      direction: "OUTBOUND",
      date: "2026-11-22T17:12:00Z",
      user: ALEX,
      content:
        "Hi Maria, Alex from support. Sorry I missed you. I'll try again tomorrow, or reply here with a good time.",
      status: "DELIVERED",
    }),
    call({
      ...maria,
      id: "cll-demo-maria-callback",
      direction: "OUTBOUND",
      date: "2026-11-22T17:10:00Z",
      user: ALEX,
      result: "MISSED",
      duration: 0,
      summary: null,
    }),
    call({
      ...maria,
      id: "cll-demo-maria-voicemail",
      direction: "INBOUND",
      date: "2026-11-22T08:47:10Z",
      user: PRIYA,
      result: "VOICEMAIL",
      duration: 31,
      summary:
        "Maria left a voicemail: the November invoice was charged twice and she would like a call back today.",
      tags: ["billing", "callback"],
    }),
    call({
      ...maria,
      id: "cll-demo-maria-missed",
      direction: "INBOUND",
      date: "2026-11-22T08:45:30Z",
      user: PRIYA,
      result: "MISSED",
      duration: 0,
      summary: null,
    }),
    call({
      ...maria,
      id: "cll-demo-maria-renewal",
      direction: "OUTBOUND",
      date: "2026-11-18T11:30:00Z",
      user: ALEX,
      result: "ANSWERED",
      duration: 262,
      summary:
        "Alex called Maria back about the annual renewal: the two extra numbers are included from January, and he will send an updated quote.",
      tags: ["renewal"],
    }),
    message({
      ...maria,
      id: "msg-demo-maria-renewal-question",
      direction: "INBOUND",
      date: "2026-11-18T10:05:00Z",
      user: ALEX,
      content: "Quick question: does the annual renewal include the two extra numbers we added?",
      status: "RECEIVED",
    }),
    message({
      ...maria,
      id: "msg-demo-maria-addon-thanks",
      direction: "INBOUND",
      date: "2026-11-12T15:41:00Z",
      user: PRIYA,
      content: "Both Austin numbers work, thanks Priya!",
      status: "RECEIVED",
    }),
    call({
      ...maria,
      id: "cll-demo-maria-addon",
      direction: "INBOUND",
      date: "2026-11-12T15:20:00Z",
      user: PRIYA,
      result: "ANSWERED",
      duration: 318,
      summary:
        "Maria asked for two numbers for the new Austin office. Priya set them up and added the add-on to the next invoice.",
      tags: ["add-on"],
    }),
    call({
      ...maria,
      id: "cll-demo-maria-porting",
      direction: "INBOUND",
      date: "2026-11-05T09:10:00Z",
      user: PRIYA,
      result: "TRANSFERRED",
      duration: 95,
      summary:
        "Maria asked how long porting the main line takes; Priya transferred her to the onboarding team.",
      tags: ["porting"],
    }),
    message({
      ...maria,
      id: "msg-demo-maria-welcome",
      direction: "OUTBOUND",
      date: "2026-11-03T14:00:00Z",
      user: ALEX,
      content: "Welcome to Allo, Maria! Your numbers are live. Reply here any time if you need help.",
      status: "DELIVERED",
    }),
    call({
      ...maria,
      id: "cll-demo-maria-kickoff",
      direction: "OUTBOUND",
      date: "2026-11-03T13:00:00Z",
      user: ALEX,
      result: "ANSWERED",
      duration: 1260,
      summary:
        "Kickoff call with Maria: Northwind moves its support line to Allo, with call recording on and a shared inbox for billing questions.",
      tags: ["onboarding"],
    }),
    message({
      ...kenji,
      id: "msg-demo-kenji-reply",
      direction: "INBOUND",
      date: "2026-11-21T00:40:00Z",
      user: ALEX,
      content: "Thank you! I sent both documents by email.",
      status: "RECEIVED",
    }),
    message({
      ...kenji,
      id: "msg-demo-kenji-documents",
      direction: "OUTBOUND",
      date: "2026-11-20T16:30:00Z",
      user: ALEX,
      content:
        "Hi Kenji, for porting we need your latest phone bill and a signed letter of authorisation. I'll email the template. — Alex",
      status: "DELIVERED",
    }),
    call({
      ...kenji,
      id: "cll-demo-kenji-voicemail",
      direction: "INBOUND",
      date: "2026-11-20T01:17:00Z",
      user: ALEX,
      result: "VOICEMAIL",
      duration: 24,
      summary: "Kenji left a voicemail asking which documents are needed to port the two Tokyo numbers.",
      tags: ["porting", "callback"],
    }),
    call({
      ...kenji,
      id: "cll-demo-kenji-missed",
      direction: "INBOUND",
      date: "2026-11-20T01:15:00Z",
      user: ALEX,
      result: "MISSED",
      duration: 0,
      summary: null,
    }),
  ];
}
