/**
 * The dashboard's configuration, validated once with zod. `instrumentation.ts` loads it at
 * start-up so a bad value stops the server with one message naming the variable.
 */
import "server-only";
import path from "node:path";
import { z } from "zod";

const DEFAULT_BASE_URL = "https://api.withallo.com";
const DEFAULT_RECORDING_HOST = "storage.withallo.com";

const emptyToUndefined = (value: unknown) =>
  typeof value === "string" && value.trim() === "" ? undefined : value;

const LOOPBACK_HOSTS = new Set(["127.0.0.1", "localhost", "[::1]"]);

/** Plain http is tolerated only for servers on this machine (tests, local development). */
export function isLoopbackUrl(url: URL): boolean {
  return LOOPBACK_HOSTS.has(url.hostname);
}

/** A listen address (HOSTNAME) that only this machine can reach. */
export function isLoopbackHostname(hostname: string): boolean {
  const host = hostname.trim().toLowerCase();
  return host === "localhost" || host === "::1" || host === "[::1]" || /^127(?:\.\d{1,3}){3}$/.test(host);
}

/**
 * Where `npm start` listens, as scripts/standalone-server.mjs decided and left in HOSTNAME.
 * Unset means "not started by it" (`next start` binds every interface), so not loopback.
 */
export type ListenAddress = { hostname: string | null; loopback: boolean };

export function listenAddressFrom(hostname: string | undefined): ListenAddress {
  const value = hostname?.trim() || null;
  return { hostname: value, loopback: value !== null && isLoopbackHostname(value) };
}

/** `http://host:port` of a loopback listen address, e.g. `http://127.0.0.1:3000`; null otherwise. */
export function loopbackListenOrigin(listen: ListenAddress, port: string | undefined): string | null {
  if (!listen.loopback || !listen.hostname || !port || !/^\d{1,5}$/.test(port)) return null;
  const host =
    listen.hostname.includes(":") && !listen.hostname.startsWith("[")
      ? `[${listen.hostname}]`
      : listen.hostname;
  return `http://${host.toLowerCase()}:${port}`;
}

/**
 * zod 4 keeps running refinements after `z.url()` failed, so each refinement parses defensively
 * and leaves an unparsable value to the URL check's own message.
 */
export function urlRefinement(test: (url: URL) => boolean) {
  return (value: string) => {
    if (!URL.canParse(value)) return true;
    return test(new URL(value));
  };
}

/** The dashboard's public base URL (AUTH_URL or CALLVIEW_PUBLIC_URL): an origin, nothing more. */
export const publicOrigin = z
  .url({
    protocol: /^https?$/,
    message: "must be the dashboard's public URL, e.g. https://callview.example.com",
  })
  .refine(
    urlRefinement(
      (url) => url.pathname === "/" && !url.search && !url.hash && !url.username && !url.password,
    ),
    "must be an origin only (scheme, host and port, no path)",
  )
  .transform((value) => new URL(value).origin);

const httpUrl = z
  .url({ protocol: /^https?$/, message: "must be an http(s) URL such as https://api.withallo.com" })
  .transform((value) => value.replace(/\/+$/, ""));

/**
 * Recording hosts: `host[:port]` allows https only; `http://host[:port]` (or `https://…`) names
 * the scheme too, and is the only way to allow plain http (the fake on loopback, for instance).
 */
const hostList = z
  .string()
  .transform((value) =>
    value
      .split(",")
      .map((host) => host.trim().toLowerCase().replace(/\/+$/, ""))
      .filter(Boolean),
  )
  .pipe(
    z.array(
      z
        .string()
        .regex(
          /^(https?:\/\/)?[a-z0-9.-]+(:\d{1,5})?$/,
          "must be a comma-separated list of host[:port] names (https), or http://host[:port] to allow plain http; no path",
        ),
    ),
  );

/** A whole number within bounds, for sizes, counts and timeouts. */
function wholeNumber(unit: string, min: number, max: number, fallback: number) {
  return z.preprocess(
    emptyToUndefined,
    z.coerce
      .number({ message: `must be a number${unit ? ` of ${unit}` : ""}` })
      .int(`must be a whole number${unit ? ` of ${unit}` : ""}`)
      .min(min, `must be at least ${min}`)
      .max(max, `must be at most ${max}`)
      .default(fallback),
  );
}

/**
 * AUTH_URL and CALLVIEW_PUBLIC_URL are two names for one thing, the dashboard's public base URL
 * (sign-in named it first, notifications second): either may be set, or both to the same origin.
 * Two different values would send sign-in redirects and notification links to different places.
 */
