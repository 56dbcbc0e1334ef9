"use client";

/**
 * The summary as text in which each sentence that has evidence is a link to it: hovering or
 * focusing it shows the quote it most likely came from, just below the summary; clicking it
 * plays the call from there and marks the span in the transcript. Sentences without evidence
 * stay plain text. The text is rendered exactly as Allo wrote it (the sentences are character
 * ranges of the summary), and the links are real links to the call at that moment.
 */
import { useId, useState, type MouseEvent } from "react";
import { formatClock, toTimeParam } from "@/lib/format/time";
import type { SentenceEvidence, SummaryEvidence } from "@/lib/summary-evidence/types";
import { useCallPlayback } from "./call-playback";

export const EVIDENCE_HIGHLIGHT_LABEL = "Evidence for the summary";

function EvidenceLink({
  text,
  evidence,
  onPreview,
}: {
  text: string;
  evidence: SentenceEvidence;
  onPreview: (evidence: SentenceEvidence | null) => void;
}) {
  const { controller } = useCallPlayback();
  const descriptionId = useId();
  const jump = (event: MouseEvent<HTMLAnchorElement>) => {
    // A modified click (new tab, new window) follows the link, which opens the call at `t`.
    if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey || event.button !== 0) return;
    event.preventDefault();
    controller.seek(evidence.startSeconds, {
      segmentIndex: evidence.firstSegment,
      play: controller.hasRecording,
      highlight: {
        first: evidence.firstSegment,
        last: evidence.lastSegment,
        label: EVIDENCE_HIGHLIGHT_LABEL,
      },
    });
    // On a phone the transcript is below the fold: bring it into view with the marked span.
    const reduced = window.matchMedia("(prefers-reduced-motion: reduce)").matches;
    document
      .getElementById("call-transcript")
      ?.scrollIntoView({ block: "nearest", behavior: reduced ? "auto" : "smooth" });
  };
  return (
    <>
      <a
        href={`?t=${toTimeParam(evidence.startSeconds)}`}
        onClick={jump}
        onMouseEnter={() => onPreview(evidence)}
        onMouseLeave={() => onPreview(null)}
        onFocus={() => onPreview(evidence)}
        onBlur={() => onPreview(null)}
        aria-describedby={descriptionId}
        data-testid="summary-evidence"
        className="rounded-sm text-inherit underline decoration-blue-600/60 decoration-dotted underline-offset-4 hover:bg-blue-50 hover:decoration-solid focus-visible:bg-blue-50 dark:decoration-blue-300/60 dark:hover:bg-blue-950 dark:focus-visible:bg-blue-950"
      >
        {text}
      </a>
      <span id={descriptionId} className="sr-only">
        {`Plays the call from ${formatClock(evidence.startSeconds)}, where it says: ${evidence.quote}`}
      </span>
    </>
  );
}

export function SummaryWithEvidence({ summary, evidence }: { summary: string; evidence: SummaryEvidence }) {
  const [preview, setPreview] = useState<SentenceEvidence | null>(null);
  const parts: React.ReactNode[] = [];
  let cursor = 0;
  evidence.sentences.forEach((sentence, index) => {
    // The evidence belongs to this very summary text; anything else is shown as plain text.
    if (sentence.start < cursor || summary.slice(sentence.start, sentence.end) !== sentence.text) return;
    if (sentence.start > cursor) parts.push(summary.slice(cursor, sentence.start));
    parts.push(
      sentence.evidence ? (
        <EvidenceLink key={index} text={sentence.text} evidence={sentence.evidence} onPreview={setPreview} />
      ) : (
        sentence.text
      ),
    );
    cursor = sentence.end;
  });
  if (cursor < summary.length) parts.push(summary.slice(cursor));
  return (
    <>
      {parts}
      {/* Over the content below, never pushing it: a hover must not move the page. */}
      <span
        aria-hidden="true"
        data-testid="summary-evidence-quote"
        className={`absolute inset-x-0 top-full z-20 mt-1 rounded-md border border-zinc-200 bg-white px-3 py-2 text-sm leading-snug text-zinc-800 shadow-md dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-100 ${preview ? "block" : "hidden"}`}
      >
        {preview ? (
          <>
            <span className="font-semibold">From the call at {formatClock(preview.startSeconds)}: </span>
            <span dir="auto">“{preview.quote}”</span>
          </>
        ) : null}
      </span>
    </>
  );
}
