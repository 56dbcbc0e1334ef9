/**
 * The item page (/items/{id}) against the fake Allo API over HTTP: every demo item shows what
 * an agent needs, the server sends it in the first HTML, every failure class has its panel,
 * and each state passes axe in light and dark. Demo items: lib/allo/fake/seed.ts.
 * No timing thresholds: we wait for visible outcomes.
 */
import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures/test";
import { E2E, fakeStats, healFakeFaults, resetFake } from "./e2e-env";

const itemPath = (id: string) => `/items/${id}`;
const title = (page: Page) => page.getByRole("heading", { level: 1 });
const region = (page: Page, name: string | RegExp) =>
  page.getByRole("region", { name, exact: typeof name === "string" });

/** Browser requests for the item JSON itself (not its recording). */
function collectItemFetches(page: Page): string[] {
  const fetched: string[] = [];
  page.on("request", (request) => {
    const url = new URL(request.url());
    if (/^\/api\/items\/[^/]+$/.test(url.pathname)) fetched.push(url.pathname);
  });
  return fetched;
}

async function expectNoAxeViolations(page: Page, label: string) {
  for (const colorScheme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme });
    const results = await new AxeBuilder({ page }).analyze();
    const summary = results.violations.map((violation) => ({
      id: violation.id,
      impact: violation.impact,
      targets: violation.nodes.slice(0, 5).map((node) => node.target.join(" ")),
    }));
    expect(summary, `${label} (${colorScheme})`).toEqual([]);
  }
  await page.emulateMedia({ colorScheme: "light" });
}

test.describe("a call: cll-demo-billing", () => {
  test("the first HTML already holds the header, summary and transcript", async ({ request }) => {
    const response = await request.get(itemPath("cll-demo-billing"));
    expect(response.status()).toBe(200);
    const html = await response.text();
    expect(html).toContain("Maria Gonzalez");
    expect(html).toContain("was charged twice for the November invoice");
    expect(html).toContain("Hi Alex, this is Maria Gonzalez from Northwind Traders");
    expect(html).not.toContain(E2E.apiKey);
  });

  test("renders who, what and the summary without fetching the item again", async ({ page }) => {
    const fetched = collectItemFetches(page);
    await page.goto(itemPath("cll-demo-billing"));
    await expect(page).toHaveTitle("Call from Maria Gonzalez · Callview");

    await expect(title(page)).toHaveText("Maria Gonzalez");
    const header = region(page, "Maria Gonzalez");
    await expect(header.getByText("Inbound call")).toBeVisible();
    await expect(header.getByText("Answered", { exact: true })).toBeVisible();
    await expect(header.getByText("Northwind Traders")).toBeVisible();
    await expect(header.getByRole("link", { name: "+1 415 555 1234" })).toHaveAttribute(
      "href",
      "tel:+14155551234",
    );
    await expect(header.getByText("1 min 40 s")).toBeVisible();
    await expect(header.getByText("+1 415 555 0100")).toBeVisible();
    await expect(header.getByText("Alex Martin")).toBeVisible();
    await expect(header.getByText("cll-demo-billing")).toBeVisible();
    await expect(header.locator("time")).toHaveAttribute("datetime", "2026-11-23T14:05:12.000Z");
    // The demo call has a fixed date, so the relative phrase depends on today's date:
    // "22 hours ago", "yesterday", "3 days ago", "last month"…
    await expect(header.getByText(/^(\d+ \w+ ago|yesterday|last (month|year))$/)).toBeVisible();

    await expect(region(page, "Summary")).toContainText(
      "Maria from Northwind Traders was charged twice for the November invoice.",
    );
    const tags = region(page, "Tags").getByRole("listitem");
    await expect(tags).toHaveText(["billing", "refund", "priority"]);

    const contact = region(page, "Contact");
    const contactLink = contact.getByRole("link", { name: /Maria Gonzalez/ });
    await expect(contactLink).toHaveAttribute("href", "https://crm.example.com/contacts/cnt-maria");
    await expect(contactLink).toHaveAttribute("target", "_blank");
    await expect(contactLink).toHaveAttribute("rel", "noopener noreferrer");
    await expect(contactLink).toHaveAccessibleName("Maria Gonzalez (opens in new tab)");
    await expect(contact.getByRole("link", { name: /Northwind Traders/ })).toHaveAttribute(
      "href",
      "https://crm.example.com/companies/com-northwind",
    );
    await expect(contact.getByRole("link", { name: /Annual renewal 2027/ })).toHaveAttribute(
      "href",
      "https://crm.example.com/deals/dea-renewal",
    );
    await expect(contact.getByText("OPEN", { exact: true })).toBeVisible();
    await expect(contact.getByText("WON", { exact: true })).toBeVisible();

    // The transcript and player are there too (built by the media block).
    await expect(
      page
        .getByRole("region", { name: /Transcript segments/ })
        .getByText("Hi Alex, this is Maria Gonzalez from Northwind Traders."),
    ).toBeVisible();
    expect(fetched).toEqual([]);
  });

  test("the page and its title share one upstream lookup", async ({ request }) => {
    await resetFake();
    const response = await request.get(itemPath("cll-demo-onboarding"));
    expect(await response.text()).toContain("<title>Call to Kenji Watanabe · Callview</title>");
    expect((await fakeStats()).byId["cll-demo-onboarding"]).toBe(1);
  });

  test("copies the call id and the number, saying so", async ({ page, context }) => {
    await context.grantPermissions(["clipboard-read", "clipboard-write"]);
    await page.goto(itemPath("cll-demo-billing"));
    await page.getByRole("button", { name: "Copy the call id" }).click();
    await expect(page.getByRole("status").filter({ hasText: "Copied" })).toBeVisible();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe("cll-demo-billing");

    await page.getByRole("button", { name: "Copy the contact's number" }).focus();
    await page.keyboard.press("Enter");
    await expect.poll(() => page.evaluate(() => navigator.clipboard.readText())).toBe("+14155551234");
  });

  test("passes axe in light and dark", async ({ page }) => {
    await page.goto(itemPath("cll-demo-billing"));
    await expect(title(page)).toHaveText("Maria Gonzalez");
    await expectNoAxeViolations(page, "cll-demo-billing");
  });
});

