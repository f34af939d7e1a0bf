import { useTranslation } from "react-i18next";
import { formatDateTime } from "~/lib/format";
import type { CaseSection } from "~/services/cases/view.server";

/** The case's information, one section per organisation and category: the content, or "not shared". */
export function CaseSections({ sections, viewerOrganizationId, plain = false }: { sections: CaseSection[]; viewerOrganizationId: string | null; plain?: boolean }) {
  const { t, i18n } = useTranslation("cases");
  const language = i18n.language === "en" ? "en" : "sv";
  const owners = [...new Set(sections.map((section) => section.ownerOrganization))];
  return (
    <section aria-labelledby="sections-heading">
      <h2 id="sections-heading" className="text-xl font-semibold">{t(plain ? "client.sectionsHeading" : "view.sectionsHeading")}</h2>
      {sections.length === 0 ? <p className="mt-2">{t("view.noSections")}</p> : null}
      {owners.map((owner) => (
        <div key={owner} className="mt-4">
          <h3 className="text-lg font-semibold text-brand-800">{owner}</h3>
          <ul className="mt-2 space-y-3">
            {sections
              .filter((section) => section.ownerOrganization === owner)
              .map((section) => (
                <li key={`${section.ownerOrganizationId}-${section.categoryCode}`} className="rounded border border-line p-3" data-testid={`section-${section.categoryCode}`}>
                  <p className="font-semibold">{section.name[language]}</p>
                  {plain ? <p className="text-sm text-ink-muted">{section.plain[language]}</p> : null}
                  {!section.shared ? (
                    <p className="mt-1 text-warning-800">{t("view.notShared")}</p>
                  ) : section.entries.length === 0 ? (
                    <p className="mt-1 text-ink-muted">{t("view.noEntries")}</p>
                  ) : (
                    <ul className="mt-1 space-y-1">
                      {section.entries.map((entry) => (
                        <li key={entry.id}>
                          <span className="whitespace-pre-line">{entry.text}</span>
                          <span className="block text-sm text-ink-muted">
                            {entry.unit}, {formatDateTime(entry.recordedAt, i18n.language)}
                          </span>
                        </li>
                      ))}
                    </ul>
                  )}
                  {section.shared && section.ownerOrganizationId === viewerOrganizationId ? (
                    <p className="mt-1 text-sm text-ink-muted">{t("view.ownInformation")}</p>
                  ) : null}
                </li>
              ))}
          </ul>
        </div>
      ))}
    </section>
  );
}
