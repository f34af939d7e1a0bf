import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";

/**
 * `npm start`: builds the app when a part of the build is missing or a source file is newer than
 * it, then starts the server (which migrates and, on a new database, seeds the demo world).
 *
 * The build is Remix's (`build/client`, `build/server/index.js`) and `server.ts` bundled by esbuild
 * into `build/start/` with its packages left as imports, so that a start loads plain
 * JavaScript instead of compiling TypeScript (about a second of the embedded database's second
 * start, which should serve within 3 s). `npm run dev` still runs server.ts through tsx.
 * `--build` (`npm run build`): build whatever the sources say, and do not start.
 * Plain JavaScript run by plain node, so that a start does not first load a TypeScript loader.
 */
const buildOnly = process.argv.includes("--build");
const buildDir = path.resolve(process.env.SAMSYN_BUILD_DIR ?? "build");
const outputs = [path.join(buildDir, "server/index.js"), path.join(buildDir, "client/assets"), path.join(buildDir, "start/server.js")];
const server = outputs[2];
// db/ too: the Remix build bundles db/schema and db/catalogue; any file there counts, to keep it simple.
const sources = ["app", "db", "public", "server.ts", "vite.config.ts", "remix.config.js", "tsconfig.json", "package.json", "package-lock.json"];

/** @param {string} entry @returns {number} */
function newestChange(entry) {
  const stat = statSync(entry);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(stat.mtimeMs, ...readdirSync(entry).map((name) => newestChange(path.join(entry, name))));
}

const builtAt = Math.min(...outputs.map((output) => (existsSync(output) ? statSync(output).mtimeMs : 0)));
if (buildOnly || Math.max(...sources.filter(existsSync).map(newestChange)) > builtAt) {
  console.log("Building Samsyn…");
  execFileSync(process.execPath, [path.resolve("node_modules/@remix-run/dev/dist/cli.js"), "vite:build"], { stdio: "inherit" });
  const { build, stop } = await import("esbuild");
  await build({
    entryPoints: ["server.ts"],
    outdir: path.dirname(server),
    // Modules server.ts imports only when needed (the test e-ID provider, Vite in development)
    // stay chunks of their own, loaded only then: production never loads the test provider.
    splitting: true,
    outExtension: { ".js": ".js" },
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    // npm packages stay imports of node_modules; only Samsyn's own modules are bundled.
    packages: "external",
    alias: { "~": "./app" },
    logLevel: "warning",
  });
  // esbuild's service process would otherwise live as long as the server.
  await stop();
}

if (!buildOnly) await import(server);
