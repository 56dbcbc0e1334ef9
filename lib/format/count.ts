/**
 * `1620` → `1,620`, as Intl.NumberFormat("en-US") writes whole numbers, without Intl: a page's
 * first Intl object costs a phone tens of milliseconds (see ./date.ts).
 */
export function formatCount(count: number): string {
  return String(Math.trunc(count)).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}
