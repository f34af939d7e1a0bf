import { useTranslation } from "react-i18next";
import { formatDateTime } from "~/lib/format";
import type { RequestView } from "~/services/requests/views";

/** Every state change with its time and who made it. */
export function RequestHistory({ transitions }: { transitions: RequestView["transitions"] }) {
  const { t, i18n } = useTranslation("requests");
  return (
    <section aria-labelledby="history-heading" className="mb-6">
      <h2 id="history-heading" className="mb-2 text-xl font-semibold">{t("view.historyHeading")}</h2>
      <ol className="list-inside list-decimal space-y-1">
        {transitions.map((transition) => {
          const values = { status: t(`status.${transition.to}`), time: formatDateTime(transition.at, i18n.language), name: transition.by ?? "" };
          return <li key={`${transition.to}-${transition.at}`}>{transition.by ? t("view.transitionBy", values) : t("view.transition", values)}</li>;
        })}
      </ol>
    </section>
  );
}
