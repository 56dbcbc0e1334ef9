/**
 * Sign-in against a real OpenID provider on loopback (oidc-provider): the dashboard is locked
 * until the agent signs in, comes back to the exact link they opened, and refuses accounts
 * outside the allow-list (AUTH_ALLOWED_EMAIL_DOMAINS=callview.test).
 */
import http from "node:http";
import { expect, test, type APIResponse } from "@playwright/test";
import { sealSession } from "@/lib/server/auth/session-token";
import { AUTH_E2E, fakeStats, resetFake } from "./auth-e2e-env";
import {
  expectNoAxeViolations,
  expectSignedOut,
  IDP_LOGIN_URL,
  ITEM_API_PATH,
  ITEM_PATH,
  sessionCookie,
  SESSION_COOKIE,
  setSessionCookie,
  signInAsAgent,
  signInAtProvider,
} from "./auth-helpers";

const { agent, outsider, unverified, unclaimed } = AUTH_E2E.accounts;

function setCookies(response: APIResponse): string[] {
  return response
    .headersArray()
    .filter((header) => header.name.toLowerCase() === "set-cookie")
    .map((header) => header.value);
}

/** A GET with a Host header of our choosing (fetch and Playwright set their own). */
function getWithHost(path: string, host: string): Promise<{ status: number; location: string }> {
  const target = new URL(AUTH_E2E.appUrl);
  return new Promise((resolve, reject) => {
    const request = http.get(
      { hostname: target.hostname, port: target.port, path, headers: { host } },
      (response) => {
        response.resume();
        resolve({ status: response.statusCode ?? 0, location: response.headers.location ?? "" });
      },
    );
    request.on("error", reject);
  });
}

test.describe("signed out", () => {
  test("opening an item link redirects to the identity provider", async ({ page }) => {
    await page.goto(ITEM_PATH);
    await expect(page).toHaveURL(IDP_LOGIN_URL);
    await expect(page.getByPlaceholder("Enter any login")).toBeVisible();
  });

  test("the item API answers 401 SIGN_IN_REQUIRED and never calls Allo", async ({ request }) => {
    await resetFake();
    const response = await request.get(ITEM_API_PATH);
    expect(response.status()).toBe(401);
    expect(response.headers()["content-type"]).toContain("application/json");
    const body = (await response.json()) as { error: { request_id: string } };
    expect(body).toEqual({
      error: {
        type: "authentication_error",
        code: "SIGN_IN_REQUIRED",
        message: expect.any(String),
        retryable: false,
        request_id: expect.stringMatching(/^req_[a-z0-9]{12}$/),
      },
    });
    // The envelope and the header name the same request, as on every error.
    expect(response.headers()["x-request-id"]).toBe(body.error.request_id);

    const recording = await request.get("/api/items/cll-demo-billing/recording", {
      headers: { range: "bytes=0-99" },
    });
    expect(recording.status()).toBe(401);

    const stats = await fakeStats();
    expect(stats.itemRequests).toBe(0);
    expect(stats.recordingRequests).toBe(0);
  });

  test("health and readiness stay public", async ({ request }) => {
    const response = await request.get("/api/health");
    expect(response.status()).toBe(200);
    const ready = await request.get("/api/health/ready");
    expect(ready.status()).toBe(200);
    expect(await ready.json()).toEqual({ status: "ready", mode: "live", problems: [] });
  });

  test("a callback without a sign-in in progress shows a friendly failure page", async ({ page }) => {
    await page.goto(`/auth/callback?code=forged&state=${"s".repeat(43)}`);
    await expect(page).toHaveURL(/\/auth\/error\?/);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Sign-in failed — try again");
    await expect(page.getByRole("link", { name: "Try again" })).toHaveAttribute("href", "/auth/sign-in");
    await expect(page.locator("body")).not.toContainText(/Error:|at .*\.js/);
    await expectNoAxeViolations(page);
  });

  test("a hostile returnTo never leaves the dashboard", async ({ page }) => {
    const response = await page.request.get("/auth/sign-in?returnTo=//evil.example/phish", {
      maxRedirects: 0,
    });
    expect(response.status()).toBe(303);
    const authorizationUrl = new URL(response.headers().location ?? "");
    expect(authorizationUrl.origin).toBe(AUTH_E2E.idpUrl);
    await page.goto(authorizationUrl.href);
    await signInAtProvider(page, agent.email);
    await expect(page).toHaveURL(`${AUTH_E2E.appUrl}/`);
  });
});

