import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { ActivityFormOptions as ServiceFormOptions } from "~/services/plan/form-options.server";

/** What the form offers (its case reference is the page's business). */
export type ActivityFormOptions = Omit<ServiceFormOptions, "caseReference">;

export type ActivityValues = Partial<Record<"title" | "typeCode" | "goalId" | "organizationId" | "unitId" | "assigneeId" | "startDate" | "endDate" | "extent" | "status" | "followUpDate" | "note" | "categoryCode", string>>;

const statuses = ["planned", "ongoing", "paused", "done", "cancelled"] as const;

/**
 * The activity form, for a new activity (own, or proposed for another organisation) and for
 * editing one. Without JavaScript every choice is listed, grouped by organisation; the server
 * checks that unit, officer and category belong to the chosen organisation. `values` are what
 * is stored or, after a refusal, what was typed (nothing typed is lost); `errors` are texts.
 */
export function ActivityForm({
  options,
  values,
  errors,
  version,
  editing,
  submitLabel,
}: {
  options: ActivityFormOptions;
  values: ActivityValues;
  errors: Record<string, string | undefined>;
  version?: number;
  editing: boolean;
  submitLabel: string;
}) {
  const { t, i18n } = useTranslation("plan");
  const language = i18n.language === "en" ? "en" : "sv";
  const select = "mt-1 block w-full max-w-xl rounded border-2 border-line bg-surface px-3 py-2";
  const input = "mt-1 block rounded border-2 border-line px-3 py-2";
  const own = options.organizations.find((org) => org.own);
  const error = (name: string) =>
    errors[name] ? (
      <p id={`${name}-error`} className="font-semibold text-danger-700">
        {errors[name]}
      </p>
    ) : null;
  const described = (name: string) => (errors[name] ? { "aria-describedby": `${name}-error`, "aria-invalid": true } : {});
  return (
    <Form method="post" className="max-w-3xl space-y-4">
      {version !== undefined ? <input type="hidden" name="version" value={version} /> : null}
      <div>
        <label htmlFor="title" className="block font-semibold">{t("activity.title")}</label>
        {error("title")}
        <input id="title" name="title" required maxLength={200} defaultValue={values.title} className={`${input} w-full max-w-xl`} {...described("title")} />
      </div>
      {editing ? (
        <input type="hidden" name="organizationId" value={values.organizationId} />
      ) : (
        <div>
          <label htmlFor="organizationId" className="block font-semibold">{t("activity.organization")}</label>
          <p id="organization-hint" className="text-sm text-ink-muted">{t("activity.organizationHint")}</p>
          {error("organizationId")}
          <select id="organizationId" name="organizationId" defaultValue={values.organizationId ?? own?.id} className={select} aria-describedby={errors.organizationId ? "organization-hint organizationId-error" : "organization-hint"} aria-invalid={errors.organizationId ? true : undefined}>
            {options.organizations.map((org) => (
              <option key={org.id} value={org.id}>{org.own ? org.name : t("activity.proposeFor", { organization: org.name })}</option>
            ))}
          </select>
        </div>
      )}
      <div>
        <label htmlFor="unitId" className="block font-semibold">{t("activity.unit")}</label>
        {error("unitId")}
        <select id="unitId" name="unitId" defaultValue={values.unitId} className={select} {...described("unitId")}>
          {options.organizations.map((org) => (
            <optgroup key={org.id} label={org.name}>
              {org.units.map((unit) => (
                <option key={unit.id} value={unit.id}>{unit.name}</option>
              ))}
            </optgroup>
          ))}
        </select>
      </div>
      <div>
        <label htmlFor="assigneeId" className="block font-semibold">{t("activity.assignee")}</label>
        {error("assigneeId")}
        <select id="assigneeId" name="assigneeId" defaultValue={values.assigneeId ?? ""} className={select} {...described("assigneeId")}>
          <option value="">{t("activity.noAssignee")}</option>
          {own?.officers.map((officer) => (
            <option key={officer.id} value={officer.id}>{officer.name}</option>
          ))}
        </select>
      </div>
      <div>
        <label htmlFor="typeCode" className="block font-semibold">{t("activity.type")}</label>
        {error("typeCode")}
        <select id="typeCode" name="typeCode" defaultValue={values.typeCode} className={select} {...described("typeCode")}>
          {options.types.map((type) => (
            <option key={type.code} value={type.code}>{type.name[language]}</option>
          ))}
        </select>
      </div>
      <div>
        <label htmlFor="categoryCode" className="block font-semibold">{t("activity.category")}</label>
        <p id="category-hint" className="text-sm text-ink-muted">{t("activity.categoryHint")}</p>
        {error("categoryCode")}
        <select id="categoryCode" name="categoryCode" defaultValue={values.categoryCode ?? own?.defaultCategory ?? undefined} className={select} aria-describedby={errors.categoryCode ? "category-hint categoryCode-error" : "category-hint"} aria-invalid={errors.categoryCode ? true : undefined}>
          {options.organizations.map((org) => (
            <optgroup key={org.id} label={org.name}>
              {org.categories.map((category) => (
                <option key={category.code} value={category.code}>{category.name[language]}</option>
              ))}
            </optgroup>
          ))}
        </select>
      </div>
      <div>
        <label htmlFor="goalId" className="block font-semibold">{t("activity.goal")}</label>
        {error("goalId")}
        <select id="goalId" name="goalId" defaultValue={values.goalId ?? ""} className={select} {...described("goalId")}>
          <option value="">{t("activity.noGoal")}</option>
          {options.goals.map((goal) => (
            <option key={goal.id} value={goal.id}>{goal.text}</option>
          ))}
        </select>
      </div>
      <div className="flex flex-wrap gap-6">
        <div>
          <label htmlFor="startDate" className="block font-semibold">{t("activity.startDate")}</label>
          {error("startDate")}
          <input id="startDate" name="startDate" type="date" required defaultValue={values.startDate} className={input} {...described("startDate")} />
        </div>
        <div>
          <label htmlFor="endDate" className="block font-semibold">{t("activity.endDate")}</label>
          {error("endDate")}
          <input id="endDate" name="endDate" type="date" required defaultValue={values.endDate} className={input} {...described("endDate")} />
        </div>
        <div>
          <label htmlFor="extent" className="block font-semibold">{t("activity.extent")}</label>
          {error("extent")}
          <input id="extent" name="extent" type="number" min={0} max={100} step={5} required defaultValue={values.extent} className={`${input} w-28`} {...described("extent")} />
        </div>
      </div>
      <div className="flex flex-wrap gap-6">
        <div>
          <label htmlFor="status" className="block font-semibold">{t("activity.status")}</label>
          {error("status")}
          <select id="status" name="status" defaultValue={values.status ?? "planned"} className="mt-1 rounded border-2 border-line bg-surface px-3 py-2" {...described("status")}>
            {statuses.map((status) => (
              <option key={status} value={status}>{t(`status.${status}`)}</option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="followUpDate" className="block font-semibold">{t("activity.followUpDate")}</label>
          {error("followUpDate")}
          <input id="followUpDate" name="followUpDate" type="date" defaultValue={values.followUpDate} className={input} {...described("followUpDate")} />
        </div>
      </div>
      <div>
        <label htmlFor="note" className="block font-semibold">{t("activity.note")}</label>
        {error("note")}
        <textarea id="note" name="note" rows={3} maxLength={1000} defaultValue={values.note} className="mt-1 block w-full max-w-xl rounded border-2 border-line px-3 py-2" {...described("note")} />
      </div>
      <button type="submit" className="button">{submitLabel}</button>
    </Form>
  );
}
