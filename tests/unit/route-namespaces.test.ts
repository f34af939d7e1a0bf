import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { defaultNS, isNamespace } from "~/i18n/config";

/**
 * The browser gets only the namespaces the matched routes declare in `handle.i18n` (ADR 0024), so
 * a route that forgets one shows raw keys after a client navigation. This reads each page route and
 * every module it imports for the browser (not `.server` ones, not `import type`) and collects the
 * namespaces they translate with: `useTranslation("ns")`, `useErrorText("ns", …)`, `"ns:key"`,
 * `{ ns: "ns" }`. The route must declare exactly those (common is always there), no more.
 */
const app = path.resolve("app");
const routesDir = path.join(app, "routes");

function resolveImport(from: string, specifier: string): string | null {
  const base = specifier.startsWith("~/") ? path.join(app, specifier.slice(2)) : specifier.startsWith(".") ? path.resolve(path.dirname(from), specifier) : null;
  if (!base) return null;
  for (const candidate of [base, `${base}.ts`, `${base}.tsx`, path.join(base, "index.ts"), path.join(base, "index.tsx")]) {
    if (/\.(ts|tsx)$/.test(candidate) && existsSync(candidate)) return candidate;
  }
  return null;
}

const usedIn = new Map<string, Set<string>>();
function namespacesOf(file: string, seen = new Set<string>()): Set<string> {
  const found = new Set<string>();
  if (seen.has(file)) return found;
  seen.add(file);
  const code = readFileSync(file, "utf8");
  const patterns = [
    /useTranslation\(\s*"(\w+)"/g,
    /useErrorText\(\s*"(\w+)"/g,
    /["'`](\w+):[a-zA-Z][\w.]*["'`]/g,
    /\bns:\s*"(\w+)"/g,
  ];
  for (const pattern of patterns) for (const match of code.matchAll(pattern)) if (isNamespace(match[1])) found.add(match[1]);
  for (const match of code.matchAll(/useTranslation\(\s*\[([^\]]*)\]/g)) for (const ns of match[1]!.matchAll(/"(\w+)"/g)) if (isNamespace(ns[1])) found.add(ns[1]);
  usedIn.set(file, new Set(found));
  for (const match of code.matchAll(/^import\s+(?!type\b)[^;]*?from\s+"([^"]+)"/gm)) {
    const target = resolveImport(file, match[1]!);
    if (!target || /\.server\.tsx?$/.test(target)) continue;
    for (const ns of namespacesOf(target, seen)) found.add(ns);
  }
  return found;
}

function declared(file: string): string[] | null {
  const code = readFileSync(file, "utf8");
  const handle = /export const handle = \{([^}]*)\}/.exec(code)?.[1];
  const list = handle ? /i18n:\s*\[([^\]]*)\]/.exec(handle)?.[1] : undefined;
  return list === undefined ? null : [...list.matchAll(/"(\w+)"/g)].map((match) => match[1]!);
}

const pages = readdirSync(routesDir)
  .filter((name) => /\.tsx?$/.test(name))
  .map((name) => path.join(routesDir, name))
  .filter((file) => /^export default function/m.test(readFileSync(file, "utf8")));

describe("route namespaces", () => {
  it("finds the page routes", () => {
    expect(pages.length).toBeGreaterThan(30);
  });

  it.each([path.join(app, "root.tsx"), ...pages].map((file) => [path.relative(app, file), file]))("%s declares the namespaces it translates with", (_name, file) => {
    const used = [...namespacesOf(file)].filter((ns) => ns !== defaultNS).sort();
    expect(declared(file)?.sort() ?? [], `${path.relative(app, file)}: export const handle = { i18n: ${JSON.stringify(used)} }`).toEqual(used);
  });

  it("sees a namespace a component uses, through the component's import", () => {
    // The login page's words are auth's; its Alert and Field use none of their own.
    expect([...namespacesOf(path.join(routesDir, "login._index.tsx"))]).toContain("auth");
    // The header's navigation (root) is auth's only (with common): no capability's namespace.
    expect([...namespacesOf(path.join(app, "components/layout/SiteHeader.tsx"))]).toEqual(["auth"]);
    // A namespace named in a key, through a hook: the message form's errors are messages'.
    expect([...namespacesOf(path.join(app, "components/messages/MessageForm.tsx"))]).toContain("messages");
  });
});
