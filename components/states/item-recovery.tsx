"use client";

/**
 * The client side of an item's error panel (./item-error-panel): the countdown to the next
 * automatic attempt and "Retry now". The browser asks the dashboard's API itself; when it gets
 * the item, or an error retrying won't fix, it refreshes the page, and the server renders what
 * there is to show (the call, or the right panel).
 *
 * The panel renders, on the server and through hydration, with the words the server gave it
 * (./retry-line-text); the code that asks again and words what happens next
 * (./item-recovery-engine, React Query's retries and the router) loads after hydration, so a
 * page that shows the item never carries it. A click on "Retry now" before it has arrived is
 * kept and acted on when it does.
 */
import {
  createContext,
  Suspense,
  useCallback,
  useContext,
  useEffect,
  useRef,
  useState,
  type ReactNode,
  type RefObject,
} from "react";
import type { WireError } from "@/lib/api/errors";
import { buttonClass } from "@/components/ui/button-styles";
import { lazyOr } from "@/components/ui/lazy-or";
import { useIsHydrated } from "@/components/ui/use-now";
import type { RetryLineText } from "./retry-line-text";

export type RecoveryEngineProps = {
  itemId: string;
  initialError: WireError;
  /** "Retry now" was clicked before the engine had arrived. */
  retryRequested: boolean;
  /** Where the panel finds the engine's "Retry now". */
  retryRef: RefObject<(() => void) | null>;
  onView: (view: RecoveryView) => void;
};

/** What the panel shows of recovery once the engine runs; the engine reports a new one when it changes. */
export type RecoveryView = {
  /** A request is under way, so "Retry now" waits for it. */
  requesting: boolean;
  /** The last attempt could not reach the dashboard at all (the browser is offline). */
  offline: boolean;
  /** The retry line's words, plain or for rate limiting. */
  line: (rateLimited: boolean) => RetryLineText;
};

const RecoveryEngine = lazyOr(
  () => import("./item-recovery-engine"),
  // Without the engine (offline when it was to load) nothing retries by itself, and "Retry now"
  // reloads the page instead.
  function RecoveryByReload({ retryRef, onView }: RecoveryEngineProps) {
    useEffect(() => {
      retryRef.current = () => window.location.reload();
      onView({ requesting: false, offline: true, line: () => NO_AUTOMATIC_RETRY });
    }, [retryRef, onView]);
    return null;
  },
);

const OFFLINE = "Your browser couldn't reach this dashboard. Check your connection.";
const NO_AUTOMATIC_RETRY = {
  sentence: "Automatic retries are off: Retry now reloads the page.",
  announcement: "Automatic retries are off.",
};

type Recovery = { view: RecoveryView | null; retryNow: () => void };

const RecoveryContext = createContext<Recovery | null>(null);

function useRecovery(): Recovery {
  const recovery = useContext(RecoveryContext);
  if (!recovery) throw new Error("RetryLine and RetryNowButton must be used inside ItemRecovery");
  return recovery;
}

export function ItemRecovery({
  itemId,
  initialError,
  children,
}: {
  itemId: string;
  /** What the server's lookup failed with. */
  initialError: WireError;
  children: ReactNode;
}) {
  const hydrated = useIsHydrated();
  const [view, setView] = useState<RecoveryView | null>(null);
  const [retryRequested, setRetryRequested] = useState(false);
  /** The engine's "Retry now", once it has loaded. */
  const engineRetry = useRef<(() => void) | null>(null);
  const retryNow = useCallback(() => {
    if (engineRetry.current) engineRetry.current();
    else setRetryRequested(true);
  }, []);

  return (
    <RecoveryContext.Provider value={{ view, retryNow }}>
      {children}
      {hydrated ? (
        <Suspense fallback={null}>
          <RecoveryEngine
            itemId={itemId}
            initialError={initialError}
            retryRequested={retryRequested}
            retryRef={engineRetry}
            onView={setView}
          />
        </Suspense>
      ) : null}
    </RecoveryContext.Provider>
  );
}

/**
 * "Retrying in 3 s…", "Retrying now…", or that retries stopped: the server's words (`initial`)
 * until the engine reports; announced once per phase, not per second.
 */
export function RetryLine({
  rateLimited = false,
  initial,
}: {
  rateLimited?: boolean;
  initial: RetryLineText;
}) {
  const { view } = useRecovery();
  const { sentence, announcement } = view ? view.line(rateLimited) : initial;
  return (
    <>
      {view?.offline ? <p className="font-medium text-zinc-900 dark:text-zinc-100">{OFFLINE}</p> : null}
      {sentence ? (
        <p className="font-medium text-zinc-900 tabular-nums dark:text-zinc-100">{sentence}</p>
      ) : null}
      {/* Always in the page: a live region must exist before it speaks. */}
      <p role="status" className="sr-only">
        {announcement}
      </p>
    </>
  );
}

/** Clickable during a countdown (to skip the wait), not while a request is under way. */
export function RetryNowButton() {
  const { view, retryNow } = useRecovery();
  const requesting = view?.requesting ?? false;
  return (
    <button type="button" onClick={retryNow} disabled={requesting} className={buttonClass("primary")}>
      {requesting ? "Retrying…" : "Retry now"}
    </button>
  );
}
