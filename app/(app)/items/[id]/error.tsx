"use client";

/**
 * Last-resort boundary for an unexpected failure while rendering an item (expected upstream
 * failures never get here: the page renders their panels itself). Every item page carries this
 * boundary and almost none shows it, so the panel's code loads only once a render has failed.
 */
import { Suspense, useEffect } from "react";
import { lazyOr } from "@/components/ui/lazy-or";
import { ReloadLink } from "@/components/ui/reload-link";

/** While the panel loads, and in its place if it cannot: the page never stays blank. */
function PlainNotice({ reload = false }: { reload?: boolean }) {
  return (
    <p role="status" className="mx-auto mt-8 max-w-xl text-sm text-zinc-700 dark:text-zinc-300">
      Something went wrong showing this item. {reload ? <ReloadLink /> : null}
    </p>
  );
}

const UnexpectedErrorPanel = lazyOr(
  () => import("@/components/states/unexpected-error-panel"),
  function PanelUnavailable() {
    return <PlainNotice reload />;
  },
);

export default function ItemError({ error, retry }: { error: unknown; retry: () => void }) {
  useEffect(() => {
    console.error(error);
  }, [error]);

  return (
    <Suspense fallback={<PlainNotice />}>
      <UnexpectedErrorPanel error={error} retry={retry} />
    </Suspense>
  );
}
