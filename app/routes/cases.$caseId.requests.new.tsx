import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireOfficer } from "~/access/guards.server";
import { Page } from "~/components/layout/Page";
import { failureOf } from "~/components/requests/form-failure";
import { RequestForm, requestFormValues } from "~/components/requests/RequestForm";
import { pageTitle } from "~/i18n/meta";
import { requestFormOptions, saveRequest } from "~/services/requests/ask.server";
import { requestFormSchema } from "~/services/requests/forms";
import { idParam, readWith, writeWith } from "~/web/frame.server";

export const handle = { i18n: ["requests"] };

/** Asking for information on the case: the receiver and basis chosen by GET (?unit, ?basis), then the request. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  return readWith(request, requireOfficer, async (reader) => {
    const url = new URL(request.url);
    const choice = { unitId: url.searchParams.get("unit") ?? undefined, basis: url.searchParams.get("basis") ?? undefined };
    return { options: await requestFormOptions(reader, idParam(params, "caseId"), choice) };
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  return writeWith(request, requireOfficer, requestFormSchema, async (reader, { submit, input }) => {
    const caseId = idParam(params, "caseId");
    const id = await saveRequest(reader, caseId, input, { submit });
    return redirect(`/cases/${caseId}/requests/${id}?notice=${submit ? "submitted" : "saved"}`);
  });
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "requests:new.title");

export default function NewRequest() {
  const { t } = useTranslation("requests");
  const { options } = useLoaderData<typeof loader>();
  const failed = failureOf(useActionData<typeof action>());
  return (
    <Page title={t("new.title")}>
      <p className="mb-6 max-w-prose">{t("new.intro", { reference: options.caseReference })}</p>
      <RequestForm options={options} values={requestFormValues(failed)} failed={failed} cancelTo={`/cases/${options.caseId}`} />
    </Page>
  );
}
