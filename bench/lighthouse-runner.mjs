// Runs one Lighthouse audit and prints its result as one JSON line. Plain Node (not tsx):
// Lighthouse sends some of its functions to the browser as source, and a TypeScript loader's
// helpers in them would not exist there. Usage: node bench/lighthouse-runner.mjs <url> <mobile|desktop> <chromium>
import * as chromeLauncher from "chrome-launcher";
import lighthouse from "lighthouse";
import desktopConfig from "lighthouse/core/config/desktop-config.js";

const [url, preset, chromePath, ...chromeArgs] = process.argv.slice(2);
const chrome = await chromeLauncher.launch({ chromePath, chromeFlags: ["--headless=new", ...chromeArgs] });
try {
  const result = await lighthouse(
    url,
    {
      port: chrome.port,
      output: "json",
      logLevel: "error",
      onlyCategories: ["performance", "accessibility", "best-practices"],
    },
    preset === "desktop" ? desktopConfig : undefined,
  );
  const { categories, audits } = result.lhr;
  const score = (id) => Math.round((categories[id]?.score ?? 0) * 100);
  const numeric = (id) => audits[id]?.numericValue ?? 0;
  const failing = ["accessibility", "best-practices"].flatMap((category) =>
    (categories[category]?.auditRefs ?? [])
      .map((ref) => audits[ref.id])
      .filter((audit) => audit && audit.score !== null && audit.score < 1)
      .map((audit) => audit.id),
  );
  console.log(
    JSON.stringify({
      performance: score("performance"),
      accessibility: score("accessibility"),
      bestPractices: score("best-practices"),
      lcpMs: Math.round(numeric("largest-contentful-paint")),
      tbtMs: Math.round(numeric("total-blocking-time")),
      cls: Math.round(numeric("cumulative-layout-shift") * 1000) / 1000,
      fcpMs: Math.round(numeric("first-contentful-paint")),
      // Lighthouse's own measure of this machine's CPU (higher is faster): simulated TBT
      // multiplies real tasks, so runs on different machines compare only with it beside them.
      benchmarkIndex: Math.round(result.lhr.environment.benchmarkIndex),
      failing,
    }),
  );
} finally {
  await chrome.kill();
}
