"use client";

/**
 * The client side of an item's error panel (./item-error-panel): the countdown to the next
 * automatic attempt and "Retry now". The browser asks the dashboard's API itself; when it gets
 * the item, or an error retrying won't fix, it refreshes the page, and the server renders what
 * there is to show (the call, or the right panel).
 *
 * The panel renders, on the server and through hydration, from the server's error alone; the
 * code that asks again (./item-recovery-engine, React Query's retries and the router) loads
 * after hydration, so a page that shows the item never carries it. A click on "Retry now"
 * before it has arrived is kept and acted on when it does.
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
import { errorFromWire, type WireError } from "@/lib/api/errors";
import { buttonClass } from "@/components/ui/button-styles";
import { lazyOr } from "@/components/ui/lazy-or";
import { useIsHydrated } from "@/components/ui/use-now";
import { recoveryPhase, recoveryStatus, type RecoveryPhase } from "./recovery-status";

export type RecoveryEngineProps = {
  itemId: string;
  initialError: WireError;
  /** "Retry now" was clicked before the engine had arrived. */
  retryRequested: boolean;
  /** Where the panel finds the engine's "Retry now". */
  retryRef: RefObject<(() => void) | null>;
  onView: (view: RecoveryView) => void;
};

const RecoveryEngine = lazyOr(
  () => import("./item-recovery-engine"),
  // Without the engine (offline when it was to load), "Retry now" reloads the page instead.
  function RecoveryByReload({ retryRef, onView }: RecoveryEngineProps) {
    useEffect(() => {
      retryRef.current = () => window.location.reload();
      onView({ phase: { kind: "stopped" }, offline: true });
    }, [retryRef, onView]);
    return null;
  },
);

/** What the panel shows of recovery; the engine reports a new one when it changes. */
export type RecoveryView = {
  phase: RecoveryPhase;
  /** The last attempt could not reach the dashboard at all (the browser is offline). */
  offline: boolean;
};

type Recovery = RecoveryView & { retryNow: () => void };

const RecoveryContext = createContext<Recovery | null>(null);

function useRecovery(): Recovery {
  const recovery = useContext(RecoveryContext);
  if (!recovery) throw new Error("RetryLine and RetryNowButton must be used inside ItemRecovery");
  return recovery;
}

/** Before the browser's first attempt: retrying shortly, unless retrying can't help. */
function initialView(initialError: WireError): RecoveryView {
  const status = recoveryStatus(errorFromWire(initialError, 502), {
    fetching: false,
    started: false,
    retryAt: null,
  });
  return { phase: recoveryPhase(status, 0), offline: false };
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
  const [view, setView] = useState<RecoveryView>(() => initialView(initialError));
  const [retryRequested, setRetryRequested] = useState(false);
  /** The engine's "Retry now", once it has loaded. */
  const engineRetry = useRef<(() => void) | null>(null);
  const retryNow = useCallback(() => {
    if (engineRetry.current) engineRetry.current();
    else setRetryRequested(true);
  }, []);

  return (
    <RecoveryContext.Provider value={{ ...view, retryNow }}>
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

/** "Retrying in 3 s…", "Retrying now…", or that retries stopped; announced once per phase, not per second. */
export function RetryLine({ rateLimited = false }: { rateLimited?: boolean }) {
  const { phase, offline } = useRecovery();
  let text: string | null;
  let announcement: string;
  switch (phase.kind) {
    case "countdown":
      text = `retrying in ${phase.secondsLeft} s…`;
      announcement = "Retrying automatically.";
      break;
    case "requesting":
      text = "retrying now…";
      announcement = "Retrying now.";
      break;
    case "soon":
      text = "retrying shortly…";
      announcement = "Retrying automatically.";
      break;
    case "stopped":
      text = rateLimited
        ? "still limited after several tries. Try again in a minute."
        : "still no answer after several tries. Try again in a minute.";
      announcement = "Automatic retries stopped.";
      break;
    default:
      text = null;
      announcement = "";
  }
  const sentence =
    text === null
      ? null
      : rateLimited
        ? `Allo is rate limiting this dashboard — ${text}`
        : `${text.charAt(0).toUpperCase()}${text.slice(1)}`;
  return (
    <>
      {offline ? (
        <p className="font-medium text-zinc-900 dark:text-zinc-100">
          Your browser couldn&apos;t reach this dashboard. Check your connection.
        </p>
      ) : null}
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
  const { phase, retryNow } = useRecovery();
  const requesting = phase.kind === "requesting";
  return (
    <button type="button" onClick={retryNow} disabled={requesting} className={buttonClass("primary")}>
      {requesting ? "Retrying…" : "Retry now"}
    </button>
  );
}
