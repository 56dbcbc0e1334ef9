/** Percent-decoding that never throws on malformed input (`%`, `%FF`, `%C0%AE`). */

/** The decoded text, or null when the percent-encoding is not valid UTF-8. */
export function safeDecode(value: string): string | null {
  try {
    return decodeURIComponent(value);
  } catch {
    return null;
  }
}

/** The decoded text, or the input unchanged when it does not decode (to show it as typed). */
export function decodeOrKeep(value: string): string {
  return safeDecode(value) ?? value;
}
