/**
 * The benchmark baseline: a bare page of this app (the same root layout, CSS, security headers
 * and Next.js runtime; no shell, no data, no query provider), so the item page's cold-open
 * figures have a peer measured the same way (bench/run.ts). Rendered per request like every
 * page here, so it gets the CSP nonce and its scripts run as the item page's do.
 */
import { connection } from "next/server";

export const metadata = { title: "Baseline" };

export default async function BenchBaselinePage() {
  await connection();
  return (
    <main className="mx-auto max-w-2xl p-6">
      <h1 className="text-lg font-semibold">Callview</h1>
      <p className="text-sm text-zinc-600 dark:text-zinc-400">A bare page, used as the benchmark baseline.</p>
    </main>
  );
}
