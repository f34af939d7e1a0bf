import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireClient } from "~/access/guards.server";
import { Page } from "~/components/layout/Page";
import { MeetingAgenda, MeetingFacts, MeetingParticipants } from "~/components/meetings/MeetingDetails";
import { useMeetingFormErrors } from "~/components/meetings/MeetingForm";
import { NotesContent } from "~/components/meetings/MeetingNotes";
import { Alert } from "~/components/ui/Alert";
import { pageTitle } from "~/i18n/meta";
import { clientMeetingActionSchema, maxPointLength } from "~/services/meetings/forms";
import { addAgendaPoint, answerMeeting } from "~/services/meetings/manage.server";
import { commentOnNotes } from "~/services/meetings/notes.server";
import { clientMeetingView } from "~/services/meetings/view.server";
import { failureOf } from "~/web/form-failure";
import { idParam, readWith, writeWith } from "~/web/frame.server";

export const handle = { i18n: ["meetings"] };

/**
 * The client's own meeting in plain words: what, when, where or the link, who comes, what to
 * bring; they say whether they come and add what they want to talk about, until it starts.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  return readWith(request, requireClient, (reader) => clientMeetingView(reader, idParam(params, "meetingId")));
}

export async function action({ request, params }: ActionFunctionArgs) {
  return writeWith(request, requireClient, clientMeetingActionSchema, async (reader, input) => {
    const meetingId = idParam(params, "meetingId");
    if (input.intent === "answer") await answerMeeting(reader, meetingId, input.response);
    else if (input.intent === "point") await addAgendaPoint(reader, meetingId, input.text);
    else await commentOnNotes(reader, meetingId, input.text);
    return redirect(`/me/meetings/${meetingId}?notice=${input.intent === "answer" ? "answered" : input.intent === "point" ? "pointAdded" : "commented"}`);
  });
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "meetings:me.title");

const notices = ["answered", "pointAdded", "commented"] as const;

export default function ClientMeeting() {
  const { t } = useTranslation("meetings");
  const { meeting, canAnswer, notes } = useLoaderData<typeof loader>();
  const failed = failureOf(useActionData<typeof action>());
  const { message, errorAt } = useMeetingFormErrors(failed);
  const [params] = useSearchParams();
  const notice = notices.find((name) => name === params.get("notice"));
  return (
    <Page title={t("me.title")}>
      {notice && !failed ? <Alert tone="success" focus>{t(`me.notices.${notice}`)}</Alert> : null}
      {message ? <Alert tone="error">{message}</Alert> : null}
      {meeting.status === "cancelled" ? <Alert tone="info">{t("me.cancelled")}</Alert> : !meeting.open ? <Alert tone="info">{t("me.over")}</Alert> : null}
      {!meeting.clientTakesPart ? <Alert tone="info">{t("me.notTakingPart", { reason: meeting.clientAbsenceReason ?? "" })}</Alert> : null}
      <MeetingFacts meeting={meeting} audience="client" />
      <p className="mb-section">
        <a href={`/me/meetings/${meeting.id}/calendar.ics`} className="underline" download>
          {t("me.calendar")}
        </a>
      </p>
      <MeetingParticipants meeting={meeting} audience="client" />
      <section aria-labelledby="bring-heading" className="mb-section max-w-prose">
        <h2 id="bring-heading" className="text-xl font-semibold">{t("me.bring")}</h2>
        <p className="mt-2">{t("me.bringText")}</p>
      </section>
      <MeetingAgenda meeting={meeting} />
      {notes ? (
        <section aria-labelledby="notes-heading" className="mb-section max-w-3xl">
          <h2 id="notes-heading" className="text-xl font-semibold">{t("meNotes.heading")}</h2>
          <p className="mt-1">{t("meNotes.intro")}</p>
          <NotesContent notes={notes} />
          <p className="mt-3">
            <Link to={`/me/meetings/${meeting.id}/notes`} className="underline">{t("meNotes.print")}</Link>
          </p>
          {notes.comments.length > 0 ? (
            <>
              <h3 className="mt-4 font-semibold">{t("meNotes.yourComments")}</h3>
              <ul className="mt-1 list-disc pl-6">
                {notes.comments.map((comment) => (
                  <li key={comment.at} className="whitespace-pre-line">{comment.text}</li>
                ))}
              </ul>
            </>
          ) : null}
          <Form method="post" className="mt-4" key={notice ?? "comment"}>
            <input type="hidden" name="intent" value="comment" />
            <h3 className="font-semibold">{t("meNotes.commentHeading")}</h3>
            <p id="comment-hint" className="text-sm">{t("meNotes.commentIntro")}</p>
            <label htmlFor="comment" className="mt-2 block font-semibold">{t("meNotes.comment")}</label>
            <textarea id="comment" name="text" rows={3} maxLength={2000} required aria-describedby="comment-hint" className="mt-1 block w-full rounded border-2 border-line px-3 py-2" />
            <button type="submit" className="button mt-2">{t("meNotes.send")}</button>
          </Form>
        </section>
      ) : null}

      {canAnswer ? (
        <>
          <section aria-labelledby="answer-heading" className="mb-section max-w-xl">
            <h2 id="answer-heading" className="text-xl font-semibold">{t("me.answerHeading")}</h2>
            <p className="mt-1">{`${t("me.yourAnswer")}: ${t(`responses.${meeting.clientResponse}`)}`}</p>
            <Form method="post" className="mt-3">
              <input type="hidden" name="intent" value="answer" />
              <fieldset>
                <legend className="sr-only">{t("me.answerHeading")}</legend>
                {(["yes", "no"] as const).map((response) => (
                  <div key={response} className="mb-2 flex items-center gap-2">
                    <input type="radio" id={`response-${response}`} name="response" value={response} defaultChecked={meeting.clientResponse === response} required className="h-5 w-5" />
                    <label htmlFor={`response-${response}`}>{t(`me.${response}`)}</label>
                  </div>
                ))}
              </fieldset>
              <button type="submit" className="button mt-2">{t("me.answer")}</button>
            </Form>
          </section>
          <section aria-labelledby="points-heading" className="mb-section max-w-xl">
            <h2 id="points-heading" className="text-xl font-semibold">{t("me.pointsHeading")}</h2>
            <p className="mt-1">{t("me.pointsIntro")}</p>
            <Form method="post" className="mt-3" key={notice ?? "point"}>
              <input type="hidden" name="intent" value="point" />
              <label htmlFor="text" className="block font-semibold">{t("me.pointText")}</label>
              {errorAt("text") ? <p id="text-error" className="font-semibold text-danger-700">{errorAt("text")}</p> : null}
              <textarea id="text" name="text" rows={3} maxLength={maxPointLength} required aria-describedby={errorAt("text") ? "text-error" : undefined} className="mt-1 block w-full rounded border-2 border-line px-3 py-2" />
              <button type="submit" className="button mt-2">{t("me.addPoint")}</button>
            </Form>
          </section>
        </>
      ) : null}
      <p>
        <Link to="/me" className="underline">{t("me.back")}</Link>
      </p>
    </Page>
  );
}
