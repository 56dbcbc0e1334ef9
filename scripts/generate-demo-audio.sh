#!/usr/bin/env bash
# Generate the demo call recordings used by the fake Allo API.
#
# Output (lib/allo/fake/recordings/):
#   call-billing.mp3    + call-billing.json     inbound support call, 2 voices
#   call-onboarding.mp3 + call-onboarding.json  outbound call, 3 voices (AI agent + 2 people)
#   loop.mp3            + loop.json             ~10 s of quiet pink noise, header-less CBR,
#                                               meant to be repeated byte-wise to fake very
#                                               long / very large recordings
#
# The transcript JSON files are derived from the exact sample counts of the synthesized
# audio, so segment offsets line up with the MP3s.
#
# Dev-time only: needs espeak-ng, ffmpeg/ffprobe and node (apt-get install -y espeak-ng ffmpeg).
# The script is deterministic and idempotent: re-running it overwrites the files above.
#
# Usage: bash scripts/generate-demo-audio.sh
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
OUT="$ROOT/lib/allo/fake/recordings"

for tool in espeak-ng ffmpeg ffprobe node; do
  command -v "$tool" >/dev/null 2>&1 || {
    echo "error: '$tool' not found (apt-get install -y espeak-ng ffmpeg; node from the project toolchain)" >&2
    exit 1
  }
done

WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
mkdir -p "$OUT"

# --- Audio settings ---------------------------------------------------------------------
RATE=22050          # PCM rate used while assembling the calls (espeak-ng's native rate)
LEAD_IN_MS=300      # silence before the first turn
TAIL_MS=600         # silence after the last turn
# Pause inserted after each turn (cycled), 0.4–0.9 s. Fixed list => reproducible output.
GAPS_MS=(550 700 450 800 600 650 500 850 400 750 600 900 500 700 550 650)

# Common MP3 options: mono, CBR 32 kbit/s, no metadata / ID3 tags, no version strings.
MP3_OPTS=(-ac 1 -codec:a libmp3lame -b:a 32k -map_metadata -1 -id3v2_version 0 -write_id3v1 0 -fflags +bitexact)

# Format seconds (float) with 3 decimals.
fmt3() { awk -v x="$1" 'BEGIN { printf "%.3f", x }'; }

# Helper (node) that writes the transcript JSON from a TSV of "SOURCE<TAB>OFFSET<TAB>TEXT".
cat >"$WORK/write-json.js" <<'JS'
const fs = require("fs");
const [tsv, out, duration] = process.argv.slice(2);
const segments = fs.readFileSync(tsv, "utf8").split("\n").filter(Boolean).map((line) => {
  const [source, offset, ...text] = line.split("\t");
  return { source, offsetSeconds: Number(offset), text: text.join("\t") };
});
fs.writeFileSync(out, JSON.stringify({ durationSeconds: Number(duration), segments }, null, 2) + "\n");
JS

