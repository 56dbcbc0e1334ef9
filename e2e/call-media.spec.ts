/**
 * The call media block (player, speaker bar, transcript) against the fake Allo API.
 * Demo items: lib/allo/fake/seed.ts. No timing thresholds: we wait for visible outcomes.
 */
import AxeBuilder from "@axe-core/playwright";
import type { Locator, Page } from "@playwright/test";
import { expect, test } from "./fixtures/test";

/** Where a call page lives; the only line to change when the media block moves to another route. */
const pagePath = (id: string, query = "") => `/items/${encodeURIComponent(id)}${query}`;

const BILLING = "cll-demo-billing";
/** Billing call segment that starts at 59.9 s. */
const REFUND_SEGMENT_TEXT = "I've just issued a full refund";
const REFUND_SEGMENT_SECONDS = 59.912;

const segments = (page: Page) => page.getByTestId("transcript-segment");
const currentSegment = (page: Page) =>
  page.locator('[data-testid="transcript-segment"][aria-current="true"]');
const transcript = (page: Page) => page.getByRole("region", { name: "Transcript", exact: true });
const player = (page: Page) => page.getByRole("region", { name: "Recording", exact: true });
const audioState = (page: Page) =>
  page.evaluate(() => {
    const audio = document.querySelector("audio");
    return audio ? { time: audio.currentTime, paused: audio.paused, readyState: audio.readyState } : null;
  });
const audioTime = async (page: Page) => (await audioState(page))?.time ?? Number.NaN;

async function openCall(page: Page, id: string, query = "") {
  await page.goto(pagePath(id, query));
  await expect(segments(page).first()).toBeVisible();
  // With a recording, wait until the client has taken over (it reads the metadata after
  // hydration), so key presses and clicks reach React's handlers.
  if ((await page.locator("audio").count()) > 0) {
    await expect(player(page)).toHaveAttribute("data-status", "ready");
  }
  // Tests must not make noise; muting does not change how time advances.
  await page.evaluate(() => {
    const audio = document.querySelector("audio");
    if (audio) audio.muted = true;
  });
}

/**
 * Whether the element is inside the visible part of the transcript's own scroll area (the area
 * itself may be below the fold of the page: following never scrolls the page).
 */
async function isShownInTranscript(page: Page, element: Locator) {
  const area = transcript(page).getByRole("region", { name: /Transcript segments/ });
  const [box, areaBox] = await Promise.all([
    element.boundingBox({ timeout: 1_000 }).catch(() => null),
    area.boundingBox({ timeout: 1_000 }).catch(() => null),
  ]);
  if (!box || !areaBox) return false;
  return box.y >= areaBox.y - 1 && box.y + Math.min(box.height, 24) <= areaBox.y + areaBox.height + 1;
}

/** Scroll state of the transcript, to make a failed "shown" check explain itself. */
function describeTranscriptScroll(page: Page) {
  return page.evaluate(() => {
    const area = document.querySelector('[role="region"][aria-label^="Transcript segments"]');
    const current = document.querySelector('[data-testid="transcript-segment"][aria-current="true"]');
    if (!area) return "no transcript area";
    const top = current
      ? Math.round(current.getBoundingClientRect().top - area.getBoundingClientRect().top)
      : null;
    return `scrollTop ${Math.round(area.scrollTop)}/${area.scrollHeight}, height ${area.clientHeight}, current #${current?.getAttribute("data-index")} at ${top}`;
  });
}

async function blurEverything(page: Page) {
  await page.evaluate(() =>
    document.activeElement instanceof HTMLElement ? document.activeElement.blur() : undefined,
  );
}

