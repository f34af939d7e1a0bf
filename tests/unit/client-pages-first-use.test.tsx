import { createInstance } from "i18next";
import type { ReactNode } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { I18nextProvider, initReactI18next } from "react-i18next";
import { describe, expect, it, vi } from "vitest";
import { auditActions } from "~/access/audit/kinds";
import { i18nConfig } from "~/i18n/resources.server";
import sv from "~/i18n/locales/sv/audit.json";
import en from "~/i18n/locales/en/audit.json";
import { clientWhat, clientWhy, type ClientWords } from "~/services/audit/access-log-words";

/**
 * What a new user tripped on in the client's pages and the forms: the consent receipt's heading
 * order, confirmations that take the focus, consent versions of one day told apart, the empty
 * request form's message, and access-log lines that said "Why: –".
 */
let loaderData: unknown;
let searchParams = new URLSearchParams();
vi.mock("@remix-run/react", () => ({
  Link: ({ to, children, ...rest }: { to: string; children: ReactNode }) => <a href={to} {...rest}>{children}</a>,
  Form: ({ children, ...rest }: { children: ReactNode }) => <form {...rest}>{children}</form>,
  useLoaderData: () => loaderData,
  useActionData: () => undefined,
  useSearchParams: () => [searchParams],
  useNavigation: () => ({ state: "idle" }),
}));

const { default: ReceiptPage } = await import("~/routes/me.consents.$consentId._index");
const { default: MyConsents } = await import("~/routes/me.consents._index");
const { default: AccessLog } = await import("~/routes/me.access-log._index");
const { RequestForm, requestFormValues } = await import("~/components/requests/RequestForm");

async function render(page: ReactNode, language: "sv" | "en" = "sv") {
  const i18n = createInstance();
  await i18n.use(initReactI18next).init({ ...i18nConfig, lng: language });
  return renderToStaticMarkup(<I18nextProvider i18n={i18n}>{page}</I18nextProvider>);
}

const headingLevels = (html: string) => [...html.matchAll(/<h([1-6])\b/g)].map((match) => Number(match[1]));
/** axe's heading-order: no heading more than one level below the one before it. */
const skipped = (levels: number[]) => levels.filter((level, index) => index > 0 && level > levels[index - 1]! + 1);

const consent = (id: string, version: number, givenAt: string) => ({
  id,
  version,
  state: "active",
  method: "eid_signed",
  purpose: "Att planera din väg till arbete.",
  givenAt,
  validUntil: "2027-06-30",
  recordedBy: null,
  grants: [{ id: `${id}-g`, discloser: "Arbetsförmedlingen", recipient: "Bergs kommun", category: { sv: "Handlingsplan", en: "Action plan" }, plain: { sv: "din plan", en: "your plan" }, revokedAt: null }],
});

describe("the consent receipt", () => {
  const receipt = {
    id: "c2",
    client: { name: "Eva Andersson", personnummer: "198804129826" },
    caseReference: "SAM-00001",
    givenAt: "2026-11-30T10:15:00.000Z",
    method: "eid_signed",
    validFrom: "2026-11-30T10:15:00.000Z",
    validUntil: "2027-06-30T21:59:59.999Z",
    state: "active",
    revokedAt: null,
    version: 2,
    idTokenRef: null,
    view: consent("c2", 2, "2026-11-30T10:15:00.000Z"),
  };

  it("has its headings in order (axe heading-order): the card is an h2 under the h1", async () => {
    loaderData = { receipt };
    searchParams = new URLSearchParams("signed=1");
    for (const language of ["sv", "en"] as const) {
      const levels = headingLevels(await render(<ReceiptPage />, language));
      expect(levels.slice(0, 2)).toEqual([1, 2]);
      expect(skipped(levels)).toEqual([]);
    }
  });

  it("puts the focus on the confirmation after signing", async () => {
    loaderData = { receipt };
    searchParams = new URLSearchParams("signed=1");
    expect(await render(<ReceiptPage />)).toMatch(/<div tabindex="-1" role="status"[^>]*>Tack\. Ditt samtycke är signerat/);
  });
});