type Expectation = {
  id: string;
  heading: string;
  texts: (string | RegExp)[];
  absent?: string[];
};

const DEMO_CALLS: Expectation[] = [
  {
    id: "cll-demo-onboarding",
    heading: "Kenji Watanabe",
    texts: [
      "Outbound call",
      "Answered",
      "Sakura Logistics",
      "in negotiation",
      "porting",
      /Number porting for their two Tokyo lines/,
    ],
  },
  {
    id: "cll-demo-voicemail",
    heading: "Camille Dubois",
    texts: ["Voicemail", "Atelier Dubois", "open", "callback", /Camille left a voicemail/, "Priya Raman"],
  },
  {
    id: "cll-demo-missed",
    heading: "Sam Carter",
    texts: ["Missed", "No summary for a missed call.", "No tags", "Carter & Sons Plumbing"],
    absent: ["Summary is being generated"],
  },
  {
    id: "cll-demo-no-recording",
    heading: "Lena Fischer",
    texts: [
      "Fischer Logistik GmbH",
      "compliance",
      "+49 30 123456789",
      /recordings can stay off for the German line/,
    ],
  },
  {
    id: "cll-demo-shared-line",
    heading: "Olivia Brown",
    texts: [
      "Transferred",
      "Contacts (3)",
      "Noah Brown",
      "Front desk (shared)",
      "No company",
      "qualified",
      "LOST",
      "closed won",
      "+2 more contacts on this number",
    ],
  },
  {
    id: "cll-demo-unknown-number",
    heading: "+44 7911 123456",
    texts: [
      "Outbound call",
      "No matching contact",
      "Unknown number",
      "No contact in Allo matches this number.",
      "lead",
    ],
  },
  {
    id: "cll-demo-ai-agent",
    heading: "Ravi Patel",
    texts: [
      "No teammate (handled by AI)",
      "Handled by AI",
      "after-hours",
      /AI receptionist took Ravi's request/,
    ],
  },
  {
    id: "cll-demo-long",
    heading: "Hélène Marchand",
    texts: ["Marchand Télécom", "Proposal sent", "1 h 35 min", /95-minute rollout workshop/],
  },
  {
    id: "cll-demo-unicode",
    heading: "محمد الأحمد",
    texts: ["Zoë Ångström-Łukasiewicz", "ünïcödé", "مفتوح", "تجديد الاشتراك 🚀", /Emoji ok 👍🏽/],
  },
  {
    id: "cll-fault-drift",
    heading: "+1 415 555 0100",
    texts: ["Forwarded to mobile", "Unnamed contact", "Contact has no name", /A call with drifted fields/],
  },
];

