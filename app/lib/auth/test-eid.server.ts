/**
 * A local OpenID Connect provider that plays "test e-ID" for development, tests and the demo.
 * In production a broker for BankID/Freja answers instead; the claims here follow the same
 * Sweden Connect profile so that the client code cannot tell the difference.
 *
 * Like BankID there is no single sign-on: every authorization request shows the sign page.
 * Never start this in production: anyone can sign in as any test person.
 */
import { createHash, generateKeyPairSync, randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
// @ts-expect-error -- oidc-provider 9 ships no type declarations; the parts used are typed below.
import * as oidcProvider from "oidc-provider";
import { errorFields, log } from "../log.server";
import { parsePersonnummer } from "../personnummer";
import {
  memoryAdapter,
  type KoaContext,
  type OidcProvider,
  type OidcModule,
} from "./test-eid-oidc.server";
import {
  pickLang,
  renderErrorPage,
  renderExpiredPage,
  renderLoggedOutPage,
  renderLogoutPage,
  renderSignPage,
  type Lang,
  type SignError,
} from "./test-eid-page.server";

export interface TestPerson {
  /** 12 digits, e.g. "198804129826". */
  personnummer: string;
  givenName: string;
  familyName: string;
}

export interface TestEidOptions {
  /** 0 = any free port. */
  port: number;
  clientId: string;
  clientSecret: string;
  redirectUris: string[];
  postLogoutRedirectUris?: string[];
  /** Offered as choices on the sign page. */
  persons: TestPerson[];
}

export interface TestEidProvider {
  issuer: string;
  port: number;
  close(): Promise<void>;
}

export const personalIdentityNumberClaim = "https://id.oidc.se/claim/personalIdentityNumber";
const naturalPersonNumberScope = "https://id.oidc.se/scope/naturalPersonNumber";

/** The scopes this provider knows, with the claims each one releases. */
const claimsByScope: Record<string, string[]> = {
  openid: ["sub"],
  profile: ["name", "given_name", "family_name", personalIdentityNumberClaim],
  [naturalPersonNumberScope]: [personalIdentityNumberClaim],
};

/** A stable opaque subject: the same test person gets the same `sub` on every run. */
export function testEidSubject(personnummer: string): string {
  return createHash("sha256").update(`samsyn-test-eid:${personnummer}`).digest("hex");
}

/** Starts the provider on 127.0.0.1; its issuer is http://localhost:<port>. */
export async function startTestEidProvider(options: TestEidOptions): Promise<TestEidProvider> {
  let handle: (req: IncomingMessage, res: ServerResponse) => void = (_req, res) => {
    res.statusCode = 503;
    res.end();
  };
  const server = createServer((req, res) => handle(req, res));
  await listen(server, options.port);
  const port = (server.address() as AddressInfo).port;
  const issuer = `http://localhost:${port}`;

  const accounts = new Map<string, TestPerson>();
  for (const person of options.persons) accounts.set(testEidSubject(person.personnummer), person);

  // The form posts to us, and the redirects that follow it end at the client: CSP form-action
  // covers the whole redirect chain, so every origin on it must be listed.
  const formOrigins = new Set([issuer]);
  for (const uri of [...options.redirectUris, ...(options.postLogoutRedirectUris ?? [])]) {
    formOrigins.add(new URL(uri).origin);
  }

  const provider = createProvider(issuer, options, accounts, [...formOrigins]);
  const interactions = interactionHandlers(provider, options, accounts, [...formOrigins]);
  const oidcCallback = provider.callback();

  handle = (req, res) => {
    const url = new URL(req.url ?? "/", issuer);
    const match = /^\/interaction\/([\w-]+)(\/login|\/abort)?$/.exec(url.pathname);
    if (!match) {
      oidcCallback(req, res);
      return;
    }
    const [, uid = "", action] = match;
    const route = async () => {
      if (req.method === "GET" && !action) return interactions.show(req, res, uid, url);
      if (req.method === "POST" && action === "/login") return interactions.sign(req, res, uid);
      if (req.method === "POST" && action === "/abort") return interactions.cancel(req, res, uid);
      methodNotAllowed(res, action ? "POST" : "GET");
    };
    route().catch((error: unknown) => {
      log.error("test-eid: interaction failed", errorFields(error));
      if (!res.headersSent) {
        res.statusCode = 500;
        res.end();
      }
    });
  };

  return {
    issuer,
    port,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

function listen(server: Server, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
}

function createProvider(
  issuer: string,
  options: TestEidOptions,
  accounts: Map<string, TestPerson>,
  formOrigins: string[],
): OidcProvider {
  const { Provider, interactionPolicy } = oidcProvider as unknown as OidcModule;
  const { Check } = interactionPolicy;

  // No single sign-on, as with BankID: the login prompt is always requested until this very
  // authorization request has a login result.
  const policy = interactionPolicy.base();
  policy.get("login")?.checks.add(
    // The error is named here: a check added after the prompt is built gets no default.
    new Check("fresh_signature", "every sign-in needs a new signature", "login_required", (ctx) =>
      ctx.oidc?.result?.login ? Check.NO_NEED_TO_PROMPT : Check.REQUEST_PROMPT,
    ),
  );

  const signingKey = {
    ...generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey.export({ format: "jwk" }),
    kid: randomBytes(8).toString("hex"),
    alg: "RS256",
    use: "sig",
  };

  const provider = new Provider(issuer, {
    adapter: memoryAdapter(),
    jwks: { keys: [signingKey] },
    cookies: { keys: [randomBytes(32).toString("base64url")] },
    clients: [
      {
        client_id: options.clientId,
        client_secret: options.clientSecret,
        application_type: "web",
        redirect_uris: options.redirectUris,
        post_logout_redirect_uris: options.postLogoutRedirectUris ?? [],
        response_types: ["code"],
        grant_types: ["authorization_code"],
        token_endpoint_auth_method: "client_secret_basic",
        id_token_signed_response_alg: "RS256",
        require_auth_time: true,
      },
    ],
    // client_secret_post is accepted too: oidc-provider treats the two secret methods alike.
    clientAuthMethods: ["client_secret_basic", "client_secret_post"],
    responseTypes: ["code"],
    pkce: { required: () => true },
    scopes: ["openid"],
    claims: claimsByScope,
    // Put the profile claims in the ID token itself, as the Sweden Connect profile does.
    conformIdTokenClaims: false,
    discovery: { ui_locales_supported: ["sv", "en"] },
    interactions: {
      policy,
      url: (_ctx: unknown, interaction: { uid: string }) => `/interaction/${interaction.uid}`,
    },
    features: {
      devInteractions: { enabled: false },
      rpInitiatedLogout: {
        enabled: true,
        logoutSource: async (ctx: KoaContext, form: string) => {
          const nonce = pageNonce();
          setPageHeaders((name, value) => ctx.set(name, value), nonce, formOrigins);
          ctx.type = "html";
          ctx.body = renderLogoutPage(langOf(ctx), nonce, form);
        },
        postLogoutSuccessSource: async (ctx: KoaContext) => {
          const nonce = pageNonce();
          setPageHeaders((name, value) => ctx.set(name, value), nonce, formOrigins);
          ctx.type = "html";
          ctx.body = renderLoggedOutPage(langOf(ctx), nonce);
        },
      },
    },
    renderError: async (ctx: KoaContext, out: Record<string, unknown>) => {
      const nonce = pageNonce();
      setPageHeaders((name, value) => ctx.set(name, value), nonce, formOrigins);
      ctx.type = "html";
      ctx.body = renderErrorPage(langOf(ctx), nonce, out);
    },
    clientBasedCORS: () => false,
    findAccount: async (_ctx: unknown, sub: string) => {
      const person = accounts.get(sub);
      if (!person) return undefined;
      return {
        accountId: sub,
        claims: async () => ({
          sub,
          name: `${person.givenName} ${person.familyName}`,
          given_name: person.givenName,
          family_name: person.familyName,
          [personalIdentityNumberClaim]: person.personnummer,
        }),
      };
    },
    ttl: { AccessToken: 600, AuthorizationCode: 60, IdToken: 600, Interaction: 900, Session: 3600, Grant: 3600 },
  });

  provider.on("server_error", (_ctx: unknown, error: unknown) => {
    log.error("test-eid: server error", errorFields(error));
  });
  return provider;
}

/** GET shows the sign page; POST /login signs in; POST /abort cancels. */
function interactionHandlers(
  provider: OidcProvider,
  options: TestEidOptions,
  accounts: Map<string, TestPerson>,
  formOrigins: string[],
) {
  async function details(req: IncomingMessage, res: ServerResponse, uid: string) {
    try {
      const interaction = await provider.interactionDetails(req, res);
      return interaction.uid === uid ? interaction : undefined;
    } catch (error) {
      if (error instanceof Error && error.name === "SessionNotFound") return undefined;
      throw error;
    }
  }

  function sendHtml(res: ServerResponse, status: number, render: (nonce: string) => string) {
    const nonce = pageNonce();
    setPageHeaders((name, value) => res.setHeader(name, value), nonce, formOrigins);
    res.statusCode = status;
    res.setHeader("Content-Type", "text/html; charset=utf-8");
    res.end(render(nonce));
  }

  function expired(res: ServerResponse, lang: Lang) {
    sendHtml(res, 400, (nonce) => renderExpiredPage(lang, nonce));
  }

  return {
    async show(req: IncomingMessage, res: ServerResponse, uid: string, url: URL) {
      const interaction = await details(req, res, uid);
      const lang = pickLang(url.searchParams.get("lng"), stringParam(interaction?.params.ui_locales));
      if (!interaction) return expired(res, lang);
      sendHtml(res, 200, (nonce) => renderSignPage({ lang, uid, nonce, persons: options.persons }));
    },

    async sign(req: IncomingMessage, res: ServerResponse, uid: string) {
      const form = await readForm(req);
      const interaction = await details(req, res, uid);
      const lang = pickLang(form?.get("lng"), stringParam(interaction?.params.ui_locales));
      if (!form) return badForm(res);
      if (!interaction) return expired(res, lang);

      const values = {
        choice: form.get("choice") ?? undefined,
        pin: form.get("pin")?.trim() ?? "",
        givenName: form.get("given_name")?.trim().slice(0, 100) ?? "",
        familyName: form.get("family_name")?.trim().slice(0, 100) ?? "",
      };
      const chosen = choosePerson(options.persons, values);
      if ("error" in chosen) {
        const { error } = chosen;
        return sendHtml(res, 400, (nonce) =>
          renderSignPage({ lang, uid, nonce, persons: options.persons, values, error }),
        );
      }

      const person = chosen.person;
      const accountId = testEidSubject(person.personnummer);
      accounts.set(accountId, person);

      // Consent is implied: the grant covers what the client asked for among our scopes.
      const grant = new provider.Grant({ accountId, clientId: stringParam(interaction.params.client_id) ?? "" });
      const requested = (stringParam(interaction.params.scope) ?? "openid").split(" ");
      grant.addOIDCScope(requested.filter((scope) => scope in claimsByScope).join(" "));
      grant.addOIDCClaims([...new Set(Object.values(claimsByScope).flat())]);
      const grantId = await grant.save();

      const returnTo = await provider.interactionResult(
        req,
        res,
        { login: { accountId, remember: false }, consent: { grantId } },
        { mergeWithLastSubmission: false },
      );
      // Someone else signed in earlier in this browser. oidc-provider would then ask whether to
      // log that person out first; with no single sign-on there is nothing to keep, so forget them.
      if (interaction.session && interaction.session.accountId !== accountId) {
        await forgetLogin(provider, interaction.session.uid);
      }
      res.statusCode = 303;
      res.setHeader("Location", returnTo);
      res.end();
    },

    async cancel(req: IncomingMessage, res: ServerResponse, uid: string) {
      const form = await readForm(req);
      const interaction = await details(req, res, uid);
      if (!interaction) return expired(res, pickLang(form?.get("lng")));
      await provider.interactionFinished(
        req,
        res,
        { error: "access_denied", error_description: "End-User cancelled the sign-in" },
        { mergeWithLastSubmission: false },
      );
    },
  };
}

type Choice = { person: TestPerson } | { error: SignError };

/** A listed person, or a typed number from Skatteverket's test series (birth number 980–999). */
function choosePerson(
  persons: TestPerson[],
  values: { choice?: string; pin: string; givenName: string; familyName: string },
): Choice {
  const listed = persons.find((person) => person.personnummer === values.choice);
  if (listed) return { person: listed };
  const other = values.choice === "other" || (values.choice === undefined && values.pin !== "");
  if (!other) return { error: "choice_missing" };
  if (values.pin === "") return { error: "pin_missing" };

  const parsed = parsePersonnummer(values.pin);
  if (!parsed.ok) return { error: "pin_invalid" };
  const birthNumber = Number(parsed.normalized.slice(8, 11));
  if (birthNumber < 980 || birthNumber > 999) return { error: "pin_not_test" };
  return {
    person: {
      personnummer: parsed.normalized,
      givenName: values.givenName || "Test",
      familyName: values.familyName || "Testsson",
    },
  };
}

async function forgetLogin(provider: OidcProvider, sessionUid: string) {
  const session = await provider.Session.findByUid(sessionUid);
  if (!session) return;
  session.accountId = undefined;
  session.loginTs = undefined;
  session.acr = undefined;
  session.amr = undefined;
  session.authorizations = undefined;
  await session.persist();
}

async function readForm(req: IncomingMessage): Promise<URLSearchParams | undefined> {
  const type = req.headers["content-type"] ?? "";
  if (!type.startsWith("application/x-www-form-urlencoded")) return undefined;
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > 16_384) return undefined;
    chunks.push(chunk);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString("utf8"));
}

function badForm(res: ServerResponse) {
  res.statusCode = 400;
  res.setHeader("Content-Type", "text/plain; charset=utf-8");
  res.end("Bad request");
}

function methodNotAllowed(res: ServerResponse, allow: string) {
  res.statusCode = 405;
  res.setHeader("Allow", allow);
  res.end();
}

function pageNonce(): string {
  return randomBytes(16).toString("base64");
}

/** Our pages have one nonce'd style element, no scripts, and may not be framed. */
function setPageHeaders(set: (name: string, value: string) => void, nonce: string, formOrigins: string[]) {
  set(
    "Content-Security-Policy",
    [
      "default-src 'none'",
      `style-src 'nonce-${nonce}'`,
      `form-action 'self' ${formOrigins.join(" ")}`,
      "frame-ancestors 'none'",
      "base-uri 'none'",
    ].join("; "),
  );
  set("X-Content-Type-Options", "nosniff");
  set("Referrer-Policy", "no-referrer");
  set("Cache-Control", "no-store");
}

function langOf(ctx: KoaContext): Lang {
  return pickLang(stringParam(ctx.query?.lng), stringParam(ctx.oidc?.params?.ui_locales));
}

function stringParam(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}
