/**
 * Structured log lines (one JSON object per line) on stdout and stderr. Never pass
 * client data here: log ids and codes, not names or personal identity numbers.
 *
 * Levels: `error` for what needs a developer (a bug, a failure nobody expected); `warn` for
 * what is expected to happen now and then and needs no fix in the code (the database or the
 * e-ID broker out of reach, a refused cross-site request); `info` for the rest.
 */
type Fields = Record<string, unknown>;

function write(stream: NodeJS.WriteStream, level: string, message: string, fields: Fields) {
  stream.write(serialise({ time: new Date().toISOString(), level, message, ...fields }) + "\n");
}

export const log = {
  info: (message: string, fields: Fields = {}) => write(process.stdout, "info", message, fields),
  warn: (message: string, fields: Fields = {}) => write(process.stderr, "warn", message, fields),
  error: (message: string, fields: Fields = {}) => write(process.stderr, "error", message, fields),
};

/**
 * An error as log fields: for an Error its message, name, code, stack and cause; for anything
 * else (a plain object a library rejected with, a thrown response) the value itself as JSON —
 * never "[object Object]".
 */
export function errorFields(error: unknown): Fields {
  if (error instanceof Error) {
    const { code } = error as { code?: unknown };
    return {
      error: error.message,
      errorName: error.name,
      ...(code !== undefined ? { code } : {}),
      stack: error.stack,
      ...(error.cause !== undefined ? { cause: describe(error.cause) } : {}),
      // Node's "connect ECONNREFUSED" to a name with two addresses: an empty message, the reasons inside.
      ...(error instanceof AggregateError ? { errors: error.errors.map(describe) } : {}),
    };
  }
  if (error instanceof Response) return { error: "Response", status: error.status };
  return { error: describe(error) };
}

/** A value JSON can hold: Errors as their parts, strings and plain data as they are. */
function describe(value: unknown): unknown {
  if (value instanceof Error) {
    const { code } = value as { code?: unknown };
    return { name: value.name, message: value.message, ...(code !== undefined ? { code } : {}), ...(value.cause !== undefined ? { cause: describe(value.cause) } : {}) };
  }
  return value;
}

/** JSON.stringify that keeps Errors nested in fields, and survives bigints and cycles. */
function serialise(entry: Fields): string {
  const seen = new WeakSet<object>();
  return JSON.stringify(entry, (_key, value: unknown) => {
    if (typeof value === "bigint") return value.toString();
    if (value && typeof value === "object") {
      // Also a value met twice: a log line has no use for the second copy.
      if (seen.has(value)) return "[Circular]";
      seen.add(value);
    }
    if (value instanceof Error) {
      const cause = value.cause !== undefined ? { cause: value.cause } : {};
      return { name: value.name, message: value.message, ...(value as object), ...cause, stack: value.stack };
    }
    return value;
  });
}
