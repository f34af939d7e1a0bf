import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { requireClient } from "~/access/guards.server";
import { Page } from "~/components/layout/Page";
import { MeetingAgenda, MeetingFacts, MeetingParticipants } from "~/components/meetings/MeetingDetails";
import { useMeetingFormErrors } from "~/components/meetings/MeetingForm";
import { Alert } from "~/components/ui/Alert";
import { pageTitle } from "~/i18n/meta";
import { maxPointLength, meetingActionSchema } from "~/services/meetings/forms";
import { addAgendaPoint, answerMeeting } from "~/services/meetings/manage.server";
import { clientMeetingView } from "~/services/meetings/view.server";
import { failureOf } from "~/web/form-failure";
import { idParam, readWith, writeWith } from "~/web/frame.server";

/**
 * The client's own meeting in plain words: what, when, where or the link, who comes, what to
 * bring; they say whether they come and add what they want to talk about, until it starts.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  return readWith(request, requireClient, (reader) => clientMeetingView(reader, idParam(params, "meetingId")));
}

// The client answers yes or no and adds points; cancelling is the organiser's.
const clientActionSchema = meetingActionSchema.and(z.object({ intent: z.enum(["answer", "point"], { message: "form.invalid_value" }) }));

export async function action({ request, params }: ActionFunctionArgs) {
  return writeWith(request, requireClient, clientActionSchema, async (reader, input) => {
    const meetingId = idParam(params, "meetingId");
    if (input.intent === "answer") await answerMeeting(reader, meetingId, input.response);
    else if (input.intent === "point") await addAgendaPoint(reader, meetingId, input.text);
    return redirect(`/me/meetings/${meetingId}?notice=${input.intent === "answer" ? "answered" : "pointAdded"}`);
  });
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "meetings:me.title");

const notices = ["answered", "pointAdded"] as const;

export default function ClientMeeting() {
  const { t } = useTranslation("meetings");
  const { meeting, canAnswer } = useLoaderData<typeof loader>();
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
