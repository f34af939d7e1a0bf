import { createHmac } from "node:crypto";
import { createCookie } from "@remix-run/node";
import * as oidc from "openid-client";
import { getEnv } from "../env.server";
import { DomainError } from "../errors";
import { errorFields, log } from "../log.server";
import { safeReturnTo } from "../safe-redirect";
import { sha256 } from "./tokens.server";

/**
 * Client sign-in with e-legitimation through OpenID Connect (authorization code flow with
 * PKCE, state and nonce; openid-client). The broker is OIDC_ISSUER, or, when that is unset,
 * the bundled test e-ID provider that server.ts starts and registers here.
 */
export const personalIdentityNumberClaim = "https://id.oidc.se/claim/personalIdentityNumber";

export interface EidSettings {
  issuer: string;
  clientId: string;
  clientSecret: string;
}

// Shared through globalThis: server.ts registers the test provider, the Remix build reads it.
const store = globalThis as typeof globalThis & { __samsynEid?: EidSettings | Promise<EidSettings> };

/**
 * The broker to use instead of the OIDC_* variables' (the bundled test provider), or undefined for
 * those. A promise may stand for a provider still starting: a sign-in meanwhile waits for it.
 */
export function useEidProvider(settings: EidSettings | Promise<EidSettings> | undefined): void {
  store.__samsynEid = settings;
  configurations.clear();
}

/**
 * The broker to use. None configured (no OIDC_* variables and no bundled test provider started,
 * e.g. a process that is not server.ts) is an operator's error, logged as one; the person signing
 * in gets the same 503 `eid.unavailable` "try again" page as for a broker that is down.
 */
async function settings(): Promise<EidSettings> {
  const configured = (await store.__samsynEid) ?? getEnv().oidc;
  if (!configured) {
    log.error("No e-ID provider: set OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET");
    throw new DomainError("eid.unavailable", 503);
  }
  return configured;
}

const configurations = new Map<string, Promise<oidc.Configuration>>();
async function configuration(): Promise<oidc.Configuration> {
  const { issuer, clientId, clientSecret } = await settings();
  let found = configurations.get(issuer);
  if (!found) {
    const insecure = issuer.startsWith("http:") ? { execute: [oidc.allowInsecureRequests] } : undefined;
    found = oidc.discovery(new URL(issuer), clientId, clientSecret, undefined, insecure);
    found.catch(() => configurations.delete(issuer));
    configurations.set(issuer, found);
  }
  return found;
}

/**
 * The broker's configuration, or — when the broker cannot be reached or answers nonsense — a
 * 503 `eid.unavailable` for the page to translate ("try again in a while"): the broker is down,
 * not Samsyn. Logged as a warning, with the issuer and the error's parts.
 */
async function reachableConfiguration(): Promise<oidc.Configuration> {
  const { issuer } = await settings();
  try {
    return await configuration();
  } catch (error) {
    log.warn("e-ID broker unreachable", { issuer, ...errorFields(error) });
    throw new DomainError("eid.unavailable", 503);
  }
}

/** Holds the flow's secrets between the redirect out and the callback: signed, HttpOnly, 10 minutes. */
function flowCookie() {
  const secret = createHmac("sha256", getEnv().hmacKey).update("samsyn:eid-flow-cookie").digest("base64");
  return createCookie(getEnv().nodeEnv === "production" ? "__Host-samsyn-eid-flow" : "samsyn-eid-flow", {
    httpOnly: true,
    sameSite: "lax",
    secure: getEnv().nodeEnv === "production",
    path: "/",
    maxAge: 600,
    secrets: [secret],
  });
}

interface Flow {
  verifier: string;
  state: string;
  nonce: string;
  returnTo: string;
  /** Set when this authentication signs a consent rather than signing in. */
  signingId?: string;
}

const callbackUrl = (request: Request) => new URL("/auth/eid/callback", request.url).toString();

/** The broker's sign-in address and the cookie that remembers this attempt. */
export async function startEidSignIn(
  request: Request,
  options: { returnTo: string; language: string; forceLogin?: boolean; signingId?: string },
): Promise<{ url: string; cookie: string }> {
  const config = await reachableConfiguration();
  const flow: Flow = {
    verifier: oidc.randomPKCECodeVerifier(),
    state: oidc.randomState(),
    nonce: oidc.randomNonce(),
    returnTo: safeReturnTo(options.returnTo, "/me"),
    ...(options.signingId ? { signingId: options.signingId } : {}),
  };
  const url = oidc.buildAuthorizationUrl(config, {
    redirect_uri: callbackUrl(request),
    scope: "openid profile",
    code_challenge: await oidc.calculatePKCECodeChallenge(flow.verifier),
    code_challenge_method: "S256",
    state: flow.state,
    nonce: flow.nonce,
    ui_locales: options.language,
    ...(options.forceLogin ? { prompt: "login", max_age: "0" } : {}),
  });
  return { url: url.toString(), cookie: await flowCookie().serialize(flow) };
}

export interface EidIdentity {
  personnummer: string;
  givenName: string;
  familyName: string;
  /** When the person authenticated (the ID token's auth_time); null when the provider did not say. */
  authTime: Date | null;
  /** A reference to the ID token (its SHA-256), kept instead of the token. */
  idTokenRef: string;
  returnTo: string;
  signingId: string | undefined;
}

export class EidSignInError extends Error {
  constructor(readonly reason: "cancelled" | "no_flow" | "rejected") {
    super(`e-ID sign-in failed: ${reason}`);
  }
}

/** Completes the flow at the callback: checks state, nonce and PKCE, and reads the ID token. */
export async function finishEidSignIn(request: Request): Promise<{ identity: EidIdentity; clearCookie: string }> {
  const cookie = flowCookie();
  const clearCookie = await cookie.serialize("", { maxAge: 0 });
  const url = new URL(request.url);
  if (url.searchParams.get("error")) throw new EidSignInError("cancelled");
  const flow = (await cookie.parse(request.headers.get("Cookie"))) as Flow | null;
  if (!flow?.verifier) throw new EidSignInError("no_flow");
  let tokens: Awaited<ReturnType<typeof oidc.authorizationCodeGrant>>;
  try {
    const current = new URL(callbackUrl(request));
    current.search = url.search;
    tokens = await oidc.authorizationCodeGrant(await configuration(), current, {
      pkceCodeVerifier: flow.verifier,
      expectedState: flow.state,
      expectedNonce: flow.nonce,
      idTokenExpected: true,
    });
  } catch (error) {
    // The broker refused the code, or could not be reached: the page says "try again" either way.
    log.warn("e-ID sign-in rejected", errorFields(error));
    throw new EidSignInError("rejected");
  }
  const claims = tokens.claims()!;
  const personnummer = claims[personalIdentityNumberClaim];
  if (typeof personnummer !== "string") throw new EidSignInError("rejected");
  return {
    clearCookie,
    identity: {
      personnummer,
      givenName: String(claims.given_name ?? ""),
      familyName: String(claims.family_name ?? ""),
      // Never invented: a signature must prove a fresh authentication, and without auth_time it cannot.
      authTime: typeof claims.auth_time === "number" ? new Date(claims.auth_time * 1000) : null,
      idTokenRef: sha256(tokens.id_token!),
      returnTo: flow.returnTo,
      signingId: flow.signingId,
    },
  };
}
