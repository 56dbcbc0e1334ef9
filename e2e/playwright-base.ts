/**
 * The one base both Playwright configurations build on (e2e/ and e2e-auth/): Debian's Chromium
 * with this network's flags, one worker, the same timeouts and reporter. Each suite adds only
 * its own folders, base URL and servers.
 */
import { defineConfig, devices, type PlaywrightTestConfig } from "@playwright/test";
import { chromiumLaunchOptions } from "./chromium";

type SuiteOptions = {
  testDir: string;
  outputDir: string;
  baseURL: string;
  webServer: NonNullable<PlaywrightTestConfig["webServer"]>;
};

export function definePlaywrightSuite({ testDir, outputDir, baseURL, webServer }: SuiteOptions) {
  return defineConfig({
    testDir,
    outputDir,
    fullyParallel: false,
    workers: 1,
    forbidOnly: Boolean(process.env.CI),
    retries: 0,
    timeout: 60_000,
    expect: { timeout: 10_000 },
    reporter: [["list"]],
    use: {
      baseURL,
      trace: "off",
      screenshot: "only-on-failure",
      launchOptions: chromiumLaunchOptions,
    },
    projects: [{ name: "chromium", use: { ...devices["Desktop Chrome"], channel: undefined } }],
    webServer,
  });
}