test.describe("every demo call shows what it should", () => {
  for (const expectation of DEMO_CALLS) {
    test(expectation.id, async ({ page }) => {
      await page.goto(itemPath(expectation.id));
      await expect(title(page)).toHaveText(expectation.heading);
      const main = page.getByRole("main");
      for (const text of expectation.texts) {
        await expect(main.getByText(text, { exact: typeof text === "string" }).first()).toBeVisible();
      }
      for (const text of expectation.absent ?? []) await expect(main.getByText(text)).toHaveCount(0);
    });
  }

  test("the unknown number card dials and copies the number", async ({ page }) => {
    await page.goto(itemPath("cll-demo-unknown-number"));
    const card = region(page, "Contact");
    await expect(card.getByRole("heading", { name: "Unknown number" })).toBeVisible();
    await expect(card.getByRole("link", { name: "+44 7911 123456" })).toHaveAttribute(
      "href",
      "tel:+447911123456",
    );
    await expect(card.getByRole("button", { name: "Copy phone number" })).toBeVisible();
  });

  test("right-to-left names keep their own direction", async ({ page }) => {
    await page.goto(itemPath("cll-demo-unicode"));
    await expect(title(page)).toHaveAttribute("dir", "auto");
    await expect(page.getByRole("main").getByText("שלום טכנולוגיות בע״מ").first()).toHaveAttribute(
      "dir",
      "auto",
    );
  });

  test("hostile text is shown literally and never runs", async ({ page }) => {
    await page.goto(itemPath("cll-demo-xss"));
    await expect(title(page)).toHaveText(
      `<img src=x onerror="window.__xss=1">Eve "Mallory" <script>window.__xss=1</script>`,
    );
    const main = page.getByRole("main");
    await expect(region(page, "Summary")).toContainText(
      "<script>window.__xss=1</script><b>Bold?</b> javascript:alert(1)",
    );
    await expect(region(page, "Tags").getByRole("listitem").first()).toHaveText(
      `<a href="javascript:window.__xss=1">tag</a>`,
    );
    await expect(main.getByText(`</div><svg onload="window.__xss=1">Evil Corp`).first()).toBeVisible();
    await expect(main.getByText("<style>body{display:none}</style>won")).toBeVisible();
    await expect(main.locator("img[src=x], svg[onload], iframe, main script")).toHaveCount(0);
    expect(await page.evaluate(() => (window as Window & { __xss?: unknown }).__xss)).toBeUndefined();
  });
});

