/**
 * Benchmark section: three instances, shared (CALLVIEW_REDIS_URL) against unshared (each with
 * its own cache and limiter), against one fake Allo that enforces Allo's 20 reads per second.
 *
 * Unshared is measured twice: at 20/s each (an operator who forgot to divide the key's limit by
 * the number of instances) and at floor(20/3) = 6/s each (one who did). Each configuration runs
 * alone (three fresh servers, `npm start` style), one after the other, on the same fake, reset
 * in between. Figures: upstream calls for a 100-open burst of one item spread over the three,
 * and for 300 distinct ids spread over the three (and 100 on one busy instance while the others
 * idle), the most arrivals at Allo in any rolling second, Allo's 429s, and the agents' waits
 * (first byte of the first answer, and of the final answer after retrying as the browser does).
 *
 * Called from bench/run.ts (`npm run bench`); `npm run bench -- --only=multi-instance` runs this
 * section alone and re-renders docs/benchmarks.md with the other sections' last results.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { request as undiciRequest } from "undici";
import { maxInRollingWindow, type FakeAlloStats } from "../lib/allo/fake/fake-allo";
import { findRedisServer, startRedisServer, type TestRedisServer } from "../tests/support/redis-server";

const KEY = "ak_live_bench_multi_2d9f";
const LIMIT = 20;
const INSTANCES = 3;
const PORTS = { fake: 4511, first: 3511 };

type Phase = {
  upstreamCalls: number;
  /** Most arrivals at Allo in any rolling second. */
  maxPerRollingSecond: number;
  /** Answered 429 by Allo (the fake enforces 20 per fixed second, as Allo documents). */
  rateLimited: number;
  /** First byte of each agent's first answer. */
  firstP50: number;
  firstP95: number;
  /** First byte of each agent's final answer, after retrying what Callview asked to retry. */
  finalP50: number;
  finalP95: number;
  /** Final statuses seen by the agents. */
  statuses: Record<number, number>;
  /** Answers Callview told the agent to retry (429 from its queue, or a retryable 5xx). */
  retried: number;
  durationMs: number;
};

export type MultiInstanceConfiguration = {
  name: "shared" | "unshared" | "unsharedDivided";
  label: string;
  perInstanceLimit: number;
  burst: Phase;
  spread: Phase;
  /** 100 distinct ids, all on one instance while the other two idle. */
  busy: Phase;
};

export type MultiInstanceResults =
  | {
      date: string;
      latencyMs: number;
      instances: number;
      redis: string;
      configurations: MultiInstanceConfiguration[];
    }
  | { date: string; skipped: string };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return Math.round((sorted[Math.max(0, index)] ?? 0) * 10) / 10;
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill("SIGKILL"), 5_000);
    child.once("exit", () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill("SIGTERM");
  });
}

async function waitFor(url: string): Promise<void> {
  for (let i = 0; i < 600; i++) {
    if (
      await fetch(url)
        .then((response) => response.ok)
        .catch(() => false)
    )
      return;
    await sleep(100);
  }
  throw new Error(`timed out waiting for ${url}`);
}

/** One agent's lookup: retried as the browser does (lib/items/retry-policy.ts), at most 15 times. */
async function agent(
  url: string,
): Promise<{ first: number; final: number; status: number; retried: number }> {
  const started = performance.now();
  let first = 0;
  let retried = 0;
  for (let attempt = 1; ; attempt++) {
    const response = await undiciRequest(url, { method: "GET", reset: true });
    const ttfb = performance.now() - started;
    if (attempt === 1) first = ttfb;
    const text = await response.body.text();
    let retryable = false;
    try {
      retryable = (JSON.parse(text) as { error?: { retryable?: boolean } }).error?.retryable === true;
    } catch {
      retryable = false;
    }
    if (response.statusCode < 429 || !retryable || attempt >= 15) {
      return { first, final: ttfb, status: response.statusCode, retried };
    }
    retried++;
    const header = response.headers["retry-after"];
    const seconds = Number(Array.isArray(header) ? header[0] : (header ?? "1")) || 1;
    await sleep(seconds * 1_000 + Math.random() * 1_000);
  }
}

