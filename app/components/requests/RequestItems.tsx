import { useTranslation } from "react-i18next";
import type { ItemOutcomeView, ItemView } from "~/services/requests/views";
import { AnswerValues } from "./AnswerValues";

/** Each item asked for, with its answer, its decline reason, or "not answered yet". */
export function RequestItems({ items, headingLevel = 2 }: { items: ItemView[]; headingLevel?: 2 | 3 }) {
  const { t, i18n } = useTranslation("requests");
  const language = i18n.language === "en" ? "en" : "sv";
  const Heading = headingLevel === 2 ? "h2" : "h3";
  const ItemHeading = headingLevel === 2 ? "h3" : "h4";
  return (
    <section aria-label={t("view.itemsHeading")} className="mb-6">
      <Heading className="mb-2 text-xl font-semibold">{t("view.itemsHeading")}</Heading>
      <ul className="space-y-3">
        {items.map((item) => (
          <li key={item.id} className="rounded border border-line p-3" data-testid={`request-item-${item.categoryCode}`}>
            <ItemHeading className="font-semibold">{item.name[language]}</ItemHeading>
            <ItemOutcome item={item} />
          </li>
        ))}
      </ul>
    </section>
  );
}

export function ItemOutcome({ item }: { item: ItemOutcomeView }) {
  const { t } = useTranslation("requests");
  const reason = item.declineReason ? `${t(`reason.${item.declineReason}`)}${item.declineText ? ` – ${item.declineText}` : ""}` : "";
  if (item.decision === null) return <p className="text-ink-muted">{t("view.waiting")}</p>;
  if (item.decision === "declined") return <p className="text-danger-700">{t("view.declinedBecause", { reason })}</p>;
  return (
    <>
      {item.withheld ? <p className="text-warning-800">{t("view.withheld")}</p> : null}
      {item.answer ? <AnswerValues fields={item.fields} answer={item.answer} /> : null}
      {item.decision === "released_partly" && reason ? <p className="mt-1 text-warning-800">{t("view.partlyBecause", { reason })}</p> : null}
    </>
  );
}
