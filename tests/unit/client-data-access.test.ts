import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { getTableName, type Table } from "drizzle-orm";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { clientDataTables } from "~/access/client-data";

/**
 * The one door, by construction (docs/architecture.md, "The door"): no module outside app/access/
 * reads a client-data table. Writes (insert, update, delete) may happen elsewhere after the gate
 * allowed them; reads — `.from(table)`, joins, `db.query.<table>`, raw SQL naming the table — may
 * not. The exceptions are few, listed here, and justified in ADR 0015.
 */
const exceptions: Record<string, { tables: string[]; why: string }> = {
  "app/services/auth/client-auth.server.ts": {
    tables: ["clients", "cases"],
    why: "e-ID sign-in finds the person by the HMAC of their number before any session (and so any reader) exists",
  },
  "app/services/plan/reminders.server.ts": {
    tables: ["planActivities", "cases"],
    why: "the background job runner: the system sends follow-up reminders to responsible units, recorded as system events",
  },
  "scripts/support/load-world.ts": {
    tables: ["clients", "cases"],
    why: "npm run load adds its own clients and cases to a non-production database and lists them to aim its simulated users; it shows nobody anything",
  },
  "scripts/bench.ts": { tables: ["clients", "cases", "messages", "auditEvents"], why: "the benchmark seeds and inspects a throw-away database (it counts audit rows to prove its unaudited baseline writes none)" },
};

const tableNames = Object.keys(clientDataTables);
const sqlNames = Object.values(clientDataTables).map((table) => getTableName(table as Table));
const readingMethods = new Set(["from", "innerJoin", "leftJoin", "rightJoin", "fullJoin", "crossJoin", "innerJoinLateral", "leftJoinLateral"]);

export interface Finding {
  line: number;
  table: string;
  how: string;
}

/** Every read of a client-data table in one module's source. */
export function clientDataReads(source: string, fileName = "module.ts"): Finding[] {
  const file = ts.createSourceFile(fileName, source, ts.ScriptTarget.Latest, true, fileName.endsWith(".tsx") ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  // Local names bound to client-data tables by imports from the schema (`import { cases as c }` included).
  const bound = new Map<string, string>();
  for (const statement of file.statements) {
    if (!ts.isImportDeclaration(statement) || !ts.isStringLiteral(statement.moduleSpecifier)) continue;
    if (!/(^|\/)db\/schema(\/index)?(\.ts)?$|(^|\/)schema$/.test(statement.moduleSpecifier.text)) continue;
    const named = statement.importClause?.namedBindings;
    if (named && ts.isNamedImports(named)) {
      for (const element of named.elements) {
        const imported = (element.propertyName ?? element.name).text;
        if (tableNames.includes(imported)) bound.set(element.name.text, imported);
      }
    }
    if (named && ts.isNamespaceImport(named)) for (const table of tableNames) bound.set(`${named.name.text}.${table}`, table);
  }
  const findings: Finding[] = [];
  const lineOf = (node: ts.Node) => file.getLineAndCharacterOfPosition(node.getStart()).line + 1;
  const visit = (node: ts.Node) => {
    if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && readingMethods.has(node.expression.name.text)) {
      const first = node.arguments[0];
      const table = first && bound.get(first.getText(file));
      if (table) findings.push({ line: lineOf(node), table, how: `.${node.expression.name.text}(${first.getText(file)})` });
    }
    if (ts.isPropertyAccessExpression(node) && ts.isPropertyAccessExpression(node.expression) && node.expression.name.text === "query" && tableNames.includes(node.name.text)) {
      findings.push({ line: lineOf(node), table: node.name.text, how: `.query.${node.name.text}` });
    }
    if (ts.isTemplateExpression(node) || ts.isNoSubstitutionTemplateLiteral(node) || ts.isStringLiteral(node)) {
      const text = node.getText(file);
      for (const name of sqlNames) {
        if (new RegExp(`\\b(from|join)\\s+"?${name}"?\\b`, "i").test(text)) findings.push({ line: lineOf(node), table: name, how: "SQL text" });
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return findings;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return sourceFiles(full);
    return /\.(ts|tsx)$/.test(name) ? [full] : [];
  });
}

const modules = [...sourceFiles("app"), ...sourceFiles("scripts"), "server.ts"]
  .map((file) => path.relative(process.cwd(), file).split(path.sep).join("/"))
  .filter((file) => !file.startsWith("app/access/"));

describe("client data is read only through the gate", () => {
  it("names the client-data tables", () => {
    expect(tableNames).toEqual(expect.arrayContaining(["clients", "cases", "consents", "planActivities", "infoRequests", "auditEvents", "notifications"]));
  });

  it.each(modules.map((file) => [file]))("%s reads no client-data table outside app/access", (file) => {
    const allowed = exceptions[file]?.tables ?? [];
    const found = clientDataReads(readFileSync(file, "utf8"), file).filter((finding) => !allowed.includes(finding.table) && !allowed.includes(camel(finding.table)));
    expect(found).toEqual([]);
  });

  it("lists only exceptions that exist and still need it", () => {
    for (const [file, { tables }] of Object.entries(exceptions)) {
      const found = new Set(clientDataReads(readFileSync(file, "utf8"), file).map((finding) => finding.table));
      expect(tables.filter((table) => found.has(table) || found.has(snake(table))), file).toEqual(tables);
    }
  });

  it("catches each way of reading a table", () => {
    const sample = [
      'import { cases, clients as people, planActivities } from "../../db/schema";',
      'import * as schema from "../../../db/schema";',
      "await db().select().from(cases);",
      "await tx.select().from(orgUnits).innerJoin(people, eq(people.id, x));",
      "await tx.select().from(orgUnits).leftJoin(planActivities, on);",
      "await db().query.consents.findMany();",
      "await tx.select().from(schema.infoRequests);",
      'await handle.rows(sql`select * from audit_events where id = ${id}`);',
      "await tx.insert(cases).values(row);",
      "await tx.update(planActivities).set({ status }).where(eq(planActivities.id, id));",
    ].join("\n");
    expect(clientDataReads(sample).map((finding) => finding.table)).toEqual(["cases", "clients", "planActivities", "consents", "infoRequests", "audit_events"]);
  });
});

const camel = (name: string) => name.replace(/_(\w)/g, (_, letter: string) => letter.toUpperCase());
const snake = (name: string) => name.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);
