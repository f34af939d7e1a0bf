import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireOfficer } from "~/access/guards.server";
import { Page } from "~/components/layout/Page";
import { useMeetingFormErrors } from "~/components/meetings/MeetingForm";
import { Alert } from "~/components/ui/Alert";
import { pageTitle } from "~/i18n/meta";
import { maxAgendaPoints, maxNotesText, maxStepLength, notesFormLimit, notesFormSchema } from "~/services/meetings/forms";
import { notesEditor, saveNotes } from "~/services/meetings/notes.server";
import { failureOf, typedList, typedValues } from "~/web/form-failure";
import { idParam, readWith, writeWith } from "~/web/frame.server";

export const handle = { i18n: ["meetings"] };

/**
 * Writing a meeting's notes: the note-taking organisation's participating units (404 for anyone
 * else, and once approved). Saved as a draft, or circulated for approval; after circulation every
 * save is a new version that everyone approves again.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  return readWith(request, requireOfficer, (reader) => notesEditor(reader, idParam(params, "caseId"), idParam(params, "meetingId")));
}

export async function action({ request, params }: ActionFunctionArgs) {
  return writeWith(request, requireOfficer, notesFormSchema, async (reader, input) => {
    const caseId = idParam(params, "caseId");
    const meetingId = idParam(params, "meetingId");
    const state = await saveNotes(reader, caseId, meetingId, input);
    return redirect(`/cases/${caseId}/meetings/${meetingId}?notice=${state === "draft" ? "notesSaved" : "notesCirculated"}`);
  }, { formLimit: notesFormLimit });
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "meetings:editor.title");

const box = "mt-1 block w-full rounded border-2 border-line bg-surface px-3 py-2";
const stepRows = 5;

export default function MeetingNotesEditor() {
  const { t } = useTranslation("meetings");
  const editor = useLoaderData<typeof loader>();
  const failed = failureOf(useActionData<typeof action>());
  const { message, errorAt } = useMeetingFormErrors(failed);
  const typed = typedValues(failed?.values);
  const list = (name: string, fallback: string[]) => (failed ? typedList(failed.values, name) : fallback);
  const topics = list("topic", editor.content.points.map((point) => point.topic));
  const said = list("said", editor.content.points.map((point) => point.said));
  const decided = list("decided", editor.content.points.map((point) => point.decided));
  const stepText = list("stepText", editor.content.nextSteps.map((step) => step.text));
  const stepOrganization = list("stepOrganization", editor.content.nextSteps.map((step) => step.responsibleOrganizationId));
  const stepDue = list("stepDue", editor.content.nextSteps.map((step) => step.due));
  const points = Math.min(maxAgendaPoints, Math.max(topics.length + 1, 1));
  const steps = Math.min(maxAgendaPoints, Math.max(stepText.length + 1, stepRows));
  const back = `/cases/${editor.caseId}/meetings/${editor.meetingId}`;
  return (
    <Page title={t("editor.title")}>
      <p className="mb-6 max-w-prose">{t("editor.intro")}</p>
      {editor.state === "circulated" ? <Alert tone="info">{t("notes.editCirculated")}</Alert> : null}
      {message ? <Alert tone="error">{message}</Alert> : null}
      <Form method="post" className="max-w-3xl" key={failed ? JSON.stringify(failed.values) : "notes"}>
        <fieldset className="mb-6">
          <legend className="font-semibold">{t("editor.language")}</legend>
          <p id="language-hint" className="text-sm text-ink-muted">{t("editor.languageHint")}</p>
          {(["sv", "en"] as const).map((language) => (
            <div key={language} className="mt-1 flex items-center gap-2">
              <input type="radio" id={`language-${language}`} name="language" value={language} defaultChecked={(typed.language ?? editor.language) === language} aria-describedby="language-hint" className="h-5 w-5" />
              <label htmlFor={`language-${language}`}>{t(`editor.${language}`)}</label>
            </div>
          ))}
        </fieldset>
        <ol className="mb-6 space-y-6">
          {Array.from({ length: points }, (_, index) => (
            <li key={index} className="rounded border border-line p-4">
              <label htmlFor={`topic-${index}`} className="block font-semibold">{t("editor.topic", { number: index + 1 })}</label>
              <input id={`topic-${index}`} name="topic" maxLength={500} defaultValue={topics[index] ?? ""} className={box} />
              <label htmlFor={`said-${index}`} className="mt-3 block">{t("editor.said", { number: index + 1 })}</label>
              <textarea id={`said-${index}`} name="said" rows={3} maxLength={maxNotesText} defaultValue={said[index] ?? ""} className={box} />
              <label htmlFor={`decided-${index}`} className="mt-3 block">{t("editor.decided", { number: index + 1 })}</label>
              <textarea id={`decided-${index}`} name="decided" rows={2} maxLength={maxNotesText} defaultValue={decided[index] ?? ""} className={box} />
            </li>
          ))}
        </ol>
        <fieldset className="mb-6 rounded border border-line p-4" aria-describedby={errorAt("steps") ? "steps-hint steps-error" : "steps-hint"}>
          <legend className="px-1 font-semibold">{t("editor.steps")}</legend>
          <p id="steps-hint" className="text-sm text-ink-muted">{t("editor.stepsHint")}</p>
          {errorAt("steps") ? <p id="steps-error" className="font-semibold text-danger-700">{errorAt("steps")}</p> : null}
          <ol className="mt-2 space-y-3">
            {Array.from({ length: steps }, (_, index) => (
              <li key={index} className="flex flex-wrap items-end gap-3">
                <div className="min-w-64 grow">
                  <label htmlFor={`stepText-${index}`} className="block text-sm">{t("editor.step", { number: index + 1 })}</label>
                  <input id={`stepText-${index}`} name="stepText" maxLength={maxStepLength} defaultValue={stepText[index] ?? ""} className={box} />
                </div>
                <div>
                  <label htmlFor={`stepOrganization-${index}`} className="block text-sm">{t("editor.stepOrganization", { number: index + 1 })}</label>
                  <select id={`stepOrganization-${index}`} name="stepOrganization" defaultValue={stepOrganization[index] ?? editor.organizations[0]?.id} className={box}>
                    {editor.organizations.map((organization) => (
                      <option key={organization.id} value={organization.id}>{organization.name}</option>
                    ))}
                  </select>
                </div>
                <div>
                  <label htmlFor={`stepDue-${index}`} className="block text-sm">{t("editor.stepDue", { number: index + 1 })}</label>
                  <input id={`stepDue-${index}`} name="stepDue" type="date" defaultValue={stepDue[index] ?? ""} className={box} />
                </div>
              </li>
            ))}
          </ol>
        </fieldset>
        <div className="flex flex-wrap gap-3">
          {editor.state === "circulated" ? (
            <button type="submit" name="intent" value="save" className="button">{t("editor.saveVersion")}</button>
          ) : (
            <>
              {/* Saving comes first: the Enter key in a field submits with the first button. */}
              <button type="submit" name="intent" value="save" className="button button-secondary">{t("editor.save")}</button>
              <button type="submit" name="intent" value="circulate" className="button">{t("editor.circulate")}</button>
            </>
          )}
          <Link to={back} className="button button-secondary">{t("editor.cancel")}</Link>
        </div>
      </Form>
    </Page>
  );
}
