import { requestIdRequestHeader } from "./load-context";

/**
 * What one HTTP request works out once for all its loaders (its session, its staff member).
 *
 * Remix hands each loader of a document request a Request object of its own (it copies the
 * request to strip `?index` and `_data`), so a memo keyed on the Request object alone lasts one
 * loader: the root loader and the page's loader each read the session again. server.ts therefore
 * opens a scope per incoming GET or HEAD request (`openRequestScope`, under the request id it writes
 * into every request's headers, never the client's) and closes it when the response is done.
 * Other requests get none: an action may change what it read (end the session, change the staff
 * member), and the loaders Remix runs after it in the same request must read afresh. A Request
 * that carries no open scope's id (those, tests that call a loader directly, a request built in
 * code) is its own scope.
 */
// Kept on globalThis, as the database is: server.ts opens the scopes, and the Remix build, which
// carries its own copy of this module, reads them.
const store = globalThis as typeof globalThis & { __samsynRequestScopes?: Map<string, Map<string, Promise<unknown>>> };
const scopes = (store.__samsynRequestScopes ??= new Map());
const ownScopes = new WeakMap<Request, Map<string, Promise<unknown>>>();

/**
 * Opens the scope of an incoming request (server.ts) when it is a GET or HEAD, and answers the
 * function that ends it and frees what it kept (call it when the response is done); other methods
 * get no scope (undefined).
 */
export function openRequestScope(requestId: string, method: string): (() => void) | undefined {
  if (method !== "GET" && method !== "HEAD") return undefined;
  scopes.set(requestId, new Map());
  return () => void scopes.delete(requestId);
}

function scopeOf(request: Request): Map<string, Promise<unknown>> {
  const id = request.headers.get(requestIdRequestHeader);
  const open = id ? scopes.get(id) : undefined;
  if (open) return open;
  let own = ownScopes.get(request);
  if (!own) {
    own = new Map();
    ownScopes.set(request, own);
  }
  return own;
}

/**
 * `compute()` once per request and `key`: every later call in the same request, from any of its
 * loaders, gets the same promise (a rejected one too: the request fails as a whole). The key
 * names what is computed and everything it depends on beyond the request (a user id …).
 */
export function oncePerRequest<T>(request: Request, key: string, compute: () => Promise<T>): Promise<T> {
  const scope = scopeOf(request);
  let value = scope.get(key) as Promise<T> | undefined;
  if (!value) {
    value = compute();
    scope.set(key, value);
  }
  return value;
}