test.describe("text messages", () => {
  test("an inbound SMS is a received bubble with status and type, and no player", async ({ page }) => {
    await page.goto(itemPath("msg-demo-inbound"));
    await expect(page).toHaveTitle("Message from Maria Gonzalez · Callview");
    await expect(title(page)).toHaveText("Maria Gonzalez");
    await expect(page.getByText("Inbound message")).toBeVisible();
    const message = region(page, "Message");
    await expect(message.getByText("Received", { exact: true }).first()).toBeVisible();
    await expect(message.getByText(/got the refund confirmation, thank you!/)).toHaveAttribute("dir", "auto");
    await expect(message.getByText("SMS", { exact: true })).toBeVisible();
    await expect(region(page, "Contact").getByText("OPEN", { exact: true })).toBeVisible();
    await expect(page.locator("audio")).toHaveCount(0);
    await expect(page.getByRole("region", { name: "Transcript" })).toHaveCount(0);
    await expect(page.getByRole("region", { name: "Summary" })).toHaveCount(0);
  });

  test("an outbound SMS is a sent bubble on the right", async ({ page }) => {
    await page.goto(itemPath("msg-demo-outbound"));
    await expect(title(page)).toHaveText("Kenji Watanabe");
    const message = region(page, "Message");
    await expect(message.getByText("Sent", { exact: true })).toBeVisible();
    await expect(message.getByText("Delivered", { exact: true })).toBeVisible();
    const bubble = message.getByText(/confirming our demo on Thursday/);
    const card = await message.boundingBox();
    const box = await bubble.boundingBox();
    expect(card && box && box.x + box.width > card.x + card.width * 0.75).toBe(true);
  });

  test("a pending MMS to an unknown number", async ({ page }) => {
    await page.goto(itemPath("msg-demo-mms"));
    await expect(title(page)).toHaveText("+1 415 555 0188");
    const message = region(page, "Message");
    await expect(message.getByText("Pending", { exact: true })).toBeVisible();
    await expect(message.getByText("MMS", { exact: true })).toBeVisible();
    await expect(region(page, "Contact").getByRole("heading", { name: "Unknown number" })).toBeVisible();
  });

  test("a right-to-left SMS with markup stays text", async ({ page }) => {
    await page.goto(itemPath("msg-demo-rtl"));
    await expect(
      region(page, "Message").getByText("شكرا على المساعدة! <script>window.__xss=1</script> נתראה מחר"),
    ).toBeVisible();
    await expect(page.getByText("No teammate", { exact: true })).toBeVisible();
    expect(await page.evaluate(() => (window as Window & { __xss?: unknown }).__xss)).toBeUndefined();
  });

  test("passes axe in light and dark", async ({ page }) => {
    await page.goto(itemPath("msg-demo-inbound"));
    await expect(title(page)).toHaveText("Maria Gonzalez");
    await expectNoAxeViolations(page, "msg-demo-inbound");
  });
});

test("a summary still being generated appears by itself, without moving the page", async ({ page }) => {
  await resetFake();
  await page.goto(itemPath("cll-demo-pending"));
  const summary = region(page, "Summary");
  await expect(summary.getByText(/Summary is being generated/)).toBeVisible();
  await expectNoAxeViolations(page, "pending summary");
  const before = await summary.boundingBox();

  await expect(summary.getByText(/Jordan from Bluebird Dental cannot receive calls/)).toBeVisible({
    timeout: 30_000,
  });
  await expect(summary.getByText(/being generated/)).toHaveCount(0);
  const after = await summary.boundingBox();
  expect(after?.height).toBe(before?.height);
  await expectNoAxeViolations(page, "summary arrived");
});

