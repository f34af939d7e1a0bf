import { useTranslation } from "react-i18next";
import type { Answer, AnswerField, AnswerValue } from "~/services/requests/answers";
import { formatDate } from "~/lib/format";

/** A structured answer as a definition list, each value typed and formatted in the page's language. */
export function AnswerValues({ fields, answer }: { fields: AnswerField[]; answer: Answer }) {
  const { i18n } = useTranslation("requests");
  const language = i18n.language === "en" ? "en" : "sv";
  const given = fields.filter((field) => answer[field.key] !== undefined);
  return (
    <dl className="mt-1 grid grid-cols-1 gap-x-4 sm:grid-cols-[max-content_1fr]">
      {given.map((field) => (
        <div key={field.key} className="contents">
          <dt className="font-semibold">{field.label[language]}</dt>
          <dd>
            <Value field={field} value={answer[field.key]!} />
          </dd>
        </div>
      ))}
    </dl>
  );
}

function Value({ field, value }: { field: AnswerField; value: AnswerValue }) {
  const { t, i18n } = useTranslation("requests");
  const language = i18n.language === "en" ? "en" : "sv";
  switch (field.type) {
    case "number":
      return <>{`${Number(value).toLocaleString(language === "en" ? "en-GB" : "sv-SE")}${field.unit ? ` ${field.unit[language]}` : ""}`}</>;
    case "date":
      return <>{formatDate(String(value), i18n.language)}</>;
    case "period": {
      const period = value as { from: string; to: string | null };
      return <>{`${formatDate(period.from, i18n.language)} – ${period.to ? formatDate(period.to, i18n.language) : t("answer.untilFurtherNotice")}`}</>;
    }
    case "boolean":
      return <>{value ? t("answer.yes") : t("answer.no")}</>;
    case "choice":
      return <>{field.options.find((option) => option.value === value)?.label[language] ?? String(value)}</>;
    case "text":
      return <span className="whitespace-pre-line">{String(value)}</span>;
    case "document": {
      const document = value as { documentId: string; filename: string };
      return <a href={`/requests/documents/${document.documentId}`}>{t("answer.document", { filename: document.filename })}</a>;
    }
  }
}
