/**
 * A call's transcript, packed for the trip inside the page's RSC payload. React parses that
 * payload value by value (a reviver call per key and per value), and a 95-minute call has 1,620
 * segments of three fields each: as objects it costs a phone about 45 ms of main thread in one
 * task. Packed, it is four strings, a third smaller, and unpacked in about a millisecond.
 *
 * Lossless by construction: a transcript is packed only when every field round-trips exactly
 * (times in UTC ISO form with or without milliseconds, texts free of the separator, few
 * distinct sources);
 * anything else travels as it is. Applied through the query client's dehydrate and hydrate
 * defaults (lib/query-client.ts), so the API and the cache see the item unchanged; the packed
 * item travels as one JSON string (packForHydration).
 */
import type { TranscriptSegment } from "@/lib/allo/item";

const SEPARATOR = "\u001e";
/** One base-36 digit per segment names its source. */
const MAX_SOURCES = 36;

type PackedTranscript = {
  /** Distinct sources, in order of first appearance. */
  sources: string[];
  /** One base-36 digit per segment: its index in `sources`. */
  order: string;
  /** Epoch ms of the first segment, then the difference to the previous one, base 36, comma-separated. */
  times: string;
  /** One digit per segment: how its time was written (see TIME_STYLES). */
  timeStyles: string;
  /** The texts, joined by U+001E. */
  texts: string;
};

const PACKED_KEY = "packed_transcript";

type WithTranscript = { transcript: TranscriptSegment[] | null };

function hasTranscriptArray(data: unknown): data is WithTranscript & Record<string, unknown> {
  return (
    typeof data === "object" &&
    data !== null &&
    Array.isArray((data as { transcript?: unknown }).transcript) &&
    !(PACKED_KEY in data)
  );
}

/** The ways of writing a UTC time that are rebuilt exactly: `…T15:00:02.892Z` and `…T15:07:54Z`. */
const TIME_STYLES = [
  (ms: number) => new Date(ms).toISOString(),
  (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z"),
] as const;

/** The style that writes `time` back exactly, or -1. */
function timeStyleOf(time: string, ms: number): number {
  if (!Number.isFinite(ms)) return -1;
  return TIME_STYLES.findIndex((write) => write(ms) === time);
}

export function packTranscript(segments: readonly TranscriptSegment[]): PackedTranscript | null {
  if (segments.length === 0) return null;
  const sources: string[] = [];
  let order = "";
  let timeStyles = "";
  const times: string[] = [];
  const texts: string[] = [];
  let previous = 0;
  for (const [index, segment] of segments.entries()) {
    const ms = Date.parse(segment.time);
    const style = timeStyleOf(segment.time, ms);
    if (style < 0 || segment.text.includes(SEPARATOR)) return null;
    let sourceIndex = sources.indexOf(segment.source);
    if (sourceIndex < 0) {
      if (sources.length === MAX_SOURCES) return null;
      sourceIndex = sources.push(segment.source) - 1;
    }
    order += sourceIndex.toString(36);
    timeStyles += String(style);
    times.push((index === 0 ? ms : ms - previous).toString(36));
    previous = ms;
    texts.push(segment.text);
  }
  return { sources, order, times: times.join(","), timeStyles, texts: texts.join(SEPARATOR) };
}

/**
 * Unpacked transcripts by their packed content, the last few. The server renders every request
 * for a call's page from the same packed form (each arrives as new strings), and rebuilding
 * 1,620 segments each time was a tenth of a long call's render; in the browser it is one entry.
 * The segments are frozen, as everything shares them.
 */
const unpackedByContent = new Map<string, readonly TranscriptSegment[]>();
const UNPACKED_KEPT = 16;

export function unpackTranscript(packed: PackedTranscript): TranscriptSegment[] {
  const key = [
    packed.sources.join(SEPARATOR),
    packed.order,
    packed.timeStyles,
    packed.times,
    packed.texts,
  ].join("\u001d");
  let segments = unpackedByContent.get(key);
  if (segments) {
    unpackedByContent.delete(key);
  } else {
    segments = Object.freeze(decodeTranscript(packed).map((segment) => Object.freeze(segment)));
    if (unpackedByContent.size >= UNPACKED_KEPT) {
      unpackedByContent.delete(unpackedByContent.keys().next().value!);
    }
  }
  unpackedByContent.set(key, segments);
  // Typed mutable for AlloItem's sake; frozen, so a writer would fail loudly rather than corrupt.
  return segments as TranscriptSegment[];
}

function decodeTranscript(packed: PackedTranscript): TranscriptSegment[] {
  const times = packed.times.split(",");
  const texts = packed.texts.split(SEPARATOR);
  const segments: TranscriptSegment[] = [];
  let ms = 0;
  for (let index = 0; index < packed.order.length; index += 1) {
    ms = index === 0 ? parseInt(times[0]!, 36) : ms + parseInt(times[index]!, 36);
    segments.push({
      source: packed.sources[parseInt(packed.order[index]!, 36)]! as TranscriptSegment["source"],
      time: TIME_STYLES[Number(packed.timeStyles[index])]!(ms),
      text: texts[index]!,
    });
  }
  return segments;
}

/** The packed form of a transcript-carrying item: the item, its transcript packed. */
export function packItem(data: unknown): unknown {
  if (!hasTranscriptArray(data) || data.transcript === null) return data;
  const packed = packTranscript(data.transcript);
  return packed ? { ...data, transcript: null, [PACKED_KEY]: packed } : data;
}

/** The exact reverse of packItem. */
export function unpackItem(data: unknown): unknown {
  if (typeof data !== "object" || data === null || !(PACKED_KEY in data)) return data;
  const { [PACKED_KEY]: packed, ...rest } = data as Record<string, unknown> & {
    [PACKED_KEY]: PackedTranscript;
  };
  return { ...rest, transcript: unpackTranscript(packed) };
}

/**
 * How a query's data crosses into the page: as one JSON string of its packed form. React's
 * payload is then one string for the item, which the server writes as it is and the browser
 * reads with JSON.parse, instead of a value-by-value walk on both sides; and the server builds
 * that string once per item object (the item cache hands every request the same one).
 */
const SERIALIZED_KEY = "callview_json";
const serializedForms = new WeakMap<object, { [SERIALIZED_KEY]: string }>();

/** dehydrate's `serializeData`. */
export function packForHydration(data: unknown): unknown {
  if (typeof data !== "object" || data === null) return data;
  let form = serializedForms.get(data);
  if (!form) {
    form = { [SERIALIZED_KEY]: JSON.stringify(packItem(data)) };
    serializedForms.set(data, form);
  }
  return form;
}

/** hydrate's `deserializeData`: the exact reverse of packForHydration. */
export function unpackFromHydration(data: unknown): unknown {
  if (typeof data !== "object" || data === null || !(SERIALIZED_KEY in data)) return data;
  return unpackItem(JSON.parse((data as { [SERIALIZED_KEY]: string })[SERIALIZED_KEY]) as unknown);
}
