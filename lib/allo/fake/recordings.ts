/**
 * The fake's recording storage: the demo recordings on disk, and synthetic recordings of any
 * length (a 10-second CBR loop repeated) for long-call and streaming benchmarks. Range
 * requests are answered like a real object store (206, 416).
 */
import { createReadStream, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { Readable } from "node:stream";
import { parseRangeHeader, type ByteRange } from "../../http/range";

/** Ids used only by benchmarks; not listed in the demo index. */
export const BENCH_IDS = {
  /** A call whose recording is ~100 MB (26,300 s of 32 kbit/s audio), for streaming memory. */
  hugeRecording: "cll-bench-100mb",
} as const;

export const HUGE_RECORDING_SECONDS = 26_300;

export const RECORDING_PATH = /^\/recordings\/([A-Za-z0-9._-]+\.mp3)$/;
const SYNTHETIC_RECORDING = /^synthetic-(\d{1,6})\.mp3$/;

type LoopInfo = { frameBytes: number; framesPerLoop: number; durationSeconds: number; bytes: number };

export function defaultRecordingsDir(): string {
  return path.join(process.cwd(), "lib", "allo", "fake", "recordings");
}

/** Where a synthetic recording of `seconds` lives on the fake. */
export function syntheticRecordingUrl(publicUrl: string, seconds: number): string {
  return `${publicUrl.replace(/\/+$/, "")}/recordings/synthetic-${seconds}.mp3`;
}

/** Bytes [start, end] of `bytes` repeated to `total` bytes, streamed chunk by chunk. */
function repeatedStream(bytes: Buffer, range: ByteRange): ReadableStream<Uint8Array> {
  let position = range.start;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (position > range.end) {
        controller.close();
        return;
      }
      const offset = position % bytes.length;
      const length = Math.min(bytes.length - offset, range.end - position + 1, 64 * 1024);
      controller.enqueue(new Uint8Array(bytes.subarray(offset, offset + length)));
      position += length;
    },
  });
}

export function createRecordingStorage(recordingsDir: string = defaultRecordingsDir()) {
  let loop: { bytes: Buffer; info: LoopInfo } | null = null;

  function loadLoop() {
    if (!loop) {
      const info = JSON.parse(
        readFileSync(path.join(/*turbopackIgnore: true*/ recordingsDir, "loop.json"), "utf8"),
      ) as LoopInfo;
      loop = { bytes: readFileSync(path.join(/*turbopackIgnore: true*/ recordingsDir, "loop.mp3")), info };
    }
    return loop;
  }

  /** GET or HEAD of `/recordings/{file}`, with Range support. */
  function handle(request: Request, file: string): Response {
    const synthetic = SYNTHETIC_RECORDING.exec(file);
    let size: number;
    let open: (range: ByteRange) => ReadableStream<Uint8Array>;
    if (synthetic) {
      // Frames are equal-sized, so any whole number of loops (then frames) is a valid MP3 of
      // the requested length.
      const { bytes, info } = loadLoop();
      const seconds = Number(synthetic[1]);
      const frames = Math.max(1, Math.round((seconds / info.durationSeconds) * info.framesPerLoop));
      size = frames * info.frameBytes;
      open = (range) => repeatedStream(bytes, range);
    } else {
      // Statically scoped (the file name is checked against RECORDING_PATH); tracing includes this folder.
      const filePath = path.join(/*turbopackIgnore: true*/ recordingsDir, file);
      try {
        size = statSync(filePath).size;
      } catch {
        return new Response("Not found", { status: 404 });
      }
      open = (range) =>
        Readable.toWeb(
          createReadStream(filePath, { start: range.start, end: range.end }),
        ) as ReadableStream<Uint8Array>;
    }
    const base = {
      "content-type": "audio/mpeg",
      "accept-ranges": "bytes",
      "cache-control": "private, max-age=3600",
    };
    const parsed = parseRangeHeader(request.headers.get("range"), size);
    if (parsed.kind === "unsatisfiable") {
      return new Response(null, { status: 416, headers: { ...base, "content-range": `bytes */${size}` } });
    }
    const range = parsed.kind === "range" ? parsed.range : { start: 0, end: size - 1 };
    const headers: Record<string, string> = {
      ...base,
      "content-length": String(range.end - range.start + 1),
    };
    if (parsed.kind === "range") headers["content-range"] = `bytes ${range.start}-${range.end}/${size}`;
    const body = request.method === "HEAD" ? null : open(range);
    return new Response(body, { status: parsed.kind === "range" ? 206 : 200, headers });
  }

  return { handle };
}
