import { Form, Link } from "@remix-run/react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Alert } from "~/components/ui/Alert";
import { useErrorText, useFormErrors } from "~/components/ui/form-errors";
import { Field } from "~/components/ui/Field";
import type { MeetingFormOptions } from "~/services/meetings/call.server";
import { meetingKinds, maxAgendaPoints, maxPointLength, maxPlaceLength } from "~/services/meetings/forms";
import { typedList, typedValues, type FormFailure } from "~/web/form-failure";

/** Rows of agenda the form offers (more come after a refusal that kept more). */
const agendaRows = 5;

// Which field a service's error code belongs to, so the message sits next to it as well as at the top.
const fieldOf: Record<string, string> = {
  "meetings.units_required": "units",
  "meetings.outside_consent": "units",
  "meetings.officer_unknown": "units",
  "meetings.note_taker_required": "noteTaker",
  "meetings.in_the_past": "date",
  "meetings.time_in_clock_change": "start",
  "meetings.end_before_start": "end",
  "meetings.point_owner_unknown": "agenda",
};

/**
 * The error summary and each field's error of a refused meeting form ("meetings.<key>" from
 * meetings:errors); the refusal's details fill in the units a consent does not cover.
 */
export function useMeetingFormErrors(failed: FormFailure | null) {
  const units = (failed?.details as { units?: string[] } | null)?.units?.join(", ") ?? "";
  return useFormErrors(failed, useErrorText("meetings", "meetings", { units }), fieldOf);
}

const box = "mt-1 block w-full max-w-md rounded border-2 bg-surface px-3 py-2";

/** Date, start, end, place and video link: calling a meeting and changing one share them. */
export function WhenAndWhere({ values, errorAt }: { values: Record<string, string>; errorAt: (name: string) => string | undefined }) {
  const { t } = useTranslation("meetings");
  return (
    <>
      <Field name="date" type="date" label={t("form.date")} hint={t("form.dateHint")} defaultValue={values.date ?? ""} error={errorAt("date")} required />
      <div className="flex flex-wrap gap-x-6">
        <Field name="start" type="time" label={t("form.start")} hint={t("form.timeHint")} defaultValue={values.start ?? ""} error={errorAt("start")} required />
        <Field name="end" type="time" label={t("form.end")} hint={t("form.timeHint")} defaultValue={values.end ?? ""} error={errorAt("end")} required />
      </div>
      <Field name="place" label={t("form.place")} hint={t("form.placeHint")} maxLength={maxPlaceLength} defaultValue={values.place ?? ""} error={errorAt("place")} />
      <Field name="videoLink" type="url" label={t("form.videoLink")} hint={t("form.videoLinkHint")} defaultValue={values.videoLink ?? ""} error={errorAt("videoLink")} />
    </>
  );
}

/**
 * Calling a meeting: kind, time and place, the units taking part (the organiser's own always) and
 * who comes from each, the note-taking organisation, whether the client takes part, and the agenda.
 * Everything typed comes back after a refusal.
 */
