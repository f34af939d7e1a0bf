import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireOfficer } from "~/access/guards.server";
import { ClientName } from "~/components/cases/ClientName";
import { Page } from "~/components/layout/Page";
import { MeetingAgenda, MeetingFacts, MeetingParticipants } from "~/components/meetings/MeetingDetails";
import { useMeetingFormErrors } from "~/components/meetings/MeetingForm";
import { StaffMeetingNotes } from "~/components/meetings/MeetingNotes";
import { Alert } from "~/components/ui/Alert";
import { pageTitle } from "~/i18n/meta";
import { maxPointLength, meetingActionSchema } from "~/services/meetings/forms";
import { addAgendaPoint, answerMeeting, cancelMeeting } from "~/services/meetings/manage.server";
import { proposeNextSteps, reviewNotes } from "~/services/meetings/notes.server";
import { staffMeetingView } from "~/services/meetings/view.server";
import { failureOf } from "~/web/form-failure";
import { idParam, readWith, writeWith } from "~/web/frame.server";

export const handle = { i18n: ["cases", "meetings"] };

/**
 * A meeting on the case, for the organising and the participating units (404 for anyone else):
 * time, place, participants and their answers, the agenda; a participant answers and adds points,
 * the organiser changes or cancels it until it starts.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  return readWith(request, requireOfficer, (reader) => staffMeetingView(reader, idParam(params, "caseId"), idParam(params, "meetingId")));
}

export async function action({ request, params }: ActionFunctionArgs) {
  return writeWith(request, requireOfficer, meetingActionSchema, async (reader, input) => {
    const caseId = idParam(params, "caseId");
    const meetingId = idParam(params, "meetingId");
    const done = async (): Promise<(typeof notices)[number]> => {
      switch (input.intent) {
        case "cancel":
          await cancelMeeting(reader, caseId, meetingId);
          return "cancelled";
        case "answer":
          await answerMeeting(reader, meetingId, input.response, caseId);
          return "answered";
        case "point":
          await addAgendaPoint(reader, meetingId, input.text, caseId);
          return "pointAdded";
        case "approve_notes":
          await reviewNotes(reader, caseId, meetingId, { version: input.version, decision: "approved" });
          return "notesApproved";
        case "request_change":
          await reviewNotes(reader, caseId, meetingId, { version: input.version, decision: "change_requested", comment: input.comment });
          return "changeRequested";
        case "propose_steps":
          await proposeNextSteps(reader, caseId, meetingId);
          return "stepsProposed";
      }
    };
    return redirect(`/cases/${caseId}/meetings/${meetingId}?notice=${await done()}`);
  });
}

export const meta: MetaFunction<typeof loader> = ({ matches, data: loaded }) => {
  const [title] = pageTitle(matches, "meetings:view.title");
  return [{ title: loaded ? `${loaded.meeting.reference} – ${title!.title}` : title!.title }];
};

const notices = ["called", "changed", "cancelled", "answered", "pointAdded", "notesSaved", "notesCirculated", "notesApproved", "changeRequested", "stepsProposed"] as const;

export default function MeetingPage() {
  const { t } = useTranslation("meetings");
  const { meeting, client, canManage, myResponse, canAddPoint, notes } = useLoaderData<typeof loader>();
  const failed = failureOf(useActionData<typeof action>());
  const { message } = useMeetingFormErrors(failed);
  const [params] = useSearchParams();
  const notice = notices.find((name) => name === params.get("notice"));
  const base = `/cases/${meeting.caseId}/meetings/${meeting.id}`;
  return (
    <Page title={`${t(`kinds.${meeting.kind}`)} – ${meeting.reference}`}>
      {notice && !failed ? <Alert tone="success" focus>{t(`view.notices.${notice}`)}</Alert> : null}
      {message ? <Alert tone="error">{message}</Alert> : null}
      {meeting.status === "cancelled" ? <Alert tone="info">{t("view.cancelledNotice")}</Alert> : !meeting.open ? <Alert tone="info">{t("view.startedNotice")}</Alert> : null}
      <p className="mb-4">
        {t("view.case")}: <Link to={`/cases/${meeting.caseId}`} className="underline">{meeting.reference}</Link> · <ClientName client={client} />
      </p>
      <MeetingFacts meeting={meeting} audience="staff" />
      <p className="mb-section">
        <a href={`${base}/calendar.ics`} className="underline" download>
          {t("view.calendar")}
        </a>
      </p>
      <MeetingParticipants meeting={meeting} audience="staff" />
      <MeetingAgenda meeting={meeting} />
      <StaffMeetingNotes base={base} {...notes} />

      {myResponse ? (
        <section aria-labelledby="answer-heading" className="mb-section max-w-xl">
          <h2 id="answer-heading" className="text-xl font-semibold">{t("view.answerHeading")}</h2>
          <Form method="post" className="mt-3">
            <input type="hidden" name="intent" value="answer" />
            <fieldset>
              <legend className="sr-only">{t("view.answerHeading")}</legend>
              {(["yes", "no", "maybe"] as const).map((response) => (
                <div key={response} className="mb-2 flex items-center gap-2">
                  <input type="radio" id={`response-${response}`} name="response" value={response} defaultChecked={myResponse === response} required className="h-5 w-5" />
                  <label htmlFor={`response-${response}`}>{t(`responses.${response}`)}</label>
                </div>
              ))}
            </fieldset>
            <button type="submit" className="button mt-2">{t("view.answer")}</button>
          </Form>
        </section>
      ) : null}

      {canAddPoint ? (
        <section aria-labelledby="point-heading" className="mb-section max-w-xl">
          <h2 id="point-heading" className="text-xl font-semibold">{t("view.addPointHeading")}</h2>
          <Form method="post" className="mt-3" key={notice ?? "point"}>
            <input type="hidden" name="intent" value="point" />
            <label htmlFor="text" className="block font-semibold">{t("view.pointText")}</label>
            <textarea id="text" name="text" rows={2} maxLength={maxPointLength} required className="mt-1 block w-full rounded border-2 border-line px-3 py-2" />
            <button type="submit" className="button mt-2">{t("view.addPoint")}</button>
          </Form>
        </section>
      ) : null}

      {canManage ? (
        <section aria-labelledby="manage-heading" className="mb-section max-w-xl">
          <h2 id="manage-heading" className="text-xl font-semibold">{t("view.cancelHeading")}</h2>
          <p className="my-3">{t("view.cancelIntro")}</p>
          <div className="flex flex-wrap gap-3">
            <Link to={`${base}/change`} className="button button-secondary">{t("view.change")}</Link>
            <Form method="post">
              <input type="hidden" name="intent" value="cancel" />
              <button type="submit" className="button button-secondary">{t("view.cancelMeeting")}</button>
            </Form>
          </div>
        </section>
      ) : null}

      <p>
        <Link to={`/cases/${meeting.caseId}`} className="underline">{t("view.back")}</Link>
      </p>
    </Page>
  );
}
