import { readFileSync } from "node:fs";

/**
 * `node --import tsx scripts/profile-summary.ts FILE.cpuprofile [TOP] [FROM-TO]`: where a V8 CPU
 * profile (from `npm run bench -- --cpu-prof`) spent its time, as self time per package or app
 * folder and per function, in per cent of the sampled time (idle and garbage collection listed
 * apart), and the inclusive time of the app's own functions. FROM-TO (seconds since the profile
 * began, e.g. `30-38`) keeps only the samples of one load run; without it the summary starts
 * with the busy share of every second, to find the runs.
 */
interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

const [file, top = "25", window] = process.argv.slice(2);
if (!file) throw new Error("usage: profile-summary.ts FILE.cpuprofile [TOP]");
const profile = JSON.parse(readFileSync(file, "utf8")) as { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[]; startTime: number };

const byId = new Map(profile.nodes.map((node) => [node.id, node]));
const isIdle = (id: number) => byId.get(id)!.callFrame.functionName === "(idle)";
const [from, to] = window ? window.split("-").map(Number) : [0, Infinity];
const selfUs = new Map<number, number>();
const busy = new Map<number, { busy: number; all: number }>();
let at = profile.startTime;
profile.samples.forEach((id, i) => {
  const us = profile.timeDeltas[i] ?? 0;
  at += us;
  const second = Math.floor((at - profile.startTime) / 1e6);
  const share = busy.get(second) ?? { busy: 0, all: 0 };
  busy.set(second, { busy: share.busy + (isIdle(id) ? 0 : us), all: share.all + us });
  if (second >= from! && second < to!) selfUs.set(id, (selfUs.get(id) ?? 0) + us);
});
if (!window) console.log(`busy per second: ${[...busy].map(([second, share]) => `${second}:${Math.round((100 * share.busy) / share.all)}`).join(" ")}`);
const total = [...selfUs.values()].reduce((sum, us) => sum + us, 0);

/** The package (node_modules/<name>), the app folder (app/<folder>) or the runtime a frame belongs to. */
function owner(url: string): string {
  if (!url) return "(native)";
  if (url.startsWith("node:")) return "node";
  const module = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (module) return module[1]!;
  const app = /\/(app\/[^/]+|build\/[^/]+|server\.ts)/.exec(url);
  return app ? app[1]! : url;
}

const byOwner = new Map<string, number>();
const byFunction = new Map<string, number>();
for (const [id, us] of selfUs) {
  const { callFrame } = byId.get(id)!;
  const name = callFrame.functionName || "(anonymous)";
  const key = ["(idle)", "(garbage collector)", "(program)"].includes(name) ? name : owner(callFrame.url);
  byOwner.set(key, (byOwner.get(key) ?? 0) + us);
  const where = `${name} ${owner(callFrame.url)}:${callFrame.lineNumber + 1}`;
  byFunction.set(where, (byFunction.get(where) ?? 0) + us);
}

const percent = (us: number) => `${((100 * us) / total).toFixed(1).padStart(5)} %`;
const print = (title: string, rows: Map<string, number>) => {
  console.log(`\n${title}`);
  for (const [key, us] of [...rows].sort((a, b) => b[1] - a[1]).slice(0, Number(top))) console.log(`${percent(us)}  ${key}`);
};
console.log(`${(total / 1e6).toFixed(1)} s sampled`);
print("self time by package or folder", byOwner);
print("self time by function", byFunction);

// Inclusive time of the app's own functions (the bundle's or app/'s), to tell loaders from rendering.
const parent = new Map<number, number>();
for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
const inclusive = new Map<string, number>();
for (const [id, us] of selfUs) {
  const seen = new Set<string>();
  for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
    const { callFrame } = byId.get(at)!;
    if (!/\/(build\/server|app)\//.test(callFrame.url)) continue;
    const where = `${callFrame.functionName || "(anonymous)"} ${owner(callFrame.url)}:${callFrame.lineNumber + 1}`;
    if (seen.has(where)) continue;
    seen.add(where);
    inclusive.set(where, (inclusive.get(where) ?? 0) + us);
  }
}
print("inclusive time of the app's functions", inclusive);
