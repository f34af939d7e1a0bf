import { useTranslation } from "react-i18next";

/**
 * Someone saved the same item first: their version next to yours, field by field. The form
 * below keeps what you typed; saving again replaces their version with yours.
 */
export function ConflictNotice({
  changedBy,
  theirs,
  yours,
  labels,
  display = (_key, value) => value,
}: {
  changedBy: string | null;
  theirs: Record<string, string>;
  yours: Record<string, string>;
  labels: Record<string, string>;
  /** How a stored value reads (a unit's name for its id, a status in words). */
  display?: (key: string, value: string) => string;
}) {
  const { t } = useTranslation("plan");
  const differing = Object.keys(labels).filter((key) => (theirs[key] ?? "") !== (yours[key] ?? ""));
  return (
    <div role="alert" className="mb-6 border-l-4 border-danger-700 bg-surface-muted p-4" data-testid="conflict">
      <p className="font-semibold text-danger-700">{t("conflict.title", { name: changedBy ?? t("conflict.someone") })}</p>
      <p className="mt-1">{t("conflict.body")}</p>
      <table className="mt-3 w-full border-collapse text-left">
        <caption className="sr-only">{t("conflict.caption")}</caption>
        <thead>
          <tr className="border-b-2 border-line">
            <th scope="col" className="py-1 pr-3">{t("conflict.field")}</th>
            <th scope="col" className="py-1 pr-3">{t("conflict.theirs")}</th>
            <th scope="col" className="py-1">{t("conflict.yours")}</th>
          </tr>
        </thead>
        <tbody>
          {differing.map((key) => (
            <tr key={key} className="border-b border-line">
              <th scope="row" className="py-1 pr-3 font-semibold">{labels[key]}</th>
              <td className="py-1 pr-3" data-testid={`theirs-${key}`}>{theirs[key] ? display(key, theirs[key]) : "–"}</td>
              <td className="py-1" data-testid={`yours-${key}`}>{yours[key] ? display(key, yours[key]) : "–"}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
