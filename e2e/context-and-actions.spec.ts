/**
 * Context and action on the item page, in Chromium against the fake Allo API over HTTP:
 * earlier conversations with the contact (loaded after the first paint, grouped by day, paged
 * with "Show more", failing on their own), and tags an agent can add and remove (optimistic,
 * one intent per double click, "already so" as success, rolled back on failure, refused
 * cross-site). Tag tests use calls no other spec looks at, and reset the fake first.
 */
import AxeBuilder from "@axe-core/playwright";
import type { Page, Request } from "@playwright/test";
import { E2E, resetFake } from "./e2e-env";
import { firstLoadScripts } from "./first-load-scripts";
import { expect, test } from "./fixtures/test";
import { postWebhook, signedAlloWebhook } from "./notify-helpers";

const history = (page: Page) => page.getByRole("region", { name: "Earlier conversations" });
const rows = (page: Page) => history(page).getByTestId("history-row");
const tags = (page: Page) => page.getByRole("region", { name: "Tags", exact: true });
const chips = (page: Page) => tags(page).getByRole("listitem");

/** The browser's own requests to the tag routes, by method. */
function tagRequests(page: Page): Request[] {
  const seen: Request[] = [];
  page.on("request", (request) => {
    if (/\/api\/items\/[^/]+\/tags(\/|$)/.test(new URL(request.url()).pathname)) seen.push(request);
  });
  return seen;
}

/** The fake's own view of an item's tags (what Allo holds), read with the key like Callview. */
async function alloTags(id: string): Promise<string[]> {
  const response = await fetch(`${E2E.fakeUrl}/v2/api/conversations/items/${id}`, {
    headers: { authorization: `Api-Key ${E2E.apiKey}` },
  });
  return ((await response.json()) as { data: { tags: string[] } }).data.tags;
}

/** A change made in Allo by someone else (another agent, an automation). */
async function changeInAllo(id: string, method: "POST" | "DELETE", tag: string) {
  const url = `${E2E.fakeUrl}/v2/api/conversations/items/${id}/tags${method === "DELETE" ? `/${tag}` : ""}`;
  const response = await fetch(url, {
    method,
    headers: { authorization: `Api-Key ${E2E.apiKey}`, "content-type": "application/json" },
    ...(method === "POST" ? { body: JSON.stringify({ tags: [tag] }) } : {}),
  });
  expect(response.status).toBe(200);
}

async function fakeTagWrites(id: string): Promise<number> {
  const stats = (await (await fetch(`${E2E.fakeUrl}/__fake/stats`)).json()) as {
    tagWrites: Record<string, number>;
  };
  return stats.tagWrites[id] ?? 0;
}

async function expectNoAxeViolations(page: Page, label: string) {
  for (const colorScheme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme });
    const results = await new AxeBuilder({ page }).analyze();
    const summary = results.violations.map((violation) => ({
      id: violation.id,
      targets: violation.nodes.slice(0, 5).map((node) => node.target.join(" ")),
    }));
    expect(summary, `${label} (${colorScheme})`).toEqual([]);
  }
  await page.emulateMedia({ colorScheme: "light" });
}

/**
 * Lets through the scripts the HTML names (requested while it is parsed) and aborts every chunk
 * asked for after that: code loaded on demand cannot arrive. Call the returned function before
 * each later navigation, so the next page's own scripts get through again.
 */
async function abortCodeLoadedLater(page: Page): Promise<() => void> {
  let parsed = false;
  page.on("domcontentloaded", () => {
    parsed = true;
  });
  await page.route("**/_next/static/chunks/**", (route) => (parsed ? route.abort() : route.continue()));
  return () => {
    parsed = false;
  };
}

/**
 * Opens the billing call and waits until it has settled (the transcript shown, tag editing
 * ready); returns the scripts it fetched beyond those its HTML names (`html`), its first load.
 */
async function scriptsLoadedLater(page: Page, html: string): Promise<string[]> {
  const firstLoad = new Set(firstLoadScripts(html));
  const later: string[] = [];
  page.on("request", (sent) => {
    const { pathname } = new URL(sent.url());
    if (pathname.endsWith(".js") && !firstLoad.has(pathname)) later.push(pathname);
  });
  await page.goto("/items/cll-demo-billing");
  await expect(rows(page).first()).toBeVisible();
  await expect(tags(page).getByRole("button", { name: "Add tag" })).toBeVisible();
  return later;
}

