/**
 * Case- and accent-insensitive search over transcript text.
 *
 * Each text is folded once (lower case, compatibility decomposition, combining marks dropped,
 * typographic quotes straightened) while remembering, for every folded character, where it came
 * from in the original. Hits are found in the folded text and reported in original indices, so
 * the UI can wrap exactly the matched characters of the untouched text in `<mark>`.
 */

export type SearchHit = {
  segmentIndex: number;
  /** UTF-16 offsets into the original text, end exclusive. */
  start: number;
  end: number;
};

type FoldedText = {
  folded: string;
  /** For each UTF-16 unit of `folded`: the original [start, end) of the character it came from. */
  sourceStart: number[];
  sourceEnd: number[];
};

export type SearchIndex = { texts: FoldedText[] };

const COMBINING_MARK = /\p{M}/u;
const WHITESPACE = /\s/u;
const EQUIVALENTS: Record<string, string> = {
  "\u2018": "'",
  "\u2019": "'",
  "\u02bc": "'",
  "\u201c": '"',
  "\u201d": '"',
  "\u2013": "-",
  "\u2014": "-",
};

/** Folds one character (a code point) to its search form; may be empty or several units. */
function foldCharacter(character: string): string {
  if (WHITESPACE.test(character)) return " ";
  const equivalent = EQUIVALENTS[character];
  if (equivalent) return equivalent;
  let result = "";
  for (const part of character.normalize("NFKD").toLowerCase()) {
    if (!COMBINING_MARK.test(part)) result += part;
  }
  return result;
}

/** The folded form of a query: same folding, whitespace runs collapsed, ends trimmed. */
export function foldQuery(query: string): string {
  let result = "";
  for (const character of query) result += foldCharacter(character);
  return result.replace(/ {2,}/g, " ").trim();
}

function foldText(text: string): FoldedText {
  let folded = "";
  const sourceStart: number[] = [];
  const sourceEnd: number[] = [];
  let position = 0;
  for (const character of text) {
    const end = position + character.length;
    const part = foldCharacter(character);
    // A character that folds away (a lone combining accent) belongs to the one before it, so a
    // hit ending on that letter also covers its accent.
    if (part === "" && sourceEnd.length > 0) sourceEnd[sourceEnd.length - 1] = end;
    for (let unit = 0; unit < part.length; unit++) {
      sourceStart.push(position);
      sourceEnd.push(end);
    }
    folded += part;
    position = end;
  }
  return { folded, sourceStart, sourceEnd };
}

export function buildSearchIndex(texts: readonly string[]): SearchIndex {
  return { texts: texts.map(foldText) };
}

/**
 * Every non-overlapping hit of `query`, in transcript order (segment, then position).
 * An empty or whitespace-only query has no hits.
 */
export function findHits(index: SearchIndex, query: string): SearchHit[] {
  const needle = foldQuery(query);
  if (!needle) return [];
  const hits: SearchHit[] = [];
  index.texts.forEach(({ folded, sourceStart, sourceEnd }, segmentIndex) => {
    let from = folded.indexOf(needle);
    while (from !== -1) {
      const last = from + needle.length - 1;
      hits.push({ segmentIndex, start: sourceStart[from] ?? 0, end: sourceEnd[last] ?? 0 });
      from = folded.indexOf(needle, from + needle.length);
    }
  });
  return hits;
}

/** Next/previous hit with wrap-around; -1 when there are none. */
export function stepHit(current: number, count: number, direction: 1 | -1): number {
  if (count <= 0) return -1;
  if (current < 0) return direction === 1 ? 0 : count - 1;
  return (current + direction + count) % count;
}

/** The hits of one segment, ready to split its text: `[start, end, ordinal in all hits]`. */
export function hitsBySegment(
  hits: readonly SearchHit[],
): Map<number, { start: number; end: number; ordinal: number }[]> {
  const bySegment = new Map<number, { start: number; end: number; ordinal: number }[]>();
  hits.forEach((hit, ordinal) => {
    const list = bySegment.get(hit.segmentIndex);
    const entry = { start: hit.start, end: hit.end, ordinal };
    if (list) list.push(entry);
    else bySegment.set(hit.segmentIndex, [entry]);
  });
  return bySegment;
}

export type TextPiece = { text: string; hitOrdinal: number | null };

/** Splits a segment's text into plain and matched pieces for rendering. */
export function splitByHits(
  text: string,
  hits: readonly { start: number; end: number; ordinal: number }[],
): TextPiece[] {
  const pieces: TextPiece[] = [];
  let position = 0;
  for (const hit of hits) {
    if (hit.start > position) pieces.push({ text: text.slice(position, hit.start), hitOrdinal: null });
    pieces.push({ text: text.slice(hit.start, hit.end), hitOrdinal: hit.ordinal });
    position = hit.end;
  }
  if (position < text.length) pieces.push({ text: text.slice(position), hitOrdinal: null });
  return pieces;
}
