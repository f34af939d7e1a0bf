import type { AppLoadContext } from "@remix-run/node";
import type { HttpFacts } from "~/access/actor";

declare module "@remix-run/node" {
  /** What server.ts hands every loader and action. */
  interface AppLoadContext {
    nonce: string;
    requestId: string;
    clientIp: string | undefined;
  }
}

export function httpFacts(context: AppLoadContext | undefined): HttpFacts {
  return { requestId: context?.requestId, clientIp: context?.clientIp };
}

/**
 * The same facts read from the request itself: server.ts overwrites these headers on every
 * incoming request (a client cannot set them), so the gates can build actors from the request.
 */
export const requestIdRequestHeader = "x-samsyn-request-id";
export const clientIpRequestHeader = "x-samsyn-client-ip";

export function httpFactsOf(request: Request): HttpFacts {
  return {
    requestId: request.headers.get(requestIdRequestHeader) ?? undefined,
    clientIp: request.headers.get(clientIpRequestHeader) ?? undefined,
  };
}
