/**
 * An outside judge: Lighthouse 12 (pinned at 12.2.3; 13 needs Node 22) in Debian's Chromium,
 * with its mobile preset (the default: a mid-range phone, 4× CPU slowdown, slow 4G) or its
 * desktop preset. Each audit runs in its own plain-Node process (bench/lighthouse-runner.mjs).
 */
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { CHROMIUM_ARGS } from "../e2e/chromium";

const run = promisify(execFile);

export type LighthouseResult = {
  performance: number;
  accessibility: number;
  bestPractices: number;
  lcpMs: number;
  tbtMs: number;
  cls: number;
  fcpMs: number;
  /** Lighthouse's CPU benchmark of the machine during the audit (higher is faster); absent in older results. */
  benchmarkIndex?: number;
  /** Audits of the accessibility and best-practices categories that did not pass. */
  failing: string[];
};

export async function runLighthouse(
  url: string,
  preset: "mobile" | "desktop",
  chromePath: string,
): Promise<LighthouseResult> {
  const { stdout } = await run(
    process.execPath,
    ["bench/lighthouse-runner.mjs", url, preset, chromePath, ...CHROMIUM_ARGS],
    { timeout: 180_000, maxBuffer: 16 * 1024 * 1024 },
  );
  const line = stdout.trim().split("\n").at(-1) ?? "";
  return JSON.parse(line) as LighthouseResult;
}
