import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireStaff } from "~/access/guards.server";
import { Page } from "~/components/layout/Page";
import { RequestForm } from "~/components/requests/RequestForm";
import { pageTitle } from "~/i18n/meta";
import { DomainError } from "~/lib/errors";
import { field, orFailure, readForm } from "~/lib/http.server";
import { readRequestInput } from "~/lib/requests/form.server";
import { requestFormOptions, saveRequest } from "~/services/requests.server";

const officers = ["case_officer", "rehab_coordinator"] as const;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireStaff(request, { roles: officers });
  const url = new URL(request.url);
  const choice = { unitId: url.searchParams.get("unit") ?? undefined, basis: url.searchParams.get("basis") ?? undefined };
  return { options: await orFailure(requestFormOptions(actor, params.caseId ?? "", choice)) };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requireStaff(request, { roles: officers });
  const caseId = params.caseId ?? "";
  const form = await readForm(request);
  const input = readRequestInput(form);
  const submit = field(form, "intent") !== "draft";
  try {
    const id = await saveRequest(actor, caseId, input, { submit });
    return redirect(`/cases/${caseId}/requests/${id}?notice=${submit ? "submitted" : "saved"}`);
  } catch (error) {
    if (!(error instanceof DomainError) || error.status === 404) throw error;
    return data({ error: error.code, values: input }, { status: 400 });
  }
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "requests:new.title");

export default function NewRequest() {
  const { t } = useTranslation("requests");
  const { options } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const values = result?.values ?? { categoryCodes: [], purpose: "", legalReference: "", legalJustification: "", desiredBy: "" };
  return (
    <Page title={t("new.title")}>
      <p className="mb-6 max-w-prose">{t("new.intro", { reference: options.caseReference })}</p>
      <RequestForm options={options} values={values} error={result?.error} cancelTo={`/cases/${options.caseId}`} />
    </Page>
  );
}
