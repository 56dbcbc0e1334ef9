/**
 * A fake Slack incoming webhook on 127.0.0.1 (ephemeral port), for tests. It records every POST
 * (parsed JSON body, headers, arrival time on an injectable clock) and answers as told:
 * `ok`, 429 with Retry-After, 500, 404 `channel_not_found`, or hang (no answer until closed).
 *
 * Control: programmatically (`respondWith`, `queue`), or over HTTP for out-of-process tests:
 * `POST /__control/mode` with a `FakeSlackMode` JSON body, `GET /__control/requests`,
 * `POST /__control/reset`. The same server also serves as a generic webhook receiver.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";

export type FakeSlackMode =
  | { kind: "ok" }
  | { kind: "rate-limited"; retryAfterSeconds: number }
  | { kind: "server-error" }
  | { kind: "channel-not-found" }
  | { kind: "hang" };

export type RecordedSlackRequest = {
  path: string;
  headers: Record<string, string>;
  rawBody: string;
  /** Parsed JSON, or null when the body was not JSON. */
  body: unknown;
  receivedAtMs: number;
  /** How it was answered (`hang`: never). */
  answeredWith: FakeSlackMode["kind"];
};

export type FakeSlackServer = {
  /** Base URL, e.g. http://127.0.0.1:40123 */
  origin: string;
  /** A Slack-looking webhook URL on this server (the path is the "secret"). */
  webhookUrl: string;
  requests: RecordedSlackRequest[];
  /** Answer every following request this way. */
  respondWith(mode: FakeSlackMode): void;
  /** Answer the next requests with these modes, in order, then go back to the default. */
  queue(...modes: FakeSlackMode[]): void;
  reset(): void;
  close(): Promise<void>;
};

export const FAKE_SLACK_PATH = "/services/T0FAKE000/B0FAKE000/fakeSecretPathXyz123";

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}

export async function startFakeSlackServer(
  options: { now?: () => number; port?: number } = {},
): Promise<FakeSlackServer> {
  const now = options.now ?? Date.now;
  const requests: RecordedSlackRequest[] = [];
  const sockets = new Set<Socket>();
  let mode: FakeSlackMode = { kind: "ok" };
  let queued: FakeSlackMode[] = [];

  function answer(res: ServerResponse, current: FakeSlackMode) {
    switch (current.kind) {
      case "ok":
        res.writeHead(200, { "content-type": "text/plain" }).end("ok");
        return;
      case "rate-limited":
        res
          .writeHead(429, { "content-type": "text/plain", "retry-after": String(current.retryAfterSeconds) })
          .end("rate_limited");
        return;
      case "server-error":
        res.writeHead(500, { "content-type": "text/plain" }).end("internal_error");
        return;
      case "channel-not-found":
        res.writeHead(404, { "content-type": "text/plain" }).end("channel_not_found");
        return;
      case "hang":
        // Never answer; close() destroys the socket.
        return;
    }
  }

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const text = await readBody(req);
    if (url.pathname === "/__control/mode" && req.method === "POST") {
      mode = JSON.parse(text) as FakeSlackMode;
      queued = [];
      res.writeHead(200, { "content-type": "application/json" }).end('{"ok":true}');
      return;
    }
    if (url.pathname === "/__control/requests" && req.method === "GET") {
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(requests));
      return;
    }
    if (url.pathname === "/__control/reset" && req.method === "POST") {
      server.reset();
      res.writeHead(200, { "content-type": "application/json" }).end('{"ok":true}');
      return;
    }
    if (req.method !== "POST") {
      res.writeHead(405).end();
      return;
    }
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(req.headers)) {
      if (typeof value === "string") headers[name] = value;
    }
    const current = queued.shift() ?? mode;
    requests.push({
      path: url.pathname,
      headers,
      rawBody: text,
      body: parseJson(text),
      receivedAtMs: now(),
      answeredWith: current.kind,
    });
    answer(res, current);
  }

  const http = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500).end("fake_error");
    });
  });
  http.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    http.once("error", reject);
    http.listen(options.port ?? 0, "127.0.0.1", resolve);
  });
  const { port } = http.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;

  const server: FakeSlackServer = {
    origin,
    webhookUrl: `${origin}${FAKE_SLACK_PATH}`,
    requests,
    respondWith(next) {
      mode = next;
      queued = [];
    },
    queue(...modes) {
      queued.push(...modes);
    },
    reset() {
      requests.length = 0;
      mode = { kind: "ok" };
      queued = [];
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
  return server;
}
