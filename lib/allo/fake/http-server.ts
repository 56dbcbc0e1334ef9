/**
 * Serves the fake Allo API over real HTTP on loopback, for dev (`npm run fake-allo`) and tests.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { Readable } from "node:stream";
import type { ReadableStream as NodeReadableStream } from "node:stream/web";
import { createFakeAllo, type FakeAllo, type FakeAlloOptions } from "./fake-allo";
import { FakeConnectionReset } from "./faults";

export type FakeAlloServer = {
  url: string;
  fake: FakeAllo;
  close: () => Promise<void>;
};

/** The whole request body; the fake's bodies are small JSON documents. */
async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

export async function startFakeAlloServer(
  options: Omit<FakeAlloOptions, "publicUrl"> & { port?: number; host?: string },
): Promise<FakeAlloServer> {
  const host = options.host ?? "127.0.0.1";
  let fake: FakeAllo | null = null;

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    void respond(req, res);
  });

  async function respond(req: IncomingMessage, res: ServerResponse) {
    const controller = new AbortController();
    res.on("close", () => controller.abort());
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers)) {
      if (typeof value === "string") headers.set(name, value);
      else if (Array.isArray(value)) headers.set(name, value.join(", "));
    }
    try {
      // Writes carry a JSON body (searches, tag changes); GET and HEAD cannot have one.
      const hasBody = req.method !== "GET" && req.method !== "HEAD";
      const payload = hasBody ? await readBody(req) : undefined;
      const request = new Request(new URL(req.url ?? "/", `http://${req.headers.host ?? host}`), {
        method: req.method,
        headers,
        signal: controller.signal,
        ...(payload !== undefined && payload.length > 0 ? { body: new Uint8Array(payload) } : {}),
      });
      const response = await fake!.handle(request);
      res.writeHead(response.status, Object.fromEntries(response.headers.entries()));
      if (!response.body) {
        res.end();
        return;
      }
      const body = Readable.fromWeb(response.body as NodeReadableStream<Uint8Array>);
      body.on("error", () => res.destroy());
      res.on("close", () => body.destroy());
      body.pipe(res);
    } catch (error) {
      if (error instanceof FakeConnectionReset) {
        req.socket.destroy();
        return;
      }
      if (!res.headersSent) res.writeHead(500, { "content-type": "text/plain" });
      res.end("fake internal error");
    }
  }

  await new Promise<void>((resolve) => server.listen(options.port ?? 0, host, resolve));
  const { port } = server.address() as AddressInfo;
  const url = `http://${host}:${port}`;
  fake = createFakeAllo({ ...options, publicUrl: url });

  return {
    url,
    fake,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
