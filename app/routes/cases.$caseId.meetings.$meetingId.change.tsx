import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireOfficer } from "~/access/guards.server";
import { Page } from "~/components/layout/Page";
import { useMeetingFormErrors, WhenAndWhere } from "~/components/meetings/MeetingForm";
import { Alert } from "~/components/ui/Alert";
import { pageTitle } from "~/i18n/meta";
import { meetingChangeSchema } from "~/services/meetings/forms";
import { changeMeeting } from "~/services/meetings/manage.server";
import { meetingToChange } from "~/services/meetings/view.server";
import { failureOf, typedValues } from "~/web/form-failure";
import { idParam, readWith, writeWith } from "~/web/frame.server";

export const handle = { i18n: ["meetings"] };

/** Changing a meeting's time or place: the organising unit, until it starts (404 otherwise). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  return readWith(request, requireOfficer, (reader) => meetingToChange(reader, idParam(params, "caseId"), idParam(params, "meetingId")));
}

export async function action({ request, params }: ActionFunctionArgs) {
  return writeWith(request, requireOfficer, meetingChangeSchema, async (reader, input) => {
    const caseId = idParam(params, "caseId");
    const meetingId = idParam(params, "meetingId");
    await changeMeeting(reader, caseId, meetingId, input);
    return redirect(`/cases/${caseId}/meetings/${meetingId}?notice=changed`);
  });
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "meetings:change.title");

export default function ChangeMeeting() {
  const { t } = useTranslation("meetings");
  const meeting = useLoaderData<typeof loader>();
  const failed = failureOf(useActionData<typeof action>());
  const { message, errorAt } = useMeetingFormErrors(failed);
  const values = failed ? typedValues(failed.values) : { date: meeting.date, start: meeting.start, end: meeting.end, place: meeting.place ?? "", videoLink: meeting.videoLink ?? "" };
  const back = `/cases/${meeting.caseId}/meetings/${meeting.id}`;
  return (
    <Page title={t("change.title")}>
      <p className="mb-6 max-w-prose">{t("change.intro")}</p>
      {message ? <Alert tone="error">{message}</Alert> : null}
      <Form method="post" className="max-w-3xl" key={failed ? JSON.stringify(failed.values) : "change"}>
        <WhenAndWhere values={values} errorAt={errorAt} />
        <div className="flex flex-wrap gap-3">
          <button type="submit" className="button">{t("change.submit")}</button>
          <Link to={back} className="button button-secondary">{t("new.cancel")}</Link>
        </div>
      </Form>
    </Page>
  );
}
