import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { createInstance } from "i18next";
import type { ReactNode } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { I18nextProvider, initReactI18next } from "react-i18next";
import { describe, expect, it, vi } from "vitest";
import { i18nConfig } from "~/i18n/resources.server";

/**
 * A new user read "Cases and consents arrive in the next version" on pages of a portal that
 * has them. No text promises a later version, and /account and /me link to the pages that exist.
 */
let loaderData: unknown;
vi.mock("@remix-run/react", () => ({
  Link: ({ to, children }: { to: string; children: ReactNode }) => <a href={to}>{children}</a>,
  Form: ({ children }: { children: ReactNode }) => <form>{children}</form>,
  useLoaderData: () => loaderData,
  useActionData: () => undefined,
  useNavigation: () => ({ state: "idle" }),
  useFetcher: () => ({ state: "idle", Form: ({ children }: { children: ReactNode }) => <form>{children}</form> }),
}));

const { default: Account } = await import("~/routes/account");
const { default: ClientHome } = await import("~/routes/me._index");

const root = path.resolve("app/i18n/locales");
function texts(value: unknown, prefix = ""): [string, string][] {
  if (typeof value === "string") return [[prefix, value]];
  return Object.entries(value as Record<string, unknown>).flatMap(([key, child]) => texts(child, prefix ? `${prefix}.${key}` : key));
}

describe("texts", () => {
  it("promise no later version, in either language", () => {
    const promises = /nästa version|kommande version|kommer (senare|snart)|i en senare version|next version|\bcoming soon|future version|\bcoming in the\b/i;
    const found = readdirSync(path.join(root, "sv")).flatMap((file) =>
      ["sv", "en"].flatMap((language) =>
        texts(JSON.parse(readFileSync(path.join(root, language, file), "utf8")))
          .filter(([, text]) => promises.test(text))
          .map(([key]) => `${language}/${file}: ${key}`),
      ),
    );
    expect(found).toEqual([]);
  });
});

async function render(page: ReactNode, language: "sv" | "en") {
  const i18n = createInstance();
  await i18n.use(initReactI18next).init({ ...i18nConfig, lng: language });
  return renderToStaticMarkup(<I18nextProvider i18n={i18n}>{page}</I18nextProvider>);
}

const links = (html: string) => [...html.matchAll(/href="([^"]+)"/g)].map((match) => match[1]!);

/** The route file that serves a path (flat routes; ids are not used in these links). */
const routeExists = (href: string) => {
  const name = href.replace(/^\//, "").replaceAll("/", ".");
  return existsSync(path.resolve("app/routes", `${name}.tsx`)) || existsSync(path.resolve("app/routes", `${name}._index.tsx`));
};

const account = (role: string) => ({
  account: { name: "Sara Lindqvist", title: "Socialsekreterare", email: "sara@example.org", role, organization: "Bergs kommun", unit: "Ekonomiskt bistånd", mailbox: "eb@example.org" },
  absoluteExpiresAt: null,
});

describe("/account", () => {
  const expected: Record<string, string[]> = {
    case_officer: ["/cases", "/follow-ups", "/inbox/requests", "/inbox/requests/stats", "/notifications", "/directory"],
    rehab_coordinator: ["/cases", "/follow-ups", "/inbox/requests", "/inbox/requests/stats", "/notifications", "/directory"],
    auditor: ["/notifications", "/directory", "/audit"],
    org_admin: ["/notifications", "/directory", "/admin/users"],
  };
  for (const [role, hrefs] of Object.entries(expected)) {
    it(`lists what a ${role} can do, each linked to a page that exists`, async () => {
      loaderData = account(role);
      for (const language of ["sv", "en"] as const) {
        const html = await render(<Account />, language);
        const list = /data-testid="account-links">(.*?)<\/ul>/s.exec(html)?.[1] ?? "";
        expect(links(list)).toEqual(hrefs);
        for (const href of hrefs) expect(routeExists(href), href).toBe(true);
        expect(html).not.toMatch(/nästa version|next version/i);
      }
      const sv = await render(<Account />, "sv");
      if (role === "case_officer") expect(sv).toContain("Ledtider för begäranden</a>: hur lång tid begäranden tar");
      if (role === "org_admin") expect(sv).toContain("Användare</a>: lägg till användare");
    });
  }
});

describe("/me", () => {
  it("says what the page shows and links to the consents and the access log", async () => {
    loaderData = { name: "Eva", cases: [], plans: [], requests: [], meetings: [], notifications: [], pendingConsents: 0, absoluteExpiresAt: null };
    const sv = await render(<ClientHome />, "sv");
    expect(sv).toContain("Här ser du ditt ärende, din plan och dina notiser.");
    expect(sv).not.toMatch(/kommer du att se|nästa version/);
    expect(sv).toContain('<a href="/me/consents">se, ge och ta tillbaka dina samtycken</a>');
    expect(sv).toContain('<a href="/me/access-log">se vem som har tittat på dina uppgifter</a>');
    const en = await render(<ClientHome />, "en");
    expect(en).toContain('<a href="/me/access-log">see who has looked at your information</a>');
    for (const href of ["/me/consents", "/me/access-log"]) expect(routeExists(href)).toBe(true);
  });
});
