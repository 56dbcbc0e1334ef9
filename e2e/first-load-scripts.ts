/**
 * A page's first load, as the budgets test and the benchmark count it: the scripts its HTML
 * names (`<script src>`), as paths. Code the page loads on demand later is not among them.
 */
export function firstLoadScripts(html: string): string[] {
  return [...html.matchAll(/<script[^>]*\ssrc="([^"]+)"/g)].map((match) => match[1] ?? "");
}
