/** Shared steps of the sign-in specs. */
import AxeBuilder from "@axe-core/playwright";
import { expect, type BrowserContext, type Page } from "@playwright/test";
import { AUTH_E2E } from "./auth-e2e-env";

export const SESSION_COOKIE = "callview_session";

/** The notification-link shape agents open: an item and a moment in the call. */
export const ITEM_PATH = "/items/cll-demo-billing?t=1m0s";
export const ITEM_API_PATH = "/api/items/cll-demo-billing?extend=transcript";

const escapeRegExp = (value: string) => value.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

export const IDP_LOGIN_URL = new RegExp(`^${escapeRegExp(AUTH_E2E.idpUrl)}/interaction/`);

/** Fills the test provider's login form (development interactions: any password). */
export async function signInAtProvider(page: Page, email: string): Promise<void> {
  await expect(page).toHaveURL(IDP_LOGIN_URL);
  await page.getByPlaceholder("Enter any login").fill(email);
  await page.getByPlaceholder("and password").fill("any-password");
  await page.getByRole("button", { name: "Sign-in" }).click();
}

/** Opens the item link signed out and signs in as the agent; ends back on the item page. */
export async function signInAsAgent(page: Page): Promise<void> {
  await page.goto(ITEM_PATH);
  await signInAtProvider(page, AUTH_E2E.accounts.agent.email);
  await expect(page).toHaveURL(`${AUTH_E2E.appUrl}${ITEM_PATH}`);
}

export async function sessionCookie(context: BrowserContext) {
  return (await context.cookies(AUTH_E2E.appUrl)).find((cookie) => cookie.name === SESSION_COOKIE) ?? null;
}

export async function setSessionCookie(context: BrowserContext, value: string): Promise<void> {
  // `url` (not domain + path) makes it host-only, like the cookie the server sets, so it replaces it.
  await context.addCookies([
    { name: SESSION_COOKIE, value, url: `${AUTH_E2E.appUrl}/`, httpOnly: true, sameSite: "Lax" },
  ]);
}

/**
 * Whether the browser's cookies count as signed in, without following redirects (the test
 * provider would silently sign the agent in again): a page must redirect to /auth/sign-in
 * and the API must answer 401.
 */
export async function expectSignedOut(page: Page): Promise<void> {
  const pageResponse = await page.request.get(ITEM_PATH, { maxRedirects: 0 });
  expect(pageResponse.status()).toBe(307);
  expect(new URL(pageResponse.headers().location ?? "", AUTH_E2E.appUrl).href).toBe(
    `${AUTH_E2E.appUrl}/auth/sign-in?returnTo=${encodeURIComponent(ITEM_PATH)}`,
  );
  const apiResponse = await page.request.get(ITEM_API_PATH);
  expect(apiResponse.status()).toBe(401);
}

export async function expectNoAxeViolations(page: Page): Promise<void> {
  for (const colorScheme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme });
    const results = await new AxeBuilder({ page }).analyze();
    expect(
      results.violations.map((violation) => `${colorScheme}: ${violation.id} ${violation.help}`),
    ).toEqual([]);
  }
}
