import { data } from "@remix-run/node";

/**
 * Errors are codes (docs/architecture.md, "A route"): a thrown `failure(status, code)` reaches the nearest error
 * boundary, which shows the translated text of `errors.codes.<code>`.
 */
export function failure(status: number, code: string, headers?: HeadersInit) {
  return data({ code }, { status, headers });
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