export function MeetingForm({ options, failed }: { options: MeetingFormOptions; failed: FormFailure | null }) {
  const { t } = useTranslation("meetings");
  const { message, errorAt } = useMeetingFormErrors(failed);
  const typed = typedValues(failed?.values);
  const chosenUnits = new Set(failed ? typedList(failed.values, "unit") : options.units.map((unit) => unit.unitId));
  const officers = new Map(typedList(failed?.values, "officer").map((entry) => entry.split(":") as [string, string]));
  const texts = typedList(failed?.values, "agendaText");
  const owners = typedList(failed?.values, "agendaOwner");
  const rows = Math.min(maxAgendaPoints, Math.max(agendaRows, texts.length));
  const [clientTakesPart, setClientTakesPart] = useState(typed.clientTakesPart !== "no");
  const organizations = [...new Map(options.units.map((unit) => [unit.organizationId, unit.organization])).entries()];
  const describedBy = (name: string, hint: boolean) => [hint ? `${name}-hint` : "", errorAt(name) ? `${name}-error` : ""].filter(Boolean).join(" ") || undefined;

  return (
    <>
      {message ? <Alert tone="error">{message}</Alert> : null}
      <Form method="post" className="max-w-3xl">
        <div className="mb-4">
          <label htmlFor="kind" className="block font-semibold">{t("form.kind")}</label>
          <select id="kind" name="kind" defaultValue={typed.kind ?? "samordningsmote"} className={`${box} border-line`}>
            {meetingKinds.map((kind) => (
              <option key={kind} value={kind}>{t(`kinds.${kind}`)}</option>
            ))}
          </select>
        </div>
        <WhenAndWhere values={typed} errorAt={errorAt} />

        <fieldset className="mb-6 rounded border border-line p-4" aria-describedby={describedBy("units", true)}>
          <legend className="px-1 font-semibold">{t("form.units")}</legend>
          <p id="units-hint" className="text-sm text-ink-muted">{t("form.unitsHint")}</p>
          {errorAt("units") ? <p id="units-error" className="font-semibold text-danger-700">{errorAt("units")}</p> : null}
          {options.units.map((unit) => (
            <div key={unit.unitId} className="mt-3">
              <div className="flex items-center gap-2">
                {unit.own ? <input type="hidden" name="unit" value={unit.unitId} /> : null}
                <input
                  type="checkbox"
                  id={`unit-${unit.unitId}`}
                  name={unit.own ? undefined : "unit"}
                  value={unit.unitId}
                  defaultChecked={unit.own || chosenUnits.has(unit.unitId)}
                  disabled={unit.own}
                  className="h-5 w-5"
                />
                <label htmlFor={`unit-${unit.unitId}`}>
                  {`${unit.organization} – ${unit.unit}`}
                  {unit.own ? <span className="text-sm text-ink-muted"> ({t("form.ownUnit")})</span> : null}
                </label>
              </div>
              {unit.officers.length > 0 ? (
                <div className="ml-7 mt-1">
                  <label htmlFor={`officer-${unit.unitId}`} className="block text-sm">{t("form.officer", { unit: unit.unit })}</label>
                  <select id={`officer-${unit.unitId}`} name="officer" defaultValue={`${unit.unitId}:${officers.get(unit.unitId) ?? ""}`} className={`${box} border-line`}>
                    <option value={`${unit.unitId}:`}>{t("form.officerUnknown")}</option>
                    {unit.officers.map((officer) => (
                      <option key={officer.id} value={`${unit.unitId}:${officer.id}`}>{officer.name}</option>
                    ))}
                  </select>
                </div>
              ) : null}
            </div>
          ))}
        </fieldset>

        <div className="mb-4">
          <label htmlFor="noteTaker" className="block font-semibold">{t("form.noteTaker")}</label>
          <p id="noteTaker-hint" className="text-sm text-ink-muted">{t("form.noteTakerHint")}</p>
          {errorAt("noteTaker") ? <p id="noteTaker-error" className="font-semibold text-danger-700">{errorAt("noteTaker")}</p> : null}
          <select id="noteTaker" name="noteTaker" defaultValue={typed.noteTaker ?? options.units[0]?.organizationId} aria-describedby={describedBy("noteTaker", true)} className={`${box} border-line`}>
            {organizations.map(([id, name]) => (
              <option key={id} value={id}>{name}</option>
            ))}
          </select>
        </div>

        <fieldset className="mb-6 rounded border border-line p-4">
          <legend className="px-1 font-semibold">{t("form.client")}</legend>
          <div className="flex items-center gap-2">
            <input type="radio" id="clientTakesPart-yes" name="clientTakesPart" value="yes" checked={clientTakesPart} onChange={() => setClientTakesPart(true)} className="h-5 w-5" />
            <label htmlFor="clientTakesPart-yes">{t("form.clientYes")}</label>
          </div>
          <div className="mt-2 flex items-center gap-2">
            <input type="radio" id="clientTakesPart-no" name="clientTakesPart" value="no" checked={!clientTakesPart} onChange={() => setClientTakesPart(false)} className="h-5 w-5" />
            <label htmlFor="clientTakesPart-no">{t("form.clientNo")}</label>
          </div>
          <div className="mt-3">
            <label htmlFor="clientAbsenceReason" className="block">{t("form.absenceReason")}</label>
            <p id="clientAbsenceReason-hint" className="text-sm text-ink-muted">{t("form.absenceReasonHint")}</p>
            {errorAt("clientAbsenceReason") ? <p id="clientAbsenceReason-error" className="font-semibold text-danger-700">{errorAt("clientAbsenceReason")}</p> : null}
            <textarea id="clientAbsenceReason" name="clientAbsenceReason" rows={2} maxLength={1000} defaultValue={typed.clientAbsenceReason ?? ""} aria-describedby={describedBy("clientAbsenceReason", true)} className={`${box} max-w-2xl border-line`} />
          </div>
        </fieldset>

        <fieldset className="mb-6 rounded border border-line p-4" aria-describedby={describedBy("agenda", true)}>
          <legend className="px-1 font-semibold">{t("form.agenda")}</legend>
          <p id="agenda-hint" className="text-sm text-ink-muted">{t("form.agendaHint")}</p>
          {errorAt("agenda") ? <p id="agenda-error" className="font-semibold text-danger-700">{errorAt("agenda")}</p> : null}
          <ol className="mt-2 space-y-3">
            {Array.from({ length: rows }, (_, index) => (
              <li key={index} className="flex flex-wrap items-end gap-3">
                <div className="grow">
                  <label htmlFor={`agendaText-${index}`} className="block text-sm">{t("form.point", { number: index + 1 })}</label>
                  <input id={`agendaText-${index}`} name="agendaText" maxLength={maxPointLength} defaultValue={texts[index] ?? ""} className={`${box} max-w-xl border-line`} />
                </div>
                <div>
                  <label htmlFor={`agendaOwner-${index}`} className="block text-sm">{t("form.pointOwner", { number: index + 1 })}</label>
                  <select id={`agendaOwner-${index}`} name="agendaOwner" defaultValue={owners[index] ?? options.units[0]?.unitId} className={`${box} border-line`}>
                    {options.units.map((unit) => (
                      <option key={unit.unitId} value={unit.unitId}>{`${unit.organization} – ${unit.unit}`}</option>
                    ))}
                    <option value="client">{t("form.ownerClient")}</option>
                  </select>
                </div>
              </li>
            ))}
          </ol>
        </fieldset>

        <div className="flex flex-wrap gap-3">
          <button type="submit" className="button">{t("new.submit")}</button>
          <Link to={`/cases/${options.caseId}`} className="button button-secondary">{t("new.cancel")}</Link>
        </div>
      </Form>
    </>
  );
}
