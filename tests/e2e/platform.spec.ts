import { expect, test } from "@playwright/test";
import { expectNoAxeViolations } from "./support/axe";

test("every response carries the security headers, and inline scripts carry the nonce", async ({ page, request }) => {
  const violations: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error") violations.push(message.text());
  });
  const response = await page.goto("/");
  const headers = response!.headers();
  const nonce = /'nonce-([^']+)'/.exec(headers["content-security-policy"]!)?.[1];
  expect(nonce).toBeTruthy();
  expect(headers["content-security-policy"]).toContain("frame-ancestors 'none'");
  expect(headers["content-security-policy"]).not.toContain("unsafe-inline");
  expect(headers["x-content-type-options"]).toBe("nosniff");
  expect(headers["referrer-policy"]).toBe("strict-origin-when-cross-origin");
  expect(headers["permissions-policy"]).toBeTruthy();

  const html = await response!.text();
  const inlineScripts = [...html.matchAll(/<script(?![^>]*\bsrc=)([^>]*)>/g)].map((match) => match[1]!);
  expect(inlineScripts.length).toBeGreaterThan(0);
  for (const attributes of inlineScripts) expect(attributes).toContain(`nonce="${nonce}"`);

  // The app hydrated under that policy: a client-side navigation works and nothing was blocked.
  await page.getByRole("link", { name: "Logga in som personal" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Logga in som personal");
  expect(violations.filter((text) => /Content Security Policy|Refused/.test(text))).toEqual([]);

  for (const path of ["/healthz", "/favicon.svg", "/finns-inte"]) {
    const other = await request.get(path);
    expect(other.headers()["content-security-policy"], path).toContain("frame-ancestors 'none'");
    expect(other.headers()["x-content-type-options"], path).toBe("nosniff");
  }
});

test("pages and scripts come compressed when the browser accepts it", async ({ request }) => {
  for (const encoding of ["br", "gzip"]) {
    const page = await request.get("/login", { headers: { "accept-encoding": encoding } });
    expect(page.status()).toBe(200);
    expect(page.headers()["content-encoding"], `/login, ${encoding}`).toBe(encoding);
    // The body arrives whole (the client decodes it).
    expect(await page.text()).toContain("</html>");
  }
  // The home page's scripts (the sign-in page has none: ADR 0024).
  const html = await (await request.get("/")).text();
  const script = /<script[^>]+src="(\/assets\/[^"]+\.js)"/.exec(html)?.[1] ?? /"(\/assets\/[^"]+\.js)"/.exec(html)?.[1];
  expect(script).toBeTruthy();
  const asset = await request.get(script!, { headers: { "accept-encoding": "gzip" } });
  expect(asset.headers()["content-encoding"]).toBe("gzip");
  // Without Accept-Encoding, nothing is compressed.
  expect((await request.get("/login", { headers: { "accept-encoding": "identity" } })).headers()["content-encoding"]).toBeUndefined();
});

test("pages and their navigation data stay out of caches; assets are cached for good; a broken address is a plain 400", async ({ page, request }) => {
  // A page (and the data of a client-side navigation) may hold personal data: private, no-store.
  for (const path of ["/", "/login", "/finns-inte"]) expect((await request.get(path)).headers()["cache-control"], path).toBe("private, no-store");
  const data = page.waitForResponse((response) => new URL(response.url()).pathname.endsWith(".data"));
  await page.goto("/");
  await page.getByRole("link", { name: "Logga in som personal" }).click();
  expect((await data).headers()["cache-control"]).toBe("private, no-store");
  // A route that says otherwise keeps its own (the texts, by version), and so do the build's assets.
  const html = await (await request.get("/")).text();
  const script = /"(\/assets\/[^"]+\.js)"/.exec(html)?.[1];
  expect((await request.get(script!)).headers()["cache-control"]).toContain("immutable");
  expect((await request.get("/healthz")).headers()["cache-control"]).toBe("no-store");
  // An address Express cannot decode: 400 in both languages, no stack trace, no file paths.
  const broken = await request.get("/locales/sv/%ff");
  expect(broken.status()).toBe(400);
  const text = await broken.text();
  expect(text).toContain("Förfrågan gick inte att läsa (400)");
  expect(text).toContain("The request could not be read (400)");
  expect(text).not.toMatch(/node_modules|at |\/work\//);
});

test("methods other than GET, HEAD and POST are refused with 405 before any route runs", async ({ request }) => {
  for (const method of ["PUT", "PATCH", "DELETE", "OPTIONS"]) {
    for (const path of ["/messages/new", "/login", "/finns-inte"]) {
      const answer = await request.fetch(path, { method, form: { intent: "claim" }, headers: { "sec-fetch-site": "same-origin" }, maxRedirects: 0 });
      expect(answer.status(), `${method} ${path}`).toBe(405);
      expect(answer.headers()["allow"]).toBe("GET, HEAD, POST");
      expect(await answer.text()).toBe("Samsyn tar inte emot den sortens förfrågan (405).\nSamsyn does not accept this kind of request (405).\n");
    }
  }
  expect((await request.fetch("/login", { method: "HEAD" })).status()).toBe(200);
});

test("GET /healthz answers ok with the database ok", async ({ request }) => {
  const response = await request.get("/healthz");
  expect(response.status()).toBe(200);
  expect(await response.json()).toEqual({ status: "ok", db: "ok" });
});

test("the axe helper does report a broken page", async ({ page }) => {
  await page.setContent("<html><body><img src='/favicon.svg'><input type='text'></body></html>");
  await expect(expectNoAxeViolations(page)).rejects.toThrow(/image-alt|html-has-lang|label/);
});
