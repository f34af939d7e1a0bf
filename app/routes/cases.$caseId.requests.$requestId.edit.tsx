import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireOfficer } from "~/access/guards.server";
import { Page } from "~/components/layout/Page";
import { failureOf } from "~/components/requests/form-failure";
import { RequestForm, requestFormValues } from "~/components/requests/RequestForm";
import { pageTitle } from "~/i18n/meta";
import { getDraftInput, requestFormOptions, saveRequest } from "~/services/requests/ask.server";
import { requestFormSchema } from "~/services/requests/forms";
import { idParam, readWith, writeWith } from "~/web/frame.server";

export const handle = { i18n: ["requests"] };

/** A saved draft, in the same form as a new request; the unit and basis may be changed first (?unit, ?basis). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const loaded = await readWith(request, requireOfficer, async (reader) => {
    const caseId = idParam(params, "caseId");
    const draft = await getDraftInput(reader, caseId, idParam(params, "requestId"));
    if (!draft) return null;
    const url = new URL(request.url);
    const choice = { unitId: url.searchParams.get("unit") ?? draft.receivingUnitId, basis: url.searchParams.get("basis") ?? draft.basis };
    return { options: await requestFormOptions(reader, caseId, choice), draft };
  });
  // A request that has been sent is no longer edited here: show it instead.
  if (!loaded) throw redirect(`/cases/${params.caseId}/requests/${params.requestId}`);
  return loaded;
}

export async function action({ request, params }: ActionFunctionArgs) {
  return writeWith(request, requireOfficer, requestFormSchema, async (reader, { submit, input }) => {
    const caseId = idParam(params, "caseId");
    const id = await saveRequest(reader, caseId, input, { submit, requestId: idParam(params, "requestId") });
    return redirect(`/cases/${caseId}/requests/${id}?notice=${submit ? "submitted" : "saved"}`);
  });
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "requests:edit.title");

export default function EditDraft() {
  const { t } = useTranslation("requests");
  const { options, draft } = useLoaderData<typeof loader>();
  const failed = failureOf(useActionData<typeof action>());
  return (
    <Page title={t("edit.title")}>
      <p className="mb-6 max-w-prose">{t("edit.intro", { reference: options.caseReference })}</p>
      <RequestForm options={options} values={requestFormValues(failed, draft)} failed={failed} cancelTo={`/cases/${options.caseId}`} />
    </Page>
  );
}
