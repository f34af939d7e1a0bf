import * as client from "openid-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  personalIdentityNumberClaim,
  startTestEidProvider,
  testEidSubject,
  type TestPerson,
} from "~/lib/auth/test-eid.server";
import { luhnCheckDigit } from "~/lib/personnummer";

// Nothing listens here: the tests stop at the redirect and read its Location.
const redirectUri = "http://localhost:59997/auth/eid/callback";
const clientId = "samsyn-test";
const clientSecret = "a-test-secret-that-is-long-enough";
const eva: TestPerson = { personnummer: "198804129826", givenName: "Eva", familyName: "Andersson" };

let provider: Awaited<ReturnType<typeof startTestEidProvider>>;
let config: client.Configuration;

beforeAll(async () => {
  provider = await startTestEidProvider({
    port: 0,
    clientId,
    clientSecret,
    redirectUris: [redirectUri],
    persons: [eva],
  });
  config = await client.discovery(new URL(provider.issuer), clientId, clientSecret, undefined, {
    execute: [client.allowInsecureRequests],
  });
});

afterAll(async () => {
  await provider?.close();
});

/** A browser's cookies for the provider, kept by hand because fetch has no jar. */
class Browser {
  private cookies = new Map<string, string>();

  async request(url: URL | string, init: { method?: string; form?: Record<string, string> } = {}) {
    const headers: Record<string, string> = {};
    if (this.cookies.size) {
      headers.cookie = [...this.cookies].map(([name, value]) => `${name}=${value}`).join("; ");
    }
    let body: string | undefined;
    if (init.form) {
      headers["content-type"] = "application/x-www-form-urlencoded";
      body = new URLSearchParams(init.form).toString();
    }
    const response = await fetch(url, { method: init.method ?? "GET", headers, body, redirect: "manual" });
    for (const line of response.headers.getSetCookie()) {
      const [pair = "", ...attributes] = line.split(";");
      const name = pair.slice(0, pair.indexOf("="));
      const value = pair.slice(pair.indexOf("=") + 1);
      const expired = attributes.some((a) => /^\s*expires=Thu, 01 Jan 1970/i.test(a));
      if (expired || value === "") this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return response;
  }

  /** Follows the provider's redirects until one leads to the client's redirect URI. */
  async followToClient(response: Response): Promise<URL> {
    for (let hops = 0; hops < 10; hops++) {
      expect([302, 303]).toContain(response.status);
      const location = new URL(response.headers.get("location") ?? "", provider.issuer);
      if (location.href.startsWith(redirectUri)) return location;
      response = await this.request(location);
    }
    throw new Error("too many redirects");
  }
}

/** Starts an authorization request and lands on the sign page. */
async function startSignIn(browser: Browser, extra: Record<string, string> = {}) {
  const codeVerifier = client.randomPKCECodeVerifier();
  const state = client.randomState();
  const nonce = client.randomNonce();
  const authorizationUrl = client.buildAuthorizationUrl(config, {
    redirect_uri: redirectUri,
    scope: "openid profile",
    code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
    code_challenge_method: "S256",
    state,
    nonce,
    ...extra,
  });
  const start = await browser.request(authorizationUrl);
  expect(start.status).toBe(303);
  const signPageUrl = new URL(start.headers.get("location") ?? "", provider.issuer);
  expect(signPageUrl.pathname).toMatch(/^\/interaction\/[\w-]+$/);
  const page = await browser.request(signPageUrl);
  expect(page.status).toBe(200);
  return { codeVerifier, state, nonce, signPageUrl, page, html: await page.text() };
}

async function signIn(browser: Browser, form: Record<string, string>, extra: Record<string, string> = {}) {
  const flow = await startSignIn(browser, extra);
  const signed = await browser.request(`${flow.signPageUrl.href}/login`, { method: "POST", form });
  expect(signed.status).toBe(303);
  const callbackUrl = await browser.followToClient(signed);
  const tokens = await client.authorizationCodeGrant(config, callbackUrl, {
    pkceCodeVerifier: flow.codeVerifier,
    expectedState: flow.state,
    expectedNonce: flow.nonce,
  });
  const claims = tokens.claims();
  if (!claims) throw new Error("no ID token");
  return { claims, nonce: flow.nonce, html: flow.html };
}

describe("test e-ID provider", () => {
  it("signs in a listed person with their personnummer and names in the ID token", async () => {
    const before = Math.floor(Date.now() / 1000);
    const { claims, nonce, html } = await signIn(new Browser(), { choice: eva.personnummer });

    expect(html).toContain("Eva Andersson, 19880412-9826");
    expect(claims[personalIdentityNumberClaim]).toBe("198804129826");
    expect(claims.given_name).toBe("Eva");
    expect(claims.family_name).toBe("Andersson");
    expect(claims.name).toBe("Eva Andersson");
    expect(claims.sub).toBe(testEidSubject("198804129826"));
    expect(claims.nonce).toBe(nonce);
    expect(claims.auth_time).toBeGreaterThanOrEqual(before - 1);
  });

  it("accepts a typed number from the test series and defaults the family name", async () => {
    const number = `19900315-983${luhnCheckDigit("900315983")}`;
    const { claims } = await signIn(new Browser(), {
      choice: "other",
      pin: number,
      given_name: "Kim",
      family_name: "",
    });

    expect(claims[personalIdentityNumberClaim]).toBe(number.replace("-", ""));
    expect(claims.given_name).toBe("Kim");
    expect(claims.family_name).toBe("Testsson");
  });

  it("refuses a real-looking number outside the test series and keeps what was typed", async () => {
    const browser = new Browser();
    const flow = await startSignIn(browser);
    const refused = await browser.request(`${flow.signPageUrl.href}/login`, {
      method: "POST",
      form: { choice: "other", pin: "19640823-3234", lng: "sv" },
    });

    expect(refused.status).toBe(400);
    const html = await refused.text();
    expect(html).toContain("Det här är inte ett testpersonnummer");
    expect(html).toMatch(/<input[^>]*id="pin"[^>]*value="19640823-3234"[^>]*aria-describedby="pin-hint pin-error"[^>]*aria-invalid="true"/);
    expect(html).toContain('id="pin-error"');

    const invalid = await browser.request(`${flow.signPageUrl.href}/login`, {
      method: "POST",
      form: { choice: "other", pin: "19900315-9830", lng: "en" },
    });
    expect(invalid.status).toBe(400);
    const englishHtml = await invalid.text();
    expect(englishHtml).toContain('<html lang="en">');
    expect(englishHtml).toContain("The personal identity number is not valid.");
  });

  it("sends Cancel back to the client as access_denied", async () => {
    const browser = new Browser();
    const flow = await startSignIn(browser);
    const cancelled = await browser.request(`${flow.signPageUrl.href}/abort`, { method: "POST", form: { lng: "sv" } });
    const callbackUrl = await browser.followToClient(cancelled);

    expect(callbackUrl.searchParams.get("error")).toBe("access_denied");
    expect(callbackUrl.searchParams.get("state")).toBe(flow.state);
    expect(callbackUrl.searchParams.get("code")).toBeNull();
  });

  it("shows the sign page again on the next request, also for someone else in the same browser", async () => {
    const browser = new Browser();
    const first = await signIn(browser, { choice: eva.personnummer });
    expect(first.claims[personalIdentityNumberClaim]).toBe(eva.personnummer);

    // No single sign-on: a silent request cannot reuse the earlier sign-in.
    const silent = client.buildAuthorizationUrl(config, {
      redirect_uri: redirectUri,
      scope: "openid profile",
      code_challenge: await client.calculatePKCECodeChallenge(client.randomPKCECodeVerifier()),
      code_challenge_method: "S256",
      prompt: "none",
    });
    const silentUrl = await browser.followToClient(await browser.request(silent));
    expect(silentUrl.searchParams.get("error")).toBe("login_required");

    const number = `19811218-987${luhnCheckDigit("811218987")}`;
    const second = await signIn(browser, { choice: "other", pin: number }, { prompt: "login" });
    expect(second.claims[personalIdentityNumberClaim]).toBe(number.replace("-", ""));
    expect(second.claims.name).toBe("Test Testsson");
    expect(second.claims.auth_time).toBeGreaterThanOrEqual(first.claims.auth_time ?? Infinity);
  });

  it("serves the sign page with its own security headers, in Swedish or English", async () => {
    const swedish = await startSignIn(new Browser());
    const csp = swedish.page.headers.get("content-security-policy") ?? "";
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("default-src 'none'");
    expect(csp).toMatch(new RegExp(`form-action 'self'.* ${new URL(redirectUri).origin}`));
    const nonce = /style-src 'nonce-([^']+)'/.exec(csp)?.[1];
    expect(swedish.html).toContain(`<style nonce="${nonce}">`);
    expect(swedish.page.headers.get("x-content-type-options")).toBe("nosniff");
    expect(swedish.page.headers.get("referrer-policy")).toBe("no-referrer");
    expect(swedish.html).toContain('<html lang="sv">');
    expect(swedish.html).toContain("<h1>Test-e-legitimation</h1>");
    expect(swedish.html).not.toContain("<script");

    const english = await startSignIn(new Browser(), { ui_locales: "en" });
    expect(english.html).toContain('<html lang="en">');
    expect(english.html).toContain("<h1>Test e-ID</h1>");
    expect(english.html).toContain(">Cancel</button>");
  });
});
