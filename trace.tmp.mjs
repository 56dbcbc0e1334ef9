// Ad-hoc: trace one cold open of a page and sum main-thread event durations by name.
import { chromium } from "@playwright/test";
const url = process.argv[2]; const rate = Number(process.argv[3] ?? 1);
const b = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox","--disable-gpu","--disable-quic","--no-first-run","--disable-background-networking","--disable-component-update","--disable-sync"] });
const ctx = await b.newContext({ viewport: { width: 412, height: 823 }, deviceScaleFactor: 1.75, isMobile: true, hasTouch: true });
const p = await ctx.newPage();
const cdp = await ctx.newCDPSession(p);
if (process.env.INJECT) await p.route(url, async (route) => { const r = await route.fetch(); let body = await r.text(); body = body.replace("</head>", "<style>" + process.env.INJECT + "</style></head>"); await route.fulfill({ response: r, body }); });
if (rate > 1) await cdp.send("Emulation.setCPUThrottlingRate", { rate });
await b.startTracing(p, { categories: ["devtools.timeline", "disabled-by-default-devtools.timeline", "blink.user_timing", "loading", "v8.execute"] });
await p.goto(url, { waitUntil: "networkidle" });
await p.waitForTimeout(1500);
const buf = await b.stopTracing();
const { traceEvents } = JSON.parse(buf.toString());
const nav = traceEvents.find(e => e.name === "navigationStart" || e.name === "NavigationStartToEnd") ;
const main = traceEvents.filter(e => e.name === "CrRendererMain" && e.ph === "M");
const marks = {}; for (const e of traceEvents) if (["firstContentfulPaint","largestContentfulPaint::Candidate","firstPaint","navigationStart","domContentLoadedEventEnd","MarkDOMContent"].includes(e.name)) (marks[e.name] ??= []).push(e.ts);
const t0 = Math.min(...(marks.navigationStart ?? [traceEvents[0].ts]));
for (const [k,v] of Object.entries(marks)) console.log(k, v.map(t => ((t - t0)/1000).toFixed(0)).join(","));
const fcp = (marks.firstContentfulPaint?.[0] ?? Infinity);
const by = {}; const beforeFcp = {};
for (const e of traceEvents) { if (e.ph !== "X" || !e.dur) continue; by[e.name] = (by[e.name] ?? 0) + e.dur; if (e.ts < fcp) beforeFcp[e.name] = (beforeFcp[e.name] ?? 0) + e.dur; }
const top = (o) => Object.entries(o).sort((a,b)=>b[1]-a[1]).slice(0,18).map(([k,v])=>`${k}=${(v/1000).toFixed(1)}`).join("  ");
console.log("ALL:", top(by)); console.log("BEFORE FCP:", top(beforeFcp));
const long = traceEvents.filter(e => e.name === "RunTask" && e.dur > 50000).map(e => `${((e.ts-t0)/1000).toFixed(0)}+${(e.dur/1000).toFixed(0)}`);
console.log("long tasks:", long.join(" "));
for (const t of traceEvents.filter(e => e.name === "RunTask" && e.dur > 40000)) {
  const kids = traceEvents.filter(e => e.ph === "X" && e.tid === t.tid && e.ts >= t.ts && e.ts + (e.dur??0) <= t.ts + t.dur && e !== t);
  const agg = {}; for (const k of kids) agg[k.name] = (agg[k.name] ?? 0) + k.dur;
  const fn = kids.filter(k => k.name === "FunctionCall" || k.name === "EvaluateScript" || k.name === "v8.compile" || k.name === "v8.compileModule").map(k => `${k.name}:${(k.args?.data?.url ?? "").split("/").pop()}:${(k.dur/1000).toFixed(1)}`).slice(0,8);
  console.log(`  task@${((t.ts-t0)/1000).toFixed(0)} ${(t.dur/1000).toFixed(0)}ms:`, Object.entries(agg).sort((a,b)=>b[1]-a[1]).slice(0,8).map(([k,v])=>`${k}=${(v/1000).toFixed(1)}`).join(" "), "|", fn.join(" "));
}
const layouts = traceEvents.filter(e => (e.name === "Layout" || e.name === "UpdateLayoutTree") && e.dur > 5000).map(e => `${e.name}@${((e.ts-t0)/1000).toFixed(0)}:${(e.dur/1000).toFixed(1)}ms${e.args?.beginData?.dirtyObjects ? " dirty="+e.args.beginData.dirtyObjects : ""}${e.args?.elementCount ? " el="+e.args.elementCount : ""}`);
console.log("big style/layout:", layouts.join(" | "));
{ let lay=0, sty=0; for (const e of traceEvents) { if (e.ph!=="X"||!e.dur) continue; if (e.name==="Layout") lay+=e.dur; if (e.name==="UpdateLayoutTree") sty+=e.dur; } console.log(`SUM layout=${(lay/1000).toFixed(0)} style=${(sty/1000).toFixed(0)}`); }
for (const e of traceEvents.filter(e => (e.name === "Layout" || e.name === "UpdateLayoutTree" || e.name === "ParseHTML") && e.dur > 3000)) console.log(" ", e.name, ((e.ts-t0)/1000).toFixed(0), (e.dur/1000).toFixed(1), JSON.stringify(e.args).slice(0, 400));
await b.close();
