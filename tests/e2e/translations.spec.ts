import { readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { expect, test, type Page, type Response } from "@playwright/test";
import { pageScripts } from "../../scripts/page-scripts";
import { expectNoAxeViolations } from "./support/axe";
import { signInAsStaff, waitForHydration } from "./support/auth";

/**
 * Bytes on the wire (ADR 0024): a page carries only its language's texts and the namespaces its
 * routes declare; a route reached by a client navigation gets its namespace from /locales before
 * it renders; the sign-in page is plain HTML.
 */

// The sign-in page's scripts before ADR 0024 (entry, root, route and every chunk they import):
// 471 147 bytes, 151 363 gzip-compressed. The issue asks for at most half.
const baseline = { bytes: 471_147, gzip: 151_363 };

// Words only English pages have, and Swedish words of namespaces a home page does not need.
const english = ["Working together around one person, with their consent", "Skip to content", "Sign in as staff"];
const otherNamespaces = ["Inkorg: begäranden om uppgifter", "Förslaget är skickat till den ansvariga organisationen.", "Vem har tittat på mina uppgifter?"];

/**
 * Every "h1 | first link of the header's navigation" the page shows, now and from now on, however briefly:
 * a flash of raw keys, or of the old language in the header, would be in it.
 */
async function watchHeadings(page: Page): Promise<() => Promise<string[]>> {
  await page.evaluate(() => {
    const now = () => `${document.querySelector("h1")?.textContent ?? ""} | ${document.querySelector("header nav a")?.textContent ?? ""}`;
    // Starts with what the page shows now, so that a change on the old page that leaves its texts
    // as they were (a revalidation, a timer) adds nothing.
    const seen: string[] = [now()];
    (window as unknown as { seenHeadings: string[] }).seenHeadings = seen;
    new MutationObserver(() => {
      const text = now();
      if (seen.at(-1) !== text) seen.push(text);
    }).observe(document.body, { subtree: true, childList: true, characterData: true });
  });
  return () => page.evaluate(() => (window as unknown as { seenHeadings: string[] }).seenHeadings);
}

/** Every script the page loads, as the bytes that came over the wire, decompressed. */
function collectScripts(page: Page) {
  const scripts: Promise<{ url: string; body: Buffer }>[] = [];
  page.on("response", (response: Response) => {
    if (response.request().resourceType() === "script") scripts.push(response.body().then((body) => ({ url: response.url(), body })));
  });
  return () => Promise.all(scripts);
}

test("the sign-in page loads at most half the JavaScript it did, and still signs in", async ({ page }) => {
  const scripts = collectScripts(page);
  await page.goto("/login");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Logga in som personal");
  const loaded = await scripts();
  const bytes = loaded.reduce((sum, script) => sum + script.body.length, 0);
  const gzip = loaded.reduce((sum, script) => sum + gzipSync(script.body).length, 0);
  expect(bytes).toBeLessThanOrEqual(baseline.bytes / 2);
  expect(gzip).toBeLessThanOrEqual(baseline.gzip / 2);
  await expectNoAxeViolations(page);

  // As plain HTML it still tells a wrong password apart, in the page's language.
  await page.getByLabel("E-postadress").fill("linnea.berg@berg.samsyn.example");
  await page.getByLabel("Lösenord").fill("not the password");
  await page.getByRole("button", { name: "Fortsätt" }).click();
  await expect(page.getByRole("alert")).toBeVisible();
  await expect(page.getByLabel("E-postadress")).toHaveValue("linnea.berg@berg.samsyn.example");
});

test("a Swedish page's scripts and texts hold only Swedish texts of its own namespaces, loaded once and cached", async ({ page }) => {
  const scripts = collectScripts(page);
  const texts: Promise<{ path: string; cacheControl: string; body: string }>[] = [];
  page.on("response", (response: Response) => {
    const url = new URL(response.url());
    if (url.pathname.startsWith("/locales/")) texts.push(response.text().then((body) => ({ path: `${url.pathname}${url.search}`, cacheControl: response.headers()["cache-control"] ?? "", body })));
  });
  const response = await page.goto("/");
  await waitForHydration(page);
  const html = await response!.text();
  // The document names its texts; it does not carry them.
  const data = JSON.parse(/<script id="translations" type="application\/json"[^>]*>(.*?)<\/script>/s.exec(html)![1]!) as { lng: string; version: string; namespaces: string[] };
  expect(data.lng).toBe("sv");
  expect([...data.namespaces].sort()).toEqual(["auth", "common", "home"]);
  expect(html).not.toContain('"skipLink"');
  // Its Link header preloads them, at the addresses the browser's i18next asks for: each is fetched once, cached for a year.
  const paths = data.namespaces.map((ns) => `/locales/sv/${ns}?v=${data.version}`);
  for (const path of paths) expect(response!.headers()["link"]).toContain(`<${path}>; rel=preload; as=fetch; crossorigin=anonymous`);
  const fetched = await Promise.all(texts);
  expect(fetched.map((text) => text.path).sort()).toEqual([...paths].sort());
  for (const text of fetched) expect(text.cacheControl, text.path).toContain("immutable");

  const loaded = await scripts();
  expect(loaded.length).toBeGreaterThan(3);
  const text = [html, ...fetched.map((texts) => texts.body), ...loaded.map((script) => script.body.toString("utf8"))].join("\n");
  for (const words of [...english, ...otherNamespaces]) expect(text, words).not.toContain(words);
  // The home page's Swedish words come with the document, not in a script.
  expect(html).toContain("Samverkan kring en person, med personens samtycke");
  for (const script of loaded) expect(script.body.toString("utf8"), script.url).not.toContain("Samverkan kring en person");
});

test("no chunk of the build holds translations", async () => {
  // Every script a hydrated sign-in or home page would load, read from the build the tests run on.
  for (const route of ["routes/login._index", "routes/_index"]) {
    const { files, bytes } = pageScripts("build/client", [route]);
    expect(bytes, route).toBeLessThan(baseline.bytes * 0.75);
    for (const file of files) {
      const code = readFileSync(`build/client${file.file}`, "utf8");
      for (const words of ["Logga in som personal", "Sign in as staff", "Hoppa till innehållet"]) expect(code, `${file.file}: ${words}`).not.toContain(words);
    }
  }
});

test("a client navigation loads the next route's namespace before showing it, in Swedish and then in English", async ({ page }) => {
  const localeRequests: string[] = [];
  page.on("request", (request) => {
    if (new URL(request.url()).pathname.startsWith("/locales/")) localeRequests.push(new URL(request.url()).pathname);
  });
  // Texts arrive slowly, so a page rendered before its texts were there would be seen.
  await page.route("**/locales/**", async (route) => {
    await new Promise((resolve) => setTimeout(resolve, 400));
    await route.continue();
  });
  await signInAsStaff(page, "linnea.berg@berg.samsyn.example");
  await waitForHydration(page);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Ärenden");

  // The inbox needs the requests namespace, which the case list did not bring.
  let headings = await watchHeadings(page);
  await page.getByRole("link", { name: "Inkorg", exact: true }).click();
  await expect(page).toHaveURL(/\/inbox\/requests$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Inkorg: begäranden om uppgifter");
  await expect(page).toHaveTitle("Inkorg: begäranden om uppgifter – Samsyn");
  await expect(page.getByRole("main")).not.toContainText(/\b(inbox|errors|list)\.[a-zA-Z]+/);
  expect(localeRequests).toContain("/locales/sv/requests");
  expect(await headings()).toEqual(["Ärenden | Ärenden", "Inkorg: begäranden om uppgifter | Ärenden"]);
  await expectNoAxeViolations(page);

  // The language switch (a plain GET form): the next page is English, and so is the next namespace.
  await page.getByRole("button", { name: "English" }).click();
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Inbox: requests for information");
  await waitForHydration(page);
  localeRequests.length = 0;
  headings = await watchHeadings(page);
  await page.getByRole("link", { name: /^Messages/ }).click();
  await expect(page).toHaveURL(/\/messages$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Messages");
  expect(localeRequests).toEqual(["/locales/en/messages"]);
  expect(await headings()).toEqual(["Inbox: requests for information | Cases", "Messages | Cases"]);
  await expectNoAxeViolations(page);

  // A language change made by a client navigation (?lng=sv) shows the next page in Swedish at once.
  localeRequests.length = 0;
  headings = await watchHeadings(page);
  await page.evaluate(() => (window as unknown as { __remixRouter: { navigate(to: string): Promise<void> } }).__remixRouter.navigate("/cases?lng=sv"));
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Ärenden");
  await expect(page.locator("html")).toHaveAttribute("lang", "sv");
  await expect(page.getByRole("link", { name: "Inkorg", exact: true })).toBeVisible();
  expect(localeRequests.every((path) => path.startsWith("/locales/sv/"))).toBe(true);
  // Straight from the English mailbox to the Swedish case list: never English cases, never keys.
  expect(await headings()).toEqual(["Messages | Cases", "Ärenden | Ärenden"]);
});

test("/locales answers the known languages and namespaces only, cacheable", async ({ request }) => {
  const auth = await request.get("/locales/sv/auth");
  expect(auth.status()).toBe(200);
  expect(((await auth.json()) as { login: { title: string } }).login.title).toBe("Logga in som personal");
  for (const path of ["/locales/de/auth", "/locales/sv/nope", "/locales/sv/__proto__", "/locales/en/..%2Fcommon"]) {
    expect((await request.get(path)).status(), path).toBe(404);
  }
});
