import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

// Routes are thin: data goes through services and the gate (docs/architecture.md), so a route module
// may not import the database client, Drizzle or postgres.js itself.
const routesDir = path.resolve("app/routes");
const forbidden = [/^drizzle-orm(\/|$)/, /^postgres(\/|$)/, /^@electric-sql\/pglite/, /(^|\/)db\.server(\.ts)?$/, /^~\/lib\/db\.server/];

function routeFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? routeFiles(path.join(dir, entry.name)) : [path.join(dir, entry.name)],
  );
}

export function importsOf(source: string): string[] {
  const specifiers = [
    ...source.matchAll(/\bimport\s+(?:type\s+)?(?:[^'"]*?\s+from\s+)?["']([^"']+)["']/g),
    ...source.matchAll(/\bexport\s+[^'"]*?\s+from\s+["']([^"']+)["']/g),
    ...source.matchAll(/\bimport\s*\(\s*["']([^"']+)["']\s*\)/g),
  ];
  return specifiers.map((match) => match[1]!);
}

describe("route modules", () => {
  const files = routeFiles(routesDir);

  it("exist", () => {
    expect(files.length).toBeGreaterThan(0);
  });

  it.each(files.map((file) => [path.relative(process.cwd(), file), file]))("%s reaches no database directly", (_name, file) => {
    const bad = importsOf(readFileSync(file, "utf8")).filter((specifier) => forbidden.some((rule) => rule.test(specifier)));
    expect(bad).toEqual([]);
  });

  it("the check itself catches each forbidden import form", () => {
    const sample = [
      'import { db } from "~/lib/db.server";',
      "import { eq } from 'drizzle-orm';",
      'import postgres from "postgres";',
      'const m = await import("drizzle-orm/pg-core");',
      'export { db } from "../lib/db.server";',
    ].join("\n");
    const caught = importsOf(sample).filter((specifier) => forbidden.some((rule) => rule.test(specifier)));
    expect(caught).toHaveLength(5);
  });
});
