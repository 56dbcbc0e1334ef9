/**
 * HTTP Range (RFC 9110 §14) for a single byte range, the only form browsers send for media.
 * Multi-range requests are answered with the whole resource, which the RFC allows.
 */
export type ByteRange = { start: number; end: number };

export type RangeParse = { kind: "none" } | { kind: "range"; range: ByteRange } | { kind: "unsatisfiable" };

export function parseRangeHeader(header: string | null, size: number): RangeParse {
  if (!header) return { kind: "none" };
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!match) return { kind: "none" };
  const [, rawStart = "", rawEnd = ""] = match;
  if (rawStart === "" && rawEnd === "") return { kind: "none" };
  if (rawStart === "") {
    const suffix = Number(rawEnd);
    if (suffix === 0) return { kind: "unsatisfiable" };
    return { kind: "range", range: { start: Math.max(0, size - suffix), end: size - 1 } };
  }
  const start = Number(rawStart);
  const end = rawEnd === "" ? size - 1 : Math.min(Number(rawEnd), size - 1);
  if (!Number.isSafeInteger(start) || start >= size || end < start) return { kind: "unsatisfiable" };
  return { kind: "range", range: { start, end } };
}

/** A conservative check of a Range header before forwarding it upstream. */
export function isForwardableRange(header: string | null): boolean {
  return header !== null && header.length <= 64 && /^bytes=\d*-\d*$/.test(header.trim());
}
