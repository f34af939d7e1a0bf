import { Form, Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Alert } from "~/components/ui/Alert";
import type { RequestFormOptions } from "~/services/requests/views";
import { typedList, typedValues, useRequestErrorText, type RequestFormFailure } from "./form-failure";

export interface RequestFormValues {
  categoryCodes: string[];
  purpose: string;
  legalReference: string;
  legalJustification: string;
  desiredBy: string;
}

/** The form's values: a draft's, or what was typed when the form was refused. */
export function requestFormValues(failed: RequestFormFailure | null, saved?: RequestFormValues): RequestFormValues {
  if (!failed) return saved ?? { categoryCodes: [], purpose: "", legalReference: "", legalJustification: "", desiredBy: "" };
  const typed = typedValues(failed.values);
  return {
    categoryCodes: typedList(failed.values, "item"),
    purpose: typed.purpose ?? "",
    legalReference: typed.legalReference ?? "",
    legalJustification: typed.legalJustification ?? "",
    desiredBy: typed.desiredBy ?? "",
  };
}

// Which field a service's error code belongs to, so the message sits next to it as well as at the top.
const fieldOf: Record<string, string> = {
  "request.purpose_required": "purpose",
  "request.purpose_too_long": "purpose",
  "request.statute_required": "legalReference",
  "request.justification_required": "legalJustification",
  "request.justification_too_long": "legalJustification",
  "request.desired_by_invalid": "desiredBy",
  "request.no_items": "items",
  "request.unknown_item": "items",
  "request.outside_consent": "items",
};

const input = "mt-1 block w-full max-w-2xl rounded border-2 px-3 py-2";

/**
 * Asking for information in two steps that work without scripts: a GET form chooses the receiving
 * unit and the basis (so the items and what the consent covers can be shown), then the request.
 */
