import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireStaff } from "~/access/guards.server";
import { ClientName } from "~/components/cases/ClientName";
import { Page } from "~/components/layout/Page";
import { Alert } from "~/components/ui/Alert";
import { Field } from "~/components/ui/Field";
import { pageTitle } from "~/i18n/meta";
import { DomainError } from "~/lib/errors";
import { formatDate } from "~/lib/format";
import { field, readForm } from "~/lib/http.server";
import { listCasesForActor, lookupClient, openCase, registerClient } from "~/services/cases.server";
import { countUnread } from "~/services/notifications.server";

const clientWork = ["case_officer", "rehab_coordinator"];

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireStaff(request);
  // Administrators and auditors see no client data by their role: their start page is elsewhere.
  if (actor.role === "auditor") throw redirect("/audit");
  if (!clientWork.includes(actor.role)) throw redirect("/account");
  const [items, unread] = await Promise.all([listCasesForActor(actor), countUnread(actor)]);
  return { cases: items, unread };
}

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requireStaff(request, { roles: ["case_officer", "rehab_coordinator"] });
  const form = await readForm(request);
  const intent = field(form, "intent");
  try {
    if (intent === "open") return redirect(`/cases/${await openCase(actor, field(form, "clientId"))}`);
    if (intent === "register") {
      const clientId = await registerClient(actor, {
        personnummer: field(form, "personnummer"),
        givenName: field(form, "givenName").slice(0, 100),
        familyName: field(form, "familyName").slice(0, 100),
        protectedIdentity: field(form, "protectedIdentity") === "on",
        preferredLanguage: field(form, "preferredLanguage") === "en" ? "en" : "sv",
      });
      return redirect(`/cases/${await openCase(actor, clientId)}`);
    }
    const result = await lookupClient(actor, field(form, "personnummer").slice(0, 20));
    return data({ lookup: result, error: null }, { status: result.status === "invalid" ? 400 : 200 });
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    return data({ lookup: null, error: error.code }, { status: error.status });
  }
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "cases:list.title");

export default function Cases() {
  const { t, i18n } = useTranslation("cases");
  const { t: tc } = useTranslation();
  const { cases, unread } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const lookup = result?.lookup;
  return (
    <Page title={t("list.title")}>
      {unread > 0 ? (
        <Alert tone="info">
          <Link to="/notifications">{t("list.unread", { count: unread })}</Link>
        </Alert>
      ) : null}
      <section aria-labelledby="find-heading" className="mb-section max-w-xl">
        <h2 id="find-heading" className="text-xl font-semibold">{t("find.heading")}</h2>
        <p className="mb-4">{t("find.intro")}</p>
        {result?.error ? <Alert tone="error">{tc(`errors.codes.${result.error}` as never)}</Alert> : null}
        <Form method="post" className="flex flex-wrap items-end gap-3">
          <input type="hidden" name="intent" value="find" />
          <Field
            name="personnummer"
            label={t("find.personnummer")}
            hint={t("find.hint")}
            autoComplete="off"
            required
            className="mb-0"
            error={lookup?.status === "invalid" ? t(`find.invalid.${lookup.reason}`) : undefined}
          />
          <button type="submit" className="button">{t("find.submit")}</button>
        </Form>
        {lookup?.status === "found" ? (
          <div className="mt-6 rounded border border-line p-4" data-testid="lookup-result">
            <p>{t("find.found")} <ClientName client={lookup.client} /></p>
            <Form method="post" className="mt-3">
              <input type="hidden" name="intent" value="open" />
              <input type="hidden" name="clientId" value={lookup.client.id} />
              <button type="submit" className="button">{t("find.openCase")}</button>
            </Form>
          </div>
        ) : null}
        {lookup?.status === "not_found" ? (
          <div className="mt-6 rounded border border-line p-4">
            <p className="mb-4">{t("find.notFound", { personnummer: lookup.personnummer })}</p>
            <Form method="post">
              <input type="hidden" name="intent" value="register" />
              <input type="hidden" name="personnummer" value={lookup.personnummer} />
              <Field name="givenName" label={t("register.givenName")} required autoComplete="off" />
              <Field name="familyName" label={t("register.familyName")} required autoComplete="off" />
              <div className="mb-4 flex items-center gap-2">
                <input id="protectedIdentity" name="protectedIdentity" type="checkbox" className="h-5 w-5" />
                <label htmlFor="protectedIdentity">{t("register.protectedIdentity")}</label>
              </div>
              <fieldset className="mb-4">
                <legend className="font-semibold">{t("register.language")}</legend>
                <label className="mr-4"><input type="radio" name="preferredLanguage" value="sv" defaultChecked /> Svenska</label>
                <label><input type="radio" name="preferredLanguage" value="en" /> English</label>
              </fieldset>
              <button type="submit" className="button">{t("register.submit")}</button>
            </Form>
          </div>
        ) : null}
      </section>

      <section aria-labelledby="cases-heading">
        <h2 id="cases-heading" className="text-xl font-semibold">{t("list.heading")}</h2>
        {cases.length === 0 ? (
          <p className="mt-2">{t("list.empty")}</p>
        ) : (
          <table className="mt-2 w-full border-collapse text-left">
            <thead>
              <tr className="border-b-2 border-line">
                <th scope="col" className="py-2 pr-4">{t("list.reference")}</th>
                <th scope="col" className="py-2 pr-4">{t("list.client")}</th>
                <th scope="col" className="py-2 pr-4">{t("list.lead")}</th>
                <th scope="col" className="py-2 pr-4">{t("list.opened")}</th>
                <th scope="col" className="py-2">{t("list.status")}</th>
              </tr>
            </thead>
            <tbody>
              {cases.map((item) => (
                <tr key={item.id} className="border-b border-line">
                  <td className="py-2 pr-4"><Link to={`/cases/${item.id}`}>{item.reference}</Link></td>
                  <td className="py-2 pr-4"><ClientName client={{ ...item.client, personnummer: null }} /></td>
                  <td className="py-2 pr-4">{item.leadUnit}{item.lead ? ` (${t("list.yourOrganization")})` : ""}</td>
                  <td className="py-2 pr-4">{formatDate(item.openedAt, i18n.language)}</td>
                  <td className="py-2">{t(`status.${item.status}`)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </Page>
  );
}
