/**
 * Terms for lexical alignment of a summary with its transcript.
 *
 * A summary paraphrases the call, so the terms must meet across inflection ("refunded" /
 * "refund", "invoices" / "invoice", "charged" / "charges") and across spelled and written
 * numbers ("five" / "5"), but must not be so aggressive that unrelated words collide. The
 * stemmer below is deliberately light (a handful of English suffix rules, no dictionary):
 * the scorer only compares terms within one call, so consistency matters more than
 * producing real English roots ("invoic" is fine as long as both forms reach it).
 *
 * Pure and dependency-free: runs the same on the server and, if ever needed, in the browser.
 */

/**
 * A small English stop-word list: function words, fillers and the courtesy phrases every call
 * has ("thanks", "okay"). These carry no evidence about *where* a summary sentence came from;
 * leaving them in would let greetings match every sentence that mentions "the" or "you".
 * Kept short on purpose: content words that are merely common in a call (e.g. "call") are
 * left to IDF, which measures commonness per call instead of guessing it globally.
 */
const STOP_WORDS = new Set(
  (
    "a about above after again against all also am an and any are aren't as at be because been before " +
    "being below between both but by can can't cannot could couldn't did didn't do does doesn't doing don't " +
    "down during each few for from further had hadn't has hasn't have haven't having he he'd he'll he's her " +
    "here here's hers herself him himself his how how's i i'd i'll i'm i've if in into is isn't it it's its " +
    "itself just let's me more most mustn't my myself no nor not of off on once only or other ought our ours " +
    "ourselves out over own same shan't she she'd she'll she's should shouldn't so some such than that that's " +
    "the their theirs them themselves then there there's these they they'd they'll they're they've this those " +
    "through to too under until up very was wasn't we we'd we'll we're we've were weren't what what's when " +
    "when's where where's which while who who's whom why why's will with won't would wouldn't you you'd " +
    "you'll you're you've your yours yourself yourselves " +
    // Conversation fillers and courtesies: present in almost every turn of every call.
    "hi hello hey okay ok yes yeah yep no nope please thank thanks sure right well oh um uh great perfect " +
    "good alright also just really actually maybe got get gets go going one's lot bit"
  ).split(" "),
);

/**
 * Spelled numbers fold to digits so "five business days" meets "5 business days". Only
 * cardinals: ordinals ("first", "second") are far more often ordinary words in a call
 * ("first thing", "give me a second").
 */
const NUMBER_WORDS: Record<string, string> = {
  zero: "0",
  one: "1",
  two: "2",
  three: "3",
  four: "4",
  five: "5",
  six: "6",
  seven: "7",
  eight: "8",
  nine: "9",
  ten: "10",
  eleven: "11",
  twelve: "12",
  thirteen: "13",
  fourteen: "14",
  fifteen: "15",
  sixteen: "16",
  seventeen: "17",
  eighteen: "18",
  nineteen: "19",
  twenty: "20",
  thirty: "30",
  forty: "40",
  fifty: "50",
  sixty: "60",
  seventy: "70",
  eighty: "80",
  ninety: "90",
  hundred: "100",
  twice: "2",
};

/**
 * Irregular verb forms that summaries use where the caller used the base form or vice versa
 * ("she paid" / "I'll pay"). Suffix rules cannot reach these; the list is short and limited to
 * verbs that come up in support calls.
 */
const IRREGULAR: Record<string, string> = {
  paid: "pay",
  sent: "send",
  told: "tell",
  said: "say",
  spoke: "speak",
  spoken: "speak",
  took: "take",
  taken: "take",
  gave: "give",
  given: "give",
  made: "make",
  bought: "buy",
  found: "find",
  met: "meet",
  began: "begin",
  begun: "begin",
  sold: "sell",
  brought: "bring",
  thought: "think",
  knew: "know",
  known: "know",
  wrote: "write",
  written: "write",
  ran: "run",
  broke: "break",
  broken: "break",
  chose: "choose",
  chosen: "choose",
  held: "hold",
  kept: "keep",
  lost: "lose",
  heard: "hear",
  understood: "understand",
  went: "go",
  gone: "go",
  rang: "ring",
  rung: "ring",
};

