import { sql } from "drizzle-orm";
import type { Queryable } from "~/lib/db.server";
import { auditEventColumns, type AuditEventColumn } from "./digest";
import { rowsIn } from "./read.server";

/**
 * Whether the database still reads events the way PostgreSQL itself does (ADR 0014). The verifier
 * recomputes digests from the text the database hands it; a superuser who replaced the functions,
 * output functions or casts that make that text (one `CREATE OR REPLACE FUNCTION pg_catalog.…`
 * suffices) could show the verifier the original of an edited event. This catches that cheap
 * attack; one who replaces the server's C code is out of its reach (verify a base backup started
 * by a clean PostgreSQL then). Returns one line per problem, empty when all is PostgreSQL's own.
 */
export async function builtinProblems(q: Queryable): Promise<string[]> {
  return [...(await replacedFunctions(q)), ...(await changedColumns(q)), ...(await addedCasts(q))];
}

/** Every function the reads call, directly or as a type's output function, and its C symbol. */
const builtinFunctions: Record<string, string> = {
  "to_char(timestamp without time zone,text)": "timestamp_to_char",
  "timezone(text,timestamp with time zone)": "timestamptz_zone",
  "encode(bytea,text)": "binary_encode",
  "array_to_json(anyarray)": "array_to_json",
  "int8out(bigint)": "int8out",
  "int4out(integer)": "int4out",
  "uuid_out(uuid)": "uuid_out",
  "jsonb_out(jsonb)": "jsonb_out",
  "enum_out(anyenum)": "enum_out",
  "textout(text)": "textout",
  "int8gt(bigint,bigint)": "int8gt",
  "int8lt(bigint,bigint)": "int8lt",
  "int8le(bigint,bigint)": "int8le",
};

async function replacedFunctions(q: Queryable): Promise<string[]> {
  const signatures = Object.keys(builtinFunctions).map((signature) => `pg_catalog.${signature}`);
  const rows = await rowsIn<{ fn: string; lang: string; src: string }>(
    q,
    sql`select pg_catalog.format('%s(%s)', p.proname, pg_catalog.oidvectortypes(p.proargtypes)) as fn, l.lanname as lang, p.prosrc as src
        from pg_catalog.pg_proc p join pg_catalog.pg_language l on l.oid = p.prolang
        where p.pronamespace = 'pg_catalog'::pg_catalog.regnamespace
          and p.oid = any (${`{${signatures.map((signature) => `"${signature}"`).join(",")}}`}::pg_catalog.regprocedure[])`,
  );
  const found = new Map(rows.map((row) => [row.fn.replaceAll(", ", ","), row]));
  return Object.entries(builtinFunctions).flatMap(([signature, symbol]) => {
    const row = found.get(signature);
    if (row?.lang === "internal" && row.src === symbol) return [];
    return [`PostgreSQL's own function pg_catalog.${signature} was replaced${row ? ` (now ${row.lang}: ${row.src.trim().slice(0, 60)})` : ""}: the database may show the verifier other data than the app.`];
  });
}

/** The type of each digested column, and the output function that turns it into text. */
const columnTypes: Record<AuditEventColumn, string> = {
  id: "bigint",
  occurred_at: "timestamp with time zone",
  actor_type: "public.actor_type",
  actor_user_id: "text",
  actor_client_id: "uuid",
  organization_id: "uuid",
  unit_id: "uuid",
  role: "text",
  action: "text",
  outcome: "public.audit_outcome",
  reason: "text",
  client_id: "uuid",
  case_id: "uuid",
  resource_type: "text",
  resource_id: "text",
  category: "text",
  basis: "text",
  request_id: "text",
  details: "jsonb",
  reads: "jsonb",
};
const outputFunctions = new Set(["int8out", "timestamptz_out", "enum_out", "textout", "uuid_out", "jsonb_out"]);

async function changedColumns(q: Queryable): Promise<string[]> {
  const rows = await rowsIn<{ name: string; type: string; output: string }>(
    q,
    sql`select a.attname::text as name, pg_catalog.format_type(a.atttypid, null) as type, t.typoutput::text as output
        from pg_catalog.pg_attribute a join pg_catalog.pg_type t on t.oid = a.atttypid
        where a.attrelid = 'public.audit_events'::pg_catalog.regclass and a.attnum > 0 and not a.attisdropped`,
  );
  const byName = new Map(rows.map((row) => [row.name, row]));
  return auditEventColumns.flatMap((column) => {
    const row = byName.get(column);
    // format_type names types outside the search path with their schema (the verifier's is pg_catalog).
    if (row && row.type === columnTypes[column] && outputFunctions.has(row.output.replace(/^pg_catalog\./, ""))) return [];
    return [`Column audit_events.${column} is ${row ? `now of type ${row.type}` : "gone"}: the database may show the verifier other data than the app.`];
  });
}

async function addedCasts(q: Queryable): Promise<string[]> {
  const rows = await rowsIn<{ source: string }>(
    q,
    sql`select pg_catalog.format_type(c.castsource, null) as source from pg_catalog.pg_cast c
        where c.casttarget = 'pg_catalog.text'::pg_catalog.regtype
          and c.castsource in (select a.atttypid from pg_catalog.pg_attribute a where a.attrelid = 'public.audit_events'::pg_catalog.regclass and a.attnum > 0)`,
  );
  return rows.map((row) => `A cast from ${row.source} to text was added: the database may show the verifier other data than the app.`);
}
