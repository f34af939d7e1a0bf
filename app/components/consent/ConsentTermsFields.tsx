import { useTranslation } from "react-i18next";
import { typedList, typedValues, type FormValues } from "~/web/form-failure";

type Text = { sv: string; en: string };
export interface ConsentFormOptions {
  lead: { id: string; name: string; categories: { code: string; name: Text }[] };
  others: { id: string; name: string; units: { id: string; name: string; mailbox: string }[]; categories: { code: string; name: Text }[] }[];
}


/** The lines of a consent, both ways per organisation, plus purpose and end date. Shared by "ask" and "record". */
export function ConsentTermsFields({
  options,
  defaultUntil,
  maxUntil,
  errors,
  values,
}: {
  options: ConsentFormOptions;
  defaultUntil: string;
  maxUntil: string;
  errors: Record<string, string | undefined>;
  /** What was typed before a refusal, to show it again. */
  values?: FormValues;
}) {
  const { t, i18n } = useTranslation("consent");
  const typed = (name: string): string | undefined => typedValues(values)[name];
  const chosen = new Set(typedList(values, "line"));
  const language = i18n.language === "en" ? "en" : "sv";
  const box = (discloser: string, recipient: string, code: string, label: string) => {
    const value = `${discloser}|${recipient}|${code}`;
    const id = `line-${discloser}-${recipient}-${code}`.replace(/[^\w-]/g, "_");
    return (
      <li key={value} className="flex items-start gap-2">
        <input id={id} type="checkbox" name="line" value={value} defaultChecked={chosen.has(value)} className="mt-1 h-5 w-5" />
        <label htmlFor={id}>{label}</label>
      </li>
    );
  };
  return (
    <>
      {errors.lines ? <p className="mb-2 font-semibold text-danger-700" id="lines-error">{errors.lines}</p> : null}
      {options.others.map((org) => (
        <details key={org.id} className="mb-4 rounded border border-line p-4" open={[...chosen].some((line) => line.split("|").includes(org.id)) || undefined}>
          <summary className="cursor-pointer text-lg font-semibold">{org.name}</summary>
          {org.units.length > 0 ? (
            <div className="mt-3">
              <label htmlFor={`unit-${org.id}`} className="block font-semibold">{t("form.unit")}</label>
              <select id={`unit-${org.id}`} name={`unit:${org.id}`} defaultValue={typed(`unit:${org.id}`)} className="mt-1 block w-full max-w-md rounded border-2 border-line bg-surface px-3 py-2">
                {org.units.map((unit) => (
                  <option key={unit.id} value={unit.id}>{unit.name} ({unit.mailbox})</option>
                ))}
              </select>
            </div>
          ) : null}
          <fieldset className="mt-4">
            <legend className="font-semibold">{t("form.fromOther", { other: org.name, lead: options.lead.name })}</legend>
            <ul className="mt-2 space-y-1">{org.categories.map((category) => box(org.id, options.lead.id, category.code, category.name[language]))}</ul>
          </fieldset>
          <fieldset className="mt-4">
            <legend className="font-semibold">{t("form.toOther", { other: org.name, lead: options.lead.name })}</legend>
            <ul className="mt-2 space-y-1">{options.lead.categories.map((category) => box(options.lead.id, org.id, category.code, category.name[language]))}</ul>
          </fieldset>
        </details>
      ))}

      <div className="mb-4 mt-6">
        <label htmlFor="purpose" className="block font-semibold">{t("form.purpose")}</label>
        <p id="purpose-hint" className="text-sm text-ink-muted">{t("form.purposeHint")}</p>
        {errors.purpose ? <p id="purpose-error" className="font-semibold text-danger-700">{errors.purpose}</p> : null}
        <textarea id="purpose" name="purpose" rows={3} maxLength={1000} required defaultValue={typed("purpose")} aria-describedby={`purpose-hint${errors.purpose ? " purpose-error" : ""}`} aria-invalid={errors.purpose ? true : undefined} className="mt-1 block w-full max-w-2xl rounded border-2 border-line px-3 py-2" />
      </div>
      <div className="mb-6">
        <label htmlFor="validUntil" className="block font-semibold">{t("form.validUntil")}</label>
        <p id="until-hint" className="text-sm text-ink-muted">{t("form.validUntilHint")}</p>
        {errors.validUntil ? <p id="until-error" className="font-semibold text-danger-700">{errors.validUntil}</p> : null}
        <input id="validUntil" name="validUntil" type="date" required defaultValue={typed("validUntil") ?? defaultUntil} max={maxUntil} aria-describedby={`until-hint${errors.validUntil ? " until-error" : ""}`} className="mt-1 rounded border-2 border-line px-3 py-2" />
      </div>
    </>
  );
}
