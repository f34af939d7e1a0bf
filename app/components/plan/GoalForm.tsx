import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";

export type GoalValues = Partial<Record<"text" | "clientWords" | "targetDate" | "status", string>>;
const statuses = ["active", "achieved", "paused", "cancelled"] as const;

/** The goal form; `values` are what is stored or, after a refusal, what was typed; `errors` are texts. */
export function GoalForm({ values, errors, version, submitLabel }: { values: GoalValues; errors: Record<string, string | undefined>; version?: number; submitLabel: string }) {
  const { t } = useTranslation("plan");
  return (
    <Form method="post" className="max-w-2xl space-y-4">
      {version !== undefined ? <input type="hidden" name="version" value={version} /> : null}
      <div>
        <label htmlFor="text" className="block font-semibold">{t("goal.text")}</label>
        {errors.text ? <p id="text-error" className="font-semibold text-danger-700">{errors.text}</p> : null}
        <textarea id="text" name="text" rows={2} required maxLength={1000} defaultValue={values.text} aria-invalid={errors.text ? true : undefined} aria-describedby={errors.text ? "text-error" : undefined} className="mt-1 block w-full rounded border-2 border-line px-3 py-2" />
      </div>
      <div>
        <label htmlFor="clientWords" className="block font-semibold">{t("goal.clientWords")}</label>
        <p id="client-words-hint" className="text-sm text-ink-muted">{t("goal.clientWordsHint")}</p>
        {errors.clientWords ? <p id="clientWords-error" className="font-semibold text-danger-700">{errors.clientWords}</p> : null}
        <textarea id="clientWords" name="clientWords" rows={2} maxLength={1000} defaultValue={values.clientWords} aria-invalid={errors.clientWords ? true : undefined} aria-describedby={errors.clientWords ? "client-words-hint clientWords-error" : "client-words-hint"} className="mt-1 block w-full rounded border-2 border-line px-3 py-2" />
      </div>
      <div className="flex flex-wrap gap-6">
        <div>
          <label htmlFor="targetDate" className="block font-semibold">{t("goal.targetDate")}</label>
          {errors.targetDate ? <p id="targetDate-error" className="font-semibold text-danger-700">{errors.targetDate}</p> : null}
          <input id="targetDate" name="targetDate" type="date" defaultValue={values.targetDate} aria-invalid={errors.targetDate ? true : undefined} aria-describedby={errors.targetDate ? "targetDate-error" : undefined} className="mt-1 rounded border-2 border-line px-3 py-2" />
        </div>
        <div>
          <label htmlFor="status" className="block font-semibold">{t("goal.status")}</label>
          {errors.status ? <p id="status-error" className="font-semibold text-danger-700">{errors.status}</p> : null}
          <select id="status" name="status" defaultValue={values.status ?? "active"} aria-invalid={errors.status ? true : undefined} aria-describedby={errors.status ? "status-error" : undefined} className="mt-1 rounded border-2 border-line bg-surface px-3 py-2">
            {statuses.map((status) => (
              <option key={status} value={status}>{t(`goalStatus.${status}`)}</option>
            ))}
          </select>
        </div>
      </div>
      <button type="submit" className="button">{submitLabel}</button>
    </Form>
  );
}
