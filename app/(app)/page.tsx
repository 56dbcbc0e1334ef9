/**
 * Home: open an item from a pasted link or id, and in demo mode a list of the demo items so a
 * new user can explore. The form also works without JavaScript (GET /?q=… validates here).
 */
import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { ItemLinkForm } from "@/components/ui/item-link-form";
import { listedFaults } from "@/lib/allo/fake/faults";
import { pathWithQuery } from "@/lib/auth/return-to";
import { itemReferenceError, parseItemReference } from "@/lib/links";
import { alloRuntime } from "@/lib/server/allo.server";
import { requirePageViewer } from "@/lib/server/auth/session.server";

export const metadata: Metadata = { title: { absolute: "Callview" } };

/** The demo items the running fake serves (ids and labels only: the seed stays on the server). */
function demoItems(): { id: string; label: string }[] | null {
  const demo = alloRuntime().demo;
  return demo
    ? demo.items
        .filter((entry) => !entry.unlisted)
        .map((entry) => ({ id: entry.item.id, label: entry.label }))
    : null;
}

function DemoList({
  title,
  headingId,
  items,
}: {
  title: string;
  headingId: string;
  items: { id: string; label: string }[];
}) {
  return (
    <section aria-labelledby={headingId} className="mt-6">
      <h2 id={headingId} className="text-sm font-semibold text-zinc-900 dark:text-zinc-100">
        {title}
      </h2>
      <ul className="mt-2 divide-y divide-zinc-200 overflow-hidden rounded-lg border border-zinc-200 bg-white dark:divide-zinc-800 dark:border-zinc-800 dark:bg-zinc-900">
        {items.map((item) => (
          <li key={item.id}>
            <a
              href={`/items/${item.id}`}
              className="flex flex-col gap-0.5 px-3 py-2 hover:bg-zinc-50 sm:flex-row sm:items-baseline sm:gap-3 dark:hover:bg-zinc-800/60"
            >
              <code className="shrink-0 font-mono text-xs text-blue-700 sm:w-52 dark:text-blue-300">
                {item.id}
              </code>
              <span className="text-sm text-zinc-800 dark:text-zinc-200">{item.label}</span>
            </a>
          </li>
        ))}
      </ul>
    </section>
  );
}

export default async function HomePage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const params = await searchParams;
  await requirePageViewer(pathWithQuery("/", params));
  const { q } = params;
  const submitted = typeof q === "string" ? q : null;
  let initialError: string | null = null;
  if (submitted !== null) {
    const parsed = parseItemReference(submitted);
    if (parsed.ok) redirect(parsed.href);
    initialError = itemReferenceError(parsed.reason);
  }

  const demo = demoItems();
  return (
    <div className="mx-auto max-w-2xl sm:pt-6">
      <h1 className="text-xl font-semibold">Open a call or message</h1>
      <p className="mt-1 text-sm text-zinc-700 dark:text-zinc-300">
        Paste the link from an Allo notification, a Callview link or an item id to see who called, what
        happened and the summary.
      </p>
      <div className="mt-4 rounded-lg border border-zinc-200 bg-white p-3 sm:p-4 dark:border-zinc-800 dark:bg-zinc-900">
        <ItemLinkForm initialValue={submitted ?? ""} initialError={initialError} />
      </div>
      {demo ? (
        <>
          <DemoList title="Demo calls and messages" headingId="demo-items" items={demo} />
          <DemoList title="Failure demos" headingId="demo-faults" items={listedFaults()} />
        </>
      ) : null}
    </div>
  );
}
