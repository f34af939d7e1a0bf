import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireMailboxOfficer } from "~/access/guards.server";
import { Page } from "~/components/layout/Page";
import { pageTitle } from "~/i18n/meta";
import { formatDateTime } from "~/lib/format";
import { mailboxQueryOf } from "~/services/messages/forms";
import { withUnit } from "~/services/messages/links";
import { listMailbox, type EnvelopeLine, type MailboxPage } from "~/services/messages/mailbox.server";
import { readWith } from "~/web/frame.server";

export const handle = { i18n: ["messages"] };

/** The unit's functional mailbox: inbox, sent and threads; filters and search; envelopes only, paged. */
export async function loader({ request }: LoaderFunctionArgs) {
  return readWith(request, requireMailboxOfficer, async (reader) => ({ page: await listMailbox(reader, mailboxQueryOf(new URL(request.url).searchParams)) }));
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "messages:mailbox.title");

const folders = ["inbox", "sent", "threads"] as const;

const filters = ["all", "unread", "mine", "handled"] as const;

function hrefOf(page: Pick<MailboxPage, "folder" | "filter" | "search" | "mailboxes">, after?: string) {
  const params = new URLSearchParams(page.mailboxes.query);
  if (page.folder !== "inbox") params.set("folder", page.folder);
  if (page.filter !== "all") params.set("filter", page.filter);
  if (page.search) params.set("q", page.search);
  if (after) params.set("after", after);
  const query = params.toString();
  return query ? `/messages?${query}` : "/messages";
}

export default function Mailbox() {
  const { t } = useTranslation("messages");
  const { page } = useLoaderData<typeof loader>();
  return (
    <Page title={t("mailbox.title")}>
      <p className="mb-4 max-w-prose">{t("mailbox.intro")}</p>
      {page.mailboxes.units.length > 1 ? (
        <nav aria-label={t("mailbox.units")} className="mb-4">
          <p className="font-semibold">{t("mailbox.units")}</p>
          <ul className="mt-1 flex flex-wrap gap-4">
            {page.mailboxes.units.map((unit, index) => (
              <li key={unit.id}>
                <Link to={index === 0 ? "/messages" : `/messages?unit=${unit.id}`} aria-current={unit.id === page.mailboxes.current ? "page" : undefined} className={unit.id === page.mailboxes.current ? "font-semibold" : ""}>
                  {unit.name}
                </Link>
                {unit.unopened > 0 ? <span className="ml-1">{t("mailbox.unitUnread", { count: unit.unopened })}</span> : null}
                <span className="block text-sm text-ink-muted">{unit.mailbox}</span>
              </li>
            ))}
          </ul>
        </nav>
      ) : null}
      <p className="mb-6">
        <Link to={withUnit("/messages/new", page.mailboxes.query)} className="button">
          {t("mailbox.write")}
        </Link>
      </p>
      <nav aria-label={t("mailbox.folders")} className="mb-4">
        <ul className="flex flex-wrap gap-4 border-b border-line">
          {folders.map((folder) => (
            <li key={folder}>
              <Link
                to={hrefOf({ ...page, folder, filter: "all" })}
                aria-current={page.folder === folder ? "page" : undefined}
                className={`inline-block px-2 py-2 ${page.folder === folder ? "border-b-4 border-brand-700 font-semibold" : ""}`}
              >
                {t(`mailbox.folder.${folder}`)}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      <Form method="get" className="mb-6 flex flex-wrap items-end gap-4" role="search" aria-label={t("mailbox.searchLabel")}>
        {page.mailboxes.query ? <input type="hidden" name="unit" value={page.mailboxes.current} /> : null}
        {page.folder !== "inbox" ? <input type="hidden" name="folder" value={page.folder} /> : null}
        <div>
          <label htmlFor="filter" className="block font-semibold">
            {t("mailbox.filterLabel")}
          </label>
          <select id="filter" name="filter" defaultValue={page.filter} className="mt-1 rounded border-2 border-line bg-surface px-3 py-2">
            {filters.map((filter) => (
              <option key={filter} value={filter}>
                {t(`mailbox.filter.${filter}`)}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="q" className="block font-semibold">
            {t("mailbox.search")}
          </label>
          <input id="q" name="q" type="search" defaultValue={page.search} className="mt-1 rounded border-2 border-line px-3 py-2" />
        </div>
        <button type="submit" className="button button-secondary">
          {t("mailbox.apply")}
        </button>
      </Form>
      {page.lines.length === 0 ? <p>{t("mailbox.empty")}</p> : <MailboxTable lines={page.lines} caption={t(`mailbox.folder.${page.folder}`)} unitQuery={page.mailboxes.query} />}
      {page.next ? (
        <p className="mt-4">
          <Link to={hrefOf(page, page.next)}>{t("mailbox.next")}</Link>
        </p>
      ) : null}
    </Page>
  );
}

function MailboxTable({ lines, caption, unitQuery }: { lines: EnvelopeLine[]; caption: string; unitQuery: string }) {
  const { t, i18n } = useTranslation("messages");
  // The words every line repeats, translated once per page rather than once per line.
  const words = { unread: `(${t("mailbox.unread")})`, from: t("mailbox.from"), to: t("mailbox.to"), reference: t("mailbox.referenceLabel"), handled: t("mailbox.handled"), opened: t("mailbox.opened"), notOpened: t("mailbox.notOpened") };
  return (
    <div className="overflow-x-auto">
      <table className="w-full border-collapse text-left">
        <caption className="sr-only">{caption}</caption>
        <thead>
          <tr className="border-b-2 border-line">
            <th scope="col" className="py-2 pr-3">{t("mailbox.subject")}</th>
            <th scope="col" className="py-2 pr-3">{t("mailbox.counterpart")}</th>
            <th scope="col" className="py-2 pr-3">{t("mailbox.sentAt")}</th>
            <th scope="col" className="py-2 pr-3">{t("mailbox.case")}</th>
            <th scope="col" className="py-2 pr-3">{t("mailbox.status")}</th>
          </tr>
        </thead>
        <tbody>
          {lines.map((line) => (
            <tr key={line.id} className={`border-b border-line align-top ${line.received && !line.opened ? "font-semibold" : ""}`} data-testid={`mailbox-line-${line.id}`}>
              <th scope="row" className="py-2 pr-3 font-normal">
                {/* A plain link, not Remix's Link: 25 of those cost ~1 ms of server time per page (bench, docs/bench.md), and opening a message needs a fresh page anyway. */}
                <a href={withUnit(`/messages/${line.id}`, unitQuery)} className={line.received && !line.opened ? "font-semibold" : ""}>
                  {line.subject}
                </a>
                {line.received && !line.opened ? <span className="ml-2 text-sm">{words.unread}</span> : null}
                {line.senderReference ? <span className="block text-sm text-ink-muted">{`${words.reference}: ${line.senderReference}`}</span> : null}
              </th>
              <td className="py-2 pr-3">{`${line.received ? words.from : words.to} ${line.counterpart.unit}, ${line.counterpart.organization}`}</td>
              <td className="py-2 pr-3 whitespace-nowrap">{formatDateTime(line.sentAt, i18n.language)}</td>
              <td className="py-2 pr-3">{line.caseReference ?? "–"}</td>
              <td className="py-2 pr-3">
                {line.handled ? words.handled : line.claimedBy ? t("mailbox.claimedBy", { name: line.claimedBy }) : line.opened ? words.opened : words.notOpened}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
