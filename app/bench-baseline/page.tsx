/**
 * The benchmark baseline: a bare page of this app (same layout, fonts and providers, no data),
 * so cold-open numbers of the item page have a peer measured the same way (bench/run.ts).
 */
export const metadata = { title: "Baseline" };

export default function BenchBaselinePage() {
  return (
    <main className="mx-auto max-w-2xl p-6">
      <h1 className="text-lg font-semibold">Callview</h1>
      <p className="text-sm text-zinc-600 dark:text-zinc-400">A bare page, used as the benchmark baseline.</p>
    </main>
  );
}
