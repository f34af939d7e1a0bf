import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useRouteLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { loader as rootLoader } from "~/root";
import { requireOfficer } from "~/access/guards.server";
import { ClientName, ClientNameText, useClientNameWords } from "~/components/cases/ClientName";
import { Page } from "~/components/layout/Page";
import { Alert } from "~/components/ui/Alert";
import { Field } from "~/components/ui/Field";
import { pageTitle } from "~/i18n/meta";
import { formatDate } from "~/lib/format";
import { caseListActionSchema } from "~/services/cases/forms";
import { listCasePage } from "~/services/cases/list.server";
import { lookupClient, openCase } from "~/services/cases/open.server";
import { failureOf, typedValues } from "~/web/form-failure";
import { readWith, writeWith } from "~/web/frame.server";

export const handle = { i18n: ["cases"] };

const officerOrHome = (request: Request) => requireOfficer(request, { others: "home" });

export async function loader({ request }: LoaderFunctionArgs) {
  const after = new URL(request.url).searchParams.get("after");
  return readWith(request, officerOrHome, async (reader) => ({ ...(await listCasePage(reader, after)), paged: Boolean(after) }));
}

export async function action({ request }: ActionFunctionArgs) {
  return writeWith(request, requireOfficer, caseListActionSchema, async (reader, input) => {
    if (input.intent === "open") return redirect(`/cases/${await openCase(reader, input)}`);
    return { ok: true as const, lookup: await lookupClient(reader, input.personnummer) };
  });
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "cases:list.title");

export default function Cases() {
  const { t, i18n } = useTranslation("cases");
  const { t: tc } = useTranslation();
  const { cases, next, paged } = useLoaderData<typeof loader>();
  // The page frame's loader has counted the unit's unread notices already (the header shows them too).
  const unread = useRouteLoaderData<typeof rootLoader>("root")?.viewer?.unread ?? 0;
  const result = useActionData<typeof action>();
  const lookup = result?.ok ? result.lookup : null;
  const failed = failureOf(result);
  const typed = (name: string) => typedValues(failed?.values)[name] ?? "";
  const searched = lookup?.status === "searched" ? lookup : null;
  const personnummer = searched?.personnummer ?? (failed?.values.intent === "open" ? typed("personnummer") : null);
  // The words every line repeats, translated once per page rather than once per line.
  const words = { yourOrganization: t("list.yourOrganization"), status: { open: t("status.open"), closed: t("status.closed") } };
  const nameWords = useClientNameWords();
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
        {failed ? <Alert tone="error">{tc(`errors.codes.${failed.error}` as never)}</Alert> : null}
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
        {personnummer ? (
          <div className="mt-6 rounded border border-line p-4" data-testid="lookup-result">
            {searched && searched.cases.length > 0 ? (
              <>
                <p>{t("find.yourCases", { personnummer })}</p>
                <ul className="mb-4 mt-2 list-disc pl-6">
                  {searched.cases.map((item) => (
                    <li key={item.id}>
                      <Link to={`/cases/${item.id}`}>{item.reference}</Link> – <ClientName client={item.client} /> ({t(`status.${item.status}`)})
                    </li>
                  ))}
                </ul>
                <Form method="post">
                  <input type="hidden" name="intent" value="open" />
                  <input type="hidden" name="personnummer" value={personnummer} />
                  <button type="submit" className="button">{t("find.openCase")}</button>
                </Form>
              </>
            ) : (
              <>
                <p className="mb-4">{t("find.noCases", { personnummer })}</p>
                <Form method="post">
                  <input type="hidden" name="intent" value="open" />
                  <input type="hidden" name="personnummer" value={personnummer} />
                  <Field name="givenName" label={t("register.givenName")} required autoComplete="off" defaultValue={typed("givenName")} maxLength={100} />
                  <Field name="familyName" label={t("register.familyName")} required autoComplete="off" defaultValue={typed("familyName")} maxLength={100} />
                  <div className="mb-4 flex items-center gap-2">
                    <input id="protectedIdentity" name="protectedIdentity" type="checkbox" className="h-5 w-5" defaultChecked={typed("protectedIdentity") === "on"} />
                    <label htmlFor="protectedIdentity">{t("register.protectedIdentity")}</label>
                  </div>
                  <fieldset className="mb-4">
                    <legend className="font-semibold">{t("register.language")}</legend>
                    <label className="mr-4"><input type="radio" name="preferredLanguage" value="sv" defaultChecked={typed("preferredLanguage") !== "en"} /> Svenska</label>
                    <label><input type="radio" name="preferredLanguage" value="en" defaultChecked={typed("preferredLanguage") === "en"} /> English</label>
                  </fieldset>
                  <button type="submit" className="button">{t("find.openCase")}</button>
                </Form>
              </>
            )}
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
                  {/* A plain link, not Remix's Link: 25 of those cost about 0.5 ms of server time per page (ADR 0027), and the case page is read whole anyway. */}
                  <td className="py-2 pr-4"><a href={`/cases/${item.id}`}>{item.reference}</a></td>
                  <td className="py-2 pr-4"><ClientNameText client={item.client} words={nameWords} /></td>
                  <td className="py-2 pr-4">{item.leadUnit}{item.lead ? ` (${words.yourOrganization})` : ""}</td>
                  <td className="py-2 pr-4">{formatDate(item.openedAt, i18n.language)}</td>
                  <td className="py-2">{words.status[item.status]}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {next || paged ? (
          <nav aria-label={t("list.pages")} className="mt-4 flex flex-wrap gap-4">
            {paged ? <Link to="/cases" className="underline">{t("list.firstPage")}</Link> : null}
            {next ? <Link to={`/cases?after=${encodeURIComponent(next)}`} className="underline">{t("list.nextPage")}</Link> : null}
          </nav>
        ) : null}
      </section>
    </Page>
  );
}
