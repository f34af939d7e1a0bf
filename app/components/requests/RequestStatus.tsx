import { useTranslation } from "react-i18next";
import type { RequestStatus as Status } from "~/services/requests/states";

const tones: Record<Status, string> = {
  draft: "border-line text-ink-muted",
  submitted: "border-brand-700 text-brand-800",
  in_review: "border-brand-700 text-brand-800",
  answered: "border-success-700 text-success-700",
  partly_answered: "border-warning-800 text-warning-800",
  declined: "border-danger-700 text-danger-700",
  withdrawn: "border-line text-ink-muted",
};

/** The state in words (never colour alone), and "overdue" spelled out when it is. */
export function RequestStatus({ status, overdue = false }: { status: Status; overdue?: boolean }) {
  const { t } = useTranslation("requests");
  return (
    <span className="inline-flex flex-wrap gap-2">
      <span className={`rounded border px-2 py-0.5 text-sm font-semibold ${tones[status]}`}>{t(`status.${status}`)}</span>
      {overdue ? <span className="rounded border-2 border-danger-700 px-2 py-0.5 text-sm font-bold text-danger-700">{t("view.overdue")}</span> : null}
    </span>
  );
}

/** "Without consent – on a legal basis": the flag every reader of a legal-basis request sees. */
export function LegalFlag() {
  const { t } = useTranslation("requests");
  return <span className="inline-block rounded border-2 border-warning-800 px-2 py-0.5 text-sm font-bold text-warning-800">{t("basis.legalFlag")}</span>;
}
