import { describe, expect, it } from "vitest";
import { CallviewError } from "@/lib/api/errors";
import {
  applyTagChange,
  tagChangeFailure,
  tagChangeRetryDelayMs,
  tagsWithPending,
  undoTagChange,
  type TagChange,
} from "@/lib/items/tags-query";

const change = (action: TagChange["action"], tag: string, position = -1): TagChange => ({
  action,
  tag,
  position,
  idempotencyKey: "0b6f0c1e-8d7a-4c1e-9d3e-2f6a1b0c9d8e",
});

describe("tag changes on the page", () => {
  it("applies a change, and undoes it without touching other changes", () => {
    const tags = ["billing", "refund", "priority"];
    expect(applyTagChange(tags, change("add", "urgent"))).toEqual([...tags, "urgent"]);
    expect(applyTagChange(tags, change("add", "billing"))).toEqual(tags);
    expect(applyTagChange(tags, change("remove", "refund", 1))).toEqual(["billing", "priority"]);
    // Undoing puts a removed tag back where it was, even after another change landed.
    expect(undoTagChange(["billing", "priority", "vip"], change("remove", "refund", 1))).toEqual([
      "billing",
      "refund",
      "priority",
      "vip",
    ]);
    expect(undoTagChange(["billing", "urgent", "vip"], change("add", "urgent"))).toEqual(["billing", "vip"]);
  });

  it("shows tags on their way off in place, and tags on their way on as adding", () => {
    const pending = [change("remove", "refund", 1), change("add", "urgent")];
    expect(tagsWithPending(["billing", "priority", "urgent"], pending)).toEqual([
      { tag: "billing", state: "saved" },
      { tag: "refund", state: "removing" },
      { tag: "priority", state: "saved" },
      { tag: "urgent", state: "adding" },
    ]);
  });

  it("retries by itself only when the dashboard was not reached or is rate limited, twice at most", () => {
    const limited = new CallviewError({
      code: "RATE_LIMIT_EXCEEDED",
      retryable: true,
      retryAfterSeconds: 1,
      message: "",
    });
    const down = new CallviewError({ code: "UPSTREAM_UNAVAILABLE", retryable: true, message: "" });
    const refused = new CallviewError({ code: "TAG_EDITING_NOT_ALLOWED", message: "" });
    expect(tagChangeRetryDelayMs(new TypeError("fetch failed"), 0)).toBe(1_000);
    expect(tagChangeRetryDelayMs(limited, 0)).toBeGreaterThanOrEqual(1_000);
    expect(tagChangeRetryDelayMs(limited, 2)).toBeNull();
    expect(tagChangeRetryDelayMs(down, 0)).toBeNull();
    expect(tagChangeRetryDelayMs(refused, 0)).toBeNull();
  });

  it("says what failed and that it was undone", () => {
    const error = new CallviewError({
      code: "UPSTREAM_UNAVAILABLE",
      message: "Allo is having trouble (HTTP 500).",
    });
    expect(tagChangeFailure(change("add", "urgent"), error)).toBe(
      "Couldn't add tag urgent: Allo is having trouble (HTTP 500). It was taken off again.",
    );
    expect(tagChangeFailure(change("remove", "billing", 0), new TypeError("x"))).toBe(
      "Couldn't remove tag billing: The dashboard could not be reached. It was put back.",
    );
  });
});