async function fakeStats(): Promise<FakeAlloStats> {
  return (await (await fetch(`http://127.0.0.1:${PORTS.fake}/__fake/stats`)).json()) as FakeAlloStats;
}

async function phase(urls: string[], count: (stats: FakeAlloStats, from: number) => number): Promise<Phase> {
  const before = await fakeStats();
  const started = performance.now();
  const answers = await Promise.all(urls.map((url) => agent(url)));
  const durationMs = Math.round(performance.now() - started);
  const after = await fakeStats();
  const statuses: Record<number, number> = {};
  for (const answer of answers) statuses[answer.status] = (statuses[answer.status] ?? 0) + 1;
  const times = after.arrivals.slice(before.arrivals.length);
  // Phases start on an idle pool: wait out the last permits' window before the next one.
  await sleep(1_500);
  return {
    upstreamCalls: count(after, before.arrivals.length),
    maxPerRollingSecond: maxInRollingWindow(times, 1_000),
    rateLimited: after.rateLimited - before.rateLimited,
    firstP50: percentile(
      answers.map((answer) => answer.first),
      50,
    ),
    firstP95: percentile(
      answers.map((answer) => answer.first),
      95,
    ),
    finalP50: percentile(
      answers.map((answer) => answer.final),
      50,
    ),
    finalP95: percentile(
      answers.map((answer) => answer.final),
      95,
    ),
    statuses,
    retried: answers.reduce((sum, answer) => sum + answer.retried, 0),
    durationMs,
  };
}

async function runConfiguration(
  configuration: Pick<MultiInstanceConfiguration, "name" | "label" | "perInstanceLimit">,
  index: number,
  redis: TestRedisServer | null,
  dist: string,
): Promise<MultiInstanceConfiguration> {
  await fetch(`http://127.0.0.1:${PORTS.fake}/__fake/reset`, { method: "POST" });
  const ports = Array.from({ length: INSTANCES }, (_, i) => PORTS.first + index * INSTANCES + i);
  const children = ports.map((port) =>
    spawn(process.execPath, [path.join("scripts", "start.mjs")], {
      env: {
        ...process.env,
        NEXT_DIST_DIR: dist,
        NEXT_TELEMETRY_DISABLED: "1",
        LOG_LEVEL: "warn",
        PORT: String(port),
        HOSTNAME: "127.0.0.1",
        AUTH_MODE: "none",
        ALLO_API_KEY: KEY,
        ALLO_API_BASE_URL: `http://127.0.0.1:${PORTS.fake}`,
        ALLO_MAX_REQUESTS_PER_SECOND: String(configuration.perInstanceLimit),
        ...(redis ? { CALLVIEW_REDIS_URL: redis.url } : {}),
      },
      stdio: ["ignore", "ignore", "inherit"],
    }),
  );
  process.on("exit", () => children.forEach((child) => child.kill("SIGKILL")));
  try {
    const bases = ports.map((port) => `http://127.0.0.1:${port}`);
    await Promise.all(bases.map((base) => waitFor(`${base}/api/health`)));
    if (redis) {
      // Every instance registered and sharing before anything is measured.
      for (const base of bases) {
        for (let i = 0; i < 300; i++) {
          const ready = (await (await fetch(`${base}/api/health/ready`)).json()) as { redis?: string };
          if (ready.redis === "ok") break;
          await sleep(100);
        }
      }
    }
    // Warm each server's item route once (its first request loads the route's code), with an
    // item the phases below do not use.
    for (const base of bases) await agent(`${base}/api/items/cll-demo-billing?extend=transcript`);
    const burstId = "cll-demo-voicemail";
    const burst = await phase(
      Array.from({ length: 100 }, (_, i) => `${bases[i % INSTANCES]}/api/items/${burstId}?extend=transcript`),
      (stats) => stats.byId[burstId] ?? 0,
    );
    console.log("multi-instance", configuration.name, "burst", burst);
    const spread = await phase(
      Array.from({ length: 300 }, (_, i) => `${bases[i % INSTANCES]}/api/items/cll-bench-spread-${i}`),
      (stats, from) => stats.arrivals.length - from,
    );
    console.log("multi-instance", configuration.name, "spread", spread);
    const busy = await phase(
      Array.from({ length: 100 }, (_, i) => `${bases[0]}/api/items/cll-bench-busy-${i}`),
      (stats, from) => stats.arrivals.length - from,
    );
    console.log("multi-instance", configuration.name, "busy", busy);
    return { ...configuration, burst, spread, busy };
  } finally {
    await Promise.all(children.map(stopChild));
  }
}

