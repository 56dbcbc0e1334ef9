/**
 * Splits an AI call summary into sentences, keeping each sentence's exact character range so
 * the UI can render the untouched summary with every sentence wrapped in its own link.
 *
 * Rule-based, not statistical: summaries are short, well-formed prose, and the failure that
 * matters is splitting *inside* a sentence (after "e.g.", "Mr.", "1.5", "U.S."), which would
 * give the scorer half a sentence. The rules, in order:
 *
 * - a line break ends a sentence (summaries often come as bullet lists without full stops);
 *   leading bullet markers ("- ", "• ", "1. ") are left outside the sentence range;
 * - `.`, `!`, `?`, `…` (or `...`), and the CJK / Arabic terminators end a sentence when
 *   followed by whitespace (CJK full stops need none) and then something that can start one:
 *   an upper-case letter, a digit, an opening quote or bracket, or a letter of a script
 *   without case (Arabic, Hebrew, CJK). Closing quotes and brackets after the terminator stay
 *   with the sentence that ends there;
 * - a full stop right after a known abbreviation never ends a sentence if the abbreviation is
 *   a title or a Latin connector ("Mr.", "Dr.", "e.g.", "i.e.", "vs.", "ref."), and ends one
 *   after an initial or dotted acronym ("J.", "U.S.") only when a typical sentence opener
 *   follows ("… in the U.S. They asked …" splits, "the U.S. team" does not); "a.m."/"p.m."
 *   end one before a capital unless it starts a weekday, month or time zone.
 *
 * Offsets are UTF-16 code units (JavaScript string indexes), end exclusive, so
 * `summary.slice(start, end) === text` holds for every sentence.
 */

export type SentenceRange = {
  text: string;
  /** UTF-16 offset of the first character of the sentence in the summary. */
  start: number;
  /** UTF-16 offset just past its last character (terminator and closing quotes included). */
  end: number;
};

/** Never end a sentence: titles are followed by a name, connectors by the rest of the clause. */
const NEVER_FINAL = new Set([
  "mr",
  "mrs",
  "ms",
  "mx",
  "dr",
  "prof",
  "sr",
  "jr",
  "st",
  "mt",
  "fr",
  "rev",
  "gen",
  "col",
  "capt",
  "lt",
  "sgt",
  "e.g",
  "i.e",
  "eg",
  "ie",
  "cf",
  "vs",
  "viz",
  "approx",
  "ca",
  "no",
  "nos",
  "nr",
  "tel",
  "ref",
  "ext",
  "fig",
  "vol",
  "ch",
  "pp",
  "p",
  "dept",
  "inc",
  "ltd",
  "co",
  "corp",
  "jan",
  "feb",
  "mar",
  "apr",
  "jun",
  "jul",
  "aug",
  "sep",
  "sept",
  "oct",
  "nov",
  "dec",
]);

/**
 * Words that typically open a sentence. After an initial or a dotted acronym ("U.S.") the
 * next word decides: an opener means the acronym also closed the sentence.
 */
const SENTENCE_OPENERS = new Set(
  (
    "a an the this that these those it its he she they we i you his her their our there here " +
    "then next after afterwards later finally also however but so both overall all"
  ).split(" "),
);

/**
 * "a.m." / "p.m." end a sentence when a capital follows ("… since 8 a.m. Alex traced …"),
 * unless that capital starts a weekday, a month or a time zone ("8 a.m. Tuesday", "p.m. EST").
 */
const TIME_OF_DAY = new Set(["a.m", "p.m"]);
const CALENDAR_WORDS = new Set(
  (
    "monday tuesday wednesday thursday friday saturday sunday mon tue tues wed thu thur thurs fri sat sun " +
    "january february march april may june july august september october november december"
  ).split(" "),
);

const TERMINATORS = new Set([".", "!", "?", "…", "。", "！", "？", "؟", "۔", "।"]);
/** Terminators after which no space is needed (CJK punctuation is full-width). */
const SPACELESS_TERMINATORS = new Set(["。", "！", "？"]);
const CLOSERS = new Set(['"', "'", "”", "’", "»", "›", ")", "]", "}", "」", "』", "）"]);
const OPENERS = new Set(['"', "'", "“", "‘", "«", "‹", "(", "[", "「", "『", "（", "¿", "¡"]);

const BULLET = /^(?:[-*•‣◦▪–—]|\d{1,3}[.)])\s+/u;

function isSpace(character: string | undefined): boolean {
  return character !== undefined && /\s/u.test(character);
}

/** Whether `character` can begin a sentence (see the module comment). */
function canStartSentence(character: string | undefined): boolean {
  if (character === undefined) return true;
  if (OPENERS.has(character)) return true;
  if (/\p{N}/u.test(character)) return true;
  if (/\p{Lu}|\p{Lt}/u.test(character)) return true;
  // Letters of scripts without case: Arabic, Hebrew, CJK… (\p{Lo}).
  if (/\p{Lo}/u.test(character)) return true;
  // Emoji or symbols starting a sentence are rare, but an emoji-only "sentence" must not glue
  // onto the previous one forever.
  return /\p{Extended_Pictographic}/u.test(character);
}