test.describe("player and transcript on an answered call", () => {
  test("shows the total time, plays, and the current segment follows playback", async ({ page }) => {
    await openCall(page, BILLING);
    await expect(player(page).getByTestId("player-total-time")).toHaveText(/^1:(39|40)$/);
    await expect(segments(page)).toHaveCount(14);

    await player(page).getByRole("button", { name: "Play", exact: true }).click();
    await expect(player(page).getByRole("button", { name: "Pause", exact: true })).toBeVisible();
    await expect.poll(() => audioTime(page)).toBeGreaterThan(0.5);

    await expect(currentSegment(page)).toHaveCount(1);
    const first = await currentSegment(page).innerText();
    await expect.poll(() => currentSegment(page).innerText(), { timeout: 20_000 }).not.toBe(first);
    await expect(currentSegment(page)).toContainText("Maria Gonzalez");
    await expect(player(page).getByTestId("player-current-time")).not.toHaveText("0:00");
  });

  test("clicking a later segment seeks there and plays", async ({ page }) => {
    await openCall(page, BILLING);
    await segments(page).filter({ hasText: REFUND_SEGMENT_TEXT }).getByRole("paragraph").click();
    await expect
      .poll(async () => Math.abs((await audioTime(page)) - REFUND_SEGMENT_SECONDS))
      .toBeLessThan(1.5);
    await expect(currentSegment(page)).toContainText(REFUND_SEGMENT_TEXT);
    await expect.poll(async () => (await audioState(page))?.paused).toBe(false);
  });

  test("the time button of a segment seeks by keyboard", async ({ page }) => {
    await openCall(page, BILLING);
    await segments(page)
      .filter({ hasText: REFUND_SEGMENT_TEXT })
      .getByRole("button", { name: "Play from 0:59" })
      .press("Enter");
    await expect(currentSegment(page)).toContainText(REFUND_SEGMENT_TEXT);
    await expect
      .poll(async () => Math.abs((await audioTime(page)) - REFUND_SEGMENT_SECONDS))
      .toBeLessThan(1.5);
  });

  test("?t= opens at that moment, with the segment marked and the slider there", async ({ page }) => {
    await openCall(page, BILLING, "?t=1m0s");
    await expect(currentSegment(page)).toHaveCount(1);
    await expect(currentSegment(page)).toContainText(REFUND_SEGMENT_TEXT);
    await expect.poll(() => isShownInTranscript(page, currentSegment(page))).toBe(true);
    const slider = player(page).getByRole("slider", { name: "Seek" });
    expect(Math.abs(Number(await slider.inputValue()) - 60)).toBeLessThanOrEqual(1.5);
    await expect(slider).toHaveAttribute(
      "aria-valuetext",
      /^1 minute( 0 seconds)? of 1 minute (39|40) seconds$/,
    );
    await expect.poll(async () => Math.abs((await audioTime(page)) - 60)).toBeLessThanOrEqual(1.5);
    await expect(player(page).getByTestId("player-current-time")).toHaveText("1:00");
  });

  test("the first HTML already contains the transcript", async ({ request }) => {
    const html = await (await request.get(pagePath(BILLING))).text();
    expect(html.match(/data-testid="transcript-segment"/g)).toHaveLength(14);
    expect(html).toContain("Thanks for calling, you&#x27;re speaking with Alex Martin");
  });

  test("search highlights hits, counts them and cycles with wrap-around", async ({ page }) => {
    await openCall(page, BILLING);
    const box = transcript(page).getByRole("searchbox", { name: "Search transcript" });
    await box.fill("refund");
    const status = transcript(page).getByRole("status").filter({ hasText: / of / });
    await expect(status).toHaveText(/^1 of \d+$/);
    const total = Number((await status.innerText()).split(" of ")[1]);
    expect(total).toBeGreaterThanOrEqual(2);
    await expect(transcript(page).locator("mark")).toHaveCount(total);
    await expect(transcript(page).locator("mark[data-active-hit]")).toHaveCount(1);

    await transcript(page).getByRole("button", { name: "Next match" }).click();
    await expect(status).toHaveText(`2 of ${total}`);
    for (let step = 2; step < total; step++) await box.press("Enter");
    await expect(status).toHaveText(`${total} of ${total}`);
    await box.press("Enter");
    await expect(status).toHaveText(`1 of ${total}`);
    await box.press("Shift+Enter");
    await expect(status).toHaveText(`${total} of ${total}`);
    await transcript(page).getByRole("button", { name: "Previous match" }).click();
    await expect(status).toHaveText(`${total - 1} of ${total}`);

    // Case and accents do not matter.
    await box.fill("RÉFUND");
    await expect(status).toHaveText(`1 of ${total}`);
    await box.fill("no such words here");
    await expect(transcript(page).getByRole("status").filter({ hasText: "No matches" })).toBeVisible();
  });

  test("the speaker bar names the speakers and seeks on click", async ({ page }) => {
    await openCall(page, BILLING);
    const bar = page.getByTestId("speaker-bar");
    await expect(page.getByRole("list", { name: "Speakers" })).toContainText("Alex Martin");
    await expect(page.getByRole("list", { name: "Speakers" })).toContainText("Maria Gonzalez");
    const box = await bar.boundingBox();
    if (!box) throw new Error("speaker bar not laid out");
    await page.mouse.click(box.x + box.width * 0.5, box.y + box.height / 2);
    await expect.poll(async () => Math.abs((await audioTime(page)) - 50)).toBeLessThanOrEqual(1.5);
    await expect(currentSegment(page)).toContainText("It looks like the payment page timed out");
  });

  test("auto-follow pauses on manual scroll and resumes with Back to current", async ({ page }) => {
    await openCall(page, BILLING, "?t=40");
    await expect(currentSegment(page)).toHaveCount(1);
    await expect(page.getByRole("button", { name: "Back to current" })).toHaveCount(0);
    await transcript(page)
      .getByRole("region", { name: /Transcript segments/ })
      .hover();
    await page.mouse.wheel(0, -400);
    const back = page.getByRole("button", { name: "Back to current" });
    await expect(back).toBeVisible();
    await back.click();
    await expect(back).toHaveCount(0);
    await expect.poll(() => isShownInTranscript(page, currentSegment(page))).toBe(true);
  });

  test("keyboard shortcuts toggle playback, but not while typing", async ({ page }) => {
    await openCall(page, BILLING);
    await expect.poll(async () => (await audioState(page))?.readyState).toBeGreaterThanOrEqual(1);
    await blurEverything(page);
    await page.keyboard.press("Space");
    await expect.poll(async () => (await audioState(page))?.paused).toBe(false);
    await page.keyboard.press("k");
    await expect.poll(async () => (await audioState(page))?.paused).toBe(true);

    const before = await audioTime(page);
    await page.keyboard.press("l");
    await expect.poll(() => audioTime(page)).toBeGreaterThan(before + 8);

    const box = transcript(page).getByRole("searchbox", { name: "Search transcript" });
    await box.click();
    await page.keyboard.type("k j l");
    await expect(box).toHaveValue("k j l");
    expect((await audioState(page))?.paused).toBe(true);

    // Modifier keys belong to the browser.
    await blurEverything(page);
    await page.keyboard.press("Control+k").catch(() => undefined);
    expect((await audioState(page))?.paused).toBe(true);

    await player(page).getByText("Keyboard shortcuts").click();
    await expect(player(page).getByText("Play or pause")).toBeVisible();
    // The help floats over the transcript: Escape closes it, and so does a click elsewhere.
    await page.keyboard.press("Escape");
    await expect(player(page).getByText("Play or pause")).toBeHidden();
    await player(page).getByText("Keyboard shortcuts").click();
    await expect(player(page).getByText("Play or pause")).toBeVisible();
    await page.getByRole("heading", { name: "Summary" }).click();
    await expect(player(page).getByText("Play or pause")).toBeHidden();
  });

  test("speed cycles through the rates", async ({ page }) => {
    await openCall(page, BILLING);
    const speed = player(page).getByRole("button", { name: /^Playback speed/ });
    await expect(speed).toHaveText("1×");
    for (const next of ["1.25×", "1.5×", "2×", "0.75×", "1×"]) {
      await speed.click();
      await expect(speed).toHaveText(next);
    }
    await speed.click();
    await expect.poll(() => page.evaluate(() => document.querySelector("audio")?.playbackRate)).toBe(1.25);
    await expect(player(page).getByRole("link", { name: "Download" })).toHaveAttribute(
      "href",
      `/api/items/${BILLING}/recording`,
    );
  });

  test("a recording that fails to load shows an inline error with Retry", async ({ page }) => {
    let fail = true;
    await page.route("**/api/items/*/recording", (route) =>
      fail ? route.fulfill({ status: 500, body: "nope" }) : route.continue(),
    );
    await page.goto(pagePath(BILLING));
    await expect(player(page).getByRole("alert")).toContainText("The recording could not be loaded");
    await expect(segments(page)).toHaveCount(14);
    await segments(page).nth(3).getByRole("button").click();
    await expect(currentSegment(page)).toContainText("invoice 20417");

    fail = false;
    await player(page).getByRole("button", { name: "Retry" }).click();
    await expect(player(page).getByRole("alert")).toHaveCount(0);
    await expect(player(page).getByTestId("player-total-time")).toHaveText("1:40");
  });
});

