"use client";

/**
 * The part of an error page's recovery that asks again (see ./item-recovery): it counts down,
 * lets React Query retry on the policy's schedule, and refreshes the page once there is an
 * answer the server should render. It renders nothing; the panel shows what it reports, in
 * the words of ./retry-line-text.
 */
import { useRouter } from "next/navigation";
import { useEffect, useEffectEvent, useTransition } from "react";
import { CallviewError } from "@/lib/api/errors";
import { useRenderedNow } from "@/components/ui/use-now";
import type { RecoveryEngineProps } from "./item-recovery";
import { recoveryPhase } from "./recovery-status";
import { retryLineText } from "./retry-line-text";
import { useItemRecovery } from "./use-item-recovery";

export default function RecoveryEngine({
  itemId,
  initialError,
  retryRequested,
  retryRef,
  onView,
}: RecoveryEngineProps) {
  const router = useRouter();
  const [refreshing, startRefresh] = useTransition();
  const { error, recovery, settled, retryNow } = useItemRecovery(itemId, initialError);
  const now = useRenderedNow(1_000);

  useEffect(() => {
    if (settled) startRefresh(() => router.refresh());
  }, [settled, router]);

  useEffect(() => {
    retryRef.current = retryNow;
  });
  useEffect(() => () => void (retryRef.current = null), [retryRef]);

  // A click that came before this code: acted on once, on arrival (later ones reach retryNow).
  const retryIfAskedEarly = useEffectEvent(() => {
    if (retryRequested) retryNow();
  });
  useEffect(() => retryIfAskedEarly(), []);

  const phase = settled || refreshing ? { kind: "requesting" as const } : recoveryPhase(recovery, now);
  const offline = !(error instanceof CallviewError);
  const kind = phase.kind;
  const secondsLeft = phase.kind === "countdown" ? phase.secondsLeft : 0;
  useEffect(() => {
    const shown = kind === "countdown" ? { kind, secondsLeft } : { kind };
    onView({
      requesting: kind === "requesting",
      offline,
      line: (rateLimited) => retryLineText(shown, rateLimited),
    });
  }, [kind, secondsLeft, offline, onView]);

  return null;
}
