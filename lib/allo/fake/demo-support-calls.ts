/**
 * More demo calls: realistic support conversations between a teammate (`USER`) and a caller
 * (`EXTERNAL`), each with a multi-sentence AI-style summary that paraphrases the transcript
 * rather than quoting it. They exist so summary evidence (lib/summary-evidence) has enough
 * labelled sentences to be evaluated on (tests/fixtures/summary-evidence/labelled-set.ts),
 * and they make the demo index richer.
 *
 * Same wire shape as the items in ./seed.ts (`AlloItemInput`). Segment texts are labelled by
 * index in the evaluation set: if you edit a transcript, re-check its labels.
 *
 * Each summary deliberately contains one sentence that is *not* backed by a specific part of
 * the transcript (an invented fact, as AI summaries sometimes produce), so the evaluation
 * measures precision as well as recall.
 */
import type { AlloItemInput } from "../schemas";

/** Default start of the first call; the others follow it by a few hours. */
export const SUPPORT_DEMO_START = "2026-11-24T09:00:00Z";

const ALEX = { id: "usr-alex01", name: "Alex Martin", email: "alex.martin@example.com" };
const PRIYA = { id: "usr-priya02", name: "Priya Raman", email: "priya.raman@example.com" };
const SUPPORT_LINE = "+14155550100";

type Turn = [source: "USER" | "EXTERNAL", offsetSeconds: number, text: string];

type DemoCall = {
  id: string;
  label: string;
  /** Minutes after the start passed to supportDemoCalls. */
  startsAfterMinutes: number;
  duration: number;
  direction: "INBOUND" | "OUTBOUND";
  contactNumber: string;
  contact: { id: string; name: string; company: { id: string; name: string }; deals: DealInput[] };
  user: typeof ALEX;
  summary: string;
  tags: string[];
  turns: Turn[];
};

type DealInput = { id: string; name: string; status: string };

