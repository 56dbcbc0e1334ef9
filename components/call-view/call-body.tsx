"use client";

/** A call's main column: the summary and the media (player, speaker bar, transcript), sharing one playback. */
import type { PublicItem } from "@/lib/items/public-item";
import { NOTIFICATION_MOMENT_LABEL, type NotificationNotice } from "@/lib/items/notification-notice";
import { CallMedia } from "./call-media";
import { CallPlaybackProvider } from "./call-playback";
import { SummaryPanel } from "./summary-panel";

export function CallBody({
  id,
  item,
  initialTimeSeconds,
  notice,
}: {
  id: string;
  item: PublicItem;
  initialTimeSeconds: number | null;
  notice: NotificationNotice | null;
}) {
  // A notification's moment (from the store) wins over `?t=`: the page marks it and starts a little before.
  const moment =
    notice?.momentSeconds != null
      ? { seconds: notice.momentSeconds, label: NOTIFICATION_MOMENT_LABEL }
      : null;
  return (
    <CallPlaybackProvider key={item.id} item={item} initialTimeSeconds={initialTimeSeconds} moment={moment}>
      <SummaryPanel id={id} item={item} />
      <CallMedia item={item} />
    </CallPlaybackProvider>
  );
}
