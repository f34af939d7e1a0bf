import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireOfficer } from "~/access/guards.server";
import { ClientName } from "~/components/cases/ClientName";
import { Page } from "~/components/layout/Page";
import { MeetingForm } from "~/components/meetings/MeetingForm";
import { pageTitle } from "~/i18n/meta";
import { callMeeting, meetingFormOptions } from "~/services/meetings/call.server";
import { meetingFormLimit, meetingFormSchema } from "~/services/meetings/forms";
import { failureOf } from "~/web/form-failure";
import { idParam, readWith, writeWith } from "~/web/frame.server";

export const handle = { i18n: ["cases", "meetings"] };

/** Calling a coordination meeting on the case: any officer who sees it; their unit organises it. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  return readWith(request, requireOfficer, async (reader) => ({ options: await meetingFormOptions(reader, idParam(params, "caseId")) }));
}

export async function action({ request, params }: ActionFunctionArgs) {
  return writeWith(request, requireOfficer, meetingFormSchema, async (reader, input) => {
    const caseId = idParam(params, "caseId");
    const meetingId = await callMeeting(reader, caseId, input);
    return redirect(`/cases/${caseId}/meetings/${meetingId}?notice=called`);
  }, { formLimit: meetingFormLimit });
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "meetings:new.title");

export default function NewMeeting() {
  const { t } = useTranslation("meetings");
  const { options } = useLoaderData<typeof loader>();
  const failed = failureOf(useActionData<typeof action>());
  return (
    <Page title={t("new.title")}>
      <p className="mb-2 max-w-prose">{t("new.intro", { reference: options.reference, unit: options.organizer.unit, organization: options.organizer.organization })}</p>
      <p className="mb-6">
        <ClientName client={options.client} />
      </p>
      <MeetingForm key={failed ? JSON.stringify(failed.values) : "new"} options={options} failed={failed} />
    </Page>
  );
}
