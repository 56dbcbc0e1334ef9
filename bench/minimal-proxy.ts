/**
 * The "minimal reverse proxy" peer: a few lines of node:http plus undici that forward a GET to
 * the Allo API adding the key, and stream the answer back. No validation, cache or limiting.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Pool } from "undici";

export async function startMinimalProxy(
  upstream: string,
  apiKey: string,
  port = 0,
): Promise<{ url: string; close: () => Promise<void> }> {
  const pool = new Pool(upstream, { connections: 128 });
  const server: Server = createServer(async (req, res) => {
    try {
      const path = (req.url ?? "/").replace(/^\/api\/items\//, "/v2/api/conversations/items/");
      const upstreamResponse = await pool.request({
        method: "GET",
        path,
        headers: { authorization: `Api-Key ${apiKey}` },
      });
      res.writeHead(upstreamResponse.statusCode, {
        "content-type": String(upstreamResponse.headers["content-type"] ?? "application/json"),
      });
      for await (const chunk of upstreamResponse.body) res.write(chunk);
      res.end();
    } catch {
      res.writeHead(502).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  const { port: bound } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${bound}`,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await pool.close();
    },
  };
}