test.describe("copying", () => {
  test.use({ permissions: ["clipboard-read", "clipboard-write"] });

  test("copies the transcript as text lines", async ({ page }) => {
    await openCall(page, BILLING);
    await transcript(page).getByRole("button", { name: "Copy transcript" }).click();
    await expect(transcript(page).getByText("Transcript copied")).toBeVisible();
    const text = await page.evaluate(() => navigator.clipboard.readText());
    const lines = text.split("\n");
    expect(lines).toHaveLength(14);
    expect(lines[0]).toBe(
      "[0:00] Alex Martin: Thanks for calling, you're speaking with Alex Martin from the billing team. How can I help you today?",
    );
    expect(lines[1]).toMatch(/^\[0:06\] Maria Gonzalez: Hi Alex/);
  });

  test("copies a link to the current moment, keeping other query parameters", async ({ page }) => {
    await openCall(page, BILLING, "?ref=notification&t=1m0s");
    await player(page).getByRole("button", { name: "Copy link to this moment" }).click();
    await expect(player(page).getByText("Link copied")).toBeVisible();
    const link = await page.evaluate(() => navigator.clipboard.readText());
    const expected = new URL(page.url());
    expect(link).toBe(`${expected.origin}${expected.pathname}?ref=notification&t=1m0s`);
  });
});

