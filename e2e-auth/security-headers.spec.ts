/**
 * Security headers and the nonce-based Content-Security-Policy, on the signed-in item page:
 * the page must still hydrate, fetch with React Query and play the recording, with no CSP
 * violation reported by the browser.
 */
import { expect, test, type ConsoleMessage, type Page } from "@playwright/test";
import { AUTH_E2E } from "./auth-e2e-env";
import { ITEM_PATH, signInAsAgent } from "./auth-helpers";

type Violation = { directive: string; blocked: string; sample: string; source: string };

/** Records every `securitypolicyviolation` event from the first script on, in every document. */
async function collectViolations(page: Page): Promise<() => Promise<Violation[]>> {
  await page.addInitScript(() => {
    const store = window as unknown as { __cspViolations: Violation[] };
    store.__cspViolations = [];
    document.addEventListener("securitypolicyviolation", (event) => {
      store.__cspViolations.push({
        directive: event.effectiveDirective,
        blocked: event.blockedURI,
        sample: event.sample,
        // Where it came from, so a failure names the offending script.
        source: `${event.sourceFile}:${event.lineNumber}:${event.columnNumber}`,
      });
    });
  });
  return () => page.evaluate(() => (window as unknown as { __cspViolations: Violation[] }).__cspViolations);
}

function cspConsoleMessages(page: Page): string[] {
  const messages: string[] = [];
  page.on("console", (message: ConsoleMessage) => {
    const text = message.text();
    if (/Content Security Policy|Permissions-Policy|Refused to/i.test(text))
      messages.push(`${message.type()}: ${text}`);
  });
  return messages;
}

function scriptSrc(csp: string): string {
  return (
    csp
      .split(";")
      .map((directive) => directive.trim())
      .find((directive) => directive.startsWith("script-src ")) ?? ""
  );
}

test("every response carries the security headers and a fresh nonce", async ({ request }) => {
  const first = await request.get("/auth/error");
  const second = await request.get("/auth/error");
  for (const response of [first, second]) {
    const headers = response.headers();
    expect(headers["x-content-type-options"]).toBe("nosniff");
    expect(headers["x-frame-options"]).toBe("DENY");
    expect(headers["referrer-policy"]).toBe("strict-origin-when-cross-origin");
    expect(headers["permissions-policy"]).toContain("camera=()");
    expect(headers["permissions-policy"]).toContain("microphone=()");
    expect(headers["permissions-policy"]).toContain("geolocation=()");
    const csp = headers["content-security-policy"] ?? "";
    expect(scriptSrc(csp)).toMatch(/^script-src 'self' 'nonce-[A-Za-z0-9+/]+={0,2}' 'strict-dynamic'$/);
    expect(csp).not.toContain("unsafe-eval");
    for (const directive of [
      "object-src 'none'",
      "base-uri 'self'",
      "frame-ancestors 'none'",
      "media-src 'self'",
      "connect-src 'self'",
    ]) {
      expect(csp).toContain(directive);
    }
  }
  const nonceOf = (csp: string | undefined) => /'nonce-([^']+)'/.exec(csp ?? "")?.[1];
  expect(nonceOf(first.headers()["content-security-policy"])).not.toBe(
    nonceOf(second.headers()["content-security-policy"]),
  );

  // The 401 of the API carries them too.
  const api = await request.get("/api/items/cll-demo-billing");
  expect(api.status()).toBe(401);
  expect(api.headers()["x-content-type-options"]).toBe("nosniff");
  expect(api.headers()["content-security-policy"]).toContain("default-src 'self'");
});

test("the signed-in item page hydrates, loads the recording and reports no CSP violation", async ({
  page,
}) => {
  const violations = await collectViolations(page);
  const consoleMessages = cspConsoleMessages(page);
  await signInAsAgent(page);

  const response = await page.goto(ITEM_PATH);
  const csp = response?.headers()["content-security-policy"] ?? "";
  const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
  expect(nonce).toBeTruthy();
  // Next.js put this response's nonce on every script of the HTML, inline ones included.
  const html = (await response?.text()) ?? "";
  const htmlScripts = [...html.matchAll(/<script\b[^>]*>/g)].map((match) => match[0]);
  expect(htmlScripts.length).toBeGreaterThan(0);
  for (const tag of htmlScripts) expect(tag).toContain(`nonce="${nonce}"`);

  await expect(page.getByRole("heading", { level: 1 })).toContainText("Maria Gonzalez");

  // Client code ran (hydration): the ?t=1m0s link moved the player to one minute.
  const audioTime = () => page.evaluate(() => document.querySelector("audio")?.currentTime ?? Number.NaN);
  await expect.poll(audioTime).toBeGreaterThanOrEqual(59);

  // The recording streams from this origin under media-src 'self'.
  await page.evaluate(async () => {
    const audio = document.querySelector("audio");
    if (!audio) throw new Error("no audio element");
    audio.muted = true;
    await audio.play();
  });
  await expect.poll(audioTime).toBeGreaterThan(60);
  await page.evaluate(() => document.querySelector("audio")?.pause());

  // Code loaded on demand once the page has settled (earlier conversations, tag editing) is
  // inserted by the bundler's runtime without a nonce: 'strict-dynamic' trusts what a trusted
  // script adds. Only this origin's chunks arrive that way.
  await expect(page.getByTestId("history-row").first()).toBeVisible();
  const laterScripts = await page
    .locator("script[src]")
    .evaluateAll((scripts) =>
      scripts
        .filter((script) => !(script as HTMLScriptElement).nonce)
        .map((script) => (script as HTMLScriptElement).src),
    );
  expect(laterScripts.length).toBeGreaterThan(0);
  for (const src of laterScripts) {
    expect(new URL(src).origin).toBe(new URL(AUTH_E2E.appUrl).origin);
    expect(new URL(src).pathname).toMatch(/^\/_next\/static\/chunks\/[\w-]+\.js$/);
  }

  // Markup injected into the page cannot run code: an inline handler has neither nonce nor trust.
  await page.evaluate(() => {
    document.body.insertAdjacentHTML(
      "beforeend",
      '<img src="/no-such-image" onerror="window.__injected = true">',
    );
  });
  const blockedHandler = (violation: Violation) =>
    violation.blocked === "inline" && violation.directive.startsWith("script-src");
  await expect.poll(async () => (await violations()).filter(blockedHandler)).toHaveLength(1);
  expect(await page.evaluate(() => (window as { __injected?: boolean }).__injected)).toBeUndefined();
  expect((await violations()).filter((violation) => !blockedHandler(violation))).toEqual([]);
  expect(consoleMessages.filter((message) => !/inline event handler/i.test(message))).toEqual([]);
});

test("the sign-in pages report no CSP violation either", async ({ page }) => {
  const violations = await collectViolations(page);
  const consoleMessages = cspConsoleMessages(page);
  for (const path of [
    "/auth/error?reason=unreachable",
    "/auth/signed-out",
    "/auth/access-denied",
    "/auth/sign-out/confirm",
  ]) {
    await page.goto(`${AUTH_E2E.appUrl}${path}`);
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    expect(await violations(), path).toEqual([]);
  }
  expect(consoleMessages).toEqual([]);
});
