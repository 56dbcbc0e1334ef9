import { describe, expect, it } from "vitest";
import { noRecordingReason, noTranscriptReason } from "@/lib/transcript/recording-notice";

describe("noRecordingReason", () => {
  it("says unanswered calls were not answered", () => {
    for (const result of ["MISSED", "BLOCKED", "FAILED", "missed"]) {
      expect(noRecordingReason({ result })).toBe("No recording: the call was not answered");
    }
  });

  it("says answered calls had recording turned off", () => {
    expect(noRecordingReason({ result: "ANSWERED" })).toBe(
      "No recording: recording was turned off for this call",
    );
  });

  it("stays neutral for other, unknown or missing results", () => {
    for (const result of ["TRANSFERRED", "VOICEMAIL", "HANDLED_BY_AI", null]) {
      expect(noRecordingReason({ result })).toBe("No recording is available for this call");
    }
  });
});

describe("noTranscriptReason", () => {
  it("explains a missing transcript", () => {
    expect(noTranscriptReason({ result: "MISSED" })).toBe("No transcript: nobody spoke on this call.");
    expect(noTranscriptReason({ result: "ANSWERED" })).toBe("No transcript is available for this call.");
  });
});