test.describe("calls without a recording", () => {
  test("a missed call says it was not answered and has no player", async ({ page }) => {
    await page.goto(pagePath("cll-demo-missed"));
    await expect(page.getByText("No recording: the call was not answered")).toBeVisible();
    await expect(page.locator("audio")).toHaveCount(0);
    await expect(page.getByRole("slider")).toHaveCount(0);
    await expect(transcript(page)).toContainText("No transcript");
  });

  test("recording turned off: notice, and the transcript still works", async ({ page }) => {
    await page.goto(pagePath("cll-demo-no-recording"));
    await expect(page.getByText("No recording: recording was turned off for this call")).toBeVisible();
    await expect(page.locator("audio")).toHaveCount(0);
    await expect(segments(page)).toHaveCount(5);
    await segments(page)
      .filter({ hasText: "Only the text transcript" })
      .getByRole("button", { name: "Go to 0:27" })
      .click();
    await expect(currentSegment(page)).toContainText("Only the text transcript");
  });
});

test.describe("speakers", () => {
  test("AI agent and unknown sources get readable labels", async ({ page }) => {
    await page.goto(pagePath("cll-demo-ai-agent"));
    await expect(segments(page).first()).toContainText("IVR");
    await expect(transcript(page)).toContainText("AI agent");
    await expect(transcript(page)).toContainText("Ravi Patel");
  });

  test("hostile transcript text renders as text", async ({ page }) => {
    await page.goto(pagePath("cll-demo-xss"));
    await expect(segments(page).first()).toContainText(
      '<iframe src="javascript:window.__xss=1"></iframe> plain words after',
    );
    await expect(transcript(page).locator("iframe, script, img")).toHaveCount(0);
    expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
  });
});

