/**
 * AUTH_MODE=none (an SSO proxy in front does the sign-in): who can reach the dashboard at all.
 * See docs/decisions/0007-network-exposure-without-sign-in.md. Each test starts its own
 * standalone server and stops it by pid.
 */
import net from "node:net";
import { networkInterfaces } from "node:os";
import { expect, test } from "@playwright/test";
import { E2E } from "./e2e-env";
import { startServer, waitForHealth } from "./fixtures/server-process";

const PORT = E2E.networkPort;
const PROXY_SECRET = "e2e-proxy-secret-0123456789abcdefghijkl";

/** An address of this machine that is not loopback, or null when it has none. */
function nonLoopbackAddress(): string | null {
  for (const addresses of Object.values(networkInterfaces())) {
    for (const address of addresses ?? []) {
      if (address.family === "IPv4" && !address.internal) return address.address;
    }
  }
  return null;
}

function canConnect(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

test("AUTH_MODE=none without HOSTNAME listens on loopback only", async () => {
  const outside = nonLoopbackAddress();
  test.skip(outside === null, "this machine has no non-loopback IPv4 address to probe");
  const server = startServer({
    port: PORT,
    env: {
      AUTH_MODE: "none",
      ALLO_API_KEY: "ak_live_network_test_0c1d2e",
      CALLVIEW_SHUTDOWN_GRACE_SECONDS: "0",
    },
    unset: ["HOSTNAME"],
  });
  try {
    await waitForHealth(server.base);
    expect(await canConnect("127.0.0.1", PORT)).toBe(true);
    expect(await canConnect(outside ?? "", PORT)).toBe(false);
  } finally {
    server.kill();
  }
});

test.describe("AUTH_MODE=none with AUTH_PROXY_SECRET", () => {
  let server: ReturnType<typeof startServer>;

  test.beforeAll(async () => {
    // Demo data is enough: what matters is who may read it.
    server = startServer({
      port: PORT,
      env: { AUTH_MODE: "none", AUTH_PROXY_SECRET: PROXY_SECRET, CALLVIEW_SHUTDOWN_GRACE_SECONDS: "0" },
    });
    await waitForHealth(server.base);
  });

  test.afterAll(() => server.kill());

  test("requests without the proxy's secret are refused; health stays public", async () => {
    const attempts: Record<string, string>[] = [
      {},
      { "x-callview-proxy-secret": "wrong-secret-0123456789abcdefghijklmn" },
      { "x-callview-proxy-secret": `${PROXY_SECRET}x` },
      // An identity header is no help without the secret.
      { "x-forwarded-email": "agent@example.com" },
    ];
    for (const headers of attempts) {
      const api = await fetch(`${server.base}/api/items/cll-demo-billing`, { headers });
      expect(api.status).toBe(403);
      const body = (await api.json()) as { error: { code: string; request_id: string } };
      expect(body.error.code).toBe("PROXY_SECRET_REQUIRED");
      expect(api.headers.get("x-request-id")).toBe(body.error.request_id);

      const page = await fetch(`${server.base}/items/cll-demo-billing`, { headers, redirect: "manual" });
      expect(page.status).toBe(403);
      const text = await page.text();
      expect(text).not.toContain("Maria Gonzalez");
      expect(text).not.toContain("agent@example.com");
    }
    expect((await fetch(`${server.base}/api/health`)).status).toBe(200);
    expect((await fetch(`${server.base}/api/health/ready`)).status).toBe(200);
  });

  test("requests with the secret are served, and the page names the proxy's user", async ({ browser }) => {
    const api = await fetch(`${server.base}/api/items/cll-demo-billing`, {
      headers: { "x-callview-proxy-secret": PROXY_SECRET },
    });
    expect(api.status).toBe(200);

    const context = await browser.newContext({
      extraHTTPHeaders: { "x-callview-proxy-secret": PROXY_SECRET, "x-forwarded-email": "agent@example.com" },
    });
    try {
      const page = await context.newPage();
      await page.goto(`${server.base}/items/cll-demo-billing`);
      await expect(page.getByRole("heading", { level: 1 })).toContainText("Maria Gonzalez");
      await expect(page.getByText("agent@example.com")).toBeVisible();
    } finally {
      await context.close();
    }
  });
});
