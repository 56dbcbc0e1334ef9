import { describe, expect, it } from "vitest";
import { ConfigurationError, parseServerEnv } from "@/lib/server/env.server";

describe("parseServerEnv", () => {
  it("runs in demo mode with defaults when nothing is set", () => {
    const env = parseServerEnv({});
    expect(env.demoMode).toBe(true);
    expect(env.alloApiKey).toBeNull();
    expect(env.alloApiBaseUrl).toBe("https://api.withallo.com");
    expect(env.requestTimeoutMs).toBe(5000);
    expect(env.recordingHosts).toEqual(["storage.withallo.com", "api.withallo.com"]);
  });

  it("treats an empty key as unset and derives the recording allow-list from the base URL", () => {
    const env = parseServerEnv({ ALLO_API_KEY: " ", ALLO_API_BASE_URL: "http://127.0.0.1:4010/" });
    expect(env.demoMode).toBe(true);
    expect(env.alloApiBaseUrl).toBe("http://127.0.0.1:4010");
    // An http API keeps its scheme in the default, so its own recordings may come over http.
    expect(env.recordingHosts).toEqual(["storage.withallo.com", "http://127.0.0.1:4010"]);
  });

  it("parses an explicit configuration", () => {
    const env = parseServerEnv({
      ALLO_API_KEY: "ak_live_abc123def456",
      ALLO_REQUEST_TIMEOUT_MS: "2500",
      ALLO_RECORDING_HOSTS: "Storage.Withallo.com, cdn.example.com",
      CALLVIEW_CONTACT_URL_TEMPLATE: "https://crm.example.com/c/{id}",
    });
    expect(env.demoMode).toBe(false);
    expect(env.requestTimeoutMs).toBe(2500);
    expect(env.recordingHosts).toEqual(["storage.withallo.com", "cdn.example.com"]);
    expect(env.linkTemplates.contact).toBe("https://crm.example.com/c/{id}");
  });

  it("bounds memory, streams and stalls with sensible defaults", () => {
    const env = parseServerEnv({});
    expect(env.itemCacheMaxBytes).toBe(64 * 1024 * 1024);
    expect(env.maxResponseBytes).toBe(8 * 1024 * 1024);
    expect(env.recordingIdleTimeoutMs).toBe(10_000);
    expect(env.maxRecordingStreams).toBe(100);
    expect(env.maxRecordingStreamsPerUser).toBe(6);
    const set = parseServerEnv({
      CALLVIEW_ITEM_CACHE_MAX_MB: "16",
      ALLO_MAX_RESPONSE_MB: "2",
      ALLO_RECORDING_IDLE_TIMEOUT_MS: "2500",
      CALLVIEW_MAX_RECORDING_STREAMS: "20",
      CALLVIEW_MAX_RECORDING_STREAMS_PER_USER: "3",
    });
    expect(set.itemCacheMaxBytes).toBe(16 * 1024 * 1024);
    expect(set.maxResponseBytes).toBe(2 * 1024 * 1024);
    expect(set.recordingIdleTimeoutMs).toBe(2500);
    expect(set.maxRecordingStreams).toBe(20);
    expect(set.maxRecordingStreamsPerUser).toBe(3);
  });

  it("reads recording hosts with a scheme (http allowed there only) and without one (https)", () => {
    const env = parseServerEnv({ ALLO_RECORDING_HOSTS: "storage.withallo.com, HTTP://127.0.0.1:4010/" });
    expect(env.recordingHosts).toEqual(["storage.withallo.com", "http://127.0.0.1:4010"]);
    expect(parseServerEnv({ ALLO_API_BASE_URL: "https://allo.example.com" }).recordingHosts).toEqual([
      "storage.withallo.com",
      "allo.example.com",
    ]);
  });

  it.each([
    ["ALLO_RECORDING_HOSTS", { ALLO_RECORDING_HOSTS: "ftp://storage.withallo.com" }],
    ["CALLVIEW_ITEM_CACHE_MAX_MB", { CALLVIEW_ITEM_CACHE_MAX_MB: "0" }],
    ["ALLO_MAX_RESPONSE_MB", { ALLO_MAX_RESPONSE_MB: "a lot" }],
    ["ALLO_RECORDING_IDLE_TIMEOUT_MS", { ALLO_RECORDING_IDLE_TIMEOUT_MS: "5" }],
    ["CALLVIEW_MAX_RECORDING_STREAMS", { CALLVIEW_MAX_RECORDING_STREAMS: "1.5" }],
    ["CALLVIEW_MAX_RECORDING_STREAMS_PER_USER", { CALLVIEW_MAX_RECORDING_STREAMS_PER_USER: "0" }],
  ])("refuses a bad %s with one message naming it", (name, source) => {
    expect(() => parseServerEnv(source)).toThrow(new RegExp(`^Invalid Callview configuration: ${name}`));
  });

  it.each([
    ["ALLO_API_BASE_URL", { ALLO_API_BASE_URL: "ftp://api.withallo.com" }],
    ["ALLO_API_BASE_URL", { ALLO_API_BASE_URL: "not a url" }],
    ["ALLO_REQUEST_TIMEOUT_MS", { ALLO_REQUEST_TIMEOUT_MS: "fast" }],
    ["ALLO_REQUEST_TIMEOUT_MS", { ALLO_REQUEST_TIMEOUT_MS: "10" }],
    ["ALLO_RECORDING_HOSTS", { ALLO_RECORDING_HOSTS: "https://storage.withallo.com/path" }],
    ["CALLVIEW_DEAL_URL_TEMPLATE", { CALLVIEW_DEAL_URL_TEMPLATE: "https://crm.example.com/deals" }],
    ["ALLO_API_KEY", { ALLO_API_KEY: "short" }],
  ])("fails with one clear message naming %s", (name, source) => {
    expect(() => parseServerEnv(source)).toThrow(ConfigurationError);
    expect(() => parseServerEnv(source)).toThrow(new RegExp(`^Invalid Callview configuration: ${name}`));
  });
});