const CALLS: DemoCall[] = [
  {
    id: "cll-demo-refund",
    label: "Refund of an annual renewal charged after a downgrade",
    startsAfterMinutes: 0,
    duration: 120,
    direction: "INBOUND",
    contactNumber: "+14155550321",
    contact: {
      id: "cnt-daniel",
      name: "Daniel Okafor",
      company: { id: "com-okafor", name: "Okafor Bakery" },
      deals: [{ id: "dea-okafor-loc", name: "Second location", status: "open" }],
    },
    user: PRIYA,
    summary:
      "Daniel Okafor of Okafor Bakery was billed for a full annual plan even though he had switched to monthly billing two weeks earlier. " +
      "Priya explained that the yearly renewal ran just before the scheduled downgrade took effect. " +
      "She reversed the 1,188 USD charge, moved the account to the monthly plan at 99 USD and said the refund should reach his card in 5–10 business days. " +
      "The first monthly invoice will be dated December 1, so nothing is charged today. " +
      "Daniel also wants a second local number for the Elm Street shop, which Priya will add next week. " +
      "The customer's account is otherwise in good standing.",
    tags: ["billing", "refund"],
    turns: [
      ["USER", 0.4, "Allo support, this is Priya. How can I help?"],
      [
        "EXTERNAL",
        3.9,
        "Hi Priya, Daniel Okafor from Okafor Bakery. We switched to the monthly plan two weeks ago, but yesterday we were billed for a full year.",
      ],
      ["USER", 12.5, "Let me look into that. Can you confirm the email on the account?"],
      ["EXTERNAL", 17.0, "It's accounts@okaforbakery.example."],
      [
        "USER",
        21.3,
        "Thanks, I have it. I can see the downgrade was scheduled for the end of your term, and the annual renewal ran on the same day, just before it.",
      ],
      ["EXTERNAL", 32.8, "So the change we made didn't count?"],
      [
        "USER",
        36.1,
        "It counted, but the renewal went first. That's a timing problem on our side, not something you did wrong.",
      ],
      ["EXTERNAL", 44.6, "How much was the charge exactly? My statement shows 1,188 dollars."],
      [
        "USER",
        50.2,
        "Yes, 1,188 dollars for twelve months. I'm reversing that charge now and moving you to monthly billing at 99 dollars.",
      ],
      ["EXTERNAL", 59.7, "Okay. And when does the money come back?"],
      ["USER", 63.0, "Refunds to a card take five to ten business days, depending on your bank."],
      ["EXTERNAL", 69.4, "Fine. Will the first monthly payment be taken right away?"],
      [
        "USER",
        74.1,
        "No, the first monthly invoice is dated the first of December, so nothing is charged today.",
      ],
      ["EXTERNAL", 82.5, "Good. While I have you, can we add a number for our second shop on Elm Street?"],
      [
        "USER",
        89.0,
        "Of course. An extra local number is five dollars a month. I can add it once the refund has gone through, so your invoices stay clean.",
      ],
      ["EXTERNAL", 99.3, "That works, let's do it next week then."],
      [
        "USER",
        103.8,
        "I'll put a reminder on your account and send you a credit note for the annual charge by email today.",
      ],
      ["EXTERNAL", 111.2, "Thanks, Priya, that was quick."],
      ["USER", 114.6, "You're welcome, Daniel. Have a good day."],
    ],
  },
  {
    id: "cll-demo-outage",
    label: "Calls dropping during a carrier incident, with a forwarding workaround",
    startsAfterMinutes: 52,
    duration: 150,
    direction: "INBOUND",
    contactNumber: "+12065550144",
    contact: {
      id: "cnt-grace",
      name: "Grace Kim",
      company: { id: "com-harbor", name: "Harbor Physiotherapy" },
      deals: [],
    },
    user: ALEX,
    summary:
      "Grace Kim from Harbor Physiotherapy reported that every call at reception has been dropping after roughly 30 seconds since 8 a.m. " +
      "Alex traced the problem to an ongoing upstream carrier incident on the West Coast (ref. INC-5521) rather than the clinic's phones. " +
      "As a workaround, the main number now forwards to Grace's mobile ending in 4410, and a test call stayed connected. " +
      "Alex will call back by 2 p.m. with an update and remove the forwarding then. " +
      "He will also request a service credit for the outage once the incident is closed. " +
      "The outage affected several hundred customers across the U.S.",
    // `urgent` so the demo's tag.added notification has something true to report.
    tags: ["urgent", "outage", "incident", "workaround"],
    turns: [
      ["USER", 0.5, "Allo support, Alex speaking."],
      [
        "EXTERNAL",
        3.0,
        "Hi Alex, it's Grace Kim at Harbor Physiotherapy. Every call we take drops after about thirty seconds. It started around eight this morning.",
      ],
      [
        "USER",
        12.2,
        "I'm sorry, that sounds disruptive. Is it happening on the desk phones, the app, or both?",
      ],
      ["EXTERNAL", 18.7, "The desk phones at reception for sure. I haven't tried the app."],
      ["USER", 23.4, "Okay. Give me a second to check our status page and your line."],
      [
        "USER",
        31.0,
        "Right, there is an open incident with one of our upstream carriers on the West Coast. Calls over that route are being cut after the first half minute.",
      ],
      ["EXTERNAL", 41.5, "So it's not our equipment?"],
      ["USER", 44.2, "No, your phones are fine. Other customers in your region are seeing the same thing."],
      [
        "EXTERNAL",
        50.9,
        "Our patients can't book appointments like this. Is there anything we can do right now?",
      ],
      [
        "USER",
        57.3,
        "Yes. The mobile app uses a different route, so if your front desk staff sign in to the app, calls should stay up. I can also forward your main number to a mobile while the incident is open.",
      ],
      [
        "EXTERNAL",
        71.8,
        "Let's forward the main number to my mobile. It's the one on the account, ending in 4410.",
      ],
      [
        "USER",
        79.0,
        "Done. Calls to your main number now ring your mobile ending 4410. Try calling it from another phone.",
      ],
      ["EXTERNAL", 88.6, "It's ringing. And I just stayed on for over a minute, it didn't drop."],
      [
        "USER",
        95.3,
        "Great. Your reference for the incident is INC-5521. Our engineers expect a fix within a few hours.",
      ],
      ["EXTERNAL", 103.1, "Can someone let me know when it's fixed? I don't want to keep checking."],
      ["USER", 108.7, "I'll call you back by two this afternoon with an update, or sooner if it's resolved."],
      [
        "EXTERNAL",
        115.9,
        "And will we get some credit for this? We're paying for a service that didn't work all morning.",
      ],
      [
        "USER",
        122.4,
        "That's fair. Once the incident is closed I'll file a service credit request for today's outage and email you the outcome.",
      ],
      ["EXTERNAL", 131.0, "Thank you. Remind me to switch the forwarding off afterwards?"],
      [
        "USER",
        135.6,
        "I'll remove the forwarding myself when I call you back, so you don't have to do anything.",
      ],
      ["EXTERNAL", 142.2, "Perfect. Thanks, Alex."],
      ["USER", 145.0, "Talk soon, Grace."],
    ],
  },
  {
    id: "cll-demo-porting",
    label: "Outbound follow-up on a rejected number port",
    startsAfterMinutes: 130,
    duration: 125,
    direction: "OUTBOUND",
    contactNumber: "+13125550188",
    contact: {
      id: "cnt-tomas",
      name: "Tomás Herrera",
      company: { id: "com-herrera", name: "Herrera Legal" },
      deals: [{ id: "dea-herrera", name: "Three lines, Standard plan", status: "WON" }],
    },
    user: PRIYA,
    summary:
      "Priya called Tomás Herrera of Herrera Legal because his previous carrier turned down the request to transfer his numbers. " +
      "The authorization form listed the account number from the invoice, while the carrier expects its dedicated porting account number and a port-out PIN. " +
      "Tomás will retrieve both from the carrier's portal and reply by email so Priya can resubmit the same day. " +
      "Porting the three numbers should take 7–10 business days, with no downtime during the cutover. " +
      "The fax line cannot move to Allo and will stay with the current provider. " +
      "Tomás was worried about an upcoming court deadline. " +
      "Herrera Legal is also evaluating the CRM integration for its four offices.",
    tags: ["porting"],
    turns: [
      [
        "USER",
        0.6,
        "Hi Tomás, this is Priya from Allo. Do you have a few minutes about your number transfer?",
      ],
      ["EXTERNAL", 6.1, "Sure, go ahead. Is there a problem?"],
      [
        "USER",
        9.0,
        "Your current provider rejected the port request yesterday. The account number on the authorization form doesn't match what they have on file.",
      ],
      ["EXTERNAL", 19.4, "That's odd, I copied it from our last bill."],
      [
        "USER",
        23.8,
        "That happens a lot. Some carriers use a separate account number for porting, which is not the one printed on the invoice. They also want the port-out PIN.",
      ],
      ["EXTERNAL", 34.2, "Where would I find that PIN?"],
      [
        "USER",
        37.5,
        "Usually in their online portal under security settings, or you can get it by calling their support line and asking for a port-out PIN.",
      ],
      ["EXTERNAL", 47.9, "Okay, I'll log in to the portal this afternoon."],
      [
        "USER",
        52.0,
        "Great. Once you have the account number and the PIN, just reply to my email, and I'll resubmit the request the same day.",
      ],
      ["EXTERNAL", 60.3, "How long does it take after that?"],
      [
        "USER",
        63.4,
        "For your three numbers, about seven to ten business days after resubmission. We'll confirm an exact date once the carrier accepts.",
      ],
      [
        "EXTERNAL",
        72.8,
        "We have a court deadline at the end of the month, I can't afford the phones being down.",
      ],
      [
        "USER",
        79.5,
        "Understood. The switch itself happens in a maintenance window early in the morning, and your old lines keep working until the moment it completes, so there's no downtime.",
      ],
      ["EXTERNAL", 92.1, "That's reassuring. Can we keep the fax number too?"],
      [
        "USER",
        96.7,
        "Fax numbers can't be ported to us, unfortunately. You could keep it with your current provider, or we can set up an email-to-fax service instead.",
      ],
      ["EXTERNAL", 107.9, "Let's keep it where it is for now."],
      [
        "USER",
        111.2,
        "Fine. I'll send you the updated form with the fields you need to correct highlighted.",
      ],
      ["EXTERNAL", 118.0, "Perfect, thank you Priya."],
      ["USER", 120.9, "Thanks Tomás, speak soon."],
    ],
  },
  {
    id: "cll-demo-routing",
    label: "Business hours, holiday schedule and a returns option in the phone menu",
    startsAfterMinutes: 210,
    duration: 118,
    direction: "INBOUND",
    contactNumber: "+4722555010",
    contact: {
      id: "cnt-ingrid",
      name: "Ingrid Larsen",
      company: { id: "com-fjord", name: "Fjord Outfitters" },
      deals: [],
    },
    user: ALEX,
    summary:
      "Ingrid Larsen from Fjord Outfitters asked to update the shop's phone hours after it started closing at 6 p.m. instead of 8 p.m. " +
      "Alex changed the closing time, so after-hours callers now hear the closed greeting and can leave a voicemail, which is emailed to store manager Henrik. " +
      "A holiday schedule now covers December 24–26, with a greeting Ingrid will type in the dashboard for text-to-speech. " +
      "Returns calls get their own menu option (option 2) that rings the warehouse group and falls back to the shop after 30 seconds. " +
      "No changes were made to the shop's call recording settings. " +
      "Ingrid will test the new setup this evening.",
    tags: ["ivr", "business-hours"],
    turns: [
      ["USER", 0.4, "Hello, Alex from Allo support."],
      [
        "EXTERNAL",
        2.9,
        "Hi, Ingrid Larsen from Fjord Outfitters. I need help with our opening hours in the phone menu.",
      ],
      ["USER", 9.1, "Happy to help. What would you like to change?"],
      [
        "EXTERNAL",
        12.0,
        "We close at six now instead of eight, but calls still ring in the shop until eight.",
      ],
      [
        "USER",
        18.5,
        "I see the schedule on your main line: Monday to Saturday, nine to eight. I'll change the closing time to six.",
      ],
      ["EXTERNAL", 27.3, "And after six they should hear a message and be able to leave a voicemail."],
      [
        "USER",
        32.4,
        "Okay, after hours callers will get your closed greeting and then the shared voicemail box. Do you want the voicemails emailed to someone?",
      ],
      ["EXTERNAL", 41.9, "Yes, to the store manager, Henrik."],
      ["USER", 45.2, "Done, voicemails will be sent to Henrik's email as audio with a transcript."],
      ["EXTERNAL", 51.6, "We're also closed from the twenty-fourth to the twenty-sixth of December."],
      [
        "USER",
        57.0,
        "I'll add a holiday schedule for those three days. Callers will hear the holiday greeting instead of the regular closed message. Have you recorded one?",
      ],
      ["EXTERNAL", 67.8, "Not yet. Can I just type it?"],
      [
        "USER",
        70.5,
        "Yes, type the text in the dashboard and we'll turn it into speech. You can change it anytime.",
      ],
      [
        "EXTERNAL",
        77.9,
        "Great. Last thing: most calls are about returns. Could the menu send those straight to our warehouse?",
      ],
      [
        "USER",
        85.2,
        "Sure. I'll add option two for returns and point it to the warehouse ring group. Option one stays the shop.",
      ],
      ["EXTERNAL", 94.0, "Who's in the warehouse group?"],
      [
        "USER",
        97.1,
        "Right now it's Sven and Maja. If nobody answers within thirty seconds, the call falls back to the shop.",
      ],
      ["EXTERNAL", 106.3, "That's exactly what we need."],
      ["USER", 109.0, "Everything is saved. Try calling after six tonight to hear it."],
      ["EXTERNAL", 114.4, "Will do, thanks Alex!"],
    ],
  },
  {
    id: "cll-demo-crm-sync",
    label: "HubSpot stopped logging calls after an admin password reset",
    startsAfterMinutes: 300,
    duration: 130,
    direction: "INBOUND",
    contactNumber: "+16175550199",
    contact: {
      id: "cnt-marcus",
      name: "Marcus Bell",
      company: { id: "com-bellross", name: "Bell & Ross Realty" },
      deals: [{ id: "dea-bellross-upgrade", name: "Business plan upgrade", status: "qualified" }],
    },
    user: PRIYA,
    summary:
      "Marcus Bell of Bell & Ross Realty reported that calls had not been logged in HubSpot since last Tuesday. " +
      "Priya found that the HubSpot admin's password reset had revoked the integration's authorization. " +
      "The office manager reconnected HubSpot under Settings › Integrations, and a test call appeared in HubSpot right away. " +
      "Priya will re-sync the missed calls from the past week overnight; they are needed for commission reports. " +
      "Attaching recordings requires the Business plan (USD 8 more per user per month), and Priya will email a plan comparison. " +
      "Marcus confirmed that the realty's 12 agents all use the mobile app.",
    tags: ["integration", "hubspot"],
    turns: [
      ["USER", 0.5, "Allo support, Priya speaking."],
      [
        "EXTERNAL",
        3.2,
        "Hi, Marcus Bell from Bell and Ross Realty. Our calls stopped showing up in HubSpot.",
      ],
      ["USER", 9.8, "Let me check your integrations. When did you last see a call logged?"],
      ["EXTERNAL", 15.1, "Last Tuesday, I think. Our agents noticed on Friday."],
      [
        "USER",
        20.6,
        "I can see the HubSpot connection has been failing since Tuesday with an authorization error. Did anyone change the HubSpot admin account recently?",
      ],
      ["EXTERNAL", 31.3, "Our office manager reset her password on Tuesday, she's the admin."],
      [
        "USER",
        36.0,
        "That explains it. Resetting the password revoked the token we use to write calls into HubSpot. Someone with admin rights needs to reconnect the integration.",
      ],
      ["EXTERNAL", 46.8, "She's next to me. What does she need to do?"],
      [
        "USER",
        50.1,
        "In Allo, open Settings, then Integrations, click Reconnect next to HubSpot, and sign in with her HubSpot account.",
      ],
      ["EXTERNAL", 59.5, "Okay, she's done it. It says connected."],
      ["USER", 63.7, "Great. Now please make a short test call to any contact that exists in HubSpot."],
      [
        "EXTERNAL",
        71.0,
        "Just called our own office number. Yes, there it is in HubSpot, with the duration.",
      ],
      [
        "USER",
        79.6,
        "Perfect. The calls from the last week that failed won't sync automatically, but I can replay them from our side tonight.",
      ],
      ["EXTERNAL", 88.9, "Please do, we need them for our commission reports."],
      ["USER", 93.2, "Will do. You'll see them in HubSpot by tomorrow morning."],
      [
        "EXTERNAL",
        99.4,
        "One more question: can the recordings be attached to the HubSpot activity as well?",
      ],
      [
        "USER",
        105.0,
        "Recording attachments are part of the Business plan. You're on Standard today, so only the call details and the summary are synced.",
      ],
      ["EXTERNAL", 114.8, "What does Business cost?"],
      [
        "USER",
        117.3,
        "It's eight dollars more per user per month. I'll email you a comparison so you can decide with your team.",
      ],
      ["EXTERNAL", 125.6, "Sounds good. Thanks, Priya."],
    ],
  },
];

