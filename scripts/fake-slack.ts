/**
 * Runs the fake Slack incoming webhook on loopback for the end-to-end tests
 * (PORT, default 4020). Specs steer and read it over HTTP: POST /__control/mode,
 * GET /__control/requests, POST /__control/reset (see tests/support/fake-slack-server.ts).
 */
import { startFakeSlackServer } from "../tests/support/fake-slack-server";

async function main() {
  const server = await startFakeSlackServer({ port: Number(process.env.PORT ?? 4020) });
  console.log(`fake Slack listening on ${server.origin}`);
  const stop = () => void server.close().then(() => process.exit(0));
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

void main();