test.describe("failures from Allo", () => {
  const cases = [
    {
      id: "cll-fault-401",
      heading: "This dashboard can't read from Allo",
      text: "This dashboard's Allo API key was rejected — ask an administrator to check ALLO_API_KEY.",
    },
    {
      id: "cll-fault-403",
      heading: "This dashboard can't read from Allo",
      text: "This dashboard's Allo API key was rejected — ask an administrator to check ALLO_API_KEY.",
    },
    {
      id: "cll-fault-429",
      heading: "Too many requests to Allo",
      text: /Allo is rate limiting this dashboard — retrying/,
    },
    {
      id: "cll-fault-500",
      heading: "Allo isn't responding",
      text: /Allo couldn't be reached or answered with an error/,
    },
    {
      id: "cll-fault-502",
      heading: "Allo isn't responding",
      text: /Allo couldn't be reached or answered with an error/,
    },
    {
      id: "cll-fault-reset",
      heading: "Allo isn't responding",
      text: /Allo couldn't be reached or answered with an error/,
    },
    { id: "cll-fault-slow", heading: "Allo isn't responding", text: /Allo took too long to answer/ },
    {
      id: "cll-fault-json",
      heading: "Allo sent data this dashboard couldn't read",
      text: /not in the shape this dashboard expects/,
    },
    {
      id: "cll-fault-shape",
      heading: "Allo sent data this dashboard couldn't read",
      text: /not in the shape this dashboard expects/,
    },
  ];

  for (const { id, heading, text } of cases) {
    test(`${id}: its panel, with the request id, in the first HTML`, async ({ page, request }) => {
      const html = await (await request.get(itemPath(id))).text();
      expect(html).toContain(heading.replace("'", "&#x27;"));
      expect(html).not.toMatch(/\n\s+at [^\n]+:\d+:\d+/);

      await page.goto(itemPath(id));
      await expect(title(page)).toHaveText(heading);
      await expect(page.getByRole("main").getByText(text)).toBeVisible();
      await expect(page.getByText(/^req_[a-z0-9]+$/)).toBeVisible();
      await expect(page.getByRole("button", { name: "Copy the request id" })).toBeVisible();
    });
  }

  test("every unknown id is answered by the item page itself, never by a not-found file", async ({
    page,
  }) => {
    // The item route has no not-found.tsx: the page renders the panel with the request id,
    // which only it knows. An id the fake never seeded, and the fault id that answers 404:
    for (const id of ["cll-never-seeded-7", "msg-never-seeded-7", "cll-fault-404"]) {
      await page.goto(itemPath(id));
      await expect(title(page)).toHaveText("No call or message with this id");
      await expect(page.locator("code", { hasText: /^req_[a-z0-9]{12}$/ })).toBeVisible();
    }
  });

  test("not found: its own page, with the id and a way home", async ({ page }) => {
    await page.goto(itemPath("cll-fault-404"));
    await expect(title(page)).toHaveText("No call or message with this id");
    await expect(page.getByText("cll-fault-404")).toBeVisible();
    // Like every state, it shows the request id to quote to support.
    await expect(page.getByText("Request id")).toBeVisible();
    await expect(page.locator("code", { hasText: /^req_[a-z0-9]{12}$/ })).toBeVisible();
    await page.getByRole("link", { name: "Open another call or message" }).click();
    await expect(page).toHaveURL(/\/$/);
    await expect(title(page)).toHaveText("Open a call or message");
  });

  test("a rejected key is not retried by the browser", async ({ page }) => {
    const fetched = collectItemFetches(page);
    await page.goto(itemPath("cll-fault-401"));
    await expect(title(page)).toHaveText("This dashboard can't read from Allo");
    await expect(page.getByRole("button", { name: /Retry/ })).toHaveCount(0);
    // Long enough for any automatic retry to have started.
    await page.waitForTimeout(4_000);
    expect(fetched).toEqual([]);
  });

  test("rate limiting counts down and recovers by itself once Allo answers", async ({ page }) => {
    await page.goto(itemPath("cll-fault-429"));
    await expect(page.getByText(/Allo is rate limiting this dashboard — retrying in \d+ s…/)).toBeVisible();
    // Allo answers again: the browser's next attempt gets the item, and the page shows it.
    await healFakeFaults({ "cll-fault-429": "cll-demo-billing" });
    try {
      await expect(title(page)).toHaveText("Maria Gonzalez", { timeout: 20_000 });
      await expect(region(page, "Summary")).toContainText("charged twice");
    } finally {
      await resetFake();
    }
  });

  test("Allo down: retries by itself, and Retry now works at once", async ({ page }) => {
    await page.goto(itemPath("cll-fault-500"));
    await expect(title(page)).toHaveText("Allo isn't responding");
    await expect(page.getByText(/Retrying (in \d+ s|now)…/)).toBeVisible();
    await healFakeFaults({ "cll-fault-500": "cll-demo-billing" });
    try {
      await page.getByRole("button", { name: "Retry now" }).click();
      await expect(title(page)).toHaveText("Maria Gonzalez");
      await expect(region(page, "Summary")).toContainText("charged twice");
    } finally {
      await resetFake();
    }
  });

  test("every failure panel passes axe in light and dark", async ({ page }) => {
    for (const id of ["cll-fault-401", "cll-fault-429", "cll-fault-500", "cll-fault-json", "cll-fault-404"]) {
      await page.goto(itemPath(id));
      await expect(title(page)).toBeVisible();
      await expectNoAxeViolations(page, id);
    }
  });
});