export function publicUrlFrom(
  authUrl: string | undefined,
  callviewPublicUrl: string | undefined,
): string | null {
  if (authUrl && callviewPublicUrl && authUrl !== callviewPublicUrl) {
    throw new ConfigurationError(
      "Invalid Callview configuration: AUTH_URL and CALLVIEW_PUBLIC_URL differ; they name one public base URL, so set one of them (or both to the same origin).",
    );
  }
  return authUrl ?? callviewPublicUrl ?? null;
}

/** `redis://[user:password@]host[:port][/db]`, or `rediss://…` for TLS. */
const redisUrl = z
  .url({ protocol: /^rediss?$/, message: "must be a redis:// or rediss:// URL such as redis://redis:6379" })
  .refine(
    urlRefinement((url) => url.hostname !== "" && !url.hash && (url.search === "" || url.search === "?")),
    "must name a host, with no query or fragment",
  );

/** `{id}` is replaced by the (URL-encoded) Allo id of the contact, company or deal. */
const linkTemplate = z
  .string()
  .refine((value) => value.includes("{id}"), "must contain {id}")
  .refine((value) => /^https?:\/\//.test(value), "must start with http:// or https://");

/**
 * A Standard Webhooks secret: `whsec_` then canonical base64 of at least 16 random bytes (what
 * Allo's `signing_secret` looks like). Short keys make the HMAC guessable, so they are refused.
 */
export const MIN_WEBHOOK_SECRET_BYTES = 16;

export function webhookSecretProblem(value: string): string | null {
  if (!value.startsWith("whsec_")) return "must start with whsec_";
  const body = value.slice("whsec_".length);
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(body) || Buffer.from(body, "base64").toString("base64") !== body) {
    return "must be whsec_ followed by base64";
  }
  if (Buffer.from(body, "base64").length < MIN_WEBHOOK_SECRET_BYTES) {
    return `must decode to at least ${MIN_WEBHOOK_SECRET_BYTES} bytes`;
  }
  return null;
}

const webhookSecret = z.string().superRefine((value, ctx) => {
  const problem = webhookSecretProblem(value.trim());
  if (problem) ctx.addIssue({ code: "custom", message: problem });
});

/** Several secrets, comma-separated, so a rotation can accept the old and the new one for a while. */
const webhookSecretList = z
  .string()
  .transform((value) =>
    value
      .split(",")
      .map((secret) => secret.trim())
      .filter(Boolean),
  )
  .superRefine((secrets, ctx) => {
    if (secrets.length === 0) ctx.addIssue({ code: "custom", message: "must list at least one secret" });
    secrets.forEach((secret, index) => {
      const problem = webhookSecretProblem(secret);
      // The position, never the value: these messages reach logs and the readiness endpoint.
      if (problem) ctx.addIssue({ code: "custom", message: `secret ${index + 1} ${problem}` });
    });
  });

/**
 * Where notifications are POSTed. https, since the URL or the body is a secret; plain http only
 * on loopback for tests. The value is a secret (Slack's path is the credential), so never echoed.
 */
function destinationUrl(example: string) {
  return z
    .url({ protocol: /^https?$/, message: `must be ${example}, an https URL` })
    .refine(
      urlRefinement((url) => url.protocol === "https:" || isLoopbackUrl(url)),
      "must use https (http is accepted only for 127.0.0.1/localhost)",
    )
    .refine(
      urlRefinement((url) => !url.username && !url.password && !url.hash),
      "must not contain credentials or a fragment",
    )
    .optional();
}

