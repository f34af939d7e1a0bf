import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { AnswerField } from "~/services/requests/answers";
import type { ItemView } from "~/services/requests/views";
import { typedValues, type RequestFormFailure } from "./form-failure";

export interface ItemErrorsView {
  decision?: string;
  reason?: string;
  reasonText?: string;
  fields?: Record<string, string>;
}

const reasons = ["does_not_exist", "not_registered_here", "secrecy_harm", "consent_does_not_cover", "other"] as const;
const box = "mt-1 block w-full max-w-md rounded border-2 px-3 py-2";

/** The per-item errors a refused answer carries (request.answer_invalid), by item id. */
const itemErrorsOf = (failed: RequestFormFailure | null): Record<string, ItemErrorsView> =>
  failed?.error === "request.answer_invalid" && failed.details && typeof failed.details === "object" ? (failed.details as Record<string, ItemErrorsView>) : {};

/**
 * The review of every item: release with a typed answer, release partly, or decline with a
 * reason code. A refused answer comes back with what was typed (files apart) and each error.
 */
export function AnswerForm({ items, failed }: { items: ItemView[]; failed: RequestFormFailure | null }) {
  const { t } = useTranslation("requests");
  const errors = itemErrorsOf(failed);
  const values = typedValues(failed?.values);
  return (
    <Form method="post" encType="multipart/form-data">
      <input type="hidden" name="intent" value="answer" />
      {items.map((item) => (
        <ItemFields key={item.id} item={item} errors={errors[item.id] ?? {}} values={values} />
      ))}
      <button type="submit" className="button">{t("answer.send")}</button>
    </Form>
  );
}

function ErrorText({ id, text }: { id: string; text?: string }) {
  return text ? <p id={id} className="font-semibold text-danger-700">{text}</p> : null;
}

function ItemFields({ item, errors, values }: { item: ItemView; errors: ItemErrorsView; values: Record<string, string> }) {
  const { t, i18n } = useTranslation("requests");
  const language = i18n.language === "en" ? "en" : "sv";
  const name = item.name[language];
  const decisionName = `decision:${item.id}`;
  return (
    <fieldset className="mb-6 max-w-3xl rounded border border-line p-4" data-testid={`answer-item-${item.categoryCode}`}>
      <legend className="px-1 text-lg font-semibold">{name}</legend>
      <p className="mb-3 text-sm text-ink-muted">{item.help[language]}</p>
      <fieldset className="mb-4" aria-describedby={errors.decision ? `${item.id}-decision-error` : undefined}>
        <legend className="font-semibold">{t("answer.decision", { item: name })}</legend>
        <ErrorText id={`${item.id}-decision-error`} text={errors.decision ? t("fieldErrors.decision") : undefined} />
        {(["released", "released_partly", "declined"] as const).map((decision) => (
          <label key={decision} className="mr-6 mt-1 inline-flex items-center gap-2">
            <input type="radio" name={decisionName} value={decision} defaultChecked={values[decisionName] === decision} className="h-5 w-5" />
            {t(`decision.${decision}`)}
          </label>
        ))}
      </fieldset>
      <p className="font-semibold">{t("answer.fields")}</p>
      <p className="mb-2 text-sm text-ink-muted">{t("answer.fieldsHint")}</p>
      {item.fields.map((field) => (
        <FieldInput key={field.key} itemId={item.id} field={field} error={errors.fields?.[field.key]} values={values} />
      ))}
      <div className="mt-4">
        <label htmlFor={`${item.id}-reason`} className="block font-semibold">{t("answer.reason")}</label>
        <ErrorText id={`${item.id}-reason-error`} text={errors.reason ? t("fieldErrors.reason") : undefined} />
        <select id={`${item.id}-reason`} name={`reason:${item.id}`} defaultValue={values[`reason:${item.id}`] ?? ""} aria-describedby={errors.reason ? `${item.id}-reason-error` : undefined} className={`${box} bg-surface ${errors.reason ? "border-danger-700" : "border-line"}`}>
          <option value="">{t("answer.chooseReason")}</option>
          {reasons.map((reason) => <option key={reason} value={reason}>{t(`reason.${reason}`)}</option>)}
        </select>
      </div>
      <div className="mt-3">
        <label htmlFor={`${item.id}-reasonText`} className="block font-semibold">{t("answer.reasonText")}</label>
        <ErrorText id={`${item.id}-reasonText-error`} text={errors.reasonText ? t("fieldErrors.reasonText") : undefined} />
        <textarea id={`${item.id}-reasonText`} name={`reasonText:${item.id}`} rows={2} maxLength={500} defaultValue={values[`reasonText:${item.id}`] ?? ""} aria-describedby={errors.reasonText ? `${item.id}-reasonText-error` : undefined} className={`${box} max-w-2xl ${errors.reasonText ? "border-danger-700" : "border-line"}`} />
      </div>
    </fieldset>
  );
}

