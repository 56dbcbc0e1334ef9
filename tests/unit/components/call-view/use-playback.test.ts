import { describe, expect, it, vi } from "vitest";
import { createPlaybackController, createPlaybackStore } from "@/components/call-view/use-playback";

const noRecording = (initialTimeSeconds: number | null = null) =>
  createPlaybackController({ hasRecording: false, durationSeconds: 64, initialTimeSeconds });

describe("createPlaybackStore", () => {
  it("notifies only on real changes", () => {
    const store = createPlaybackStore({
      position: 0,
      duration: 10,
      paused: true,
      rate: 1,
      status: "ready",
      chosenIndex: null,
      following: true,
      highlight: null,
    });
    const listener = vi.fn();
    const unsubscribe = store.subscribe(listener);
    store.set({ position: 0 });
    expect(listener).not.toHaveBeenCalled();
    store.set({ position: 2 });
    expect(listener).toHaveBeenCalledTimes(1);
    unsubscribe();
    store.set({ position: 3 });
    expect(listener).toHaveBeenCalledTimes(1);
  });
});

describe("createPlaybackController without a recording", () => {
  it("starts at the deep-linked moment, clamped to the call", () => {
    expect(noRecording(27).store.get().position).toBe(27);
    expect(noRecording(600).store.get().position).toBe(64);
    expect(noRecording(null).store.get()).toMatchObject({
      position: 0,
      status: "no-recording",
      following: true,
    });
  });

  it("seeks within the call, remembers the chosen segment and resumes following", () => {
    const controller = noRecording();
    controller.setFollowing(false);
    controller.seek(21, { segmentIndex: 2, play: true });
    expect(controller.store.get()).toMatchObject({
      position: 21,
      chosenIndex: 2,
      following: true,
      paused: true,
    });
    controller.skip(-30);
    expect(controller.store.get()).toMatchObject({ position: 0, chosenIndex: null });
    controller.skip(100);
    expect(controller.store.get().position).toBe(64);
  });

  it("cycles the playback rate 1 → 1.25 → 1.5 → 2 → 0.75 → 1", () => {
    const controller = noRecording();
    const rates = Array.from({ length: 5 }, () => {
      controller.cycleRate();
      return controller.store.get().rate;
    });
    expect(rates).toEqual([1.25, 1.5, 2, 0.75, 1]);
  });

  it("ignores play/pause without an audio element", () => {
    const controller = noRecording();
    expect(() => controller.togglePlay()).not.toThrow();
    expect(controller.store.get().paused).toBe(true);
  });

  it("starts a little before a marked moment and keeps the mark until the agent seeks elsewhere", () => {
    const highlight = { first: 3, last: 3, label: "Why you were notified" };
    const controller = createPlaybackController({
      hasRecording: false,
      durationSeconds: 64,
      initialTimeSeconds: 17,
      initialHighlight: highlight,
    });
    expect(controller.store.get()).toMatchObject({ position: 17, highlight });
    controller.seek(30, { highlight: { first: 5, last: 6, label: "Evidence" } });
    expect(controller.store.get().highlight).toEqual({ first: 5, last: 6, label: "Evidence" });
    controller.seek(40);
    expect(controller.store.get().highlight).toBeNull();
  });
});
