/**
 * Evaluation of summary evidence on the labelled set: `npx tsx bench/summary-evidence.ts`.
 *
 * Prints, as Markdown: precision and recall over a threshold sweep, a few scoring ablations
 * at the chosen thresholds, every sentence that is not a correct link or a correct rejection,
 * and the cost of aligning the 1,620-segment demo call. Definitions of the metrics are in
 * tests/fixtures/summary-evidence/evaluate.ts and docs/summary-evidence.md.
 *
 * Imports the pure aligner (lib/summary-evidence/align.ts), not the `.server.ts` entry: the
 * `server-only` marker throws outside a React Server Components bundle, and this is plain Node.
 */
import { LABELLED_ITEMS } from "../tests/fixtures/summary-evidence/labelled-set";
import {
  metricsFor,
  outcomeOf,
  scoreLabelledSet,
  type Metrics,
  type ScoredSentence,
} from "../tests/fixtures/summary-evidence/evaluate";
import {
  alignSummary,
  DEFAULT_ALIGN_OPTIONS,
  type AlignOptions,
  type AlignStats,
} from "../lib/summary-evidence/align";

const percent = (value: number) => `${(value * 100).toFixed(1)} %`;
const f1 = (m: Metrics) =>
  m.precision + m.recall === 0 ? 0 : (2 * m.precision * m.recall) / (m.precision + m.recall);

function row(cells: (string | number)[]): string {
  return `| ${cells.join(" | ")} |`;
}

function metricsRow(label: string, m: Metrics): string {
  return row([
    label,
    `${m.correct}/${m.links}`,
    percent(m.precision),
    `${m.correct}/${m.withSpan}`,
    percent(m.recall),
    f1(m).toFixed(3),
    percent(m.strictPrecision),
    `${m.negativesRejected}/${m.withoutSpan}`,
  ]);
}

const METRICS_HEADER = [
  row([
    "setting",
    "correct/links",
    "precision",
    "correct/with span",
    "recall",
    "F1",
    "strict precision",
    "negatives rejected",
  ]),
  row(["---", "---", "---", "---", "---", "---", "---", "---"]),
];

function sweep(scored: readonly ScoredSentence[]): void {
  console.log("## Threshold sweep (scoring at defaults)\n");
  console.log(METRICS_HEADER.join("\n"));
  for (const minRelativeScore of [0, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5]) {
    for (const minAbsoluteScore of [0, 1, 2, 4]) {
      const thresholds = { ...DEFAULT_ALIGN_OPTIONS, minRelativeScore, minAbsoluteScore };
      const chosen =
        minRelativeScore === DEFAULT_ALIGN_OPTIONS.minRelativeScore &&
        minAbsoluteScore === DEFAULT_ALIGN_OPTIONS.minAbsoluteScore;
      const label = `coverage ≥ ${minRelativeScore}, BM25 ≥ ${minAbsoluteScore}${chosen ? " **(default)**" : ""}`;
      console.log(metricsRow(label, metricsFor(scored, thresholds)));
    }
  }
  console.log();
}

function ablations(): void {
  console.log("## Scoring ablations (default thresholds)\n");
  const variants: [string, Partial<AlignOptions>][] = [
    ["defaults", {}],
    ["single segments only (maxWindow 1)", { maxWindow: 1 }],
    ["windows up to 2", { maxWindow: 2 }],
    ["no short-window preference (gain 0)", { longerWindowGain: 0 }],
    ["strong short-window preference (gain 0.5)", { longerWindowGain: 0.5 }],
    ["no length normalisation (b 0)", { b: 0 }],
    ["full length normalisation (b 1)", { b: 1 }],
    ["k1 0.6", { k1: 0.6 }],
    ["k1 2.0", { k1: 2 }],
    ["names kept as evidence", { ignoreParticipantNames: false }],
    ["unseen terms at BM25's df 0 weight", { unseenTermDf: 0 }],
    ["names kept and df 0 (first version)", { ignoreParticipantNames: false, unseenTermDf: 0 }],
  ];
  console.log(METRICS_HEADER.join("\n"));
  for (const [label, overrides] of variants) {
    const options = { ...DEFAULT_ALIGN_OPTIONS, ...overrides };
    console.log(metricsRow(label, metricsFor(scoreLabelledSet(options), options)));
  }
  console.log();
}

