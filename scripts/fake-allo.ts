/**
 * Runs the fake Allo API on loopback: `npm run fake-allo` (PORT defaults to 4010).
 * Point the dashboard at it with ALLO_API_BASE_URL=http://127.0.0.1:4010 and ALLO_API_KEY=<FAKE_ALLO_API_KEY>.
 */
import { startFakeAlloServer } from "../lib/allo/fake/http-server";
import { scopesFromEnv } from "../lib/allo/fake/me";
import type { EnumSpellings } from "../lib/allo/fake/search";

const SPELLINGS = new Set<EnumSpellings>(["documented", "live", "both"]);

async function main() {
  const server = await startFakeAlloServer({
    port: Number(process.env.PORT ?? 4010),
    apiKey: process.env.FAKE_ALLO_API_KEY ?? "ak_live_fake_local_key",
    rateLimitPerSecond: Number(process.env.FAKE_ALLO_RATE_LIMIT ?? 20),
    writeRateLimitPerSecond: Number(process.env.FAKE_ALLO_WRITE_RATE_LIMIT ?? 5),
    // Comma-separated; unset: CONVERSATIONS_READ, TAGS_READ and TAGS_WRITE.
    scopes: scopesFromEnv(process.env.FAKE_ALLO_SCOPES),
    // documented | live | both: which spellings of search's sort and type enums are accepted.
    searchSpellings: SPELLINGS.has(process.env.FAKE_ALLO_SEARCH_SPELLINGS as EnumSpellings)
      ? (process.env.FAKE_ALLO_SEARCH_SPELLINGS as EnumSpellings)
      : "live",
    summaryDelayMs: Number(process.env.FAKE_ALLO_SUMMARY_DELAY_MS ?? 20_000),
    latencyMs: Number(process.env.FAKE_ALLO_LATENCY_MS ?? 0),
    slowMs: Number(process.env.FAKE_ALLO_SLOW_MS ?? 60_000),
  });
  console.log(`fake Allo API listening on ${server.url}`);
  const stop = () => void server.close().then(() => process.exit(0));
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

void main();