# --- Synthesize one call ----------------------------------------------------------------
# render_call NAME TURNS_ARRAY_NAME
#   Each turn is "SOURCE|text". Voice per source comes from the VOICE_<SOURCE> variables
#   (space-separated espeak-ng arguments), set by the caller.
render_call() {
  local name="$1"
  local -n turns="$2"
  local dir="$WORK/$name"
  mkdir -p "$dir"
  local pcm="$dir/all.s16le" tsv="$dir/segments.tsv"
  : >"$pcm"
  : >"$tsv"

  # Lead-in silence (16-bit mono => 2 bytes per sample).
  local cursor=$((RATE * LEAD_IN_MS / 1000))
  head -c $((cursor * 2)) /dev/zero >>"$pcm"

  local i=0 turn source text voicevar samples gap
  for turn in "${turns[@]}"; do
    source="${turn%%|*}"
    text="${turn#*|}"
    voicevar="VOICE_${source}"
    # shellcheck disable=SC2086  # word splitting of the voice arguments is intended
    espeak-ng ${!voicevar} -w "$dir/turn$i.wav" "$text"
    # Strip espeak's leading/trailing silence so the offset is the speech onset and the
    # pauses between turns are exactly the GAPS_MS values; convert to raw PCM.
    ffmpeg -v error -y -i "$dir/turn$i.wav" \
      -af "silenceremove=start_periods=1:start_threshold=-50dB,areverse,silenceremove=start_periods=1:start_threshold=-50dB,areverse" \
      -ar "$RATE" -ac 1 -f s16le "$dir/turn$i.s16le"
    samples=$(($(stat -c %s "$dir/turn$i.s16le") / 2))

    # Record the segment at the current cursor (exact sample position).
    printf '%s\t%s\t%s\n' "$source" "$(fmt3 "$(awk -v c="$cursor" -v r="$RATE" 'BEGIN { print c / r }')")" "$text" >>"$tsv"
    cat "$dir/turn$i.s16le" >>"$pcm"
    cursor=$((cursor + samples))

    # Pause after the turn (or the tail after the last one).
    if ((i < ${#turns[@]} - 1)); then
      gap=$((RATE * GAPS_MS[i % ${#GAPS_MS[@]}] / 1000))
    else
      gap=$((RATE * TAIL_MS / 1000))
    fi
    head -c $((gap * 2)) /dev/zero >>"$pcm"
    cursor=$((cursor + gap))
    i=$((i + 1))
  done

  local duration
  duration="$(fmt3 "$(awk -v c="$cursor" -v r="$RATE" 'BEGIN { print c / r }')")"

  # Encode (keeps the LAME/Xing header so players can trim the encoder delay => offsets stay exact).
  ffmpeg -v error -y -f s16le -ar "$RATE" -ac 1 -i "$pcm" -ar 22050 "${MP3_OPTS[@]}" "$OUT/$name.mp3"
  node "$WORK/write-json.js" "$tsv" "$OUT/$name.json" "$duration"
}

# --- Call 1: billing (inbound). Alex Martin (teammate) answers Maria Gonzalez. ------------
VOICE_USER="-v en-us+m3 -s 165 -p 45"
VOICE_EXTERNAL="-v en-gb+f3 -s 160 -p 62"
BILLING=(
  "USER|Thanks for calling, you're speaking with Alex Martin from the billing team. How can I help you today?"
  "EXTERNAL|Hi Alex, this is Maria Gonzalez from Northwind Traders. I'm calling because we were charged twice on our latest invoice."
  "USER|I'm sorry to hear that, Maria. Let me pull up your account. Could you give me the invoice number?"
  "EXTERNAL|Sure, it's invoice 20417, from the first of this month. The amount of 249 dollars shows up twice on our card statement."
  "USER|Thank you. I can see invoice 20417 here, and you're right, the payment went through two times, about a minute apart."
  "EXTERNAL|Okay, good, so it's not just me. Do you know what happened?"
  "USER|It looks like the payment page timed out and the charge was retried automatically. That's on our side, and I apologize for the trouble."
  "EXTERNAL|No problem, these things happen. I mainly need to know when we'll get the money back."
  "USER|I've just issued a full refund of 249 dollars for the duplicate charge. It usually shows up on your card within five to seven business days."
  "EXTERNAL|That works. Will I get some kind of confirmation for our accounting team?"
  "USER|Yes, I'll email you a refund receipt right away. Is maria.gonzalez@northwind.example still the best address?"
  "EXTERNAL|Yes, that's the one. Thank you for sorting this out so quickly."
  "USER|You're welcome. I've also added a note to your account so this won't happen again. Is there anything else I can help with?"
  "EXTERNAL|No, that's everything. Thanks again, Alex. Have a great day."
)
render_call call-billing BILLING

# --- Call 2: onboarding (outbound). Alex Martin calls Kenji Watanabe; an AI receptionist ---
# --- (AGENT, third voice) picks up first and transfers the call. ------------------------
VOICE_USER="-v en-us+m3 -s 165 -p 45"
VOICE_EXTERNAL="-v en-gb-x-rp+m1 -s 155 -p 32"
VOICE_AGENT="-v en-us+f4 -s 175 -p 70"
ONBOARDING=(
  "AGENT|Good afternoon, you've reached Sakura Logistics. I'm the virtual receptionist. Who would you like to speak with?"
  "USER|Hi, this is Alex Martin. I'm calling for Kenji Watanabe about his onboarding."
  "AGENT|Thank you, Alex. Please hold for a moment while I connect you to Kenji."
  "EXTERNAL|Hello, Kenji Watanabe speaking."
  "USER|Hi Kenji, it's Alex Martin. Thanks for signing up last week. I'm calling to plan your onboarding and get your team set up."
  "EXTERNAL|Great timing, we're excited to get started. The main thing on my mind is keeping our existing phone numbers."
  "USER|Absolutely. We can port your current numbers, so your customers won't notice any change. How many numbers do you have today?"
  "EXTERNAL|We have twelve numbers in total. Our main line, a support line, and ten direct lines for the dispatch team."
  "USER|Perfect. I'll send you a porting form today. Once you sign it, the transfer takes about two weeks, and your old lines keep working until the switch."
  "EXTERNAL|That sounds manageable. Before we pick a date, I'd like my team to see how call routing works."
  "USER|Of course. How about a live demo this Thursday? I can walk your team through routing, recordings, and transcripts."
  "EXTERNAL|Thursday works. Could we do two o'clock Tokyo time? Most of the dispatch team is free then."
  "USER|Two o'clock Tokyo time on Thursday it is. I'll send a calendar invite with the video link, and the porting form in the same email."
  "EXTERNAL|Excellent. Please invite my colleague Yuki as well, she manages our dispatch team."
  "USER|Will do. Thanks, Kenji, I'm looking forward to Thursday."
  "EXTERNAL|Thank you, Alex. See you on Thursday. Goodbye."
)
render_call call-onboarding ONBOARDING

# --- Loop: ~10 s of quiet pink noise, pure header-less CBR frames ---------------------------
# MPEG-2 Layer III, 16000 Hz, 32 kbit/s: frame = 72 * 32000 / 16000 = 144 bytes exactly, so
# the padding bit is never set and every frame has the same size. One frame = 576 samples =
# 36 ms, so 10 s is not a whole number of frames: we use round(10 / 0.036) = 278 frames
# = 10.008 s. The bit reservoir is disabled, so every frame decodes on its own and copies of
# the file can be concatenated byte-wise (or cut at any frame boundary).
LOOP_FRAMES=278
LOOP_SKIP=10 # drop the first frames (encoder delay / fade-in) so the loop is pure noise
ffmpeg -v error -y -f lavfi -i "anoisesrc=color=pink:amplitude=0.02:seed=4242:sample_rate=16000" \
  -t 12 -af "lowpass=f=3500" -ar 16000 "${MP3_OPTS[@]}" -reservoir 0 -write_xing 0 \
  "$WORK/loop-long.mp3"

# Slice whole frames out of the encoded stream, checking every frame header on the way.
cat >"$WORK/mp3-frames.js" <<'JS'
// Usage: node mp3-frames.js IN OUT SKIP COUNT
// Parses MPEG audio frame headers, asserts all frames share one size/format, and writes
// frames [SKIP, SKIP+COUNT) to OUT. Prints {frameBytes, frames, sampleRate, samplesPerFrame}.
const fs = require("fs");
const [input, output, skip, count] = process.argv.slice(2);
const buf = fs.readFileSync(input);
const BR = { 1: [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320],
             2: [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160] };
const SR = { 3: [44100, 48000, 32000], 2: [22050, 24000, 16000], 0: [11025, 12000, 8000] };
if (buf.subarray(0, 3).toString("latin1") === "ID3") throw new Error("unexpected ID3v2 tag");
const frames = [];
for (let pos = 0; pos + 4 <= buf.length; ) {
  const h = buf.readUInt32BE(pos);
  if (h >>> 21 !== 0x7ff) throw new Error(`no frame sync at byte ${pos}`);
  const ver = (h >>> 19) & 3, layer = (h >>> 17) & 3, bri = (h >>> 12) & 15, sri = (h >>> 10) & 3;
  const pad = (h >>> 9) & 1;
  if (layer !== 1 || ver === 1 || bri === 0 || bri === 15 || sri === 3) throw new Error(`bad header at ${pos}`);
  const kbps = BR[ver === 3 ? 1 : 2][bri], sr = SR[ver][sri];
  const size = Math.floor(((ver === 3 ? 144 : 72) * kbps * 1000) / sr) + pad;
  frames.push({ pos, size, h: h & 0xfffffdff, sr, spf: ver === 3 ? 1152 : 576 });
  pos += size;
}
const last = frames[frames.length - 1];
if (last.pos + last.size !== buf.length) throw new Error("trailing bytes / truncated last frame");
const slice = frames.slice(Number(skip), Number(skip) + Number(count));
if (slice.length !== Number(count)) throw new Error(`only ${frames.length} frames available`);
for (const f of slice) {
  if (f.size !== slice[0].size || f.h !== slice[0].h) throw new Error(`frame at ${f.pos} differs`);
  if ((buf.readUInt32BE(f.pos) >>> 9) & 1) throw new Error(`padding bit set at ${f.pos}`);
  // A Xing/Info/VBRI header frame carries its tag right after the side info (bytes 4..40).
  // (LAME also writes "LAME3.x" filler into ancillary data of normal frames; that is audio.)
  const head = buf.subarray(f.pos + 4, f.pos + 40).toString("latin1");
  if (/Xing|Info|VBRI/.test(head)) throw new Error(`VBR/Info header frame at ${f.pos}`);
}
const out = Buffer.concat(slice.map((f) => buf.subarray(f.pos, f.pos + f.size)));
fs.writeFileSync(output, out);
console.log(JSON.stringify({ frameBytes: slice[0].size, frames: slice.length, sampleRate: slice[0].sr, samplesPerFrame: slice[0].spf }));
JS
LOOP_INFO="$(node "$WORK/mp3-frames.js" "$WORK/loop-long.mp3" "$OUT/loop.mp3" "$LOOP_SKIP" "$LOOP_FRAMES")"
# Re-parse the written file end to end (all frames, no skip) as a self-check.
node "$WORK/mp3-frames.js" "$OUT/loop.mp3" "$WORK/loop-check.mp3" 0 "$LOOP_FRAMES" >/dev/null
cmp -s "$OUT/loop.mp3" "$WORK/loop-check.mp3"

node -e '
  const fs = require("fs");
  const [info, out, size] = process.argv.slice(1);
  const i = JSON.parse(info);
  const frameSeconds = i.samplesPerFrame / i.sampleRate;
  fs.writeFileSync(out, JSON.stringify({
    durationSeconds: Number((i.frames * frameSeconds).toFixed(3)),
    frameBytes: i.frameBytes,
    framesPerLoop: i.frames,
    bytes: Number(size),
    frameSeconds,
    sampleRate: i.sampleRate,
    bitrateKbps: 32,
  }, null, 2) + "\n");
' "$LOOP_INFO" "$OUT/loop.json" "$(stat -c %s "$OUT/loop.mp3")"

# --- Verification -----------------------------------------------------------------------------
fail() { echo "verification failed: $*" >&2; exit 1; }
for f in call-billing call-onboarding loop; do
  errs="$(ffmpeg -v error -i "$OUT/$f.mp3" -f null - 2>&1 || true)"
  [[ -z "$errs" ]] || fail "$f.mp3 does not decode cleanly: $errs"
  (($(stat -c %s "$OUT/$f.mp3") < 500000)) || fail "$f.mp3 is too large"
done
for f in call-billing call-onboarding; do
  node -e '
    const j = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
    let prev = -1;
    for (const s of j.segments) {
      if (!["USER", "EXTERNAL", "AGENT"].includes(s.source)) throw new Error("bad source " + s.source);
      if (!(s.offsetSeconds > prev)) throw new Error("offsets not increasing at " + s.offsetSeconds);
      prev = s.offsetSeconds;
    }
    if (!(prev < j.durationSeconds)) throw new Error("last segment starts after the end");
    if (j.durationSeconds < 60 || j.durationSeconds > 120) throw new Error("duration out of 60–120 s: " + j.durationSeconds);
  ' "$OUT/$f.json" || fail "$f.json"
done
# The loop must survive byte-wise repetition.
cat "$OUT/loop.mp3" "$OUT/loop.mp3" "$OUT/loop.mp3" >"$WORK/loop3.mp3"
errs="$(ffmpeg -v error -i "$WORK/loop3.mp3" -f null - 2>&1 || true)"
[[ -z "$errs" ]] || fail "loop.mp3 x3 does not decode cleanly: $errs"

# --- Summary --------------------------------------------------------------------------------
echo "Generated in ${OUT#"$ROOT"/}:"
for f in call-billing call-onboarding loop; do
  probe="$(ffprobe -v error -show_entries format=duration,bit_rate:stream=codec_name,sample_rate,channels \
    -of default=nw=1:nk=1 "$OUT/$f.mp3" | paste -sd' ')"
  json_dur="$(node -p 'require(process.argv[1]).durationSeconds' "$OUT/$f.json")"
  printf '  %-20s %7d bytes  json duration %8ss  ffprobe: %s\n' "$f.mp3" "$(stat -c %s "$OUT/$f.mp3")" "$json_dur" "$probe"
done
loop3_dur="$(ffprobe -v error -show_entries format=duration -of default=nw=1:nk=1 "$WORK/loop3.mp3")"
echo "  loop.json: $(node -p 'JSON.stringify(require(process.argv[1]))' "$OUT/loop.json")"
echo "  loop.mp3 x3 concatenated: decodes cleanly, duration ${loop3_dur}s"