function details(scored: readonly ScoredSentence[]): void {
  console.log("## Sentences that are not a correct link or a correct rejection (defaults)\n");
  console.log(row(["sentence", "outcome", "labelled", "best window", "coverage", "BM25", "text"]));
  console.log(row(["---", "---", "---", "---", "---", "---", "---"]));
  let shown = 0;
  for (const entry of scored) {
    const outcome = outcomeOf(entry, DEFAULT_ALIGN_OPTIONS);
    if (outcome === "correct" || outcome === "rejected") continue;
    shown++;
    const labelled =
      entry.spans.length === 0 ? "no span" : entry.spans.map(([a, b]) => `${a}–${b}`).join(", ");
    const window = entry.match ? `${entry.match.firstSegment}–${entry.match.lastSegment}` : "none";
    const text = entry.text.length > 70 ? `${entry.text.slice(0, 69)}…` : entry.text;
    console.log(
      row([
        `${entry.itemId}#${entry.sentence}`,
        outcome,
        labelled.length > 30 ? `${labelled.slice(0, 29)}…` : labelled,
        window,
        entry.match ? entry.match.coverage.toFixed(3) : "–",
        entry.match ? entry.match.score.toFixed(2) : "–",
        text.replace(/\|/g, "\\|"),
      ]),
    );
  }
  if (shown === 0) console.log(row(["(none)", "", "", "", "", "", ""]));
  console.log();
}

function speed(): void {
  const item = LABELLED_ITEMS.get("cll-demo-long");
  if (!item) throw new Error("cll-demo-long is missing from the seed");
  const runs = 30;
  const times: number[] = [];
  let cold = 0;
  let stats: AlignStats = { sentences: 0, alignedSentences: 0, work: 0 };
  for (let run = 0; run < runs + 5; run++) {
    const counters = { sentences: 0, alignedSentences: 0, work: 0 };
    const started = performance.now();
    alignSummary(item, DEFAULT_ALIGN_OPTIONS, counters);
    const elapsed = performance.now() - started;
    // The first runs include JIT warm-up; a server aligns many items, so report warm figures.
    if (run === 0) cold = elapsed;
    if (run >= 5) times.push(elapsed);
    stats = counters;
  }
  times.sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)] ?? 0;
  const worst = times.at(-1) ?? 0;
  const segments = item.transcript?.length ?? 0;
  console.log("## Cost on cll-demo-long\n");
  console.log(
    `${segments} segments, ${stats.sentences} summary sentences, ${stats.work} window-term evaluations. ` +
      `alignSummary (index build included): first (cold) run ${cold.toFixed(1)} ms; ${runs} warm runs: ` +
      `median ${median.toFixed(1)} ms, max ${worst.toFixed(1)} ms ` +
      `(Node ${process.version}).\n`,
  );
}

const scored = scoreLabelledSet();
const total = scored.length;
const withSpan = scored.filter((entry) => entry.spans.length > 0).length;
console.log("# Summary evidence: evaluation on the labelled set\n");
console.log(
  `${total} sentences from ${new Set(scored.map((entry) => entry.itemId)).size} calls: ${withSpan} with a labelled span, ${total - withSpan} without.\n`,
);
console.log(
  `Defaults: k1 ${DEFAULT_ALIGN_OPTIONS.k1}, b ${DEFAULT_ALIGN_OPTIONS.b}, windows 1–${DEFAULT_ALIGN_OPTIONS.maxWindow}, ` +
    `longer-window gain ${DEFAULT_ALIGN_OPTIONS.longerWindowGain}, relative (coverage) ≥ ${DEFAULT_ALIGN_OPTIONS.minRelativeScore}, ` +
    `absolute (BM25) ≥ ${DEFAULT_ALIGN_OPTIONS.minAbsoluteScore}, unseen-term df ${DEFAULT_ALIGN_OPTIONS.unseenTermDf}, names ignored: ${DEFAULT_ALIGN_OPTIONS.ignoreParticipantNames}.\n`,
);
console.log("## At the defaults\n");
console.log(METRICS_HEADER.join("\n"));
console.log(metricsRow("defaults", metricsFor(scored, DEFAULT_ALIGN_OPTIONS)));
console.log();
sweep(scored);
ablations();
details(scored);
speed();