describe("my consents", () => {
  const list = {
    pending: [],
    current: [consent("c1", 1, "2026-11-30T08:05:00.000Z"), consent("c2", 2, "2026-11-30T10:15:00.000Z")],
    history: [],
    declined: [],
  };

  it("tells two versions of the same day apart by time and version, in both languages", async () => {
    loaderData = list;
    searchParams = new URLSearchParams();
    for (const language of ["sv", "en"] as const) {
      const html = await render(<MyConsents />, language);
      const titles = [...html.matchAll(/<h3 id="consent-[^"]+"[^>]*>(.*?)<\/h3>/g)].map((match) => match[1]);
      expect(titles).toHaveLength(2);
      expect(new Set(titles).size).toBe(2);
      expect(titles[1]).toContain(language === "sv" ? "version 2" : "version 2");
      expect(titles[0]).toMatch(language === "sv" ? /kl\. 09[.:]05/ : /at 09:05/);
      expect(skipped(headingLevels(html))).toEqual([]);
    }
  });

  it("puts the focus on the confirmation after a withdrawal, not on the page body", async () => {
    loaderData = list;
    searchParams = new URLSearchParams("revoked=1");
    const html = await render(<MyConsents />);
    expect(html).toMatch(/<div tabindex="-1" role="status"[^>]*>Klart\. Ditt samtycke är återkallat/);
  });
});

describe("the empty information-request form", () => {
  const options = {
    caseId: "k1",
    caseReference: "SAM-00001",
    units: [{ id: "u1", organization: "Arbetsförmedlingen", name: "Östersund", mailbox: "ostersund@af.samsyn.example" }],
    unitId: "u1",
    basis: "consent",
    items: [{ code: "af.action_plan", name: { sv: "Handlingsplan", en: "Action plan" }, help: { sv: "", en: "" }, covered: true }],
    statutes: [],
    minDate: "2026-11-30",
    maxDate: "2027-11-30",
  };
  const failed = { ok: false as const, error: "form.invalid", fieldErrors: { item: "request.no_items" }, values: { intent: "submit", receivingUnitId: "u1", basis: "consent" }, details: null };

  it("says that no item was chosen, next to the list and at the top, not a generic error", async () => {
    for (const [language, words, generic] of [
      ["sv", "Välj minst en uppgift.", "Något i formuläret"],
      ["en", null, "Something in the form"],
    ] as const) {
      const html = await render(<RequestForm options={options as never} values={requestFormValues(failed)} failed={failed} cancelTo="/cases/k1" />, language);
      const itemError = /<p id="items-error"[^>]*>(.*?)<\/p>/.exec(html)?.[1];
      expect(itemError).toBeTruthy();
      if (words) expect(itemError).toBe(words);
      expect(html).toMatch(new RegExp(`role="alert"[^>]*>${itemError!.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}`));
      expect(html).not.toContain(generic);
    }
  });
});

describe("the access log", () => {
  const lookup = (language: "sv" | "en", words: ClientWords) => {
    if ("text" in words) return words.text;
    const value = words.key.split(".").reduce<unknown>((node, part) => (node as Record<string, unknown> | undefined)?.[part], { sv, en }[language]);
    return typeof value === "string" ? value : undefined;
  };

  it("says why for every kind of event, also a change recorded without a basis, and never 'handled your information'", () => {
    for (const language of ["sv", "en"] as const) {
      for (const action of auditActions) {
        const why = lookup(language, clientWhy({ action, basis: null, outcome: "success" }, language));
        expect(why, `${language} ${action}`).toBeTruthy();
        expect(why).not.toBe("–");
        const what = lookup(language, clientWhat(action, null, language));
        expect(what, `${language} ${action}`).toBeTruthy();
        expect(what).not.toMatch(/hanterade dina uppgifter|handled your information/);
      }
      // A basis is still shown as the basis.
      expect(lookup(language, clientWhy({ action: "case.view", basis: "consent:x", outcome: "allowed" }, language))).toBe(language === "sv" ? "ditt samtycke" : "your consent");
    }
  });

  it("shows a claimed request without a basis with its reason on the page", async () => {
    loaderData = {
      entries: [
        {
          id: "1",
          occurredAt: "2026-11-30T10:00:00.000Z",
          action: "request.claim",
          resourceType: "info_request",
          outcome: "success",
          organization: { id: "o", name: "Arbetsförmedlingen" },
          unit: { id: "u", name: "Östersund" },
          officer: { id: "e", name: "Erik Holm", title: "Arbetsförmedlare" },
          caseId: "k",
          caseReference: "SAM-00001",
          categories: [],
          basis: null,
          consentId: null,
        },
        {
          id: "2",
          occurredAt: "2026-11-30T10:05:00.000Z",
          action: "identity.view",
          resourceType: "client_identity",
          outcome: "allowed",
          organization: null,
          unit: null,
          officer: null,
          caseId: null,
          caseReference: null,
          categories: [],
          basis: null,
          consentId: null,
        },
      ],
      hasMore: false,
      organizations: [],
      page: 0,
    };
    searchParams = new URLSearchParams();
    const svHtml = await render(<AccessLog />, "sv");
    expect(svHtml).toContain("Varför: för att hantera en begäran om uppgifter om dig");
    expect(svHtml).toContain("såg ditt namn och personnummer");
    expect(svHtml).not.toMatch(/Varför: –|hanterade dina uppgifter/);
    const enHtml = await render(<AccessLog />, "en");
    expect(enHtml).toContain("Why: to handle a request for information about you");
    expect(enHtml).not.toMatch(/Why: –|handled your information/);
  });
});
