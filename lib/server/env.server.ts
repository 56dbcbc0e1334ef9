/**
 * The dashboard's configuration, validated once with zod. `instrumentation.ts` loads it at
 * start-up so a bad value stops the server with one message naming the variable.
 */
import "server-only";
import { z } from "zod";

const DEFAULT_BASE_URL = "https://api.withallo.com";
const DEFAULT_RECORDING_HOST = "storage.withallo.com";

const emptyToUndefined = (value: unknown) =>
  typeof value === "string" && value.trim() === "" ? undefined : value;

const httpUrl = z
  .url({ protocol: /^https?$/, message: "must be an http(s) URL such as https://api.withallo.com" })
  .transform((value) => value.replace(/\/+$/, ""));

const hostList = z
  .string()
  .transform((value) =>
    value
      .split(",")
      .map((host) => host.trim().toLowerCase())
      .filter(Boolean),
  )
  .pipe(
    z.array(
      z
        .string()
        .regex(
          /^[a-z0-9.-]+(:\d{1,5})?$/,
          "must be a comma-separated list of host names (no scheme, no path)",
        ),
    ),
  );

/** `{id}` is replaced by the (URL-encoded) Allo id of the contact, company or deal. */
const linkTemplate = z
  .string()
  .refine((value) => value.includes("{id}"), "must contain {id}")
  .refine((value) => /^https?:\/\//.test(value), "must start with http:// or https://");

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
  ALLO_MAX_REQUESTS_PER_SECOND: z.preprocess(
    emptyToUndefined,
    z.coerce
      .number({ message: "must be a number" })
      .int("must be a whole number")
      .min(1)
      .max(1000)
      .default(20),
  ),
  CALLVIEW_ITEM_CACHE_TTL_SECONDS: z.preprocess(
    emptyToUndefined,
    z.coerce.number({ message: "must be a number of seconds" }).min(0).max(3600).default(30),
  ),
  CALLVIEW_CONTACT_URL_TEMPLATE: z.preprocess(emptyToUndefined, linkTemplate.optional()),
  CALLVIEW_COMPANY_URL_TEMPLATE: z.preprocess(emptyToUndefined, linkTemplate.optional()),
  CALLVIEW_DEAL_URL_TEMPLATE: z.preprocess(emptyToUndefined, linkTemplate.optional()),
  CALLVIEW_DEMO_SUMMARY_DELAY_SECONDS: z.preprocess(
    emptyToUndefined,
    z.coerce.number({ message: "must be a number of seconds" }).min(0).max(3600).default(20),
  ),
});

export type ServerEnv = {
  /** Absent means demo mode: the built-in fake Allo API serves the data in-process. */
  alloApiKey: string | null;
  alloApiBaseUrl: string;
  requestTimeoutMs: number;
  /** Total time one item lookup may take across retries. */
  requestDeadlineMs: number;
  recordingHosts: string[];
  /** Upper bound on reads per second against Allo, for this process (Allo allows 20 per key). */
  maxRequestsPerSecond: number;
  itemCacheTtlMs: number;
  linkTemplates: { contact: string | null; company: string | null; deal: string | null };
  demoSummaryDelaySeconds: number;
  demoMode: boolean;
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
  const apiHost = new URL(env.ALLO_API_BASE_URL).host.toLowerCase();
  return {
    alloApiKey: env.ALLO_API_KEY ?? null,
    alloApiBaseUrl: env.ALLO_API_BASE_URL,
    requestTimeoutMs: env.ALLO_REQUEST_TIMEOUT_MS,
    requestDeadlineMs: env.ALLO_REQUEST_TIMEOUT_MS * 2 + 1_000,
    recordingHosts: env.ALLO_RECORDING_HOSTS ?? [DEFAULT_RECORDING_HOST, apiHost],
    maxRequestsPerSecond: env.ALLO_MAX_REQUESTS_PER_SECOND,
    itemCacheTtlMs: env.CALLVIEW_ITEM_CACHE_TTL_SECONDS * 1000,
    linkTemplates: {
      contact: env.CALLVIEW_CONTACT_URL_TEMPLATE ?? null,
      company: env.CALLVIEW_COMPANY_URL_TEMPLATE ?? null,
      deal: env.CALLVIEW_DEAL_URL_TEMPLATE ?? null,
    },
    demoSummaryDelaySeconds: env.CALLVIEW_DEMO_SUMMARY_DELAY_SECONDS,
    demoMode: !env.ALLO_API_KEY,
  };
}

let cached: ServerEnv | null = null;

export function serverEnv(): ServerEnv {
  cached ??= parseServerEnv(process.env);
  return cached;
}