const envSchema = z.object({
  ALLO_API_KEY: z.preprocess(emptyToUndefined, z.string().min(8, "must be at least 8 characters").optional()),
  ALLO_API_BASE_URL: z.preprocess(emptyToUndefined, httpUrl.default(DEFAULT_BASE_URL)),
  ALLO_REQUEST_TIMEOUT_MS: z.preprocess(
    emptyToUndefined,
    z.coerce
      .number({ message: "must be a number of milliseconds" })
      .int("must be a whole number of milliseconds")
      .min(100, "must be at least 100")
      .max(60_000, "must be at most 60000")
      .default(5_000),
  ),
  ALLO_RECORDING_HOSTS: z.preprocess(emptyToUndefined, hostList.optional()),
  ALLO_RECORDING_IDLE_TIMEOUT_MS: wholeNumber("milliseconds", 100, 300_000, 10_000),
  ALLO_MAX_RESPONSE_MB: wholeNumber("megabytes", 1, 256, 8),
  ALLO_MAX_REQUESTS_PER_SECOND: z.preprocess(
    emptyToUndefined,
    z.coerce
      .number({ message: "must be a number" })
      .int("must be a whole number")
      .min(1)
      .max(1000)
      .default(20),
  ),
  // Allo's write limit (5 per second per key), for the write endpoints' own limiter.
  ALLO_MAX_WRITES_PER_SECOND: wholeNumber("", 1, 1000, 5),
  CALLVIEW_ITEM_CACHE_TTL_SECONDS: z.preprocess(
    emptyToUndefined,
    z.coerce.number({ message: "must be a number of seconds" }).min(0).max(3600).default(30),
  ),
  CALLVIEW_ITEM_CACHE_MAX_MB: wholeNumber("megabytes", 1, 4096, 64),
  CALLVIEW_MAX_RECORDING_STREAMS: wholeNumber("", 1, 10_000, 100),
  CALLVIEW_MAX_RECORDING_STREAMS_PER_USER: wholeNumber("", 1, 1000, 6),
  CALLVIEW_CONTACT_URL_TEMPLATE: z.preprocess(emptyToUndefined, linkTemplate.optional()),
  CALLVIEW_COMPANY_URL_TEMPLATE: z.preprocess(emptyToUndefined, linkTemplate.optional()),
  CALLVIEW_DEAL_URL_TEMPLATE: z.preprocess(emptyToUndefined, linkTemplate.optional()),
  CALLVIEW_DEMO_SUMMARY_DELAY_SECONDS: z.preprocess(
    emptyToUndefined,
    z.coerce.number({ message: "must be a number of seconds" }).min(0).max(3600).default(20),
  ),
  // Notifications (lib/notifications). Secrets are never echoed in messages.
  ALLO_WEBHOOK_SECRET: z.preprocess(emptyToUndefined, webhookSecretList.optional()),
  // One public base URL under either name (publicUrlFrom); sign-in reads it the same way.
  CALLVIEW_PUBLIC_URL: z.preprocess(emptyToUndefined, publicOrigin.optional()),
  AUTH_URL: z.preprocess(emptyToUndefined, publicOrigin.optional()),
  // Where `npm start` listens; scripts/standalone-server.mjs chooses the default and leaves it here.
  HOSTNAME: z.preprocess(
    emptyToUndefined,
    z
      .string()
      .trim()
      .regex(/^[A-Za-z0-9.:[\]-]+$/, "must be a host name or IP address such as 127.0.0.1 or 0.0.0.0")
      .optional(),
  ),
  // Draining on SIGTERM (lib/server/shutdown.server.ts).
  CALLVIEW_SHUTDOWN_GRACE_SECONDS: z.preprocess(
    emptyToUndefined,
    z.coerce
      .number({ message: "must be a number of seconds" })
      .min(0, "must be 0 or more")
      .max(300, "must be at most 300")
      .default(10),
  ),
  CALLVIEW_SHUTDOWN_TIMEOUT_SECONDS: z.preprocess(
    emptyToUndefined,
    z.coerce
      .number({ message: "must be a number of seconds" })
      .gt(0, "must be more than 0")
      .max(600, "must be at most 600")
      .default(15),
  ),
  CALLVIEW_SLACK_WEBHOOK_URL: z.preprocess(
    emptyToUndefined,
    destinationUrl("the Slack incoming-webhook URL"),
  ),
  CALLVIEW_NOTIFY_WEBHOOK_URL: z.preprocess(emptyToUndefined, destinationUrl("the receiver's URL")),
  CALLVIEW_NOTIFY_WEBHOOK_SECRET: z.preprocess(emptyToUndefined, webhookSecret.optional()),
  CALLVIEW_NOTIFY_RULES: z.preprocess(emptyToUndefined, z.string().trim().min(1).optional()),
  CALLVIEW_DATA_DIR: z.preprocess(emptyToUndefined, z.string().trim().min(1).default("./data")),
  // Several instances (docs/decisions/0009-redis.md): unset keeps everything in this process.
  // The URL may carry a password, so messages never echo it.
  CALLVIEW_REDIS_URL: z.preprocess(emptyToUndefined, redisUrl.optional()),
  CALLVIEW_REDIS_NAMESPACE: z.preprocess(
    emptyToUndefined,
    z
      .string()
      .trim()
      .regex(
        /^[a-z0-9][a-z0-9_-]{0,63}$/i,
        "must be 1 to 64 letters, digits, '-' or '_', starting with a letter or a digit",
      )
      .optional(),
  ),
});

