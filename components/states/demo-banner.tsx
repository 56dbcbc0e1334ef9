/** Said on every page in demo mode, so nobody mistakes seeded data for their workspace. */
export function DemoBanner() {
  return (
    <p className="bg-amber-100 px-3 py-1.5 text-center text-xs text-amber-950 dark:bg-amber-900/60 dark:text-amber-50">
      <strong className="font-semibold">Demo data</strong> — no ALLO_API_KEY is configured, so Callview shows
      built-in example calls and messages.
    </p>
  );
}
