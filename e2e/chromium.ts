/**
 * How every browser test and benchmark launches Chromium: Debian's package (never a Playwright
 * download), with the flags this closed network needs (no background networking, no QUIC).
 */
import { existsSync } from "node:fs";

export const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

export const chromiumLaunchOptions = {
  executablePath:
    process.env.CHROMIUM_PATH ?? (existsSync("/usr/bin/chromium") ? "/usr/bin/chromium" : undefined),
  // Tests play audio (muted) without a click first.
  args: [...CHROMIUM_ARGS, "--autoplay-policy=no-user-gesture-required"],
};