async function openPicker(page: Page) {
  await tags(page).getByRole("button", { name: "Add tag" }).click();
  const filter = tags(page).getByRole("combobox", { name: "Filter tags" });
  await expect(filter).toBeFocused();
  await expect(tags(page).getByRole("listbox", { name: "Workspace tags" })).toBeVisible();
  return filter;
}

test.describe("earlier conversations", () => {
  // The viewer's zone and "now" decide the day groups: Paris, the evening of the billing call.
  test.use({ timezoneId: "Europe/Paris", locale: "en-US" });
  test.beforeEach(async ({ page }) => {
    await page.clock.setFixedTime(new Date("2026-11-23T19:00:00+01:00"));
  });

  test("the first HTML does not wait for them: the browser fetches them after the page", async ({
    page,
    request,
  }) => {
    const html = await (await request.get("/items/cll-demo-billing")).text();
    expect(html).toContain("Earlier conversations");
    expect(html).toContain("Maria from Northwind Traders was charged twice");
    expect(html).not.toContain('data-testid="history-row"');

    const fetched = page.waitForRequest(
      (request) => new URL(request.url()).pathname === "/api/items/cll-demo-billing/history",
    );
    await page.goto("/items/cll-demo-billing");
    await fetched;
    await expect(rows(page).first()).toBeVisible();
  });

  test("lists the contact's other items newest first, grouped by day, and pages with Show more", async ({
    page,
  }) => {
    await page.goto("/items/cll-demo-billing");
    await expect(rows(page)).toHaveCount(9);
    // Not the call on screen itself.
    await expect(history(page).locator('a[href="/items/cll-demo-billing"]')).toHaveCount(0);
    await expect(history(page).getByRole("heading", { level: 3 })).toHaveText([
      "Today",
      "Yesterday",
      "Wed, Nov 18",
      "Thu, Nov 12",
    ]);
    // Newest first, in the viewer's time (16:02 and 14:20 UTC are 5:02 and 3:20 PM in Paris).
    await expect(rows(page).nth(0)).toContainText("5:02 PM");
    await expect(rows(page).nth(0)).toContainText("Outbound SMS");
    await expect(rows(page).nth(0)).toContainText("Here is the November invoice as a PDF");
    await expect(rows(page).nth(1)).toContainText("3:20 PM");
    await expect(rows(page).nth(1)).toContainText("Inbound SMS");
    const voicemail = rows(page).filter({ hasText: "Maria left a voicemail" });
    await expect(voicemail).toContainText("Inbound call");
    await expect(voicemail).toContainText("Voicemail");
    await expect(voicemail).toContainText("31 s");
    await expect(voicemail).toContainText("Priya Raman");
    // Case-sensitive: the result badge, not "Sorry I missed you".
    await expect(rows(page).filter({ hasText: /Missed/ })).toHaveCount(2);

    const showMore = history(page).getByRole("button", { name: "Show more" });
    await showMore.focus();
    await page.keyboard.press("Enter");
    await expect(rows(page)).toHaveCount(13);
    await expect(showMore).toHaveCount(0);
    // Focus moves to the first row that arrived, not to the top of the page.
    await expect(rows(page).nth(9)).toBeFocused();
    await expect(history(page).getByRole("heading", { level: 3 })).toHaveText([
      "Today",
      "Yesterday",
      "Wed, Nov 18",
      "Thu, Nov 12",
      "Thu, Nov 5",
      "Tue, Nov 3",
    ]);
    await expect(rows(page).last()).toContainText("Kickoff call with Maria");

    await voicemail.click();
    await expect(page).toHaveURL(/\/items\/cll-demo-maria-voicemail$/);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Maria Gonzalez");
    // Its own history lists the billing call now.
    await expect(history(page).locator('a[href="/items/cll-demo-billing"]')).toHaveCount(1);
  });

  test("a message shows its contact's history too", async ({ page }) => {
    await page.goto("/items/msg-demo-outbound");
    await expect(rows(page)).toHaveCount(5);
    await expect(rows(page).filter({ hasText: "Alex called Kenji at Sakura Logistics" })).toContainText(
      "Outbound call",
    );
    await expect(rows(page).filter({ hasText: "Kenji left a voicemail" })).toContainText("Voicemail");
    await expect(history(page).getByRole("button", { name: "Show more" })).toHaveCount(0);
  });

  test("without a phone number the panel says so and nothing is looked up", async ({ page }) => {
    const searched: string[] = [];
    page.on("request", (request) => {
      if (request.url().includes("/history")) searched.push(request.url());
    });
    await page.goto("/items/cll-demo-withheld");
    await expect(history(page)).toContainText(
      "This call has no phone number, so there are no earlier conversations to look up.",
    );
    expect(searched).toEqual([]);
  });

  test("a failed search stays inside the panel, and Retry recovers", async ({ page }) => {
    await resetFake();
    await page.goto("/items/cll-fault-history");
    await expect(history(page)).toContainText("Couldn't load earlier conversations.");
    await expect(history(page)).toContainText("Allo is having trouble (HTTP 500)");
    await expect(history(page)).toContainText(/Request id req_[a-z0-9]{12}/);
    // The rest of the page is the call, untouched.
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Dana Whitfield");
    await expect(page.getByRole("region", { name: "Summary" })).toContainText(
      "Dana asked whether her earlier calls",
    );
    await expect(tags(page)).toContainText("No tags");
    await expectNoAxeViolations(page, "history error");

    await fetch(`${E2E.fakeUrl}/__fake/control`, {
      method: "POST",
      body: JSON.stringify({ failingSearchNumbers: [] }),
    });
    await history(page).getByRole("button", { name: "Retry" }).click();
    await expect(history(page)).toContainText("No other calls or messages with this number.");
    await expect(history(page).getByRole("button", { name: "Retry" })).toHaveCount(0);
    await resetFake();
  });
});

