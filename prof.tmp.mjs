import { chromium } from "@playwright/test";
const url = process.argv[2]; const rate = Number(process.argv[3] ?? 4);
const b = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox","--disable-gpu","--disable-quic","--no-first-run","--disable-background-networking","--disable-component-update","--disable-sync"] });
const ctx = await b.newContext({ viewport: { width: 412, height: 823 }, isMobile: true, hasTouch: true });
const p = await ctx.newPage();
const cdp = await ctx.newCDPSession(p);
await cdp.send("Emulation.setCPUThrottlingRate", { rate });
await cdp.send("Profiler.enable"); await cdp.send("Profiler.setSamplingInterval", { interval: 200 });
await cdp.send("Profiler.start");
await p.goto(url, { waitUntil: "networkidle" });
await p.waitForTimeout(1000);
const { profile } = await cdp.send("Profiler.stop");
const byId = new Map(profile.nodes.map(n => [n.id, n]));
const self = new Map(); const dt = profile.timeDeltas; 
for (let i = 0; i < profile.samples.length; i++) { const n = byId.get(profile.samples[i]); const d = dt[i] ?? 0; const f = n.callFrame; const key = `${f.functionName || "(anon)"} ${f.url.split("/").pop()}:${f.lineNumber}:${f.columnNumber}`; self.set(key, (self.get(key) ?? 0) + d); }
const byFile = new Map(); for (const [k, v] of self) { const file = k.split(" ")[1].split(":")[0] || k.split(" ")[0]; byFile.set(file, (byFile.get(file) ?? 0) + v); }
const fmt = (m, n) => [...m].sort((a,b)=>b[1]-a[1]).slice(0,n).map(([k,v]) => `${(v/1000).toFixed(1).padStart(7)} ${k}`).join("\n");
console.log(fmt(byFile, 15)); console.log("---"); console.log(fmt(self, 30));
await b.close();
