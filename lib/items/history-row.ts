/**
 * One earlier conversation with the same contact, as the history panel shows it: a compact
 * row the server builds from a search result (zod-free, so the browser can share the type).
 * Each piece comes from Allo's item as it is; only the text is cut to one line.
 */
import { isCall, parseAlloTimestamp, type AlloItem } from "@/lib/allo/item";
import { itemPath } from "@/lib/links";

export type HistoryRow = {
  id: string;
  kind: "call" | "sms";
  /** As Allo sends it (`INBOUND`, `OUTBOUND`, or a value it adds later). */
  direction: string;
  /** ISO 8601, as Allo sent it. */
  date: string;
  /** Calls only: `ANSWERED`, `MISSED`, `VOICEMAIL`, … */
  result: string | null;
  /** Calls only, in seconds. */
  duration: number | null;
  /** The summary of a call or the body of a message, on one line and cut to `MAX_ROW_TEXT`. */
  text: string | null;
  teammate: string | null;
  /** This dashboard's page for the item. */
  href: string;
};

/** One page of a contact's history. `contactNumber` null: the item has no number to look up. */
export type HistoryPage = {
  contactNumber: string | null;
  rows: HistoryRow[];
  page: number;
  hasMore: boolean;
};

/** Long enough for a line on a wide screen; the panel truncates visually to its width too. */
export const MAX_ROW_TEXT = 160;

/** Whitespace folded to single spaces, cut at a word boundary near `max` with an ellipsis. */
export function oneLine(text: string | null, max = MAX_ROW_TEXT): string | null {
  if (text === null) return null;
  const folded = text.replace(/\s+/g, " ").trim();
  if (folded === "") return null;
  if (folded.length <= max) return folded;
  const cut = folded.slice(0, max);
  const lastSpace = cut.lastIndexOf(" ");
  return `${(lastSpace > max * 0.6 ? cut.slice(0, lastSpace) : cut).trimEnd()}…`;
}

export function toHistoryRow(item: AlloItem): HistoryRow {
  const call = isCall(item);
  return {
    id: item.id,
    kind: call ? "call" : "sms",
    direction: item.direction,
    date: item.date,
    result: call ? item.result : null,
    duration: call ? item.duration : null,
    text: oneLine(call ? item.summary : item.content),
    teammate: item.user ? (item.user.name ?? item.user.email ?? null) : null,
    href: itemPath(item.id),
  };
}

/** Newest first; a row whose date cannot be read goes last. */
export function newestFirst(rows: readonly HistoryRow[]): HistoryRow[] {
  const time = (row: HistoryRow) => parseAlloTimestamp(row.date) ?? -Infinity;
  return [...rows].sort((a, b) => time(b) - time(a));
}
