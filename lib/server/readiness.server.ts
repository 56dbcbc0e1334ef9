/**
 * Readiness: is this instance configured to serve, and not shutting down? Reports problems by
 * variable name, never values, so it is safe to expose to a load balancer.
 */
import "server-only";
import { resolveAuthEnv } from "./auth/auth-env.server";
import { SETUP_REQUIRED_MESSAGE } from "@/lib/api/standard-errors";
import { ConfigurationError, parseServerEnv } from "./env.server";

const globalForReadiness = globalThis as typeof globalThis & { __callviewDraining?: boolean };

export function markDraining(): void {
  globalForReadiness.__callviewDraining = true;
}

export type Readiness = {
  ready: boolean;
  mode: "demo" | "live" | "unknown";
  problems: string[];
};

export function readiness(source: Record<string, string | undefined> = process.env): Readiness {
  const problems: string[] = [];
  let mode: Readiness["mode"] = "unknown";
  try {
    mode = parseServerEnv(source).demoMode ? "demo" : "live";
  } catch (error) {
    problems.push(error instanceof ConfigurationError ? error.message : "Configuration could not be read.");
  }
  // The cached configuration for the live process; a given source is parsed afresh (tests).
  const auth = resolveAuthEnv(source === process.env ? undefined : source);
  if (auth.mode === "misconfigured") problems.push(auth.problem);
  if (auth.mode === "unconfigured") {
    problems.push(SETUP_REQUIRED_MESSAGE);
  }
  if (globalForReadiness.__callviewDraining) problems.push("Shutting down: not accepting new work.");
  // A bad server setting also makes the sign-in settings unreadable: say it once.
  const unique = [...new Set(problems)];
  return { ready: unique.length === 0, mode, problems: unique };
}