test.describe("links that are not item links", () => {
  test("a malformed id is explained without asking Allo", async ({ page }) => {
    await resetFake();
    await page.goto("/items/not-an-id");
    await expect(title(page)).toHaveText("This link doesn't look like a Callview item link");
    await expect(page.getByText("not-an-id", { exact: true })).toBeVisible();
    await expect(page.getByText(/Item links look like/)).toContainText("/items/cll-…");
    await expect(page.getByRole("link", { name: "Open a call or message" })).toHaveAttribute("href", "/");
    expect((await fakeStats()).itemRequests).toBe(0);
    await expectNoAxeViolations(page, "malformed id");
  });

  test("an unknown address gets a page that leads home", async ({ page }) => {
    await page.goto("/no/such/page");
    await expect(title(page)).toHaveText("There's no page at this address");
    await expect(page.getByRole("link", { name: "Go to Callview home" })).toBeVisible();
  });
});

test.describe("home page", () => {
  test("opens a pasted Callview link, keeping its time", async ({ page }) => {
    await page.goto("/");
    await expect(title(page)).toHaveText("Open a call or message");
    await page
      .getByLabel("Callview link or item id")
      .fill("https://callview.example.com/items/cll-demo-billing?t=1m2s");
    await page.getByRole("button", { name: "Open" }).click();
    await expect(page).toHaveURL(/\/items\/cll-demo-billing\?t=1m2s$/);
    await expect(title(page)).toHaveText("Maria Gonzalez");
  });

  test("opens a bare message id with Enter", async ({ page }) => {
    await page.goto("/");
    const field = page.getByLabel("Callview link or item id");
    await field.fill("  msg-demo-inbound ");
    await field.press("Enter");
    await expect(page).toHaveURL(/\/items\/msg-demo-inbound$/);
    await expect(title(page)).toHaveText("Maria Gonzalez");
  });

  test("rejects text without an id, inline and accessibly", async ({ page }) => {
    await page.goto("/");
    const field = page.getByLabel("Callview link or item id");
    await field.fill("hello there");
    await page.getByRole("button", { name: "Open" }).click();
    await expect(page.getByRole("alert").filter({ hasText: /\S/ })).toHaveText(
      /doesn't contain a call or message id/,
    );
    await expect(field).toHaveAttribute("aria-invalid", "true");
    await expect(field).toBeFocused();
    await expect(page).toHaveURL(/\/$/);
    await expectNoAxeViolations(page, "home with an error");
    await field.fill("cll-demo-missed");
    await expect(field).not.toHaveAttribute("aria-invalid", "true");
  });

  test("works without JavaScript: the server validates and redirects", async ({ request }) => {
    const ok = await request.get("/?q=https%3A%2F%2Fx.example%2Fitems%2Fcll-demo-billing%3Ft%3D83", {
      maxRedirects: 0,
    });
    expect(ok.status()).toBe(307);
    expect(ok.headers().location).toBe("/items/cll-demo-billing?t=83");
    const bad = await request.get("/?q=nonsense");
    expect(bad.status()).toBe(200);
    expect(await bad.text()).toContain("doesn&#x27;t contain a call or message id");
  });

  test("passes axe in light and dark", async ({ page }) => {
    await page.goto("/");
    await expect(title(page)).toBeVisible();
    await expectNoAxeViolations(page, "home");
  });
});
