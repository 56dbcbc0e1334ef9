/**
 * The dashboard pages check the session themselves, as the API routes do: if proxy.ts's matcher
 * ever stopped covering a page, the page must still refuse to load call data. The pages run
 * here in-process with no proxy at all, against the fake Allo API over HTTP; `next/headers`
 * carries the request's cookies and headers as it would in Next.js.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { startFakeAlloServer, type FakeAlloServer } from "@/lib/allo/fake/http-server";
import { sealSession } from "@/lib/server/auth/session-token";

const KEY = "ak_live_page_guard_5b8e1d";
const SECRET = "page-guard-secret-0123456789abcdefghijk";
const ISSUER = "https://idp.example.com";
const AGENT = { sub: "agent", iss: ISSUER, name: "Alex Agent", email: "agent@callview.test" };

const request = vi.hoisted(() => ({ cookies: new Map<string, string>(), headers: new Headers() }));

vi.mock("next/headers", () => ({
  cookies: async () => ({
    get: (name: string) => {
      const value = request.cookies.get(name);
      return value === undefined ? undefined : { name, value };
    },
  }),
  headers: async () => request.headers,
}));

// The layout awaits connection() first (it must render per request); outside Next.js there is
// no request scope for it to find, and nothing for it to do.
vi.mock("next/server", async (importOriginal) => ({
  ...(await importOriginal<typeof import("next/server")>()),
  connection: async () => {},
}));

let fake: FakeAlloServer;
let itemPage: typeof import("@/app/(app)/items/[id]/page");
let homePage: typeof import("@/app/(app)/page");
let layout: typeof import("@/app/(app)/layout");
let notificationsPage: typeof import("@/app/(app)/notifications/page");

beforeAll(async () => {
  fake = await startFakeAlloServer({ apiKey: KEY, summaryDelayMs: 0 });
  Object.assign(process.env, {
    ALLO_API_KEY: KEY,
    ALLO_API_BASE_URL: fake.url,
    OIDC_ISSUER: ISSUER,
    OIDC_CLIENT_ID: "client",
    AUTH_SECRET: SECRET,
    AUTH_ALLOWED_EMAIL_DOMAINS: "callview.test",
    HOSTNAME: "127.0.0.1",
    // Every render asks the fake, so its counter shows whether a page fetched call data.
    CALLVIEW_ITEM_CACHE_TTL_SECONDS: "0",
  });
  itemPage = await import("@/app/(app)/items/[id]/page");
  homePage = await import("@/app/(app)/page");
  layout = await import("@/app/(app)/layout");
  notificationsPage = await import("@/app/(app)/notifications/page");
});

afterAll(async () => {
  await fake.close();
});

beforeEach(() => {
  request.cookies.clear();
  request.headers = new Headers({ "x-request-id": "req_pageguard0001" });
  fake.fake.resetStats();
});

const RENDERED = "rendered without interruption";

/** The digest Next.js gives a redirect() or notFound(), or RENDERED when the call did not throw one. */
async function interruption(run: () => Promise<unknown>): Promise<string> {
  try {
    await run();
    return RENDERED;
  } catch (error) {
    const digest = (error as { digest?: unknown }).digest;
    if (typeof digest === "string") return digest;
    throw error;
  }
}

const itemProps = {
  params: Promise.resolve({ id: "cll-demo-billing" }),
  searchParams: Promise.resolve({ t: "1m0s" }),
};

describe("dashboard pages without the proxy", () => {
  it("the item page and its metadata redirect to sign-in, back to the same link, and never call Allo", async () => {
    const expected = `/auth/sign-in?returnTo=${encodeURIComponent("/items/cll-demo-billing?t=1m0s")}`;
    expect(await interruption(() => itemPage.default(itemProps))).toMatch(
      new RegExp(`^NEXT_REDIRECT;[a-z]+;${expected.replace(/[?]/g, "\\?")};307;`),
    );
    expect(await interruption(() => itemPage.generateMetadata(itemProps))).toMatch(/^NEXT_REDIRECT;/);
    expect(fake.fake.stats.itemRequests).toBe(0);
  });

  it("the home page and the shell redirect too", async () => {
    expect(await interruption(() => homePage.default({ searchParams: Promise.resolve({}) }))).toMatch(
      /^NEXT_REDIRECT;[a-z]+;\/auth\/sign-in;307;/,
    );
    expect(await interruption(() => layout.default({ children: null }))).toMatch(/^NEXT_REDIRECT;/);
    // The operators' page lists notifications (who called, why): it is guarded the same way.
    expect(
      await interruption(() =>
        notificationsPage.default({ searchParams: Promise.resolve({ sent: "test" }) }),
      ),
    ).toMatch(/^NEXT_REDIRECT;[a-z]+;\/auth\/sign-in\?returnTo=%2Fnotifications%3Fsent%3Dtest;307;/);
  });

  it("a forged, expired or foreign session changes nothing", async () => {
    const now = Math.floor(Date.now() / 1000);
    for (const value of [
      "garbage",
      await sealSession(AGENT, SECRET, { now: now - 13 * 3600, maxAgeSeconds: 12 * 3600 }),
      await sealSession(AGENT, "another-secret-that-is-long-enough-000", { maxAgeSeconds: 600 }),
      await sealSession({ ...AGENT, email: "outsider@evil.test" }, SECRET, { maxAgeSeconds: 600 }),
    ]) {
      request.cookies.set("callview_session", value);
      expect(await interruption(() => itemPage.default(itemProps))).toMatch(/^NEXT_REDIRECT;/);
    }
    expect(fake.fake.stats.itemRequests).toBe(0);
  });

  it("a signed-in agent gets the page", async () => {
    request.cookies.set("callview_session", await sealSession(AGENT, SECRET, { maxAgeSeconds: 600 }));
    expect(await interruption(() => itemPage.default(itemProps))).toBe(RENDERED);
    // The page starts the lookup and renders its content once it answers (streamed past the
    // first-paint budget), so the one request to Allo may land just after the page returns.
    await vi.waitFor(() => expect(fake.fake.stats.itemRequests).toBe(1));
  });
});
