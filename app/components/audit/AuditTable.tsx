import { useTranslation } from "react-i18next";
import { formatDateTime } from "~/lib/format";
import { staffAction, staffBasis, staffReason, staffResource, type StaffWords } from "~/services/audit/staff-words";

interface ReviewEvent {
  id: string;
  occurredAt: string;
  officer: { name: string; title: string } | null;
  unit: string | null;
  action: string;
  outcome: string;
  reason: string | null;
  basis: string | null;
  caseReference: string | null;
  client: { name: string | null; protectedIdentity: boolean } | null;
  category: { sv: string; en: string } | null;
  resourceType: string | null;
  reads: { action: string; outcome: string; resourceType: string; category: string | null; categoryName: { sv: string; en: string } | null; basis: string | null; reason: string | null }[];
}

/**
 * The auditor's list, one row per look; refused looks stand out by text and by colour; each look's
 * parts unfold. In staff words (audit:staff.*), never the client's and never a raw code.
 */
export function AuditTable({ events }: { events: ReviewEvent[] }) {
  const { t, i18n } = useTranslation("audit");
  const { t: tc } = useTranslation("cases");
  const language = i18n.language === "en" ? "en" : "sv";
  const say = (words: StaffWords) => String(t(words.key as never, words.values as never));
  const outcome = (code: string, reason: string | null) =>
    reason ? t("staff.outcomeWithReason", { outcome: t(`outcomes.${code}` as never), reason: say(staffReason(reason)) }) : t(`outcomes.${code}` as never);
  if (events.length === 0) return <p>{t("review.empty")}</p>;
  return (
    <table className="w-full border-collapse text-left text-sm">
      <caption className="sr-only">{t("review.tableCaption")}</caption>
      <thead>
        <tr className="border-b-2 border-line">
          <th scope="col" className="py-2 pr-3">{t("review.when")}</th>
          <th scope="col" className="py-2 pr-3">{t("review.who")}</th>
          <th scope="col" className="py-2 pr-3">{t("review.what")}</th>
          <th scope="col" className="py-2 pr-3">{t("review.about")}</th>
          <th scope="col" className="py-2 pr-3">{t("review.basis")}</th>
          <th scope="col" className="py-2">{t("review.outcome")}</th>
        </tr>
      </thead>
      <tbody>
        {events.map((event) => {
          const denied = event.outcome === "denied" || event.outcome === "failure";
          return (
            <tr key={event.id} className={`border-b border-line ${denied ? "bg-surface-muted font-semibold text-danger-700" : ""}`} data-testid={denied ? "denied-event" : "audit-event"}>
              <td className="py-2 pr-3">{formatDateTime(event.occurredAt, i18n.language)}</td>
              <td className="py-2 pr-3">{event.officer ? `${event.officer.name}, ${event.officer.title}` : t("review.anonymous")}{event.unit ? <span className="block">{event.unit}</span> : null}</td>
              <td className="py-2 pr-3">
                <span className="block">{say(staffAction(event.action, event.resourceType))}{event.category ? `: ${event.category[language]}` : ""}</span>
                {event.reads.length > 1 ? (
                  <details className="mt-1 font-normal">
                    <summary className="cursor-pointer">{t("review.reads", { count: event.reads.length })}</summary>
                    <table className="mt-1 text-xs">
                      <caption className="sr-only">{t("review.readsCaption")}</caption>
                      <thead>
                        <tr>
                          <th scope="col" className="pr-2">{t("staff.readAction")}</th>
                          <th scope="col" className="pr-2">{t("review.readPart")}</th>
                          <th scope="col" className="pr-2">{t("review.readCategory")}</th>
                          <th scope="col" className="pr-2">{t("review.basis")}</th>
                          <th scope="col">{t("review.outcome")}</th>
                        </tr>
                      </thead>
                      <tbody>
                        {event.reads.map((read, index) => (
                          <tr key={index}>
                            <td className="pr-2">{say(staffAction(read.action, read.resourceType))}</td>
                            <td className="pr-2">{say(staffResource(read.resourceType))}</td>
                            <td className="pr-2">{read.categoryName?.[language] ?? ""}</td>
                            <td className="pr-2">{say(staffBasis(read.basis))}</td>
                            <td>{outcome(read.outcome, read.reason)}</td>
                          </tr>
                        ))}
                      </tbody>
                    </table>
                  </details>
                ) : null}
              </td>
              <td className="py-2 pr-3">
                {event.caseReference ?? ""}
                {event.client ? <span className="block">{event.client.name ?? tc("protectedIdentity")}</span> : null}
              </td>
              <td className="py-2 pr-3">{say(staffBasis(event.basis))}</td>
              <td className="py-2">
                {denied ? "⚠ " : ""}
                {outcome(event.outcome, event.reason)}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