describe("parseServerEnv: one public base URL, under either name", () => {
  it("reads AUTH_URL or CALLVIEW_PUBLIC_URL alike", () => {
    expect(parseServerEnv({}).publicUrl).toBeNull();
    expect(parseServerEnv({ AUTH_URL: "https://cv.example.com/" }).publicUrl).toBe("https://cv.example.com");
    expect(parseServerEnv({ CALLVIEW_PUBLIC_URL: "https://cv.example.com" }).publicUrl).toBe(
      "https://cv.example.com",
    );
    const both = parseServerEnv({
      AUTH_URL: "https://cv.example.com",
      CALLVIEW_PUBLIC_URL: "https://cv.example.com/",
    });
    expect(both.publicUrl).toBe("https://cv.example.com");
    expect(both.notifications.publicUrl).toBe("https://cv.example.com");
  });

  it("refuses two different public URLs, naming both variables", () => {
    expect(() =>
      parseServerEnv({ AUTH_URL: "https://a.example.com", CALLVIEW_PUBLIC_URL: "https://b.example.com" }),
    ).toThrow(/AUTH_URL and CALLVIEW_PUBLIC_URL .*one public base URL/);
  });
});

describe("parseServerEnv: where the server listens, and how it shuts down", () => {
  it("knows whether HOSTNAME is loopback", () => {
    expect(parseServerEnv({}).listen).toEqual({ hostname: null, loopback: false });
    expect(parseServerEnv({ HOSTNAME: "0.0.0.0" }).listen).toEqual({ hostname: "0.0.0.0", loopback: false });
    for (const hostname of ["127.0.0.1", "localhost", "::1", "[::1]", "127.1.2.3"]) {
      expect(parseServerEnv({ HOSTNAME: hostname }).listen.loopback).toBe(true);
    }
    expect(parseServerEnv({ HOSTNAME: "localhost.evil.example" }).listen.loopback).toBe(false);
  });

  it("has a grace period and a hard cap for draining, both configurable", () => {
    expect(parseServerEnv({}).shutdown).toEqual({ graceSeconds: 10, timeoutSeconds: 15 });
    expect(
      parseServerEnv({ CALLVIEW_SHUTDOWN_GRACE_SECONDS: "0", CALLVIEW_SHUTDOWN_TIMEOUT_SECONDS: "2.5" })
        .shutdown,
    ).toEqual({ graceSeconds: 0, timeoutSeconds: 2.5 });
  });

  it.each([
    ["CALLVIEW_SHUTDOWN_GRACE_SECONDS", { CALLVIEW_SHUTDOWN_GRACE_SECONDS: "soon" }],
    ["CALLVIEW_SHUTDOWN_GRACE_SECONDS", { CALLVIEW_SHUTDOWN_GRACE_SECONDS: "-1" }],
    ["CALLVIEW_SHUTDOWN_TIMEOUT_SECONDS", { CALLVIEW_SHUTDOWN_TIMEOUT_SECONDS: "0" }],
    ["CALLVIEW_SHUTDOWN_TIMEOUT_SECONDS", { CALLVIEW_SHUTDOWN_TIMEOUT_SECONDS: "100000" }],
  ])("refuses a bad %s", (name, source) => {
    expect(() => parseServerEnv(source)).toThrow(new RegExp(`^Invalid Callview configuration: ${name}`));
  });
});

describe("parseServerEnv: Redis for several instances", () => {
  it("keeps everything in this process without CALLVIEW_REDIS_URL, with Allo's limits as defaults", () => {
    const env = parseServerEnv({});
    expect(env.redis).toBeNull();
    expect(env.maxRequestsPerSecond).toBe(20);
    expect(env.maxWritesPerSecond).toBe(5);
    expect(parseServerEnv({ ALLO_MAX_WRITES_PER_SECOND: "3" }).maxWritesPerSecond).toBe(3);
  });

  it("reads redis:// and rediss:// URLs and an optional namespace", () => {
    expect(parseServerEnv({ CALLVIEW_REDIS_URL: "redis://redis:6379" }).redis).toEqual({
      url: "redis://redis:6379",
      namespace: undefined,
    });
    expect(
      parseServerEnv({
        CALLVIEW_REDIS_URL: "rediss://user:pw@cache.example.com:6380/2",
        CALLVIEW_REDIS_NAMESPACE: "prod-eu",
      }).redis,
    ).toEqual({ url: "rediss://user:pw@cache.example.com:6380/2", namespace: "prod-eu" });
  });

  it("refuses another scheme, a missing host or a bad namespace, naming the variable and never the URL", () => {
    for (const url of [
      "http://redis:6379",
      "redis://",
      "redis://:hunter2-secret@redis?x=1",
      "hunter2-secret",
    ]) {
      let message = "";
      try {
        parseServerEnv({ CALLVIEW_REDIS_URL: url });
      } catch (error) {
        expect(error).toBeInstanceOf(ConfigurationError);
        message = (error as Error).message;
      }
      expect(message).toContain("CALLVIEW_REDIS_URL");
      expect(message).not.toContain("hunter2");
    }
    expect(() =>
      parseServerEnv({ CALLVIEW_REDIS_URL: "redis://r", CALLVIEW_REDIS_NAMESPACE: "a:b" }),
    ).toThrow(/CALLVIEW_REDIS_NAMESPACE/);
  });
});