test.describe("forwarded headers", () => {
  test("X-Forwarded-Host and X-Forwarded-Proto never choose the redirect URI or the cookie's Secure flag", async ({
    request,
  }) => {
    const response = await request.get("/auth/sign-in?returnTo=/items/cll-demo-billing", {
      headers: { "x-forwarded-host": "evil.example", "x-forwarded-proto": "https" },
      maxRedirects: 0,
    });
    expect(response.status()).toBe(303);
    const authorizationUrl = new URL(response.headers().location ?? "");
    expect(authorizationUrl.origin).toBe(AUTH_E2E.idpUrl);
    expect(authorizationUrl.searchParams.get("redirect_uri")).toBe(`${AUTH_E2E.appUrl}/auth/callback`);
    const cookies = setCookies(response);
    expect(cookies).toHaveLength(1);
    expect(cookies[0]).not.toMatch(/;\s*secure/i);

    // Pages redirect to sign-in on this origin too.
    const page = await request.get(ITEM_PATH, {
      headers: { "x-forwarded-host": "evil.example", "x-forwarded-proto": "https" },
      maxRedirects: 0,
    });
    expect(page.status()).toBe(307);
    expect(new URL(page.headers().location ?? "", AUTH_E2E.appUrl).origin).toBe(AUTH_E2E.appUrl);
  });

  test("a foreign Host header (DNS rebinding) never becomes the redirect URI", async () => {
    const { status, location } = await getWithHost("/auth/sign-in", "evil.example");
    expect(status).toBe(303);
    const redirectUri = new URL(location).searchParams.get("redirect_uri") ?? "";
    expect(new URL(redirectUri).host).not.toBe("evil.example");
    expect(redirectUri).toBe(`${AUTH_E2E.appUrl}/auth/callback`);
  });
});