test.describe("a 95-minute call with 1,620 segments", () => {
  test("keeps the DOM small and finds hits outside the rendered window", async ({ page }) => {
    await openCall(page, "cll-demo-long");
    await expect(transcript(page)).toContainText("1,620 segments");
    expect(await segments(page).count()).toBeLessThanOrEqual(150);

    const box = transcript(page).getByRole("searchbox", { name: "Search transcript" });
    await box.fill("Perfect, thank you");
    const status = transcript(page).getByRole("status").filter({ hasText: / of / });
    await expect(status).toHaveText(/^1 of \d+$/);
    await transcript(page).getByRole("button", { name: "Next match" }).click();
    await expect(status).toHaveText(/^2 of \d+$/);
    await expect
      .poll(() => isShownInTranscript(page, transcript(page).locator("mark[data-active-hit]")))
      .toBe(true);

    // The last hit is far outside the rendered window: it must still come into view.
    await box.press("Shift+Enter");
    await box.press("Shift+Enter");
    await expect(status).toHaveText(/^(\d+) of \1$/);
    await expect
      .poll(() => isShownInTranscript(page, transcript(page).locator("mark[data-active-hit]")))
      .toBe(true);
    expect(await segments(page).count()).toBeLessThanOrEqual(150);
  });

  test("the transcript follows playback and slider seeks", async ({ page }) => {
    await openCall(page, "cll-demo-long", "?t=10m");
    await expect.poll(() => isShownInTranscript(page, currentSegment(page))).toBe(true);
    await player(page).getByRole("button", { name: "Play", exact: true }).click();
    const first = await currentSegment(page).innerText();
    await expect.poll(() => currentSegment(page).innerText(), { timeout: 20_000 }).not.toBe(first);
    await expect.poll(() => isShownInTranscript(page, currentSegment(page))).toBe(true);

    // Jumping to the end with the keyboard on the slider brings the last segment into view.
    await player(page).getByRole("slider", { name: "Seek" }).press("End");
    await expect(currentSegment(page)).toHaveAttribute("aria-posinset", "1620");
    await expect
      .poll(() => isShownInTranscript(page, currentSegment(page)))
      .toBe(true)
      .catch(async (error: Error) => {
        throw new Error(`${error.message}\n${await describeTranscriptScroll(page)}`);
      });
    expect(await segments(page).count()).toBeLessThanOrEqual(150);
  });

  test("the page brings the texts of its first screen and of where it opens; the rest comes when asked", async ({
    page,
    request,
  }) => {
    const full = (await (await request.get("/api/items/cll-demo-long?extend=transcript")).json()) as {
      data: { transcript: { text: string }[] };
    };
    const lastText = full.data.transcript.at(-1)!.text.trim();
    const apiCalls: string[] = [];
    page.on("request", (sent) => {
      if (new URL(sent.url()).pathname === "/api/items/cll-demo-long") apiCalls.push(sent.url());
    });
    await openCall(page, "cll-demo-long", "?t=45m");
    await expect.poll(() => isShownInTranscript(page, currentSegment(page))).toBe(true);
    // The segment it opens at has its text, and nothing asked for the rest yet.
    await expect(currentSegment(page).locator("p")).not.toBeEmpty();
    await expect(currentSegment(page).locator('[aria-busy="true"]')).toHaveCount(0);
    expect(apiCalls).toEqual([]);
    // Jumping to the end shows a segment whose text was left out: it arrives by itself.
    await player(page).getByRole("slider", { name: "Seek" }).press("End");
    await expect(currentSegment(page)).toHaveAttribute("aria-posinset", "1620");
    await expect(currentSegment(page).locator("p")).toHaveText(lastText);
    expect(apiCalls).toHaveLength(1);
    // And copying is whole.
    await expect(transcript(page).getByRole("button", { name: /Copy/ })).not.toHaveAttribute("aria-disabled");
  });

  test("a deep link late in the call marks and shows that segment", async ({ page }) => {
    await openCall(page, "cll-demo-long", "?t=1h20m");
    await expect(currentSegment(page)).toHaveCount(1);
    await expect.poll(() => isShownInTranscript(page, currentSegment(page))).toBe(true);
    await expect(currentSegment(page).getByRole("button")).toHaveText(/^1:(19|20):\d\d$/);
    // Nothing inside the scrolled-away transcript may stretch the page itself.
    expect(await page.evaluate(() => document.documentElement.scrollHeight)).toBeLessThan(4_000);
    expect(await segments(page).count()).toBeLessThanOrEqual(150);
  });
});

