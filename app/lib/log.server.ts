/**
 * Structured log lines (one JSON object per line) on stdout and stderr. Never pass
 * client data here: log ids and codes, not names or personal identity numbers.
 */
type Fields = Record<string, unknown>;

function write(stream: NodeJS.WriteStream, level: string, message: string, fields: Fields) {
  stream.write(JSON.stringify({ time: new Date().toISOString(), level, message, ...fields }) + "\n");
}

export const log = {
  info: (message: string, fields: Fields = {}) => write(process.stdout, "info", message, fields),
  warn: (message: string, fields: Fields = {}) => write(process.stderr, "warn", message, fields),
  error: (message: string, fields: Fields = {}) => write(process.stderr, "error", message, fields),
};

export function errorFields(error: unknown): Fields {
  return error instanceof Error ? { error: error.message, stack: error.stack } : { error: String(error) };
}
