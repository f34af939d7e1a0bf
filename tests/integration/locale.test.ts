import { describe, expect, it } from "vitest";
import { localeCookie } from "~/i18n/i18next.server";
import { loader } from "~/root";

const cookie = async (locale: string) => (await localeCookie.serialize(locale)).split(";")[0]!;

async function detect(url: string, headers: Record<string, string> = {}) {
  const result = (await loader({ request: new Request(url, { headers }), params: {}, context: { nonce: "", requestId: "test", clientIp: undefined } })) as unknown as {
    data: { locale: string };
    init?: { headers?: Record<string, string> };
  };
  return { locale: result.data.locale, setCookie: result.init?.headers?.["Set-Cookie"] };
}

describe("locale detection", () => {
  it("defaults to Swedish", async () => {
    expect((await detect("http://localhost/")).locale).toBe("sv");
    expect((await detect("http://localhost/", { "Accept-Language": "de-DE" })).locale).toBe("sv");
  });

  it("follows Accept-Language", async () => {
    expect((await detect("http://localhost/", { "Accept-Language": "en-GB,en;q=0.9" })).locale).toBe("en");
  });

  it("takes the first supported language in the browser's ranked list", async () => {
    const header = async (value: string) => (await detect("http://localhost/", { "Accept-Language": value })).locale;
    expect(await header("de-DE,de;q=0.9,en;q=0.8")).toBe("en");
    expect(await header("en-GB")).toBe("en");
    expect(await header("nb,sv;q=0.5")).toBe("sv");
    expect(await header("de,sv;q=0.8,en;q=0.9")).toBe("en");
    // q=0: not acceptable, so nothing supported is asked for and Swedish it is.
    expect(await header("de,en;q=0")).toBe("sv");
    expect(await header("fr-FR,fr;q=0.9")).toBe("sv");
  });

  it("keeps an explicit choice over the browser's list", async () => {
    const german = "de-DE,de;q=0.9,en;q=0.8";
    expect((await detect("http://localhost/", { Cookie: await cookie("sv"), "Accept-Language": german })).locale).toBe("sv");
    expect((await detect("http://localhost/?lng=sv", { "Accept-Language": german })).locale).toBe("sv");
    expect((await detect("http://localhost/?lng=en", { "Accept-Language": "nb,sv;q=0.5" })).locale).toBe("en");
  });

  it("prefers the cookie over Accept-Language", async () => {
    const headers = { Cookie: await cookie("sv"), "Accept-Language": "en" };
    expect((await detect("http://localhost/", headers)).locale).toBe("sv");
  });

  it("prefers ?lng over everything and remembers it in a cookie", async () => {
    const result = await detect("http://localhost/?lng=en", { Cookie: await cookie("sv"), "Accept-Language": "sv" });
    expect(result.locale).toBe("en");
    expect(await localeCookie.parse(result.setCookie!)).toBe("en");
    expect(result.setCookie).toContain("HttpOnly");
  });

  it("ignores an unsupported ?lng", async () => {
    expect((await detect("http://localhost/?lng=xx", { "Accept-Language": "en" })).locale).toBe("en");
  });
});
