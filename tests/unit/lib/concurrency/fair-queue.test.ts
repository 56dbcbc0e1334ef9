import { describe, expect, it } from "vitest";
import { createFairQueue } from "@/lib/concurrency/fair-queue";

function drain<T>(queue: ReturnType<typeof createFairQueue<T>>): T[] {
  const out: T[] = [];
  for (let next = queue.shift(); next !== undefined; next = queue.shift()) out.push(next);
  return out;
}

describe("fair queue", () => {
  it("serves keys in turn and each key first-in, first-out", () => {
    const queue = createFairQueue<string>();
    for (const entry of ["a1", "a2", "a3", "a4"]) queue.push("a", entry);
    queue.push("b", "b1");
    queue.push("b", "b2");
    queue.push("c", "c1");
    expect(queue.size).toBe(7);
    expect(drain(queue)).toEqual(["a1", "b1", "c1", "a2", "b2", "a3", "a4"]);
    expect(queue.size).toBe(0);
  });

  it("lets a newcomer wait one turn at most, never behind another key's whole backlog", () => {
    const queue = createFairQueue<string>();
    for (let i = 1; i <= 50; i++) queue.push("heavy", `h${i}`);
    expect(queue.shift()).toBe("h1");
    expect(queue.aheadOf("light")).toBe(1);
    queue.push("light", "l1");
    expect([queue.shift(), queue.shift()]).toEqual(["h2", "l1"]);
  });

  it("counts who would be served before a newcomer", () => {
    const queue = createFairQueue<number>();
    for (let i = 0; i < 10; i++) queue.push("a", i);
    queue.push("b", 1);
    expect(queue.aheadOf("c")).toBe(2);
    expect(queue.aheadOf("b")).toBe(1 + 2);
    expect(queue.aheadOf("a")).toBe(10 + 1);
  });

  it("removes a waiter wherever it is, keeping the turn order", () => {
    const queue = createFairQueue<string>();
    queue.push("a", "a1");
    queue.push("b", "b1");
    queue.push("b", "b2");
    expect(queue.remove("b", "b1")).toBe(true);
    expect(queue.remove("b", "b1")).toBe(false);
    expect(queue.remove("a", "a1")).toBe(true);
    expect(drain(queue)).toEqual(["b2"]);
    expect([...queue.entries()]).toEqual([]);
  });
});
