/**
 * Fail closed: a second server of the same build runs with a real-looking ALLO_API_KEY and no
 * sign-in settings at all. It must serve the operator's setup page for every page, 503
 * AUTH_NOT_CONFIGURED for the API, and never call Allo.
 */
import { expect, test } from "@playwright/test";
import { AUTH_E2E, fakeStats, resetFake } from "./auth-e2e-env";
import { expectNoAxeViolations } from "./auth-helpers";

const base = AUTH_E2E.failClosedUrl;

test.use({ baseURL: base });

test("every page shows the setup page and no call data", async ({ page }) => {
  await resetFake();
  for (const path of ["/items/cll-demo-billing?t=1m0s", "/", "/auth/sign-in", "/items/msg-demo-inbound"]) {
    await page.goto(path);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Sign-in is not configured");
    await expect(
      page.getByText(
        /Set OIDC_ISSUER, OIDC_CLIENT_ID, OIDC_CLIENT_SECRET, AUTH_SECRET, or set AUTH_MODE=none if an SSO proxy/,
      ),
    ).toBeVisible();
    // The address stays what the agent opened; only the content is replaced.
    expect(new URL(page.url()).pathname).toBe(new URL(path, base).pathname);
    await expect(page.locator("body")).not.toContainText("Maria Gonzalez");
  }
  expect((await fakeStats()).itemRequests).toBe(0);
  await expectNoAxeViolations(page);
});

test("the API answers 503 AUTH_NOT_CONFIGURED and never calls Allo", async ({ request }) => {
  await resetFake();
  const response = await request.get("/api/items/cll-demo-billing?extend=transcript");
  expect(response.status()).toBe(503);
  const body = (await response.json()) as {
    error: { code: string; type: string; retryable: boolean; message: string };
  };
  expect(body.error.code).toBe("AUTH_NOT_CONFIGURED");
  expect(body.error.retryable).toBe(false);
  expect(body.error.message).toContain("OIDC_ISSUER");
  expect(response.headers()["content-security-policy"]).toContain("default-src 'self'");

  expect((await request.get("/api/items/cll-demo-billing/recording")).status()).toBe(503);
  expect((await request.get("/api/health")).status()).toBe(200);
  // Readiness is public for load balancers, says what is missing by name, and shows no values.
  const ready = await request.get("/api/health/ready");
  expect(ready.status()).toBe(503);
  const readyBody = (await ready.json()) as { status: string; mode: string; problems: string[] };
  expect(readyBody.status).toBe("not_ready");
  expect(readyBody.mode).toBe("live");
  expect(readyBody.problems.join(" ")).toContain("Sign-in is not configured");
  expect(JSON.stringify(readyBody)).not.toContain(AUTH_E2E.apiKey);

  const stats = await fakeStats();
  expect(stats.itemRequests).toBe(0);
  expect(stats.recordingRequests).toBe(0);
});
