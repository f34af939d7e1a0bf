import { createContext, useContext, type ReactNode } from "react";

/**
 * Per-request facts the server hands to rendering: the CSP nonce for inline scripts and
 * the request id that error pages show as a reference (it is also in the server log).
 */
export interface RequestMeta {
  nonce: string;
  requestId: string;
}

const RequestMetaContext = createContext<RequestMeta | undefined>(undefined);

export function RequestMetaProvider({ value, children }: { value: RequestMeta; children: ReactNode }) {
  return <RequestMetaContext.Provider value={value}>{children}</RequestMetaContext.Provider>;
}

// In the browser: the document's request id at first, then the id of the latest data
// request, which is the one a client-side error page is about.
let browserRequestId = "";

export function setBrowserRequestId(id: string | null | undefined): void {
  if (id) browserRequestId = id;
}

/** The nonce on the server; browsers hide nonces from the DOM, so the client renders none. */
export function useNonce(): string {
  return useContext(RequestMetaContext)?.nonce ?? "";
}

export function useRequestId(): string {
  return useContext(RequestMetaContext)?.requestId ?? browserRequestId;
}

export const requestIdHeader = "X-Request-Id";
export const requestIdMetaName = "samsyn-request-id";