test.describe("tags an agent can change", () => {
  test.beforeEach(async () => {
    await resetFake();
  });

  test("adding with the picker and removing with one click; Allo has the change", async ({ page }) => {
    const id = "cll-demo-maria-renewal";
    await page.goto(`/items/${id}`);
    await expect(chips(page)).toHaveText(["renewal"]);
    const filter = await openPicker(page);
    // Tags already on the call are listed as added and cannot be picked again.
    await expect(tags(page).getByRole("option", { name: /^Renewal/ })).toHaveAttribute(
      "aria-disabled",
      "true",
    );
    await filter.fill("urg");
    await expect(tags(page).getByRole("option")).toHaveText(["Urgent urgent"]);
    await page.keyboard.press("Enter");
    await expect(chips(page)).toHaveText(["renewal", "urgent"]);
    await expect(tags(page).getByRole("status")).toHaveText("Added tag urgent.");
    await expect.poll(() => alloTags(id)).toEqual(["renewal", "urgent"]);
    await page.keyboard.press("Escape");
    await expect(tags(page).getByRole("button", { name: "Add tag" })).toBeFocused();
    await expect(tags(page).getByRole("listbox")).toHaveCount(0);

    await tags(page).getByRole("button", { name: "Remove tag renewal" }).click();
    await expect(chips(page)).toHaveText(["urgent"]);
    await expect(tags(page).getByRole("status")).toHaveText("Removed tag renewal.");
    await expect.poll(() => alloTags(id)).toEqual(["urgent"]);
    // Focus went to the tag now in its place, not to the top of the page.
    await expect(tags(page).getByRole("button", { name: "Remove tag urgent" })).toBeFocused();

    // The page reads Allo's truth again: a reload shows the same (the server's cache was invalidated).
    await page.reload();
    await expect(chips(page)).toHaveText(["urgent"]);
  });

  test("a double click sends one intent, to add and to remove", async ({ page }) => {
    const id = "cll-demo-maria-addon";
    const sent = tagRequests(page);
    await page.goto(`/items/${id}`);
    await expect(chips(page)).toHaveText(["add-on"]);
    await openPicker(page);
    await tags(page).getByRole("option", { name: /^VIP/ }).dblclick();
    await expect(tags(page).getByRole("status")).toHaveText("Added tag vip.");
    await expect(chips(page)).toHaveText(["add-on", "vip"]);

    await tags(page).getByRole("button", { name: "Remove tag add-on" }).dblclick();
    await expect(tags(page).getByRole("status")).toHaveText("Removed tag add-on.");
    await expect(chips(page)).toHaveText(["vip"]);

    expect(sent.map((request) => request.method())).toEqual(["POST", "DELETE"]);
    expect(await fakeTagWrites(id)).toBe(2);
    expect(await alloTags(id)).toEqual(["vip"]);
  });

  test("a tag someone else added or removed meanwhile (409, 404 at Allo) is success", async ({ page }) => {
    // Added elsewhere after the page opened: Allo answers 409 TAG_ALREADY_EXISTS.
    await page.goto("/items/cll-demo-maria-porting");
    await expect(chips(page)).toHaveText(["porting"]);
    await changeInAllo("cll-demo-maria-porting", "POST", "follow-up");
    await openPicker(page);
    await tags(page)
      .getByRole("option", { name: /^Follow-up/ })
      .click();
    await expect(tags(page).getByRole("status")).toHaveText("Added tag follow-up.");
    await expect(chips(page)).toHaveText(["porting", "follow-up"]);

    // Removed elsewhere after the page opened: Allo answers 404 TAG_NOT_FOUND.
    await page.goto("/items/cll-demo-kenji-voicemail");
    await expect(chips(page)).toHaveText(["porting", "callback"]);
    await changeInAllo("cll-demo-kenji-voicemail", "DELETE", "callback");
    await tags(page).getByRole("button", { name: "Remove tag callback" }).click();
    await expect(tags(page).getByRole("status")).toHaveText("Removed tag callback.");
    await expect(chips(page)).toHaveText(["porting"]);
    await expect(tags(page).getByText(/Couldn't/)).toHaveCount(0);
  });

  test("a change Allo refuses is undone, with a message", async ({ page }) => {
    const id = "cll-demo-maria-kickoff";
    await page.goto(`/items/${id}`);
    await expect(chips(page)).toHaveText(["onboarding"]);
    await openPicker(page);
    await tags(page)
      .getByRole("option", { name: /^Fails to save/ })
      .click();
    await expect(tags(page).getByRole("status")).toHaveText(
      "Couldn't add tag fails-to-save: Allo is having trouble (HTTP 500). Try again in a moment. It was taken off again.",
    );
    await expect(chips(page)).toHaveText(["onboarding"]);
    expect(await alloTags(id)).toEqual(["onboarding"]);
    await expectNoAxeViolations(page, "tag error, picker open");
  });

  test("a cross-site POST or DELETE is refused with 403 CROSS_SITE_REQUEST", async () => {
    const id = "cll-demo-maria-renewal";
    const attempts: { method: "POST" | "DELETE"; path: string; headers: Record<string, string> }[] = [
      { method: "POST", path: `/api/items/${id}/tags`, headers: { "sec-fetch-site": "cross-site" } },
      { method: "POST", path: `/api/items/${id}/tags`, headers: { origin: "https://evil.example" } },
      { method: "DELETE", path: `/api/items/${id}/tags/renewal`, headers: { "sec-fetch-site": "same-site" } },
      { method: "DELETE", path: `/api/items/${id}/tags/renewal`, headers: {} },
    ];
    for (const attempt of attempts) {
      const response = await fetch(`${E2E.appUrl}${attempt.path}`, {
        method: attempt.method,
        headers: {
          ...attempt.headers,
          "content-type": "application/json",
          "idempotency-key": "cross-site-attempt-0001",
        },
        ...(attempt.method === "POST" ? { body: JSON.stringify({ tag: "urgent" }) } : {}),
      });
      expect(response.status, JSON.stringify(attempt)).toBe(403);
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe("CROSS_SITE_REQUEST");
    }
    expect(await fakeTagWrites(id)).toBe(0);
    expect(await alloTags(id)).toEqual(["renewal"]);
  });

  test("a message has no tag control", async ({ page }) => {
    await page.goto("/items/msg-demo-inbound");
    await expect(rows(page).first()).toBeVisible();
    await expect(page.getByRole("button", { name: "Add tag" })).toHaveCount(0);
    await expect(page.getByRole("button", { name: /^Remove tag/ })).toHaveCount(0);
  });

  test("a tag.added webhook refreshes the tags the page shows", async ({ page }) => {
    const id = "cll-demo-maria-callback";
    await page.goto(`/items/${id}`);
    await expect(tags(page)).toContainText("No tags");
    await changeInAllo(id, "POST", "callback");
    const delivered = await postWebhook(signedAlloWebhook("tag.added", { call_id: id, tag: "callback" }));
    expect(delivered.status).toBe(200);
    // The item was cached for 30 s when the page opened; the webhook makes the next read fresh.
    await expect
      .poll(
        async () => {
          await page.reload();
          return chips(page).allTextContents();
        },
        { timeout: 15_000 },
      )
      .toEqual(["callback"]);
  });
});

test.describe("code that loads after the page", () => {
  test("the history list and tag editing load once the page has settled, not with it", async ({
    page,
    request,
  }) => {
    const html = await (await request.get("/items/cll-demo-billing")).text();
    const later = await scriptsLoadedLater(page, html);
    // One chunk for the list, one for the editor (whichever comes first).
    expect(later).toHaveLength(2);
  });

  test("the scripts the HTML names carry V8's compile hint; the code loaded later does not", async ({
    page,
    request,
  }) => {
    // Chromium's per-file hint (scripts/compile-hints.mjs): compile every function while the
    // file streams in, off the main thread. Code loaded on demand may never run, so it has none.
    const hint = "//# allFunctionsCalledOnLoad\n";
    const html = await (await request.get("/items/cll-demo-billing")).text();
    // The polyfills for browsers without modules are not among them (Chromium never runs them).
    const named = [...html.matchAll(/<script\b[^>]*\ssrc="([^"]+)"[^>]*>/g)]
      .filter(([tag]) => !/\snomodule/i.test(tag))
      .map(([, src]) => src ?? "");
    expect(named.length).toBeGreaterThan(3);
    for (const src of named) {
      expect((await (await request.get(src)).text()).startsWith(hint), src).toBe(true);
    }
    const later = await scriptsLoadedLater(page, html);
    expect(later.length).toBeGreaterThan(0);
    for (const src of later) {
      expect((await (await request.get(src)).text()).startsWith(hint), src).toBe(false);
    }
  });

  test("when it cannot arrive (offline), its cards say so and the rest of the page works", async ({
    page,
  }) => {
    await resetFake();
    await abortCodeLoadedLater(page);
    await page.goto("/items/cll-demo-billing");

    await expect(history(page)).toContainText("Couldn't load earlier conversations.");
    await expect(chips(page)).toHaveText(["billing", "refund", "priority"]);
    await expect(page.getByText("Something went wrong showing this item")).toHaveCount(0);
    // The call itself is untouched: its summary, and a click on a segment still seeks.
    await expect(page.getByText("Maria from Northwind Traders was charged twice")).toBeVisible();
    await page.getByTestId("transcript-segment").nth(1).click();
    await expect(page.getByTestId("player-current-time")).not.toHaveText("0:00");
  });

  test("when it cannot arrive, a pending summary and an error page say what still works", async ({
    page,
  }) => {
    await resetFake();
    const nextPage = await abortCodeLoadedLater(page);

    // A summary still being generated: without the poller, the skeleton gives way to a reload link.
    await page.goto("/items/cll-demo-pending");
    const summary = page.getByRole("region", { name: "Summary" });
    await expect(summary.getByRole("link", { name: "Reload the page" })).toBeVisible();
    await expect(summary.getByText(/being generated/)).toHaveCount(0);

    // An error page: nothing retries by itself, it says so, and "Retry now" reloads the page.
    nextPage();
    await page.goto("/items/cll-fault-500");
    await expect(page.getByText("Automatic retries are off: Retry now reloads the page.")).toBeVisible();
    await expect(page.getByText(/Retrying (in \d+ s|shortly)…/)).toHaveCount(0);
    const reloaded = page.waitForEvent("framenavigated");
    nextPage();
    await page.getByRole("button", { name: "Retry now" }).click();
    await reloaded;
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Allo isn't responding");
  });
});

test.describe("on a phone and in the dark", () => {
  test.use({ timezoneId: "Europe/Paris", locale: "en-US" });

  test("the page with the history and the tag picker open passes axe and fits 360 px", async ({ page }) => {
    await resetFake();
    await page.setViewportSize({ width: 360, height: 800 });
    await page.goto("/items/cll-demo-billing");
    await expect(rows(page)).toHaveCount(9);
    await openPicker(page);
    await expectNoAxeViolations(page, "history and picker at 360 px");
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await page.setViewportSize({ width: 1280, height: 900 });
    await expectNoAxeViolations(page, "history and picker at 1280 px");
  });
});
