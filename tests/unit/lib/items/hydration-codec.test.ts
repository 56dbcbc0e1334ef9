import { dehydrate, hydrate, QueryClient } from "@tanstack/react-query";
import { describe, expect, it } from "vitest";
import type { TranscriptSegment } from "@/lib/allo/item";
import {
  packForHydration,
  packItem,
  packTranscript,
  unpackFromHydration,
  unpackItem,
  unpackTranscript,
} from "@/lib/items/hydration-codec";
import { makeQueryClient } from "@/lib/query-client";

const segment = (source: string, time: string, text: string) => ({ source, time, text }) as TranscriptSegment;

const transcript = [
  segment("USER", "2026-11-20T15:00:02.892Z", "Thanks for calling, you're speaking with Alex."),
  segment("EXTERNAL", "2026-11-20T15:00:06.560Z", "Hi, I was charged twice — «refund» please."),
  // Out of order: Allo does not promise sorted segments; the delta is negative.
  segment("EXTERNAL", "2026-11-20T15:00:05.000Z", ""),
  segment("AGENT", "2026-11-20T16:35:00.000Z", 'Emoji 👋 and \n newlines, "quotes", commas, ,'),
  segment("SOMETHING_NEW", "2026-11-20T16:35:00.000Z", "An unknown source is kept as given."),
];

describe("packTranscript", () => {
  it("round-trips every field exactly", () => {
    const packed = packTranscript(transcript);
    expect(packed).not.toBeNull();
    expect(unpackTranscript(packed!)).toEqual(transcript);
  });

  it("is smaller than the objects it replaces, for a long call", () => {
    const long = Array.from({ length: 1_620 }, (_, index) =>
      segment(
        index % 3 ? "USER" : "EXTERNAL",
        new Date(Date.UTC(2026, 10, 20, 15) + index * 3_517).toISOString(),
        `Sentence number ${index}.`,
      ),
    );
    const packed = packTranscript(long)!;
    expect(unpackTranscript(packed)).toEqual(long);
    expect(JSON.stringify(packed).length).toBeLessThan(JSON.stringify(long).length * 0.5);
  });

  it.each([
    [
      "a naive timestamp (read as UTC elsewhere, not canonical)",
      [segment("USER", "2026-11-20T15:00:02", "hi")],
    ],
    ["an offset timestamp", [segment("USER", "2026-11-20T16:00:02.000+01:00", "hi")]],
    ["a timestamp with a lowercase zone", [segment("USER", "2026-11-20T15:00:02.000z", "hi")]],
    ["an impossible timestamp", [segment("USER", "2026-13-45T15:00:02.000Z", "hi")]],
    ["the separator in a text", [segment("USER", "2026-11-20T15:00:02.000Z", "a\u001eb")]],
    [
      "more sources than one digit can name",
      Array.from({ length: 37 }, (_, index) => segment(`S${index}`, "2026-11-20T15:00:02.000Z", "x")),
    ],
    ["no segments", []],
  ])("leaves the transcript as it is with %s", (_, segments) => {
    expect(packTranscript(segments)).toBeNull();
    const item = { id: "cll-x", transcript: segments };
    expect(packItem(item)).toBe(item);
    expect(unpackFromHydration(packForHydration(item))).toEqual(item);
  });
});

describe("packForHydration and unpackFromHydration", () => {
  const item = { id: "cll-demo", summary: "s", transcript, tags: ["a"] };

  it("serialise an item object once, however many pages send it", () => {
    const first = packForHydration(item);
    expect(packForHydration(item)).toBe(first);
    expect(packForHydration({ ...item })).not.toBe(first);
    expect(packForHydration({ ...item })).toEqual(first);
  });

  it("send the item as one JSON string of its packed form", () => {
    const form = packForHydration(item) as Record<string, unknown>;
    expect(Object.values(form)).toHaveLength(1);
    const json = Object.values(form)[0] as string;
    expect(typeof json).toBe("string");
    const packed = JSON.parse(json) as Record<string, unknown>;
    expect(packed.transcript).toBeNull();
    expect(packed.summary).toBe("s");
    expect(unpackItem(packed)).toEqual(item);
  });

  it("reverse each other and leave the other fields alone", () => {
    expect(unpackFromHydration(packForHydration(item))).toEqual(item);
    const sms = { id: "msg-x", transcript: null, content: "hello" };
    expect(unpackFromHydration(packForHydration(sms))).toEqual(sms);
  });

  it.each([
    ["a string", "text"],
    ["a number", 3],
    ["null", null],
  ])("pass %s through untouched", (_, data) => {
    expect(packForHydration(data)).toBe(data);
    expect(unpackFromHydration(data)).toBe(data);
  });

  it("are what the query client uses: the browser's cache gets the item back exactly", () => {
    const server = makeQueryClient();
    server.setQueryData(["item", "cll-demo"], item);
    const state = JSON.parse(JSON.stringify(dehydrate(server)));
    expect(JSON.stringify(state)).not.toContain('speaking with Alex."');
    const browser: QueryClient = makeQueryClient();
    hydrate(browser, state);
    expect(browser.getQueryData(["item", "cll-demo"])).toEqual(item);
  });
});
