/** The transcript as plain text, for "Copy transcript": one `[1:23] Name: text` line per segment. */
import { formatClock } from "@/lib/format/time";
import type { Timeline } from "./timeline";

export function transcriptToText(timeline: Pick<Timeline, "segments" | "withHours">): string {
  return timeline.segments
    .map((segment) => {
      // One line per segment keeps the copied text greppable and pasteable into tickets.
      const text = segment.text.replace(/\s*[\r\n]+\s*/g, " ").trim();
      return `[${formatClock(segment.offsetSeconds, timeline.withHours)}] ${segment.speaker.label}: ${text}`;
    })
    .join("\n");
}
