/**
 * Structured JSON logs (pino), one line per request. Logs carry ids, routes, statuses,
 * latencies and cache outcomes; never the API key, cookies, transcript or message text.
 */
import "server-only";
import pino, { type DestinationStream, type Logger } from "pino";

export type RequestLogFields = {
  requestId: string;
  method: string;
  route: string;
  status: number;
  latencyMs: number;
  itemId?: string;
  upstreamStatus?: number | null;
  upstreamRequestId?: string | null;
  cache?: "hit" | "miss" | "coalesced";
  errorCode?: string;
  attempts?: number;
};

export function createLogger(destination?: DestinationStream): Logger {
  return pino(
    {
      level: process.env.LOG_LEVEL ?? "info",
      base: { service: "callview" },
      timestamp: pino.stdTimeFunctions.isoTime,
      // Belt and braces: these paths never get logged even if someone passes a request object.
      redact: {
        paths: [
          "headers.authorization",
          "headers.cookie",
          "*.headers.authorization",
          "*.headers.cookie",
          "apiKey",
          "*.apiKey",
        ],
        censor: "[redacted]",
      },
    },
    destination,
  );
}

const globalForLogger = globalThis as typeof globalThis & { __callviewLogger?: Logger };

export function logger(): Logger {
  globalForLogger.__callviewLogger ??= createLogger();
  return globalForLogger.__callviewLogger;
}

export function logRequest(fields: RequestLogFields, log: Logger = logger()): void {
  const level = fields.status >= 500 ? "error" : fields.status >= 400 ? "warn" : "info";
  log[level](fields, "request");
}