test.describe("layout and accessibility", () => {
  for (const colorScheme of ["light", "dark"] as const) {
    test(`no axe violations (${colorScheme})`, async ({ page }) => {
      await page.emulateMedia({ colorScheme });
      for (const id of [BILLING, "cll-demo-no-recording", "cll-demo-missed"]) {
        await page.goto(pagePath(id));
        await expect(page.getByRole("region", { name: "Transcript", exact: true })).toBeVisible();
        const results = await new AxeBuilder({ page }).analyze();
        expect(results.violations, `${id}: ${results.violations.map((v) => v.id).join(", ")}`).toEqual([]);
      }
      // Search results and the current-segment highlight must pass too.
      await openCall(page, BILLING, "?t=1m0s");
      await transcript(page).getByRole("searchbox", { name: "Search transcript" }).fill("refund");
      await expect(transcript(page).locator("mark").first()).toBeVisible();
      const results = await new AxeBuilder({ page }).analyze();
      expect(results.violations, results.violations.map((v) => v.id).join(", ")).toEqual([]);
    });
  }

  test("fits a 360 px wide phone without horizontal scrolling", async ({ page }) => {
    await page.setViewportSize({ width: 360, height: 740 });
    for (const id of [BILLING, "cll-demo-long", "cll-demo-unicode"]) {
      await page.goto(pagePath(id));
      await expect(segments(page).first()).toBeVisible();
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    }
  });
});

test.describe("the summary points at its evidence", () => {
  test("focus shows the quote; a click plays from the span and marks it in the transcript", async ({
    page,
  }) => {
    await openCall(page, "cll-demo-outage");
    const links = page.getByTestId("summary-evidence");
    // Five of the six sentences have a span; the last one ("several hundred customers") has none.
    await expect(links).toHaveCount(5);
    await expect(page.getByRole("region", { name: "Summary" })).toContainText(
      "The outage affected several hundred customers across the U.S.",
    );
    const workaround = links.nth(2);
    await expect(workaround).toHaveText(/^As a workaround, the main number now forwards/);
    await workaround.focus();
    await expect(page.getByTestId("summary-evidence-quote")).toContainText("From the call at 1:11");
    await expect(page.getByTestId("summary-evidence-quote")).toContainText(
      "forward the main number to my mobile",
    );

    await workaround.click();
    const marked = page.locator('[data-testid="transcript-segment"][data-highlighted="true"]');
    await expect(marked.first()).toContainText("Let's forward the main number to my mobile");
    await expect(currentSegment(page).getByRole("button")).toHaveText("1:11");
    await expect.poll(() => isShownInTranscript(page, marked.first())).toBe(true);
    // Seeking anywhere else clears the mark.
    await segments(page).first().getByRole("button").click();
    await expect(marked).toHaveCount(0);
  });
});