export async function runMultiInstanceBench(options: {
  dist: string;
  latencyMs: number;
}): Promise<MultiInstanceResults> {
  const date = new Date().toISOString();
  if (!existsSync(path.join(options.dist, "standalone", "callview-server.mjs"))) {
    return { date, skipped: `no production build in ${options.dist} (run npm run build)` };
  }
  try {
    findRedisServer();
  } catch {
    return { date, skipped: "redis-server is not installed (bash scripts/ensure-redis.sh)" };
  }
  const fake = spawn(process.execPath, ["--import", "tsx", "scripts/fake-allo.ts"], {
    env: {
      ...process.env,
      PORT: String(PORTS.fake),
      FAKE_ALLO_API_KEY: KEY,
      FAKE_ALLO_LATENCY_MS: String(options.latencyMs),
      // Allo's own limit: what the unshared instances run into.
      FAKE_ALLO_RATE_LIMIT: String(LIMIT),
    },
    stdio: ["ignore", "ignore", "inherit"],
  });
  process.on("exit", () => fake.kill("SIGKILL"));
  const redis = await startRedisServer();
  try {
    await waitFor(`http://127.0.0.1:${PORTS.fake}/__fake/stats`);
    const configurations: MultiInstanceConfiguration[] = [];
    configurations.push(
      await runConfiguration(
        { name: "shared", label: "Shared (Redis), 20/s for all three", perInstanceLimit: LIMIT },
        0,
        redis,
        options.dist,
      ),
    );
    configurations.push(
      await runConfiguration(
        { name: "unshared", label: "Unshared, 20/s each (forgot to divide)", perInstanceLimit: LIMIT },
        1,
        null,
        options.dist,
      ),
    );
    configurations.push(
      await runConfiguration(
        {
          name: "unsharedDivided",
          label: `Unshared, ${Math.floor(LIMIT / INSTANCES)}/s each (divided by hand)`,
          perInstanceLimit: Math.floor(LIMIT / INSTANCES),
        },
        2,
        null,
        options.dist,
      ),
    );
    const version = await new Promise<string>((resolve) => {
      const child = spawn(findRedisServer(), ["--version"]);
      let out = "";
      child.stdout.on("data", (chunk: Buffer) => (out += chunk.toString()));
      child.on("exit", () => resolve(/v=(\S+)/.exec(out)?.[1] ?? "unknown"));
    });
    return { date, latencyMs: options.latencyMs, instances: INSTANCES, redis: version, configurations };
  } finally {
    await redis.stop();
    await stopChild(fake);
  }
}

function ratio(a: number, b: number): string {
  if (!b) return "n/a";
  return `${(a / b).toFixed(2)}×`;
}

