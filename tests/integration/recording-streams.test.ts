/**
 * The recording route against a storage host of its own: the fake Allo API serves the items,
 * whose recordings point at a small storage server on loopback that this file scripts per file
 * (stall, hold open, redirect). Sign-in is on, so each viewer has a fair-share key.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startFakeAlloServer, type FakeAlloServer } from "@/lib/allo/fake/http-server";
import { sealSession } from "@/lib/server/auth/session-token";

const KEY = "ak_live_recording_test_77e0c4";
const ISSUER = "http://127.0.0.1:9/";
const SECRET = "recording-streams-test-secret-0123456789";

type Behaviour = (req: IncomingMessage, res: ServerResponse) => void;
type Seen = { path: string; authorization: string | undefined; closedEarly: boolean };

/** A loopback HTTP server whose answer per path the tests decide, recording what it was asked. */
async function scriptedServer() {
  const behaviours = new Map<string, Behaviour>();
  const seen: Seen[] = [];
  const server: Server = createServer((req, res) => {
    const entry: Seen = { path: req.url ?? "", authorization: req.headers.authorization, closedEarly: false };
    seen.push(entry);
    res.on("close", () => {
      if (!res.writableFinished) entry.closedEarly = true;
    });
    const path = new URL(req.url ?? "/", "http://x").pathname;
    const behaviour = behaviours.get(path);
    if (behaviour) behaviour(req, res);
    else {
      res.writeHead(404);
      res.end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    port,
    url: `http://127.0.0.1:${port}`,
    behaviours,
    seen,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Headers and a first chunk, then nothing more until the client goes away. */
const stallAfterFirstChunk: Behaviour = (_req, res) => {
  res.writeHead(200, { "content-type": "audio/mpeg" });
  res.write(Buffer.alloc(1024, 0xff));
};

const audio = (bytes: number): Behaviour => {
  return (_req, res) => {
    res.writeHead(200, { "content-type": "audio/mpeg", "content-length": String(bytes) });
    res.end(Buffer.alloc(bytes, 0xff));
  };
};

const redirectTo =
  (location: string): Behaviour =>
  (_req, res) => {
    res.writeHead(302, { location });
    res.end();
  };

let storage: Awaited<ReturnType<typeof scriptedServer>>;
let elsewhere: Awaited<ReturnType<typeof scriptedServer>>;
let fake: FakeAlloServer;
/** Where the fake's own recordings redirect to, per file (null: served by the fake). */
const apiRedirects = new Map<string, string>();
let recordingRoute: typeof import("@/app/api/items/[id]/recording/route");
const cookies: Record<string, string> = {};

beforeAll(async () => {
  storage = await scriptedServer();
  elsewhere = await scriptedServer();
  fake = await startFakeAlloServer({
    apiKey: KEY,
    recordingBaseUrl: storage.url,
    recordingRedirect: (file) => apiRedirects.get(file) ?? null,
  });
  Object.assign(process.env, {
    ALLO_API_KEY: KEY,
    ALLO_API_BASE_URL: fake.url,
    ALLO_REQUEST_TIMEOUT_MS: "1500",
    // Storage and the API over http on loopback, each named with its scheme; `elsewhere` is not listed.
    ALLO_RECORDING_HOSTS: `${storage.url},${fake.url},localhost:${storage.port}`,
    ALLO_RECORDING_IDLE_TIMEOUT_MS: "1000",
    CALLVIEW_MAX_RECORDING_STREAMS: "3",
    CALLVIEW_MAX_RECORDING_STREAMS_PER_USER: "2",
    AUTH_MODE: "oidc",
    OIDC_ISSUER: ISSUER,
    OIDC_CLIENT_ID: "callview-test",
    AUTH_SECRET: SECRET,
    AUTH_ALLOWED_EMAIL_DOMAINS: "callview.test",
    HOSTNAME: "127.0.0.1",
  });
  for (const who of ["alice", "bob", "carol"]) {
    const token = await sealSession(
      { sub: who, iss: ISSUER, name: who, email: `${who}@callview.test` },
      SECRET,
      { maxAgeSeconds: 3600 },
    );
    cookies[who] = `callview_session=${token}`;
  }
  recordingRoute = await import("@/app/api/items/[id]/recording/route");
});

afterAll(async () => {
  await fake?.close();
  await storage?.close();
  await elsewhere?.close();
});

beforeEach(() => {
  storage.behaviours.clear();
  storage.seen.length = 0;
  elsewhere.seen.length = 0;
  apiRedirects.clear();
});

/** The seeded call whose recording is `file` on storage. */
function callWith(file: string): string {
  const entry = fake.fake.items.find(
    (seed) => seed.item.recording_url === `${storage.url}/recordings/${file}`,
  );
  if (!entry) throw new Error(`no seeded call has ${file}`);
  return entry.item.id;
}

function getRecording(id: string, who: string, headers: Record<string, string> = {}) {
  const request = new Request(`http://127.0.0.1/api/items/${id}/recording`, {
    headers: { cookie: cookies[who]!, ...headers },
  });
  return recordingRoute.GET(request, { params: Promise.resolve({ id }) });
}

async function errorCode(response: Response): Promise<string> {
  return ((await response.json()) as { error: { code: string } }).error.code;
}

/** Settles when `predicate` holds, checking after each turn of the event loop (no clock involved). */
async function until(predicate: () => boolean) {
  while (!predicate()) await new Promise((resolve) => setImmediate(resolve));
}

describe("recording streams", () => {
  it("cuts a stream whose storage stalls between chunks, and closes the upstream connection", async () => {
    storage.behaviours.set("/recordings/call-billing.mp3", stallAfterFirstChunk);
    const response = await getRecording(callWith("call-billing.mp3"), "alice");
    expect(response.status).toBe(200);
    const reader = response.body!.getReader();
    const first = await reader.read();
    expect(first.value?.byteLength).toBe(1024);
    // Storage sends nothing more: after the idle timeout the stream fails instead of hanging.
    await expect(reader.read()).rejects.toThrow(/sent nothing/);
    await until(() => storage.seen[0]?.closedEarly === true);
  });

  it("caps streams per user (429) and per instance (503), with Retry-After, and frees a slot when a stream ends", async () => {
    storage.behaviours.set("/recordings/call-billing.mp3", stallAfterFirstChunk);
    const id = callWith("call-billing.mp3");
    const open: Response[] = [];
    try {
      for (const who of ["alice", "alice"]) {
        const response = await getRecording(id, who);
        expect(response.status).toBe(200);
        open.push(response);
      }
      const third = await getRecording(id, "alice");
      expect(third.status).toBe(429);
      expect(third.headers.get("retry-after")).toBe("5");
      expect(await errorCode(third)).toBe("TOO_MANY_RECORDING_STREAMS");

      const bob = await getRecording(id, "bob");
      expect(bob.status).toBe(200);
      open.push(bob);
      const carol = await getRecording(id, "carol");
      expect(carol.status).toBe(503);
      expect(carol.headers.get("retry-after")).toBe("5");
      expect(await errorCode(carol)).toBe("SERVER_BUSY");

      // Alice stops one of hers: both her share and the instance have room again.
      await open.shift()!.body!.cancel();
      const again = await getRecording(id, "carol");
      expect(again.status).toBe(200);
      open.push(again);
      // Refused requests never reached storage.
      expect(storage.seen).toHaveLength(4);
    } finally {
      for (const response of open) await response.body?.cancel();
    }
  });

  it("follows a storage redirect to an allow-listed host, without the key", async () => {
    apiRedirects.clear();
    storage.behaviours.set(
      "/recordings/call-onboarding.mp3",
      redirectTo(`${fake.url}/recordings/call-onboarding.mp3`),
    );
    const response = await getRecording(callWith("call-onboarding.mp3"), "alice", { range: "bytes=0-99" });
    expect(response.status).toBe(206);
    expect((await response.arrayBuffer()).byteLength).toBe(100);
    expect(storage.seen).toHaveLength(1);
    expect(storage.seen[0]!.authorization).toBeUndefined();
  });

  it("never sends the key to the host an API-origin redirect names (a signed storage URL)", async () => {
    // The 100 MB benchmark call's recording lives on the API's own origin, which redirects.
    storage.behaviours.set("/recordings/signed.mp3", audio(2048));
    apiRedirects.set("synthetic-26300.mp3", `${storage.url}/recordings/signed.mp3?signature=abc`);
    const response = await getRecording("cll-bench-100mb", "alice");
    expect(response.status).toBe(200);
    expect((await response.arrayBuffer()).byteLength).toBe(2048);
    expect(storage.seen.map((seen) => seen.path)).toEqual(["/recordings/signed.mp3?signature=abc"]);
    expect(storage.seen[0]!.authorization).toBeUndefined();
    expect(JSON.stringify(storage.seen)).not.toContain(KEY);
  });

  it("refuses a redirect to a host that is not allow-listed, or to plain http on a host listed for https only", async () => {
    storage.behaviours.set("/recordings/synthetic-40.mp3", redirectTo(`${elsewhere.url}/x.mp3`));
    const away = await getRecording(callWith("synthetic-40.mp3"), "alice");
    expect(away.status).toBe(502);
    expect(await errorCode(away)).toBe("RECORDING_HOST_NOT_ALLOWED");
    expect(elsewhere.seen).toHaveLength(0);

    // `localhost:<port>` is listed without a scheme, which allows https only.
    storage.behaviours.set(
      "/recordings/synthetic-20.mp3",
      redirectTo(`http://localhost:${storage.port}/recordings/call-billing.mp3`),
    );
    const plain = await getRecording(callWith("synthetic-20.mp3"), "alice");
    expect(plain.status).toBe(502);
    expect(await errorCode(plain)).toBe("RECORDING_HOST_NOT_ALLOWED");
    expect(storage.seen).toHaveLength(2);
  });

  it("gives up on a redirect loop after a few hops", async () => {
    storage.behaviours.set(
      "/recordings/synthetic-52.mp3",
      redirectTo(`${storage.url}/recordings/synthetic-52.mp3`),
    );
    const response = await getRecording(callWith("synthetic-52.mp3"), "alice");
    expect(response.status).toBe(502);
    expect(await errorCode(response)).toBe("UPSTREAM_UNAVAILABLE");
    expect(storage.seen).toHaveLength(4);
  });
});