test.describe("signing in", () => {
  test("the agent lands back on the exact link, ?t= included, and sees the call", async ({
    page,
    context,
  }) => {
    await signInAsAgent(page);
    expect(new URL(page.url()).search).toBe("?t=1m0s");
    await expect(page.getByRole("heading", { level: 1 })).toContainText("Maria Gonzalez");

    const cookie = await sessionCookie(context);
    expect(cookie).not.toBeNull();
    expect(cookie?.httpOnly).toBe(true);
    expect(cookie?.sameSite).toBe("Lax");
    expect(cookie?.path).toBe("/");
    // Encrypted: neither the email nor the name can be read from the cookie.
    expect(cookie?.value).not.toContain("callview.test");
    expect(Buffer.from(cookie?.value.split(".")[0] ?? "", "base64url").toString()).toContain(
      '"enc":"A256GCM"',
    );

    const api = await page.request.get(ITEM_API_PATH);
    expect(api.status()).toBe(200);
    expect(((await api.json()) as { data: { id: string } }).data.id).toBe("cll-demo-billing");
  });

  test("a tampered session cookie counts as signed out", async ({ page, context }) => {
    await signInAsAgent(page);
    const cookie = await sessionCookie(context);
    if (!cookie) throw new Error("no session cookie after sign-in");
    const parts = cookie.value.split(".");
    const ciphertext = parts[3] ?? "";
    const position = Math.floor(ciphertext.length / 2);
    parts[3] = `${ciphertext.slice(0, position)}${ciphertext[position] === "A" ? "B" : "A"}${ciphertext.slice(position + 1)}`;
    await setSessionCookie(context, parts.join("."));
    await expectSignedOut(page);
  });

  test("an expired session cookie counts as signed out", async ({ page, context }) => {
    const user = { sub: agent.email, iss: AUTH_E2E.idpUrl, name: agent.name, email: agent.email };
    const now = Math.floor(Date.now() / 1000);

    // The same forging works while fresh, so it is the expiry that is refused below.
    await setSessionCookie(context, await sealSession(user, AUTH_E2E.authSecret, { maxAgeSeconds: 600 }));
    expect((await page.request.get(ITEM_API_PATH)).status()).toBe(200);

    const expired = await sealSession(user, AUTH_E2E.authSecret, {
      now: now - 13 * 3600,
      maxAgeSeconds: 12 * 3600,
    });
    await setSessionCookie(context, expired);
    await expectSignedOut(page);
  });

  test("a session unused for more than an hour counts as signed out", async ({ page, context }) => {
    const user = { sub: agent.email, iss: AUTH_E2E.idpUrl, name: agent.name, email: agent.email };
    const now = Math.floor(Date.now() / 1000);
    // Last sealed 61 minutes ago; its 12-hour lifetime alone would still accept it.
    const idle = await sealSession(user, AUTH_E2E.authSecret, {
      now: now - 61 * 60,
      maxAgeSeconds: 12 * 3600,
    });
    await setSessionCookie(context, idle);
    await expectSignedOut(page);
  });

  test("re-sealing on activity cannot stretch a session beyond 12 hours after sign-in", async ({
    page,
    context,
  }) => {
    const user = { sub: agent.email, iss: AUTH_E2E.idpUrl, name: agent.name, email: agent.email };
    const now = Math.floor(Date.now() / 1000);
    const stretched = await sealSession(user, AUTH_E2E.authSecret, {
      maxAgeSeconds: 3600,
      authTime: now - 13 * 3600,
    });
    await setSessionCookie(context, stretched);
    await expectSignedOut(page);
  });

  test("an active session is re-sealed (idle timeout refreshed), at most once every few minutes", async ({
    page,
    context,
  }) => {
    const user = { sub: agent.email, iss: AUTH_E2E.idpUrl, name: agent.name, email: agent.email };
    const now = Math.floor(Date.now() / 1000);

    // Sealed just now: nothing to refresh.
    await setSessionCookie(context, await sealSession(user, AUTH_E2E.authSecret, { maxAgeSeconds: 3600 }));
    const fresh = await page.request.get(ITEM_API_PATH);
    expect(fresh.status()).toBe(200);
    expect(setCookies(fresh)).toEqual([]);

    // Sealed ten minutes ago: the response carries a new session cookie.
    const older = await sealSession(user, AUTH_E2E.authSecret, { now: now - 10 * 60, maxAgeSeconds: 3600 });
    await setSessionCookie(context, older);
    const used = await page.request.get(ITEM_API_PATH);
    expect(used.status()).toBe(200);
    const refreshed = setCookies(used).filter((cookie) => cookie.startsWith(`${SESSION_COOKIE}=`));
    expect(refreshed).toHaveLength(1);
    expect(refreshed[0]).toMatch(/;\s*httponly/i);
    expect(refreshed[0]).toMatch(/;\s*path=\//i);
    const value = refreshed[0]?.slice(SESSION_COOKIE.length + 1).split(";")[0] ?? "";
    expect(value).not.toBe(older);
    // The browser kept the new cookie, and it is a valid session.
    expect((await sessionCookie(context))?.value).toBe(value);
    expect((await page.request.get(ITEM_API_PATH)).status()).toBe(200);
  });

  test("a session sealed with another secret counts as signed out", async ({ page, context }) => {
    const user = { sub: agent.email, iss: AUTH_E2E.idpUrl, name: agent.name, email: agent.email };
    await setSessionCookie(
      context,
      await sealSession(user, "another-secret-that-is-long-enough-0000", { maxAgeSeconds: 600 }),
    );
    await expectSignedOut(page);
  });
});

test.describe("refusals", () => {
  test("an account outside the allowed domain sees Access denied and gets no session", async ({
    page,
    context,
  }) => {
    await page.goto(ITEM_PATH);
    await signInAtProvider(page, outsider.email);
    await expect(page).toHaveURL(`${AUTH_E2E.appUrl}/auth/access-denied`);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Access denied");
    await expect(page.getByText(`${outsider.email} is not allowed to use this Callview.`)).toBeVisible();
    await expect(page.getByRole("link", { name: "Sign in with a different account" })).toBeVisible();
    expect(await sessionCookie(context)).toBeNull();
    await expectSignedOut(page);
    await expectNoAxeViolations(page);
  });

  test("an account whose email is not verified is refused", async ({ page, context }) => {
    await page.goto(ITEM_PATH);
    await signInAtProvider(page, unverified.email);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Access denied");
    await expect(page.getByText(/is not verified/)).toBeVisible();
    expect(await sessionCookie(context)).toBeNull();
  });

  test("an account whose provider does not say the email is verified is refused", async ({
    page,
    context,
  }) => {
    await page.goto(ITEM_PATH);
    await signInAtProvider(page, unclaimed.email);
    await expect(page).toHaveURL(`${AUTH_E2E.appUrl}/auth/access-denied`);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Access denied");
    await expect(page.getByText(/did not say whether/)).toBeVisible();
    expect(await sessionCookie(context)).toBeNull();
    await expectSignedOut(page);
  });
});

test.describe("signing out", () => {
  test("GET only asks; the Sign out button clears the session", async ({ page, context }) => {
    await signInAsAgent(page);

    await page.goto("/auth/sign-out");
    await expect(page).toHaveURL(`${AUTH_E2E.appUrl}/auth/sign-out/confirm`);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Sign out of Callview?");
    await expect(page.getByText(`${agent.name} (${agent.email})`)).toBeVisible();
    expect(await sessionCookie(context)).not.toBeNull();
    await expectNoAxeViolations(page);

    await page.getByRole("button", { name: "Sign out" }).click();
    await expect(page).toHaveURL(`${AUTH_E2E.appUrl}/auth/signed-out`);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("You're signed out");
    expect(await sessionCookie(context)).toBeNull();
    await expectSignedOut(page);

    // The provider advertises end_session_endpoint, so signing out there too is offered.
    const providerSignOut = page.getByRole("link", {
      name: `Also sign out of ${new URL(AUTH_E2E.idpUrl).host}`,
    });
    const href = new URL((await providerSignOut.getAttribute("href")) ?? "");
    expect(`${href.origin}${href.pathname}`).toBe(`${AUTH_E2E.idpUrl}/session/end`);
    expect(href.searchParams.get("post_logout_redirect_uri")).toBe(`${AUTH_E2E.appUrl}/auth/signed-out`);
    await expectNoAxeViolations(page);
  });

  test("a cross-site sign-out POST is refused", async ({ page, context }) => {
    await signInAsAgent(page);
    const response = await page.request.post("/auth/sign-out", {
      headers: { origin: "https://evil.example" },
      maxRedirects: 0,
    });
    expect(response.status()).toBe(403);
    expect((await page.request.get(ITEM_API_PATH)).status()).toBe(200);
    expect(await sessionCookie(context)).not.toBeNull();
  });
});