export function renderMultiInstanceMarkdown(results: MultiInstanceResults | undefined): string {
  if (!results) return "";
  const heading = "\n## 6. Several instances: shared (Redis) against unshared\n\n";
  if ("skipped" in results) return `${heading}Not run: ${results.skipped}.\n`;
  const byName = Object.fromEntries(results.configurations.map((c) => [c.name, c])) as Record<
    MultiInstanceConfiguration["name"],
    MultiInstanceConfiguration | undefined
  >;
  const shared = byName.shared;
  const unshared = byName.unshared;
  const divided = byName.unsharedDivided;
  const rows = (pick: (c: MultiInstanceConfiguration) => string) =>
    results.configurations.map((c) => `| ${c.label} | ${pick(c)} |`).join("\n");
  const statuses = (phase: Phase) =>
    Object.entries(phase.statuses)
      .map(([status, n]) => `${n}× ${status}`)
      .join(", ");
  return `${heading}Run on ${results.date.slice(0, 10)} (this section can be run alone: \`npm run bench -- --only=multi-instance\`). ${results.instances} production servers (\`npm start\`) on loopback against one fake Allo in its own process, which answers after ${results.latencyMs} ms and, like Allo, answers 429 above 20 reads in a second. Shared: \`CALLVIEW_REDIS_URL\` set (redis-server ${results.redis}, on the same machine). Unshared: each instance with its own cache and limiter. Each configuration runs alone, with fresh servers. Agents retry what Callview asks them to retry, as the browser does.

**100 simultaneous opens of one item, spread over the ${results.instances} instances** (round robin):

| Configuration | upstream calls | p50 TTFB ms | p95 TTFB ms | answers |
|---|---|---|---|---|
${rows((c) => `${c.burst.upstreamCalls} | ${c.burst.firstP50} | ${c.burst.firstP95} | ${statuses(c.burst)}`)}

**300 distinct ids at once, spread over the ${results.instances} instances** (each id unknown to Allo: one real upstream read each):

| Configuration | upstream reads | max per rolling second at Allo | 429 from Allo | p95 first answer ms | p50 / p95 final answer ms | retried | final answers |
|---|---|---|---|---|---|---|---|
${rows((c) => `${c.spread.upstreamCalls} | ${c.spread.maxPerRollingSecond} | ${c.spread.rateLimited} | ${c.spread.firstP95} | ${c.spread.finalP50} / ${c.spread.finalP95} | ${c.spread.retried} | ${statuses(c.spread)}`)}

**100 distinct ids at once on one instance, the other two idle:**

| Configuration | upstream reads | max per rolling second at Allo | 429 from Allo | p50 / p95 final answer ms | final answers |
|---|---|---|---|---|---|
${rows((c) => `${c.busy.upstreamCalls} | ${c.busy.maxPerRollingSecond} | ${c.busy.rateLimited} | ${c.busy.finalP50} / ${c.busy.finalP95} | ${statuses(c.busy)}`)}

${
  shared && unshared && divided
    ? `- A burst costs ${shared.burst.upstreamCalls} upstream call shared, against ${unshared.burst.upstreamCalls} unshared (one per instance): ${ratio(unshared.burst.upstreamCalls, shared.burst.upstreamCalls)} fewer. Its p95 TTFB shared is ${ratio(shared.burst.firstP95, unshared.burst.firstP95)} the unshared one at 20/s (the instances that did not load wait for the value in Redis, polling with back-off; on this shared machine the ratio varies from run to run).
- 300 ids spread evenly: shared, Allo saw at most ${shared.spread.maxPerRollingSecond} reads in a rolling second and answered ${shared.spread.rateLimited} with 429. Unshared at 20/s each it saw ${unshared.spread.maxPerRollingSecond} (${ratio(unshared.spread.maxPerRollingSecond, LIMIT)} the key's limit) and answered ${unshared.spread.rateLimited} with 429: the agents get their answers sooner (p95 ${ratio(unshared.spread.finalP95, shared.spread.finalP95)} the shared one) only by overrunning the key, which the real Allo answers with 429s for every instance. Divided by hand (${divided.perInstanceLimit}/s each) it stays within the limit (${divided.spread.maxPerRollingSecond}); with the load even, it is as fast as shared (p95 ${ratio(divided.spread.finalP95, shared.spread.finalP95)}).
- One busy instance: shared, it uses the whole key (${shared.busy.maxPerRollingSecond} in a rolling second, p95 final answer ${shared.busy.finalP95} ms). Divided by hand, it is held at ${divided.busy.maxPerRollingSecond} while the others idle: p95 ${divided.busy.finalP95} ms, ${ratio(divided.busy.finalP95, shared.busy.finalP95)} the shared one. Unshared at 20/s, alone on the key here, it answers in ${ratio(unshared.busy.finalP95, shared.busy.finalP95)} the shared time: sharing costs each missed lookup five Redis round trips (read, claim, permit, release, store), on the same two cores as everything else.`
    : ""
}
`;
}
