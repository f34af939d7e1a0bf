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
import { getDraftInput, requestFormOptions, saveRequest } from "~/services/requests.server";

const officers = ["case_officer", "rehab_coordinator"] as const;

/** A saved draft, in the same form as a new request; the unit and basis may be changed first. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireStaff(request, { roles: officers });
  const caseId = params.caseId ?? "";
  // A request that has been sent is no longer edited here: show it instead.
  const draft = await orFailure(getDraftInput(actor, caseId, params.requestId ?? "")).catch((error: unknown) => {
    if (isNotDraft(error)) throw redirect(`/cases/${caseId}/requests/${params.requestId}`);
    throw error;
  });
  const url = new URL(request.url);
  const choice = { unitId: url.searchParams.get("unit") ?? draft.receivingUnitId, basis: url.searchParams.get("basis") ?? draft.basis };
  return { options: await orFailure(requestFormOptions(actor, caseId, choice)), draft };
}

const isNotDraft = (error: unknown) => (error as { data?: { code?: string } } | null)?.data?.code === "request.not_draft";

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requireStaff(request, { roles: officers });
  const caseId = params.caseId ?? "";
  const form = await readForm(request);
  const input = readRequestInput(form);
  const submit = field(form, "intent") !== "draft";
  try {
    const id = await saveRequest(actor, caseId, input, { submit, requestId: params.requestId ?? "" });
    return redirect(`/cases/${caseId}/requests/${id}?notice=${submit ? "submitted" : "saved"}`);
  } catch (error) {
    if (!(error instanceof DomainError) || error.status === 404) throw error;
    return data({ error: error.code, values: input }, { status: 400 });
  }
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "requests:edit.title");

export default function EditDraft() {
  const { t } = useTranslation("requests");
  const { options, draft } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <Page title={t("edit.title")}>
      <p className="mb-6 max-w-prose">{t("edit.intro", { reference: options.caseReference })}</p>
      <RequestForm options={options} values={result?.values ?? draft} error={result?.error} cancelTo={`/cases/${options.caseId}`} />
    </Page>
  );
}
