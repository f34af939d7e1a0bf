import { createInstance } from "i18next";
import type { ReactNode } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { I18nextProvider, initReactI18next } from "react-i18next";
import { describe, expect, it, vi } from "vitest";
import { i18nConfig } from "~/i18n/resources.server";

/** The links under a paged list (PageLinks): in both languages, real links, none dead on the last page. */
vi.mock("@remix-run/react", () => ({
  Link: ({ to, children, className }: { to: string; children: ReactNode; className?: string }) => (
    <a href={to} className={className}>
      {children}
    </a>
  ),
}));

const { PageLinks } = await import("~/components/ui/PageLinks");

async function render(page: ReactNode, language: "sv" | "en") {
  const i18n = createInstance();
  await i18n.use(initReactI18next).init({ ...i18nConfig, lng: language });
  return renderToStaticMarkup(<I18nextProvider i18n={i18n}>{page}</I18nextProvider>);
}

describe("PageLinks", () => {
  it.each([
    ["sv", "Sidor", "Första sidan", "Nästa sida"],
    ["en", "Pages", "First page", "Next page"],
  ] as const)("names the pages' navigation and its links in %s", async (language, label, first, next) => {
    const html = await render(<PageLinks path="/notifications" next="2026-06-01T08:00:00.000000Z_0f0e0d0c-0b0a-4908-8706-050403020100" paged />, language);
    expect(html).toContain(`<nav aria-label="${label}"`);
    expect(html).toContain(`<a href="/notifications" class="underline">${first}</a>`);
    expect(html).toContain(`<a href="/notifications?after=2026-06-01T08%3A00%3A00.000000Z_0f0e0d0c-0b0a-4908-8706-050403020100" class="underline">${next}</a>`);
  });

  it("has no next link on the last page, no first-page link on the first, and nothing for a list of one page", async () => {
    const last = await render(<PageLinks path="/follow-ups" next={null} paged />, "sv");
    expect(last).toContain("Första sidan");
    expect(last).not.toContain("Nästa sida");
    const first = await render(<PageLinks path="/follow-ups" next="x" paged={false} query="unit=u" />, "sv");
    expect(first).not.toContain("Första sidan");
    expect(first).toContain('href="/follow-ups?unit=u&amp;after=x"');
    expect(await render(<PageLinks path="/follow-ups" next={null} paged={false} />, "sv")).toBe("");
  });
});