/** The word (letters, digits and inner dots) that ends right before index `dot`. */
function wordBefore(text: string, dot: number): string {
  // Bounded look-back: abbreviations are short, and a hostile 1 MB "word" must stay cheap.
  const limit = Math.max(0, dot - 16);
  let start = dot;
  while (start > limit && /[\p{L}\p{N}.]/u.test(text[start - 1] ?? "")) start--;
  // A leading dot would be an earlier sentence's terminator, not part of this word.
  return text.slice(start, dot).replace(/^\.+/, "");
}

function nextWord(text: string, from: number): string {
  const match = /^[\p{L}']+/u.exec(text.slice(from, from + 40));
  return match ? match[0].toLowerCase() : "";
}

/** Whether the "." at `dot` (followed by whitespace then `next`) closes the sentence. */
function fullStopEnds(text: string, dot: number, nextStart: number): boolean {
  const word = wordBefore(text, dot);
  const lower = word.toLowerCase();
  if (lower === "") return true;
  if (NEVER_FINAL.has(lower)) return false;
  if (TIME_OF_DAY.has(lower)) {
    const next = nextWord(text, nextStart);
    const timeZone = /^[A-Z]{2,5}\b/.test(text.slice(nextStart, nextStart + 6));
    return !CALENDAR_WORDS.has(next) && !timeZone;
  }
  const initialOrAcronym = /^\p{L}$/u.test(word) || /^(?:\p{L}\.)+\p{L}$/u.test(word);
  if (initialOrAcronym) return SENTENCE_OPENERS.has(nextWord(text, nextStart));
  // "etc." ends a sentence only when a capital follows, which the caller has checked already.
  return true;
}

/**
 * Splits `summary` into sentences. Whitespace between sentences belongs to none of them;
 * whitespace-only input gives no sentences. Linear in the length of the summary.
 */
export function splitSentences(summary: string): SentenceRange[] {
  const sentences: SentenceRange[] = [];
  let sentenceStart = 0;

  const push = (start: number, end: number) => {
    let from = start;
    let to = end;
    while (from < to && isSpace(summary[from])) from++;
    while (to > from && isSpace(summary[to - 1])) to--;
    const bullet = BULLET.exec(summary.slice(from, Math.min(to, from + 8)));
    // Only strip a marker that has text after it; a lone "-" stays a (linkless) sentence.
    if (bullet && from + bullet[0].length < to) from += bullet[0].length;
    if (to > from) sentences.push({ text: summary.slice(from, to), start: from, end: to });
  };

  let index = 0;
  while (index < summary.length) {
    const character = summary[index] ?? "";
    if (character === "\n" || character === "\r" || character === "\u2028" || character === "\u2029") {
      push(sentenceStart, index);
      sentenceStart = index + 1;
      index++;
      continue;
    }
    if (!TERMINATORS.has(character)) {
      index++;
      continue;
    }

    // Take the whole run of terminators ("?!", "...") and any closing quotes after it.
    let end = index + 1;
    while (end < summary.length && TERMINATORS.has(summary[end] ?? "")) end++;
    while (end < summary.length && CLOSERS.has(summary[end] ?? "")) end++;

    let next = end;
    while (next < summary.length && isSpace(summary[next]) && summary[next] !== "\n") next++;
    const spaced = next > end;
    const atEnd = next >= summary.length || summary[next] === "\n";
    const runIsSingleDot = character === "." && end - index === 1 + countClosers(summary, index + 1, end);

    // "1. Refund issued" at the start of a line is a list marker, not a one-word sentence.
    const listMarker =
      character === "." &&
      index - sentenceStart <= 8 &&
      /^\s*\d{1,3}$/.test(summary.slice(sentenceStart, index));

    let ends: boolean;
    if (listMarker) ends = false;
    else if (atEnd) ends = true;
    else if (!spaced) ends = isCjkStop(summary, index, end);
    else if (!canStartSentence(codePointAt(summary, next))) ends = false;
    else ends = runIsSingleDot ? fullStopEnds(summary, index, next) : true;

    if (ends) {
      push(sentenceStart, end);
      sentenceStart = end;
    }
    index = end;
  }
  push(sentenceStart, summary.length);
  return sentences;
}

/** The whole character at `index` (both halves of a surrogate pair), so emoji are recognised. */
function codePointAt(text: string, index: number): string | undefined {
  const code = text.codePointAt(index);
  return code === undefined ? undefined : String.fromCodePoint(code);
}

function countClosers(text: string, from: number, to: number): number {
  let count = 0;
  for (let i = from; i < to; i++) if (CLOSERS.has(text[i] ?? "")) count++;
  return count;
}

/** A CJK terminator anywhere in the run ends the sentence even with no space after it. */
function isCjkStop(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (SPACELESS_TERMINATORS.has(text[i] ?? "")) return true;
  return false;
}
