"use client";

/**
 * A call's main column, the page's largest client island: the summary and the media (player,
 * speaker bar, transcript), sharing one playback. It reads the item from React Query (hydrated
 * by the server), so a poll that brings the summary, or a transcript that arrived late,
 * updates it in place.
 */
import type { ReactNode } from "react";
import type { PhoneBook } from "@/lib/format/phone-book";
import { PhoneBookProvider } from "@/components/ui/phone-book";
import { CallMedia } from "./call-media";
import { CallPlaybackProvider } from "./call-playback";
import { SummaryPanel } from "./summary-panel";
import { useHydratedItem } from "./use-hydrated-item";

export function CallBody({
  id,
  phoneBook,
  initialTimeSeconds,
  moment,
  shortcutsHelp,
}: {
  id: string;
  /** The speakers' numbers, formatted on the server. */
  phoneBook: PhoneBook;
  /** From `?t=`: where the player starts. */
  initialTimeSeconds: number | null;
  /** A notification's moment, to mark and start a little before; wins over `?t=`. */
  moment: { seconds: number; label: string } | null;
  /** The player's shortcut help: static, so rendered on the server and passed in. */
  shortcutsHelp: ReactNode;
}) {
  const { item, texts } = useHydratedItem(id);
  return (
    <PhoneBookProvider book={phoneBook}>
      <CallPlaybackProvider key={item.id} item={item} initialTimeSeconds={initialTimeSeconds} moment={moment}>
        <SummaryPanel id={id} item={item} />
        <CallMedia item={item} texts={texts} shortcutsHelp={shortcutsHelp} />
      </CallPlaybackProvider>
    </PhoneBookProvider>
  );
}
