import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { gzipSync } from "node:zlib";

/**
 * The JavaScript a page loads at first, from a client build: the entry, then each matched route's
 * module, with every chunk they import statically (what Remix lists as modulepreloads, followed
 * through the chunks themselves too). Sizes uncompressed and gzip-compressed (the `compression`
 * middleware's default level). ADR 0024 records the sign-in page's numbers; the browser test
 * tests/e2e/page-weight.spec.ts holds the page to them.
 *
 *   node --import tsx scripts/page-scripts.ts [build/client] [routes/login._index]
 */
export interface PageScripts {
  files: { file: string; bytes: number; gzip: number }[];
  bytes: number;
  gzip: number;
}

interface ManifestEntry {
  module: string;
  imports?: string[];
}

export function readClientManifest(clientDir: string): { entry: ManifestEntry; routes: Record<string, ManifestEntry> } {
  const file = readdirSync(path.join(clientDir, "assets")).find((name) => /^manifest-.*\.js$/.test(name));
  if (!file) throw new Error(`No Remix manifest in ${clientDir}/assets: build first (npx remix vite:build)`);
  const text = readFileSync(path.join(clientDir, "assets", file), "utf8");
  return JSON.parse(text.slice(text.indexOf("{"), text.lastIndexOf("}") + 1));
}

/** Every script the page with these matched routes (root first is added) loads before it runs. */
export function pageScripts(clientDir: string, routeIds: string[]): PageScripts {
  const manifest = readClientManifest(clientDir);
  const starts = [manifest.entry, ...["root", ...routeIds].map((id) => {
    const route = manifest.routes[id];
    if (!route) throw new Error(`No route ${id} in the manifest`);
    return route;
  })];
  const seen = new Set<string>();
  const queue = starts.flatMap((start) => [start.module, ...(start.imports ?? [])]);
  while (queue.length > 0) {
    const url = queue.shift()!;
    if (seen.has(url)) continue;
    seen.add(url);
    const code = readFileSync(path.join(clientDir, url), "utf8");
    // Static imports only ("import{a}from"./x.js"", "import"./x.js""); import("…") loads later, if ever.
    for (const match of code.matchAll(/(?:\bfrom|\bimport)\s*["'](\.{1,2}\/[^"']+\.js)["']/g)) {
      queue.push(path.posix.join(path.posix.dirname(url), match[1]!));
    }
  }
  const files = [...seen].map((file) => {
    const content = readFileSync(path.join(clientDir, file));
    return { file, bytes: content.length, gzip: gzipSync(content).length };
  });
  return { files, bytes: files.reduce((sum, f) => sum + f.bytes, 0), gzip: files.reduce((sum, f) => sum + f.gzip, 0) };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const [clientDir = "build/client", ...routeIds] = process.argv.slice(2);
  const result = pageScripts(clientDir, routeIds.length > 0 ? routeIds : ["routes/login._index"]);
  for (const file of [...result.files].sort((a, b) => b.bytes - a.bytes)) {
    console.log(`${String(file.bytes).padStart(9)} ${String(file.gzip).padStart(8)}  ${file.file}`);
  }
  console.log(`${String(result.bytes).padStart(9)} ${String(result.gzip).padStart(8)}  total (bytes, gzip) in ${result.files.length} files`);
}
