/**
 * Several instances on one Redis, as `docker-compose.yml` deploys them: three production servers
 * (`npm start`, scripts/start.mjs) on loopback with CALLVIEW_REDIS_URL, one real redis-server
 * (tests/support/redis-server.ts, append-only file as in production), one fake Allo in its own
 * process (its arrival times are the judge of the rate limit) and a fake Slack.
 *
 * - a burst over the three instances costs one upstream call (shared cache, coalesced);
 * - 300 distinct ids over the three stay within Allo's 20 reads in any rolling second, no 429;
 * - a webhook delivered to one instance and retried on another gives one Slack message;
 * - Redis killed mid-run: each instance caches locally, stays within floor(20/3) reads per
 *   rolling second, answers webhooks 503 (Retry-After) so Allo retries, and none crashes; with
 *   Redis back (same processes) webhooks are 2xx again, the retry is delivered once, and one
 *   instance may use the whole shared limit again.
 * Bounded in count and time; assertions are counts and arrival windows measured by the fake.
 */
import { mkdtempSync, rmSync, writeFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { createClient } from "redis";
import { maxInRollingWindow, type FakeAlloStats } from "../lib/allo/fake/fake-allo";
import { startFakeSlackServer, type FakeSlackServer } from "../tests/support/fake-slack-server";
import { startRedisServer, type TestRedisServer } from "../tests/support/redis-server";
import { E2E } from "./e2e-env";
import { startFakeAlloProcess, type FakeAlloProcess } from "./fake-allo-process";
import { buttonUrl, postWebhook, signedAlloWebhook, type SlackRequest } from "./notify-helpers";
import { killHard, startStandalone, waitForHealth, type StandaloneServer } from "./standalone-server";

const KEY = "ak_live_multi_instance_5b8e";
const SECRET = `whsec_${Buffer.from("callview-multi-instance-secret1").toString("base64")}`;
const LIMIT = 20;
const SHARE = Math.floor(LIMIT / 3);

test.describe.configure({ mode: "serial" });

let fake: FakeAlloProcess;
let redis: TestRedisServer;
let slack: FakeSlackServer;
let servers: StandaloneServer[] = [];
let workDir: string;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * As the browser does (lib/items/retry-policy.ts): a retryable answer (429 from Callview's own
 * queue, or a 504 for a caller served too late for its deadline) is asked again after its
 * Retry-After (or a second), plus jitter. Counts what was retried.
 */
async function lookup(
  base: string,
  id: string,
): Promise<{ status: number; refusals: number; timeouts: number }> {
  let refusals = 0;
  let timeouts = 0;
  for (let attempt = 1; ; attempt++) {
    const response = await fetch(`${base}/api/items/${id}`);
    const body = (await response.json().catch(() => null)) as { error?: { retryable?: boolean } } | null;
    const retryable = response.status >= 429 && body?.error?.retryable === true;
    if (!retryable || attempt >= 15) return { status: response.status, refusals, timeouts };
    if (response.status === 429) refusals++;
    else timeouts++;
    const seconds = Number(response.headers.get("retry-after") ?? "1");
    await sleep(seconds * 1000 + Math.random() * 500);
  }
}

/** Arrival times at the fake since `from` (an index into its log), for the ids `match` accepts. */
function arrivals(stats: FakeAlloStats, from: number, match: (id: string) => boolean): number[] {
  const times: number[] = [];
  for (let i = from; i < stats.arrivals.length; i++)
    if (match(stats.arrivalIds[i]!)) times.push(stats.arrivals[i]!);
  return times.sort((a, b) => a - b);
}

async function readiness(server: StandaloneServer): Promise<{ status: string; redis?: string }> {
  const response = await fetch(`${server.url}/api/health/ready`).catch(() => null);
  return response ? ((await response.json()) as { status: string; redis?: string }) : { status: "down" };
}

function slackMessagesFor(itemId: string): SlackRequest[] {
  return (slack.requests as unknown as SlackRequest[]).filter(
    (request) => request.answeredWith === "ok" && (buttonUrl(request) ?? "").includes(`/items/${itemId}?`),
  );
}

/** The notifications the shared outbox holds for an item (key layout: docs/decisions/0009-redis.md). */
async function outboxFor(itemId: string): Promise<string[]> {
  const client = createClient({ url: redis.url });
  client.on("error", () => undefined);
  await client.connect();
  try {
    const statuses: string[] = [];
    for (const member of await client.zRange("callview:notify:recent", 0, -1)) {
      const record = await client.hGetAll(`callview:notify:notification:${member.split(":")[1]}`);
      if (record.itemId === itemId) statuses.push(record.status ?? "?");
    }
    return statuses;
  } finally {
    await client.quit();
  }
}

test.beforeAll(async () => {
  test.setTimeout(120_000);
  workDir = mkdtempSync(path.join(tmpdir(), "callview-multi-"));
  // Every call.completed notifies, so any seeded call can carry a webhook through the loop.
  const rules = path.join(workDir, "rules.yaml");
  writeFileSync(rules, "rules:\n  - id: any-call\n    topic: call.completed\n");
  fake = await startFakeAlloProcess({ apiKey: KEY, rateLimitPerSecond: LIMIT, latencyMs: 20 });
  redis = await startRedisServer({ persistence: "aof" });
  slack = await startFakeSlackServer({ port: E2E.multiSlackPort });
  const publicUrl = `http://127.0.0.1:${E2E.multiPorts[0]}`;
  servers = E2E.multiPorts.map((port, index) =>
    startStandalone(port, {
      ALLO_API_KEY: KEY,
      ALLO_API_BASE_URL: fake.url,
      CALLVIEW_REDIS_URL: redis.url,
      ALLO_WEBHOOK_SECRET: SECRET,
      CALLVIEW_SLACK_WEBHOOK_URL: slack.webhookUrl,
      CALLVIEW_PUBLIC_URL: publicUrl,
      CALLVIEW_NOTIFY_RULES: rules,
      // Never used with Redis: the check at the end proves no SQLite store was opened.
      CALLVIEW_DATA_DIR: path.join(workDir, `data-${index}`),
    }),
  );
  await Promise.all(servers.map((server) => waitForHealth(server)));
  for (const server of servers) {
    await expect.poll(async () => (await readiness(server)).redis, { timeout: 30_000 }).toBe("ok");
  }
});

test.afterAll(async () => {
  for (const server of servers) await killHard(server);
  await slack?.close();
  await redis?.stop();
  await fake?.close();
  if (workDir) rmSync(workDir, { recursive: true, force: true });
});

test("100 simultaneous opens of one item, spread over the 3 instances, cost 1 upstream call", async () => {
  const id = "cll-demo-billing";
  const responses = await Promise.all(
    Array.from({ length: 100 }, (_, i) =>
      fetch(`${servers[i % 3]!.url}/api/items/${id}?extend=transcript`).then(async (response) => {
        await response.arrayBuffer();
        return response.status;
      }),
    ),
  );
  const stats = await fake.stats();
  console.log(
    `burst over 3 instances: statuses ${JSON.stringify(count(responses))}, upstream calls ${stats.byId[id]}`,
  );
  expect(responses.every((status) => status === 200)).toBe(true);
  expect(stats.byId[id]).toBe(1);
});

test("300 distinct ids spread over the 3 instances: at most 20 reads in any rolling second at Allo, no 429", async () => {
  test.setTimeout(120_000);
  const from = (await fake.stats()).arrivals.length;
  const ids = Array.from({ length: 300 }, (_, i) => `cll-spread-${i}`);
  const results = await Promise.all(ids.map((id, i) => lookup(servers[i % 3]!.url, id)));
  const stats = await fake.stats();
  const times = arrivals(stats, from, (id) => id.startsWith("cll-spread-"));
  const rolling = maxInRollingWindow(times, 1000);
  const refusals = results.reduce((sum, result) => sum + result.refusals, 0);
  const timeouts = results.reduce((sum, result) => sum + result.timeouts, 0);
  console.log(
    `300 ids over 3 instances: statuses ${JSON.stringify(count(results.map((result) => result.status)))}, ${times.length} upstream reads, at most ${rolling} in a rolling second, ${stats.rateLimited} answered 429 by Allo; Callview asked ${refusals} times to retry later (its queue) and ${timeouts} times after a caller's deadline`,
  );
  // Every id answered by Allo (unknown ids: 404); a read is repeated only for a caller whose
  // deadline passed while it was on its way.
  expect(results.every((result) => result.status === 404)).toBe(true);
  expect(times.length).toBeGreaterThanOrEqual(300);
  expect(times.length).toBeLessThanOrEqual(300 + timeouts);
  expect(rolling).toBeLessThanOrEqual(LIMIT);
  // One budget for all three: more than a third of it was used at once.
  expect(rolling).toBeGreaterThan(SHARE);
  expect(stats.rateLimited).toBe(0);
});

test("a webhook delivered to instance A and its retry delivered to B give one Slack message", async () => {
  const itemId = "cll-demo-missed";
  const delivery = signedAlloWebhook(
    "call.completed",
    { id: itemId, type: "INBOUND", result: "MISSED" },
    { secret: SECRET },
  );
  const first = await postWebhook(delivery, servers[0]!.url);
  expect(first.status).toBe(200);
  expect(((await first.json()) as { outcome: string }).outcome).toBe("recorded");
  const retry = await postWebhook(delivery, servers[1]!.url);
  expect(((await retry.json()) as { outcome: string }).outcome).toBe("duplicate");
  await expect.poll(() => slackMessagesFor(itemId).length, { timeout: 30_000 }).toBe(1);
  const late = await postWebhook(delivery, servers[2]!.url);
  expect(((await late.json()) as { outcome: string }).outcome).toBe("duplicate");
  await expect.poll(() => outboxFor(itemId), { timeout: 10_000 }).toEqual(["delivered"]);
  expect(slackMessagesFor(itemId)).toHaveLength(1);
});

test("Redis killed mid-run: local cache, per-instance share, webhooks 503, no crash; then it recovers", async ({
  page,
}) => {
  test.setTimeout(150_000);
  // Traffic in flight when Redis dies. The others' shared permits are invisible to each instance,
  // but none is granted once Redis is gone, and local grants wait one window (decision 9): Allo
  // never sees both kinds in one second, so it answers no 429 around the switch either.
  const rateLimitedBefore = (await fake.stats()).rateLimited;
  const midRun = Promise.all(
    Array.from({ length: 90 }, (_, i) => lookup(servers[i % 3]!.url, `cll-midrun-${i}`)),
  );
  await sleep(500);
  await redis.kill();
  const during = await midRun;
  expect(during.every((result) => result.status === 404)).toBe(true);
  const rateLimitedAtSwitch = (await fake.stats()).rateLimited - rateLimitedBefore;
  console.log(
    `Redis killed with 90 lookups in flight: all answered, ${rateLimitedAtSwitch} answered 429 by Allo`,
  );
  expect(rateLimitedAtSwitch).toBe(0);
  for (const server of servers) {
    await expect.poll(async () => (await readiness(server)).redis, { timeout: 15_000 }).toBe("unavailable");
    // Degraded, not out of the load balancer: it still serves.
    expect((await readiness(server)).status).toBe("degraded");
  }

  // Webhooks: 503 with Retry-After, so Allo retries; nothing is recorded.
  const itemId = "cll-demo-onboarding";
  const delivery = signedAlloWebhook("call.completed", { id: itemId }, { secret: SECRET });
  const refused: { status: number; code: string; message: string; retryAfter: string | null }[] = [];
  for (const server of servers) {
    const response = await postWebhook(delivery, server.url);
    const body = (await response.json()) as { error?: { code: string; message: string } };
    refused.push({
      status: response.status,
      code: body.error?.code ?? "",
      message: body.error?.message ?? "",
      retryAfter: response.headers.get("retry-after"),
    });
  }
  console.log(`webhooks during the outage: ${JSON.stringify(refused)}`);
  expect(refused.every((answer) => answer.status === 503 && answer.code === "STORE_UNAVAILABLE")).toBe(true);
  expect(refused.every((answer) => Number(answer.retryAfter) > 0)).toBe(true);
  // Told apart from any other store failure: the store is unreachable, nothing was recorded.
  expect(refused.every((answer) => answer.message.includes("store is unavailable"))).toBe(true);

  // The cache is local: one upstream call per instance, then local hits.
  const cached = "cll-demo-voicemail";
  for (const server of servers) {
    for (let i = 0; i < 2; i++) expect((await lookup(server.url, cached)).status).toBe(200);
  }
  expect((await fake.stats()).byId[cached]).toBe(3);
  // A page still renders from an instance on its local fallbacks.
  await page.goto(`${servers[1]!.url}/items/${cached}`);
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  // The operator page too, saying why it cannot list anything.
  await page.goto(`${servers[2]!.url}/notifications`);
  await expect(page.getByRole("heading", { name: "Notifications", level: 1 })).toBeVisible();
  await expect(page.getByRole("status")).toContainText("not answering");

  // The limiter: each instance at floor(20 / 3) reads per rolling second, and so all three within 20.
  const { arrivals: logged, rateLimited: outageRateLimitedBefore } = await fake.stats();
  const from = logged.length;
  const outage = await Promise.all(
    servers.flatMap((server, s) =>
      Array.from({ length: 30 }, (_, i) => lookup(server.url, `cll-outage-${s}-${i}`)),
    ),
  );
  let stats = await fake.stats();
  const perInstance = servers.map((_, s) =>
    maxInRollingWindow(
      arrivals(stats, from, (id) => id.startsWith(`cll-outage-${s}-`)),
      1000,
    ),
  );
  const together = maxInRollingWindow(
    arrivals(stats, from, (id) => id.startsWith("cll-outage-")),
    1000,
  );
  const outageRateLimited = stats.rateLimited - outageRateLimitedBefore;
  console.log(
    `outage: per instance at most ${perInstance.join(", ")} reads in a rolling second (share ${SHARE}), ${together} together, ${outageRateLimited} answered 429 by Allo`,
  );
  expect(outage.every((result) => result.status === 404)).toBe(true);
  for (const max of perInstance) expect(max).toBeLessThanOrEqual(SHARE);
  expect(together).toBeLessThanOrEqual(LIMIT);
  expect(outageRateLimited).toBe(0);

  // No crash: same processes, alive and serving.
  for (const server of servers) {
    expect(server.child.exitCode).toBeNull();
    expect((await fetch(`${server.url}/api/health`)).status).toBe(200);
    expect(server.output()).not.toMatch(/unhandled|uncaught/i);
  }

  // Redis is back (same port, its append-only file): the same processes share again.
  await redis.restart();
  for (const server of servers) {
    await expect.poll(async () => (await readiness(server)).redis, { timeout: 30_000 }).toBe("ok");
  }
  // Allo's retry of the refused delivery is recorded now, and delivered once.
  const retried = await postWebhook(delivery, servers[2]!.url);
  expect(retried.status).toBe(200);
  expect(((await retried.json()) as { outcome: string }).outcome).toBe("recorded");
  const again = await postWebhook(delivery, servers[0]!.url);
  expect(((await again.json()) as { outcome: string }).outcome).toBe("duplicate");
  await expect.poll(() => slackMessagesFor(itemId).length, { timeout: 30_000 }).toBe(1);

  // The shared limit again: one instance alone may now use more than its outage share, within 20.
  const { arrivals: loggedBefore, rateLimited: afterRateLimitedBefore } = await fake.stats();
  const afterFrom = loggedBefore.length;
  const shared = await Promise.all(
    Array.from({ length: 60 }, (_, i) => lookup(servers[0]!.url, `cll-after-${i}`)),
  );
  stats = await fake.stats();
  const alone = maxInRollingWindow(
    arrivals(stats, afterFrom, (id) => id.startsWith("cll-after-")),
    1000,
  );
  const afterRateLimited = stats.rateLimited - afterRateLimitedBefore;
  console.log(
    `after recovery: one instance reached ${alone} reads in a rolling second (limit ${LIMIT}), ${afterRateLimited} answered 429 by Allo`,
  );
  expect(shared.every((result) => result.status === 404)).toBe(true);
  expect(alone).toBeGreaterThan(SHARE);
  expect(alone).toBeLessThanOrEqual(LIMIT);
  expect(afterRateLimited).toBe(0);
  expect(slackMessagesFor(itemId)).toHaveLength(1);

  // With Redis, no instance opened a SQLite store.
  for (let index = 0; index < servers.length; index++) {
    expect(existsSync(path.join(workDir, `data-${index}`, "callview.sqlite"))).toBe(false);
  }
});

function count(values: number[]): Record<number, number> {
  const counts: Record<number, number> = {};
  for (const value of values) counts[value] = (counts[value] ?? 0) + 1;
  return counts;
}