function FieldInput({ itemId, field, error, values }: { itemId: string; field: AnswerField; error?: string; values: Record<string, string> }) {
  const { t, i18n } = useTranslation("requests");
  const language = i18n.language === "en" ? "en" : "sv";
  const id = `${itemId}-${field.key}`;
  const name = `answer:${itemId}:${field.key}`;
  const errorId = `${id}-error`;
  const message = error
    ? t(`fieldErrors.${error}` as never, { min: "min" in field ? field.min : undefined, max: field.type === "text" ? field.maxLength : "max" in field ? field.max : undefined })
    : undefined;
  const border = error ? "border-danger-700" : "border-line";
  const label = `${field.label[language]}${field.type === "number" && field.unit ? ` (${field.unit[language]})` : ""}`;
  const common = { "aria-invalid": error ? true : undefined, "aria-describedby": error ? errorId : undefined } as const;

  if (field.type === "period" || field.type === "boolean") {
    return (
      <fieldset className="mb-3" aria-describedby={error ? errorId : undefined}>
        <legend className="font-semibold">{label}</legend>
        <ErrorText id={errorId} text={message} />
        {field.type === "period" ? (
          <div className="flex flex-wrap gap-4">
            {(["from", "to"] as const).map((part) => (
              <div key={part}>
                <label htmlFor={`${id}-${part}`} className="block text-sm">{t(`answer.${part}`)}</label>
                <input id={`${id}-${part}`} type="date" name={`${name}:${part}`} defaultValue={values[`${name}:${part}`] ?? ""} className={`mt-1 rounded border-2 px-3 py-2 ${border}`} />
              </div>
            ))}
          </div>
        ) : (
          (["yes", "no"] as const).map((option) => (
            <label key={option} className="mr-6 inline-flex items-center gap-2">
              <input type="radio" name={name} value={option} defaultChecked={values[name] === option} className="h-5 w-5" />
              {t(`answer.${option}`)}
            </label>
          ))
        )}
      </fieldset>
    );
  }
  return (
    <div className="mb-3">
      <label htmlFor={id} className="block font-semibold">{label}</label>
      {field.type === "document" ? <p id={`${id}-hint`} className="text-sm text-ink-muted">{t("answer.documentHint")}</p> : null}
      <ErrorText id={errorId} text={message} />
      {field.type === "choice" ? (
        <select id={id} name={name} defaultValue={values[name] ?? ""} {...common} className={`${box} bg-surface ${border}`}>
          <option value="">{t("answer.chooseOption")}</option>
          {field.options.map((option) => <option key={option.value} value={option.value}>{option.label[language]}</option>)}
        </select>
      ) : field.type === "document" ? (
        <input id={id} type="file" name={`file:${itemId}:${field.key}`} accept="application/pdf,.pdf" aria-invalid={error ? true : undefined} aria-describedby={[`${id}-hint`, error ? errorId : ""].filter(Boolean).join(" ")} className="mt-1 block" />
      ) : field.type === "text" && field.maxLength > 200 ? (
        <textarea id={id} name={name} rows={3} maxLength={field.maxLength} defaultValue={values[name] ?? ""} {...common} className={`${box} max-w-2xl ${border}`} />
      ) : (
        <input
          id={id}
          name={name}
          type={field.type === "date" ? "date" : "text"}
          inputMode={field.type === "number" ? "decimal" : undefined}
          maxLength={field.type === "text" ? field.maxLength : undefined}
          defaultValue={values[name] ?? ""}
          {...common}
          className={`${box} ${border}`}
        />
      )}
    </div>
  );
}
