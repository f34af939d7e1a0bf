import { data } from "@remix-run/node";
import { isDatabaseUnavailable, unavailableCode } from "./errors";
import { httpFactsOf } from "./load-context";
import { log } from "./log.server";

/**
 * Errors are codes (docs/architecture.md, "A route"): a thrown `failure(status, code)` reaches the nearest error
 * boundary, which shows the translated text of `errors.codes.<code>`.
 */
export function failure(status: number, code: string, headers?: HeadersInit) {
  return data({ code }, { status, headers });
}

/**
 * What a thrown `failure(status, code, headers)` says (Remix's `data()` result; a status of 500 when
 * it gives none, as Remix answers it thrown), or null for anything else.
 */
export function failureOf(thrown: unknown): { status: number; code: string | undefined; headers: HeadersInit | undefined } | null {
  const answer = thrown as { type?: unknown; data?: { code?: unknown } | null; init?: ResponseInit | null } | null;
  if (!answer || typeof answer !== "object" || answer.type !== "DataWithResponseInit") return null;
  const code = answer.data?.code;
  return { status: answer.init?.status ?? 500, code: typeof code === "string" ? code : undefined, headers: answer.init?.headers };
}

const loggedOutages = new Set<string>();

/** How long a browser or client is asked to wait before trying again during a database outage. */
const outageRetrySeconds = 30;

/**
 * A database outage as the translated 503 "try again" answer, logged once as a warning (an
 * outage is expected, not a bug); any other error unchanged. Nothing here touches cookies: an
 * outage never signs anyone out.
 */
export function outageAsFailure(error: unknown, request?: Request): unknown {
  if (!isDatabaseUnavailable(error)) return error;
  // The root loader and the route's loader each meet the outage: one line per request.
  const requestId = request ? httpFactsOf(request).requestId : undefined;
  if (!requestId || !loggedOutages.has(requestId)) {
    log.warn("Database unavailable", { requestId, path: request ? new URL(request.url).pathname : undefined, code: databaseErrorCode(error) });
  }
  if (requestId) {
    loggedOutages.add(requestId);
    // Insertion order: the oldest id goes first; a few hundred cover the requests in flight.
    if (loggedOutages.size > 500) loggedOutages.delete(loggedOutages.values().next().value!);
  }
  return failure(503, unavailableCode, { "Retry-After": String(outageRetrySeconds) });
}

/** Runs `work`; a database outage on the way becomes the 503 answer (see outageAsFailure). */
export async function unlessOutage<T>(request: Request, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw outageAsFailure(error, request);
  }
}

function databaseErrorCode(error: unknown): string | undefined {
  for (let at: unknown = error, depth = 0; at && typeof at === "object" && depth < 5; depth++) {
    const { code, message, errors, cause } = at as { code?: unknown; message?: unknown; errors?: unknown[]; cause?: unknown };
    if (typeof code === "string") return code;
    if (message === "PGlite is closed") return "PGLITE_CLOSED";
    at = Array.isArray(errors) ? errors[0] : cause;
  }
  return undefined;
}

export const maxFormBytes = 64 * 1024;

/** Reads a urlencoded or multipart form, refusing oversized or malformed bodies with 400. */
export async function readForm(request: Request, limit = maxFormBytes): Promise<FormData> {
  const type = request.headers.get("Content-Type") ?? "";
  if (!/^(application\/x-www-form-urlencoded|multipart\/form-data)\b/i.test(type)) {
    throw failure(400, "form.malformed");
  }
  const declared = Number(request.headers.get("Content-Length") ?? "0");
  if (declared > limit) throw failure(400, "form.too_large");
  const body = await readBody(request, limit);
  try {
    return await new Request(request.url, { method: "POST", headers: { "Content-Type": type }, body }).formData();
  } catch {
    throw failure(400, "form.malformed");
  }
}

/**
 * The body, read chunk by chunk: a chunked body has no Content-Length, so the limit is
 * counted as bytes arrive and nothing past it is read or kept.
 */
async function readBody(request: Request, limit: number): Promise<Uint8Array<ArrayBuffer>> {
  if (!request.body) return new Uint8Array(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const next = await reader.read().catch(() => {
      throw failure(400, "form.malformed");
    });
    if (next.done) break;
    size += next.value.byteLength;
    if (size > limit) {
      // Released, not cancelled: cancelling destroys the Node request and with it the socket,
      // so the client would get a reset instead of the 400. Unread, the stream stays paused.
      reader.releaseLock();
      throw failure(400, "form.too_large");
    }
    chunks.push(next.value);
  }
  const body = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return body;
}

/** The text value of a form field, or "" (files and missing fields alike). */
export function field(form: FormData, name: string): string {
  const value = form.get(name);
  return typeof value === "string" ? value : "";
}