const VOWEL = /[aeiouy]/;
/** A stem must keep at least this many characters, so "ring", "need" and "bus" stay whole. */
const MIN_STEM = 3;

/** Porter's undoubling: "transferred" → "transferr" → "transfer", but "called" keeps "call". */
function undouble(stem: string): string {
  const last = stem.at(-1);
  if (stem.length > MIN_STEM && last && last === stem.at(-2) && !"lsz".includes(last) && !VOWEL.test(last)) {
    return stem.slice(0, -1);
  }
  return stem;
}

/** Strips `suffix` if what remains is long enough and still has a vowel (so "bed" stays "bed"). */
function strip(word: string, suffix: string): string | null {
  if (!word.endsWith(suffix)) return null;
  const stem = word.slice(0, -suffix.length);
  return stem.length >= MIN_STEM && VOWEL.test(stem) ? stem : null;
}

/**
 * Light English suffix folding. Rules are applied in one pass, longest suffix first, then a
 * final "e" and a final consonant-"y" are normalised so that the base form and its
 * inflections converge: charge/charged/charges/charging → "charg", reply/replies → "repli".
 * Non-Latin words pass through unchanged (they never match the ASCII suffixes).
 */
export function stem(word: string): string {
  const irregular = IRREGULAR[word];
  // The base form goes through the rules too, so "made" → "make" → "mak" meets "making".
  if (irregular) return stem(irregular);
  if (word.length < MIN_STEM || !/^[a-z]+$/.test(word)) return word;

  let result = word;
  // Possessives and plural-ish endings first: "companies" → "compani", "boxes" → "boxe" → "box".
  const ies = strip(result, "ies");
  if (ies !== null) result = `${ies}i`;
  else if (!result.endsWith("ss") && !result.endsWith("us") && !result.endsWith("is")) {
    result = strip(result, "s") ?? result;
  }

  // Derivational and inflectional endings. "ation" before "ing"/"ed" so "confirmation" and
  // "confirmed" both reach "confirm"; "ly" so "quickly" meets "quick".
  for (const suffix of ["ations", "ation", "ingly", "edly", "ing", "ed", "ly"]) {
    const stripped = strip(result, suffix);
    // "-ly" only after a longer stem: "quickly" → "quick", but "reply" and "early" stay whole.
    if (suffix === "ly" && stripped !== null && stripped.length < 4) continue;
    if (stripped !== null) {
      result = suffix === "ing" || suffix === "ed" ? undouble(stripped) : stripped;
      break;
    }
  }

  // Converge base forms with their inflections: "charge" → "charg" (like "charged"),
  // "try" → "tri" (like "tries"/"tried").
  if (result.length > MIN_STEM && result.endsWith("e")) result = result.slice(0, -1);
  if (result.length >= MIN_STEM && /[^aeiou]y$/.test(result)) result = `${result.slice(0, -1)}i`;
  return result;
}

/**
 * Case, accents and typographic apostrophes folded away, in the same spirit as the transcript
 * search (lib/transcript/search.ts): NFKD, combining marks dropped, lower case. Arabic
 * diacritics are combining marks too, so vowelled and unvowelled spellings meet.
 */
function fold(text: string): string {
  return text
    .normalize("NFKD")
    .replace(/\p{M}+/gu, "")
    .toLowerCase()
    .replace(/[\u2018\u2019\u02bc\u0060\u00b4]/g, "'");
}

/**
 * Words: runs of letters and digits, with inner apostrophes ("don't") and, between digits,
 * inner dots and commas ("1.5", "1,200") kept as part of the word. Everything else
 * (punctuation, emoji, symbols, whitespace of any script) separates words.
 */
