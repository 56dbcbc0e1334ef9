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

/** The settings both Playwright configs share; each adds its own servers, URLs and folders. */
export const sharedPlaywrightSettings = {
  fullyParallel: false,
  workers: 1,
  forbidOnly: Boolean(process.env.CI),
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [["list"]] as [string][],
};