export function RequestForm({ options, values, failed, cancelTo }: { options: RequestFormOptions; values: RequestFormValues; failed: RequestFormFailure | null; cancelTo: string }) {
  const { t, i18n } = useTranslation("requests");
  const errorText = useRequestErrorText();
  const language = i18n.language === "en" ? "en" : "sv";
  // A form refused field by field says which fields (in the form's order), not "something is wrong".
  const fieldCodes = failed?.error === "form.invalid" ? Object.values(failed.fieldErrors) : [];
  const message = failed ? (fieldCodes.length > 0 ? fieldCodes.map(errorText).join(" ") : errorText(failed.error)) : undefined;
  // The form's field "item" is shown as the list "items".
  const fieldError = (name: string) => failed?.fieldErrors[name === "items" ? "item" : name];
  const errorAt = (name: string) => {
    const code = fieldError(name);
    if (code) return errorText(code);
    return failed && fieldOf[failed.error] === name ? message : undefined;
  };
  const described = (name: string, hint?: boolean) => [hint ? `${name}-hint` : "", errorAt(name) ? `${name}-error` : ""].filter(Boolean).join(" ") || undefined;
  const legal = options.basis === "legal";
  const coveredCount = options.items.filter((item) => item.covered).length;

  return (
    <>
      {message ? <Alert tone="error">{message}</Alert> : null}
      <Form method="get" className="mb-8 max-w-2xl rounded border border-line p-4">
        <h2 className="mb-3 text-xl font-semibold">{t("form.receiverHeading")}</h2>
        <label htmlFor="unit" className="block font-semibold">{t("form.unit")}</label>
        <select id="unit" name="unit" defaultValue={options.unitId ?? ""} required className="mb-4 mt-1 block w-full rounded border-2 border-line bg-surface px-3 py-2">
          <option value="" disabled>{t("form.chooseUnit")}</option>
          {options.units.map((unit) => (
            <option key={unit.id} value={unit.id}>{`${unit.organization} – ${unit.name} (${unit.mailbox})`}</option>
          ))}
        </select>
        <fieldset className="mb-4">
          <legend className="font-semibold">{t("form.basis")}</legend>
          {(["consent", "legal"] as const).map((basis) => (
            <div key={basis} className="mt-2 flex items-start gap-2">
              <input id={`basis-${basis}`} type="radio" name="basis" value={basis} defaultChecked={options.basis === basis} aria-describedby={`basis-${basis}-hint`} className="mt-1 h-5 w-5" />
              <label htmlFor={`basis-${basis}`}>
                {t(basis === "consent" ? "form.basisConsent" : "form.basisLegal")}
                <span id={`basis-${basis}-hint`} className="block text-sm text-ink-muted">{t(basis === "consent" ? "form.basisConsentHint" : "form.basisLegalHint")}</span>
              </label>
            </div>
          ))}
        </fieldset>
        <button type="submit" className="button button-secondary">{t("form.showItems")}</button>
      </Form>

      {options.unitId ? (
        <Form method="post" key={`${options.unitId}-${options.basis}`}>
          <input type="hidden" name="receivingUnitId" value={options.unitId} />
          <input type="hidden" name="basis" value={options.basis} />
          <fieldset className="mb-6" aria-describedby={errorAt("items") ? "items-error" : undefined}>
            <legend className="text-xl font-semibold">{t("form.items")}</legend>
            {errorAt("items") ? <p id="items-error" className="font-semibold text-danger-700">{errorAt("items")}</p> : null}
            {!legal && coveredCount === 0 ? <p className="mt-2 max-w-prose text-warning-800">{t("form.noneCovered")}</p> : null}
            <ul className="mt-2 space-y-3">
              {options.items.map((item) => {
                const allowed = legal || item.covered;
                const id = `item-${item.code.replace(/\W/g, "_")}`;
                return (
                  <li key={item.code} className="flex items-start gap-2">
                    <input id={id} type="checkbox" name="item" value={item.code} disabled={!allowed} defaultChecked={allowed && values.categoryCodes.includes(item.code)} aria-describedby={`${id}-hint`} className="mt-1 h-5 w-5" />
                    <label htmlFor={id} className={allowed ? "" : "text-ink-muted"}>
                      {item.name[language]}
                      <span id={`${id}-hint`} className="block text-sm text-ink-muted">
                        {legal ? "" : <strong className={item.covered ? "text-success-700" : "text-warning-800"}>{t(item.covered ? "form.covered" : "form.notCovered")}. </strong>}
                        {item.help[language]}
                      </span>
                    </label>
                  </li>
                );
              })}
            </ul>
          </fieldset>

          {legal ? (
            <div className="mb-6 max-w-2xl border-l-4 border-warning-800 bg-surface-muted p-4">
              <p className="mb-3 font-semibold text-warning-800">{t("form.legalWarning")}</p>
              <label htmlFor="legalReference" className="block font-semibold">{t("form.statute")}</label>
              {errorAt("legalReference") ? <p id="legalReference-error" className="font-semibold text-danger-700">{errorAt("legalReference")}</p> : null}
              <select id="legalReference" name="legalReference" defaultValue={values.legalReference} required aria-describedby={described("legalReference")} className={`${input} mb-4 bg-surface ${errorAt("legalReference") ? "border-danger-700" : "border-line"}`}>
                <option value="">{t("form.chooseStatute")}</option>
                {options.statutes.map((statute) => (
                  <option key={statute.reference} value={statute.reference}>{statute.label[language]}</option>
                ))}
              </select>
              <label htmlFor="legalJustification" className="block font-semibold">{t("form.justification")}</label>
              <p id="legalJustification-hint" className="text-sm text-ink-muted">{t("form.justificationHint")}</p>
              {errorAt("legalJustification") ? <p id="legalJustification-error" className="font-semibold text-danger-700">{errorAt("legalJustification")}</p> : null}
              <textarea id="legalJustification" name="legalJustification" rows={3} maxLength={2000} required defaultValue={values.legalJustification} aria-describedby={described("legalJustification", true)} className={`${input} ${errorAt("legalJustification") ? "border-danger-700" : "border-line"}`} />
            </div>
          ) : null}

          <div className="mb-4">
            <label htmlFor="purpose" className="block font-semibold">{t("form.purpose")}</label>
            <p id="purpose-hint" className="text-sm text-ink-muted">{t("form.purposeHint")}</p>
            {errorAt("purpose") ? <p id="purpose-error" className="font-semibold text-danger-700">{errorAt("purpose")}</p> : null}
            <textarea id="purpose" name="purpose" rows={3} maxLength={1000} defaultValue={values.purpose} aria-describedby={described("purpose", true)} className={`${input} ${errorAt("purpose") ? "border-danger-700" : "border-line"}`} />
          </div>
          <div className="mb-6">
            <label htmlFor="desiredBy" className="block font-semibold">{t("form.desiredBy")}</label>
            {errorAt("desiredBy") ? <p id="desiredBy-error" className="font-semibold text-danger-700">{errorAt("desiredBy")}</p> : null}
            <input id="desiredBy" name="desiredBy" type="date" min={options.minDate} max={options.maxDate} defaultValue={values.desiredBy} aria-describedby={described("desiredBy")} className="mt-1 rounded border-2 border-line px-3 py-2" />
          </div>
          <div className="flex flex-wrap gap-3">
            <button type="submit" name="intent" value="submit" className="button">{t("form.submit")}</button>
            <button type="submit" name="intent" value="draft" className="button button-secondary">{t("form.saveDraft")}</button>
            <Link to={cancelTo} className="button button-secondary">{t("form.cancel")}</Link>
          </div>
        </Form>
      ) : null}
    </>
  );
}