/** Human descriptions for the demo index on the home page, keyed by item id. */
export const SUPPORT_DEMO_CALL_LABELS: Readonly<Record<string, string>> = Object.freeze(
  Object.fromEntries(CALLS.map((call) => [call.id, call.label])),
);

function at(startMs: number, offsetSeconds: number): string {
  return new Date(startMs + Math.round(offsetSeconds * 1000)).toISOString().replace(".000Z", "Z");
}

/**
 * The support demo calls, in wire shape. `startIso` is when the first call starts (the others
 * follow within the same day); `recordingBaseUrl`, when given, points each call at a synthetic
 * recording of its length served by the fake API (`/recordings/synthetic-<seconds>.mp3`), so
 * the player can seek to a span; without it the calls have no recording.
 */
export function supportDemoCalls(
  startIso: string = SUPPORT_DEMO_START,
  recordingBaseUrl?: string,
): AlloItemInput[] {
  const baseMs = Date.parse(startIso);
  const firstStartMs = Number.isFinite(baseMs) ? baseMs : Date.parse(SUPPORT_DEMO_START);
  return CALLS.map((call): AlloItemInput => {
    const startMs = firstStartMs + call.startsAfterMinutes * 60_000;
    return {
      id: call.id,
      type: "CALL",
      direction: call.direction,
      allo_number: SUPPORT_LINE,
      contact_number: call.contactNumber,
      contacts: [call.contact],
      user: call.user,
      date: at(startMs, 0),
      duration: call.duration,
      result: "ANSWERED",
      recording_url:
        recordingBaseUrl === undefined
          ? null
          : `${recordingBaseUrl.replace(/\/+$/, "")}/recordings/synthetic-${call.duration}.mp3`,
      summary: call.summary,
      tags: call.tags,
      transcript: call.turns.map(([source, offsetSeconds, text]) => ({
        source,
        time: at(startMs, offsetSeconds),
        text,
      })),
      content: null,
      status: null,
      message_type: null,
    };
  });
}