export type ServerEnv = {
  /** Absent means demo mode: the built-in fake Allo API serves the data in-process. */
  alloApiKey: string | null;
  alloApiBaseUrl: string;
  requestTimeoutMs: number;
  /** Total time one item lookup may take across retries. */
  requestDeadlineMs: number;
  /** `host[:port]` (https only) or `scheme://host[:port]` entries; see isAllowedRecordingUrl. */
  recordingHosts: string[];
  /** Longest wait for the next chunk of a recording from storage before the stream is cut. */
  recordingIdleTimeoutMs: number;
  /** Concurrent recording streams this instance serves, in total and per signed-in user. */
  maxRecordingStreams: number;
  maxRecordingStreamsPerUser: number;
  /** Largest body accepted from Allo's item endpoint. */
  maxResponseBytes: number;
  /**
   * Reads per second against Allo (Allo allows 20 per key): for this process, or for every
   * instance together when `redis` is set (the limiter is then shared).
   */
  maxRequestsPerSecond: number;
  /** Writes per second against Allo (tag changes and searches; Allo allows 5 per key), counted like reads. */
  maxWritesPerSecond: number;
  /** Shared state of several instances (cache, limits, notification store); null: all in this process. */
  redis: RedisEnv | null;
  itemCacheTtlMs: number;
  /** Budget of the item cache, in bytes of Allo's JSON bodies. */
  itemCacheMaxBytes: number;
  linkTemplates: { contact: string | null; company: string | null; deal: string | null };
  demoSummaryDelaySeconds: number;
  demoMode: boolean;
  /** AUTH_URL or CALLVIEW_PUBLIC_URL (one origin, either name); null means none is configured. */
  publicUrl: string | null;
  listen: ListenAddress;
  shutdown: ShutdownEnv;
  notifications: NotificationsEnv;
};

/**
 * On SIGTERM: answer readiness 503 but keep serving for `graceSeconds` (so the load balancer
 * sees the 503 and takes the instance out), then stop accepting and give in-flight requests
 * `timeoutSeconds` more before closing what is left. Keep the sum under the orchestrator's
 * kill deadline (Kubernetes: terminationGracePeriodSeconds, 30 s by default).
 */
export type ShutdownEnv = { graceSeconds: number; timeoutSeconds: number };

/** CALLVIEW_REDIS_URL (a secret when it carries a password: never log it) and its key namespace. */
export type RedisEnv = { url: string; namespace: string | undefined };

/** Settings of lib/notifications; secrets included, so never log this object. */
export type NotificationsEnv = {
  /** Secrets accepted on Allo's webhooks, newest first as configured; empty means the receiver is off. */
  alloWebhookSecrets: string[];
  /** Origin every notification link starts with (the public URL, either name); null: relative links. */
  publicUrl: string | null;
  slackWebhookUrl: string | null;
  genericWebhook: { url: string; secret: string } | null;
  /** Path of the rules file; null means the default rules. */
  rulesFile: string | null;
  /** Directory of the SQLite file (created if missing). */
  dataDir: string;
};

export class ConfigurationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ConfigurationError";
  }
}

