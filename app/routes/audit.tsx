import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireAuditor } from "~/access/guards.server";
import { AuditTable } from "~/components/audit/AuditTable";
import { Page } from "~/components/layout/Page";
import { Alert } from "~/components/ui/Alert";
import { Field } from "~/components/ui/Field";
import { pageTitle } from "~/i18n/meta";
import { swedishDays } from "~/lib/calendar";
import { auditAreas, reviewSchema } from "~/services/audit/forms";
import { deniedPerDayThreshold, reviewAuditTrail } from "~/services/audit/review.server";
import { readWith, writeWith } from "~/web/frame.server";

export const handle = { i18n: ["audit", "cases"] };

/** The whole trail, newest first, a page at a time (`?after=`); a search is posted. */
export async function loader({ request }: LoaderFunctionArgs) {
  const after = new URL(request.url).searchParams.get("after");
  return readWith(request, requireAuditor, async (reader) => ({ result: await reviewAuditTrail(reader, { after }), threshold: deniedPerDayThreshold, paged: Boolean(after) }));
}

/** Searches are posted, so that a personal identity number never ends up in a URL or a log. */
export async function action({ request }: ActionFunctionArgs) {
  return writeWith(request, requireAuditor, reviewSchema, async (reader, input) => {
    const { echo, from, to, ...chosen } = input;
    return { ok: true as const, result: await reviewAuditTrail(reader, { ...chosen, ...swedishDays(from, to) }), paged: Boolean(input.after), echo };
  });
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "audit:review.title");

export default function AuditReview() {
  const { t } = useTranslation("audit");
  const { t: tc } = useTranslation();
  const loaded = useLoaderData<typeof loader>();
  const posted = useActionData<typeof action>();
  const result = (posted?.ok ? posted.result : null) ?? loaded.result;
  const failed = posted && !posted.ok ? posted : null;
  const echo: Record<string, string> = Object.fromEntries(
    Object.entries(posted?.ok === false ? posted.values : posted?.ok ? posted.echo : {}).filter((entry): entry is [string, string] => typeof entry[1] === "string"),
  );
  const paged = posted?.ok ? posted.paged : posted ? false : loaded.paged;
  return (
    <Page title={t("review.title")}>
      <p className="mb-6 max-w-prose">{t("review.intro")}</p>
      {result.flagged.length > 0 ? (
        <Alert tone="error">
          <p>{t("review.flaggedIntro", { threshold: loaded.threshold })}</p>
          <ul className="mt-2 list-disc pl-6" data-testid="flagged">
            {result.flagged.map((flag) => (
              <li key={`${flag.userId}-${flag.day}`}>{t("review.flaggedLine", { name: flag.name, day: flag.day, count: flag.denied })}</li>
            ))}
          </ul>
        </Alert>
      ) : null}
      {failed ? <Alert tone="error">{tc(`errors.codes.${failed.error}` as never)}</Alert> : null}

      <Form method="post" className="mb-8 grid max-w-4xl gap-x-6 sm:grid-cols-2">
        <div className="mb-4">
          <label htmlFor="officer" className="block font-semibold">{t("review.officer")}</label>
          <select id="officer" name="officer" defaultValue={echo.officer ?? ""} className="mt-1 block w-full rounded border-2 border-line bg-surface px-3 py-2">
            <option value="">{t("review.allOfficers")}</option>
            {result.officers.map((officer) => (
              <option key={officer.id} value={officer.id}>{officer.name}</option>
            ))}
          </select>
        </div>
        <Field name="personnummer" label={t("review.client")} hint={t("review.clientHint")} defaultValue={echo.personnummer} autoComplete="off" />
        <Field name="case" label={t("review.case")} hint={t("review.caseHint")} defaultValue={echo.case} autoComplete="off" />
        <div className="mb-4">
          <label htmlFor="outcome" className="block font-semibold">{t("review.outcome")}</label>
          <select id="outcome" name="outcome" defaultValue={echo.outcome ?? ""} className="mt-1 block w-full rounded border-2 border-line bg-surface px-3 py-2">
            <option value="">{t("review.allOutcomes")}</option>
            {(["allowed", "denied", "withheld", "success", "failure"] as const).map((outcome) => (
              <option key={outcome} value={outcome}>{t(`outcomes.${outcome}`)}</option>
            ))}
          </select>
        </div>
        <div className="mb-4">
          <label htmlFor="area" className="block font-semibold">{t("review.area")}</label>
          <select id="area" name="area" defaultValue={echo.area ?? ""} className="mt-1 block w-full rounded border-2 border-line bg-surface px-3 py-2">
            <option value="">{t("review.allAreas")}</option>
            {auditAreas.map((area) => (
              <option key={area} value={area}>{t(`review.areas.${area}`)}</option>
            ))}
          </select>
        </div>
        <Field name="from" type="date" label={t("review.from")} defaultValue={echo.from} />
        <Field name="to" type="date" label={t("review.to")} defaultValue={echo.to} />
        <div>
          <button type="submit" className="button">{t("review.search")}</button>
        </div>
      </Form>

      {result.nothingMatches ? <p>{t("review.nothingMatches")}</p> : <AuditTable events={result.events} />}

      {result.next || paged ? (
        // The same search again, from the top or after the last event shown (posted, like the search).
        <Form method="post" className="mt-6 flex gap-3" aria-label={tc("paging.label")}>
          {Object.entries(echo)
            .filter(([name]) => name !== "after")
            .map(([name, value]) => (
              <input key={name} type="hidden" name={name} value={value} />
            ))}
          {paged ? <button type="submit" className="button button-secondary">{tc("paging.firstPage")}</button> : null}
          {result.next ? <button type="submit" name="after" value={result.next} className="button button-secondary">{tc("paging.nextPage")}</button> : null}
        </Form>
      ) : null}
    </Page>
  );
}
