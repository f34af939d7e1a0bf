import { sql, type SQL } from "drizzle-orm";
import type { AnyPgColumn } from "drizzle-orm/pg-core";
import { driverClientOf, type Queryable } from "./db.server";

/** What drizzle's `.prepare()` gives: the query's SQL text and parameters, built once. */
interface Prepared<R> {
  execute(values?: Record<string, unknown>): Promise<R>;
}

/** A drizzle query (select, insert …) that can be prepared. */
export interface Preparable<R> {
  prepare(name: string): Prepared<R>;
}

/**
 * A query whose SQL text drizzle builds once per process instead of on every call (ADR 0026).
 *
 * drizzle builds a query by walking its columns and conditions on every call: about 0.1 ms of CPU
 * per select, 1.5 ms of a case page's 13. `build` writes the query once with
 * `sql.placeholder("name")` where values go; the result runs it on the connection or transaction
 * it is given, with `values` filling the placeholders (drizzle's own `.prepare()` and placeholders).
 * Rows come back mapped through the columns as usual, but values go to the driver as given,
 * without a column's encoder: a time as an ISO 8601 string, not a Date.
 *
 * drizzle binds a prepared query to the connection it was prepared on and has no way to run it on
 * another transaction yet (drizzle-team/drizzle-orm#2826, open). Both drivers' prepared queries
 * (postgres.js and PGlite) hold that connection as `client`, and so does every drizzle session:
 * each call runs a view of the prepared query with the caller's `client`.
 * tests/integration/statement.test.ts fails if a drizzle update changes that.
 *
 * A list of values goes in as one array: `sql\`${column} = any(${sql.placeholder("ids")})\``
 * (drizzle's `inArray` writes one parameter per value, a new SQL text for each length).
 *
 * Throws drizzle's error when a placeholder has no value, and the database's errors as they come.
 */
export function statement<R>(build: (db: Queryable) => Preparable<R>): (db: Queryable, values?: Record<string, unknown>) => Promise<R> {
  let prepared: Prepared<R> | undefined;
  return (db, values) => {
    prepared ??= build(db).prepare("");
    const on: Prepared<R> = Object.create(prepared, { client: { value: driverClientOf(db) } });
    return on.execute(values);
  };
}

/**
 * `column = any($name)`: the column equals one of a list given as one array value, for
 * `statement` (one SQL text for any number of values; an empty list matches nothing).
 */
export const anyOf = (column: AnyPgColumn, name: string): SQL => sql`${column} = any(${sql.placeholder(name)})`;