export function parseServerEnv(source: Record<string, string | undefined>): ServerEnv {
  const parsed = envSchema.safeParse(source);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join(".")} ${issue.message}`);
    throw new ConfigurationError(`Invalid Callview configuration: ${problems.join("; ")}.`);
  }
  const env = parsed.data;
  const apiUrl = new URL(env.ALLO_API_BASE_URL);
  // The API's own origin may serve recordings, over the scheme the operator chose for the API
  // itself: an http base URL (the fake on loopback) yields an `http://host:port` entry, since
  // the key already travels that way; https yields the bare host, which allows https only.
  const apiHost =
    apiUrl.protocol === "http:" ? `http://${apiUrl.host.toLowerCase()}` : apiUrl.host.toLowerCase();
  const publicUrl = publicUrlFrom(env.AUTH_URL, env.CALLVIEW_PUBLIC_URL);
  return {
    notifications: notificationsEnv(env, publicUrl, source.CALLVIEW_LAUNCH_DIR ?? process.cwd()),
    publicUrl,
    listen: listenAddressFrom(env.HOSTNAME),
    shutdown: {
      graceSeconds: env.CALLVIEW_SHUTDOWN_GRACE_SECONDS,
      timeoutSeconds: env.CALLVIEW_SHUTDOWN_TIMEOUT_SECONDS,
    },
    alloApiKey: env.ALLO_API_KEY ?? null,
    alloApiBaseUrl: env.ALLO_API_BASE_URL,
    requestTimeoutMs: env.ALLO_REQUEST_TIMEOUT_MS,
    requestDeadlineMs: env.ALLO_REQUEST_TIMEOUT_MS * 2 + 1_000,
    recordingHosts: env.ALLO_RECORDING_HOSTS ?? [DEFAULT_RECORDING_HOST, apiHost],
    recordingIdleTimeoutMs: env.ALLO_RECORDING_IDLE_TIMEOUT_MS,
    maxRecordingStreams: env.CALLVIEW_MAX_RECORDING_STREAMS,
    maxRecordingStreamsPerUser: env.CALLVIEW_MAX_RECORDING_STREAMS_PER_USER,
    maxResponseBytes: env.ALLO_MAX_RESPONSE_MB * 1024 * 1024,
    maxRequestsPerSecond: env.ALLO_MAX_REQUESTS_PER_SECOND,
    maxWritesPerSecond: env.ALLO_MAX_WRITES_PER_SECOND,
    redis: env.CALLVIEW_REDIS_URL
      ? { url: env.CALLVIEW_REDIS_URL, namespace: env.CALLVIEW_REDIS_NAMESPACE }
      : null,
    itemCacheTtlMs: env.CALLVIEW_ITEM_CACHE_TTL_SECONDS * 1000,
    itemCacheMaxBytes: env.CALLVIEW_ITEM_CACHE_MAX_MB * 1024 * 1024,
    linkTemplates: {
      contact: env.CALLVIEW_CONTACT_URL_TEMPLATE ?? null,
      company: env.CALLVIEW_COMPANY_URL_TEMPLATE ?? null,
      deal: env.CALLVIEW_DEAL_URL_TEMPLATE ?? null,
    },
    demoSummaryDelaySeconds: env.CALLVIEW_DEMO_SUMMARY_DELAY_SECONDS,
    demoMode: !env.ALLO_API_KEY,
  };
}

/**
 * Relative paths are relative to where the server was launched: `npm start` records that in
 * CALLVIEW_LAUNCH_DIR, because the production server changes into its own folder at start.
 */
function notificationsEnv(
  env: z.output<typeof envSchema>,
  publicUrl: string | null,
  launchDir: string,
): NotificationsEnv {
  const problems: string[] = [];
  if (env.CALLVIEW_NOTIFY_WEBHOOK_URL && !env.CALLVIEW_NOTIFY_WEBHOOK_SECRET) {
    problems.push("CALLVIEW_NOTIFY_WEBHOOK_SECRET is required when CALLVIEW_NOTIFY_WEBHOOK_URL is set");
  }
  if (env.CALLVIEW_NOTIFY_WEBHOOK_SECRET && !env.CALLVIEW_NOTIFY_WEBHOOK_URL) {
    problems.push("CALLVIEW_NOTIFY_WEBHOOK_SECRET is set but CALLVIEW_NOTIFY_WEBHOOK_URL is missing");
  }
  // Slack refuses relative button URLs, and a receiver elsewhere cannot resolve them either.
  if (!publicUrl && (env.CALLVIEW_SLACK_WEBHOOK_URL || env.CALLVIEW_NOTIFY_WEBHOOK_URL)) {
    problems.push(
      "CALLVIEW_PUBLIC_URL (or AUTH_URL) is required when CALLVIEW_SLACK_WEBHOOK_URL or CALLVIEW_NOTIFY_WEBHOOK_URL is set, so links in notifications are absolute",
    );
  }
  if (problems.length > 0)
    throw new ConfigurationError(`Invalid Callview configuration: ${problems.join("; ")}.`);
  return {
    alloWebhookSecrets: env.ALLO_WEBHOOK_SECRET ?? [],
    publicUrl,
    slackWebhookUrl: env.CALLVIEW_SLACK_WEBHOOK_URL ?? null,
    genericWebhook:
      env.CALLVIEW_NOTIFY_WEBHOOK_URL && env.CALLVIEW_NOTIFY_WEBHOOK_SECRET
        ? { url: env.CALLVIEW_NOTIFY_WEBHOOK_URL, secret: env.CALLVIEW_NOTIFY_WEBHOOK_SECRET.trim() }
        : null,
    rulesFile: env.CALLVIEW_NOTIFY_RULES ? path.resolve(launchDir, env.CALLVIEW_NOTIFY_RULES) : null,
    dataDir: path.resolve(launchDir, env.CALLVIEW_DATA_DIR),
  };
}

let cached: ServerEnv | null = null;

export function serverEnv(): ServerEnv {
  cached ??= parseServerEnv(process.env);
  return cached;
}
