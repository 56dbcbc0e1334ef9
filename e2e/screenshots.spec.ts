/**
 * Reference screenshots of a call and an SMS at phone (360 px, full page) and desktop
 * (1280×900) widths, light and dark. Files in docs/screenshots/ are only written with
 * UPDATE_SCREENSHOTS=1, so ordinary runs just check that each variant renders.
 */
import path from "node:path";
import { expect, test } from "./fixtures/test";

const UPDATE = process.env.UPDATE_SCREENSHOTS === "1";
const OUT_DIR = path.join(process.cwd(), "docs", "screenshots");

const SUBJECTS = [
  {
    name: "call",
    id: "cll-demo-billing",
    heading: "Maria Gonzalez",
    ready: "Hi Alex, this is Maria Gonzalez from Northwind Traders.",
  },
  { name: "sms", id: "msg-demo-inbound", heading: "Maria Gonzalez", ready: "got the refund confirmation" },
] as const;

const VARIANTS = [
  { width: 360, height: 780, fullPage: true },
  { width: 1280, height: 900, fullPage: false },
] as const;

for (const subject of SUBJECTS) {
  for (const variant of VARIANTS) {
    for (const colorScheme of ["light", "dark"] as const) {
      const file = `${subject.name}-${variant.width}-${colorScheme}.png`;
      test(file, async ({ browser }) => {
        const context = await browser.newContext({
          viewport: { width: variant.width, height: variant.height },
          colorScheme,
          // Screenshots show a fixed zone and locale so they don't change with the machine.
          timezoneId: "Europe/Paris",
          locale: "en-US",
          reducedMotion: "reduce",
        });
        const page = await context.newPage();
        await page.goto(`/items/${subject.id}`);
        await expect(page.getByRole("heading", { level: 1 })).toHaveText(subject.heading);
        await expect(page.getByText(subject.ready, { exact: false }).first()).toBeVisible();
        // Local time (Paris) replaces the server's UTC form after hydration.
        await expect(page.locator("time").first()).toContainText("UTC+1");
        // The contact's earlier conversations arrive after the first paint; show them too.
        await expect(page.getByTestId("history-row").first()).toBeVisible();
        const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
        expect(scrollWidth, "no horizontal scrolling").toBeLessThanOrEqual(variant.width);
        if (UPDATE) {
          await page.screenshot({
            path: path.join(OUT_DIR, file),
            fullPage: variant.fullPage,
            animations: "disabled",
          });
        }
        await context.close();
      });
    }
  }
}
