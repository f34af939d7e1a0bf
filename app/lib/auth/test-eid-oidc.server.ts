import type { IncomingMessage, ServerResponse } from "node:http";

/**
 * oidc-provider's storage contract kept in this process's memory, which is all a dev provider
 * needs. Our own rather than the library's, whose start-up warning is meant for production.
 * Expired entries are dropped when read or when something new is stored, so no timers run.
 */
export function memoryAdapter() {
  type Entry = { payload: Record<string, unknown>; expiresAt: number };
  const grantable = new Set(["AccessToken", "AuthorizationCode", "RefreshToken", "DeviceCode", "BackchannelAuthenticationRequest"]);
  const store = new Map<string, Entry>();

  function live(key: string | undefined): Entry | undefined {
    if (key === undefined) return undefined;
    const entry = store.get(key);
    if (entry && entry.expiresAt <= Date.now()) {
      store.delete(key);
      return undefined;
    }
    return entry;
  }

  function sweep() {
    const now = Date.now();
    for (const [key, entry] of store) if (entry.expiresAt <= now) store.delete(key);
  }

  return (model: string) => {
    const key = (id: string) => `${model}:${id}`;
    const findKey = (field: string, value: string) => {
      for (const [k, entry] of store) {
        if (k.startsWith(`${model}:`) && entry.payload[field] === value && live(k)) return k;
      }
      return undefined;
    };
    return {
      async upsert(id: string, payload: Record<string, unknown>, expiresIn?: number) {
        sweep();
        store.set(key(id), { payload, expiresAt: expiresIn ? Date.now() + expiresIn * 1000 : Infinity });
      },
      async find(id: string) {
        return live(key(id))?.payload;
      },
      async findByUid(uid: string) {
        return live(findKey("uid", uid))?.payload;
      },
      async findByUserCode(userCode: string) {
        return live(findKey("userCode", userCode))?.payload;
      },
      async consume(id: string) {
        const entry = live(key(id));
        if (entry) entry.payload.consumed = Math.floor(Date.now() / 1000);
      },
      async destroy(id: string) {
        store.delete(key(id));
      },
      async revokeByGrantId(grantId: string) {
        for (const [k, entry] of store) {
          if (grantable.has(k.slice(0, k.indexOf(":"))) && entry.payload.grantId === grantId) store.delete(k);
        }
      },
    };
  };
}

// The few parts of oidc-provider 9 used here (it ships no type declarations).
export interface KoaContext {
  type: string;
  body: unknown;
  query?: Record<string, unknown>;
  set(name: string, value: string): void;
  oidc?: { params?: Record<string, unknown>; result?: { login?: unknown } };
}

export interface OidcInteraction {
  uid: string;
  params: Record<string, unknown>;
  session?: { uid: string; accountId: string };
}

export interface OidcSession {
  accountId?: string;
  loginTs?: number;
  acr?: string;
  amr?: string[];
  authorizations?: unknown;
  persist(): Promise<unknown>;
}

export interface OidcGrant {
  addOIDCScope(scope: string): void;
  addOIDCClaims(claims: string[]): void;
  save(): Promise<string>;
}

export type InteractionResult =
  | { login: { accountId: string; remember?: boolean }; consent: { grantId: string } }
  | { error: string; error_description?: string };

export interface OidcProvider {
  callback(): (req: IncomingMessage, res: ServerResponse) => void;
  on(event: string, listener: (...args: unknown[]) => void): void;
  interactionDetails(req: IncomingMessage, res: ServerResponse): Promise<OidcInteraction>;
  interactionResult(
    req: IncomingMessage,
    res: ServerResponse,
    result: InteractionResult,
    options: { mergeWithLastSubmission: boolean },
  ): Promise<string>;
  interactionFinished(
    req: IncomingMessage,
    res: ServerResponse,
    result: InteractionResult,
    options: { mergeWithLastSubmission: boolean },
  ): Promise<void>;
  Grant: new (init: { accountId: string; clientId: string }) => OidcGrant;
  Session: { findByUid(uid: string): Promise<OidcSession | undefined> };
}

export interface OidcCheck {
  readonly reason: string;
}

export interface OidcModule {
  Provider: new (issuer: string, configuration: Record<string, unknown>) => OidcProvider;
  interactionPolicy: {
    base(): { get(name: string): { checks: { add(check: OidcCheck): void } } | undefined };
    Check: {
      new (reason: string, description: string, error: string, check: (ctx: KoaContext) => boolean): OidcCheck;
      REQUEST_PROMPT: boolean;
      NO_NEED_TO_PROMPT: boolean;
    };
  };
}
