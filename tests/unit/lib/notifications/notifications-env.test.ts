import { describe, expect, it } from "vitest";
import { ConfigurationError, parseServerEnv } from "@/lib/server/env.server";
import { SECRET_NEW, SECRET_OLD } from "@/tests/support/notification-fixtures";

const notifications = (source: Record<string, string | undefined>) => parseServerEnv(source).notifications;

describe("notification settings in parseServerEnv", () => {
  it("defaults: receiver off, preview only, ./data (from where the server was launched), default rules", () => {
    expect(notifications({ CALLVIEW_LAUNCH_DIR: "/srv/callview" })).toEqual({
      alloWebhookSecrets: [],
      publicUrl: null,
      slackWebhookUrl: null,
      genericWebhook: null,
      rulesFile: null,
      dataDir: "/srv/callview/data",
    });
  });

  it("parses a full configuration", () => {
    const env = notifications({
      ALLO_WEBHOOK_SECRET: ` ${SECRET_NEW} , ${SECRET_OLD} `,
      CALLVIEW_PUBLIC_URL: "https://callview.example.com/",
      CALLVIEW_SLACK_WEBHOOK_URL: "https://hooks.slack.com/services/T1/B2/abc",
      CALLVIEW_NOTIFY_WEBHOOK_URL: "https://hooks.example.com/callview",
      CALLVIEW_NOTIFY_WEBHOOK_SECRET: SECRET_NEW,
      CALLVIEW_NOTIFY_RULES: "/etc/callview/rules.yaml",
      CALLVIEW_DATA_DIR: "/var/lib/callview",
    });
    expect(env).toEqual({
      alloWebhookSecrets: [SECRET_NEW, SECRET_OLD],
      publicUrl: "https://callview.example.com",
      slackWebhookUrl: "https://hooks.slack.com/services/T1/B2/abc",
      genericWebhook: { url: "https://hooks.example.com/callview", secret: SECRET_NEW },
      rulesFile: "/etc/callview/rules.yaml",
      dataDir: "/var/lib/callview",
    });
  });

  it("takes the public URL from AUTH_URL too: one URL, either name", () => {
    expect(notifications({ AUTH_URL: "https://cv.example.com" }).publicUrl).toBe("https://cv.example.com");
    // Two different values would send sign-in and notification links to different places.
    expect(() =>
      notifications({ AUTH_URL: "https://cv.example.com", CALLVIEW_PUBLIC_URL: "https://links.example.com" }),
    ).toThrow(/AUTH_URL and CALLVIEW_PUBLIC_URL/);
  });

  it("accepts loopback http for destinations (tests)", () => {
    const env = notifications({
      CALLVIEW_PUBLIC_URL: "http://localhost:3000",
      CALLVIEW_SLACK_WEBHOOK_URL: "http://127.0.0.1:4567/services/x",
    });
    expect(env.slackWebhookUrl).toBe("http://127.0.0.1:4567/services/x");
  });

  const whsec = (bytes: number) => `whsec_${Buffer.alloc(bytes, 7).toString("base64")}`;

  it.each([
    ["ALLO_WEBHOOK_SECRET", { ALLO_WEBHOOK_SECRET: "not-a-secret" }],
    ["ALLO_WEBHOOK_SECRET", { ALLO_WEBHOOK_SECRET: "whsec_***not base64***" }],
    ["ALLO_WEBHOOK_SECRET", { ALLO_WEBHOOK_SECRET: whsec(15) }],
    ["ALLO_WEBHOOK_SECRET", { ALLO_WEBHOOK_SECRET: `${SECRET_NEW},whsec_short` }],
    ["ALLO_WEBHOOK_SECRET", { ALLO_WEBHOOK_SECRET: " , " }],
    ["CALLVIEW_PUBLIC_URL", { CALLVIEW_PUBLIC_URL: "https://cv.example.com/app" }],
    ["CALLVIEW_PUBLIC_URL", { CALLVIEW_PUBLIC_URL: "ftp://cv.example.com" }],
    ["AUTH_URL", { AUTH_URL: "not a url" }],
    ["CALLVIEW_SLACK_WEBHOOK_URL", { CALLVIEW_SLACK_WEBHOOK_URL: "http://hooks.slack.com/services/x" }],
    ["CALLVIEW_SLACK_WEBHOOK_URL", { CALLVIEW_SLACK_WEBHOOK_URL: "hooks.slack.com/services/x" }],
    ["CALLVIEW_NOTIFY_WEBHOOK_URL", { CALLVIEW_NOTIFY_WEBHOOK_URL: "http://example.com/hook" }],
    ["CALLVIEW_NOTIFY_WEBHOOK_SECRET", { CALLVIEW_NOTIFY_WEBHOOK_SECRET: "secret" }],
  ])("refuses a bad %s with a message naming it", (name, source) => {
    expect(() => parseServerEnv(source)).toThrow(ConfigurationError);
    expect(() => parseServerEnv(source)).toThrow(new RegExp(`^Invalid Callview configuration: ${name} `));
  });

  it("accepts a secret of exactly 16 bytes", () => {
    expect(notifications({ ALLO_WEBHOOK_SECRET: whsec(16) }).alloWebhookSecrets).toHaveLength(1);
  });

  it("never echoes a secret in the message", () => {
    const secret = "whsec_c2hvcnQ=";
    try {
      parseServerEnv({ ALLO_WEBHOOK_SECRET: `${SECRET_NEW},${secret}` });
      expect.unreachable();
    } catch (error) {
      expect((error as Error).message).toContain("secret 2");
      expect((error as Error).message).not.toContain("c2hvcnQ");
      expect((error as Error).message).not.toContain(SECRET_NEW);
    }
  });

  it("needs the generic webhook's URL and secret together", () => {
    expect(() =>
      parseServerEnv({
        CALLVIEW_PUBLIC_URL: "https://cv.example.com",
        CALLVIEW_NOTIFY_WEBHOOK_URL: "https://h.example.com",
      }),
    ).toThrow(/CALLVIEW_NOTIFY_WEBHOOK_SECRET is required/);
    expect(() => parseServerEnv({ CALLVIEW_NOTIFY_WEBHOOK_SECRET: SECRET_NEW })).toThrow(
      /CALLVIEW_NOTIFY_WEBHOOK_URL is missing/,
    );
  });

  it("needs a public URL when a real destination is configured (links must be absolute)", () => {
    expect(() =>
      parseServerEnv({ CALLVIEW_SLACK_WEBHOOK_URL: "https://hooks.slack.com/services/x" }),
    ).toThrow(/CALLVIEW_PUBLIC_URL \(or AUTH_URL\) is required/);
  });

  it("leaves the existing settings as they were", () => {
    const env = parseServerEnv({ ALLO_WEBHOOK_SECRET: SECRET_NEW });
    expect(env.demoMode).toBe(true);
    expect(env.alloApiBaseUrl).toBe("https://api.withallo.com");
  });
});