const WORD = /\p{N}+(?:[.,]\p{N}+)+|[\p{L}\p{N}]+(?:'[\p{L}\p{N}]+)*/gu;
const NUMBER = /^\p{N}+(?:[.,]\p{N}+)*$/u;
/** Scripts written without spaces between words: a run is split into character bigrams. */
const UNSPACED = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u;
const UNSPACED_RUN = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}ー]+/gu;

/**
 * Guards against hostile input: no single word is longer than this (a 50 kB run of letters
 * becomes one bounded term), so term maps and keys stay small.
 */
const MAX_TERM_LENGTH = 40;

function pushUnspaced(run: string, out: string[]): void {
  const characters = Array.from(run);
  if (characters.length === 1) {
    out.push(run);
    return;
  }
  // Overlapping bigrams are the usual dictionary-free way to index Chinese and Japanese:
  // most words are two characters, and a longer word still shares its bigrams.
  for (let i = 0; i + 1 < characters.length; i++) out.push(`${characters[i]}${characters[i + 1]}`);
}

/** Number tokens: "1,200" and "1200" meet; "1.5" stays distinct from "15". */
function normaliseNumber(raw: string): string {
  return raw.replace(/,(?=\d{3}(?:\D|$))/g, "");
}

/**
 * The terms of a text, in order, with stop words removed and stems applied. Repeated terms
 * are kept (the scorer counts term frequency). Bounded: at most `maxTerms` terms are returned.
 */
export function tokenize(text: string, maxTerms = Number.POSITIVE_INFINITY): string[] {
  const out: string[] = [];
  for (const match of fold(text).matchAll(WORD)) {
    if (out.length >= maxTerms) break;
    let word = match[0];
    if (UNSPACED.test(word)) {
      // A run can mix scripts ("iphoneの"); split off the unspaced parts.
      let last = 0;
      for (const run of word.matchAll(UNSPACED_RUN)) {
        const before = word.slice(last, run.index);
        if (before) pushWord(before, out);
        pushUnspaced(run[0], out);
        last = run.index + run[0].length;
      }
      const after = word.slice(last);
      if (after) pushWord(after, out);
      continue;
    }
    if (word.length > MAX_TERM_LENGTH) word = word.slice(0, MAX_TERM_LENGTH);
    pushWord(word, out);
  }
  return out.length > maxTerms ? out.slice(0, maxTerms) : out;
}

/**
 * Memo of word → term ("" for a dropped word). Calls repeat their words heavily, and the
 * suffix rules are most of the tokeniser's cost, so the 1,620-segment demo call indexes about
 * twice as fast with it. Pure (the result depends only on the word), so sharing it across
 * items is safe; cleared when full so hostile input cannot grow it without bound.
 */
const TERM_MEMO = new Map<string, string>();
const TERM_MEMO_MAX = 20_000;

function pushWord(raw: string, out: string[]): void {
  let term = TERM_MEMO.get(raw);
  if (term === undefined) {
    term = termOf(raw);
    if (TERM_MEMO.size >= TERM_MEMO_MAX) TERM_MEMO.clear();
    TERM_MEMO.set(raw, term);
  }
  if (term) out.push(term);
}

/** The term for one folded word, or "" when the word carries no evidence. */
function termOf(raw: string): string {
  if (NUMBER.test(raw)) return normaliseNumber(raw);
  // "maria's" → "maria": the possessive says nothing about the word.
  const word = raw.endsWith("'s") ? raw.slice(0, -2) : raw;
  if (STOP_WORDS.has(word)) return "";
  const number = NUMBER_WORDS[word];
  if (number) return number;
  // Remaining contractions ("o'clock", "we'd" not in the list) lose the apostrophe.
  const plain = word.replace(/'/g, "");
  if (plain.length < 2 && !/\p{N}/u.test(plain) && !/[^\p{Script=Latin}]/u.test(plain)) return "";
  if (STOP_WORDS.has(plain)) return "";
  return stem(plain);
}
