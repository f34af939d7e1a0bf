import { Form, Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ClientName } from "~/components/cases/ClientName";
import { formatDateTime } from "~/lib/format";
import { withUnit } from "~/services/messages/links";
import type { MessageView, ThreadView } from "~/services/messages/mailbox.server";

/** Bytes as people read them: "812 B", "12 kB", "3.4 MB" (decimal units, as file managers show). */
function fileSize(bytes: number, language: string): string {
  const format = (value: number) => value.toLocaleString(language === "en" ? "en-GB" : "sv-SE", { maximumFractionDigits: 1 });
  if (bytes < 1000) return `${bytes} B`;
  if (bytes < 1_000_000) return `${format(bytes / 1000)} kB`;
  return `${format(bytes / 1_000_000)} MB`;
}

/** The three receipts of one message (delivered, opened by a named officer, handled). */
export function Receipts({ message }: { message: MessageView }) {
  const { t, i18n } = useTranslation("messages");
  const at = (value: string) => formatDateTime(value, i18n.language);
  const { receipts } = message;
  return (
    <ul className="text-sm" aria-label={t("thread.receipts")} data-testid={`receipts-${message.id}`}>
      <li>{t("receipts.delivered", { at: at(receipts.deliveredAt) })}</li>
      <li>{receipts.opened ? t("receipts.opened", { name: receipts.opened.by ?? "", unit: receipts.opened.unit.unit, at: at(receipts.opened.at) }) : t("receipts.notOpened")}</li>
      <li>{receipts.handled ? t("receipts.handled", { name: receipts.handled.by ?? "", at: at(receipts.handled.at) }) : t("receipts.notHandled")}</li>
    </ul>
  );
}

function basisText(basis: string | null, t: (key: string, options?: Record<string, unknown>) => string): string {
  if (!basis) return t("thread.basisNone");
  if (basis.startsWith("consent:")) return t("thread.basisConsent");
  if (basis.startsWith("legal:")) return t("thread.basisLegal", { statute: basis.slice("legal:".length) });
  return t("thread.basisOwn");
}

/** One message of a thread: envelope, content as plain text (line breaks kept), attachments, receipts and history. */
function MessageCard({ message, asked, unitQuery }: { message: MessageView; asked: boolean; unitQuery: string }) {
  const { t, i18n } = useTranslation("messages");
  const language = i18n.language === "en" ? "en" : "sv";
  const at = (value: string) => formatDateTime(value, i18n.language);
  const tt = t as unknown as (key: string, options?: Record<string, unknown>) => string;
  return (
    <article aria-labelledby={`message-${message.id}-heading`} className={`mb-6 rounded border p-4 ${asked ? "border-brand-700" : "border-line"}`} data-testid={`message-${message.id}`}>
      <h2 id={`message-${message.id}-heading`} className="text-xl font-semibold">
        {message.subject}
      </h2>
      <dl className="mt-2 grid grid-cols-1 gap-x-4 gap-y-1 text-sm sm:grid-cols-[max-content_1fr]">
        <dt className="font-semibold">{t("envelope.from")}</dt>
        <dd>{`${message.from.unit}, ${message.from.organization}${message.sentBy ? ` (${message.sentBy})` : ""}`}</dd>
        <dt className="font-semibold">{t("envelope.to")}</dt>
        <dd>{`${message.to.unit}, ${message.to.organization}`}</dd>
        <dt className="font-semibold">{t("envelope.sentAt")}</dt>
        <dd>{at(message.sentAt)}</dd>
        {message.senderReference ? (
          <>
            <dt className="font-semibold">{t("envelope.reference")}</dt>
            <dd>{message.senderReference}</dd>
          </>
        ) : null}
        {message.caseReference ? (
          <>
            <dt className="font-semibold">{t("envelope.case")}</dt>
            <dd>
              {message.caseReference}
              {message.client ? (
                <>
                  {" – "}
                  <ClientName client={message.client} />
                </>
              ) : null}
            </dd>
            <dt className="font-semibold">{t("envelope.category")}</dt>
            <dd>{message.category ? message.category[language] : "–"}</dd>
            <dt className="font-semibold">{t("envelope.basis")}</dt>
            <dd>
              {basisText(message.basis, tt)}
              {message.legalJustification ? <span className="block">{t("envelope.justification", { text: message.legalJustification })}</span> : null}
            </dd>
          </>
        ) : null}
        <dt className="font-semibold">{t("envelope.messageId")}</dt>
        <dd className="font-mono text-xs">{message.id}</dd>
      </dl>
      <div className="mt-4 max-w-prose whitespace-pre-wrap break-words border-t border-line pt-4" data-testid="message-content">
        {message.content}
      </div>
      {/* The sections below are unnamed, so not landmarks: every message of a thread has them. */}
      {message.attachments.length > 0 ? (
        <section className="mt-4">
          <h3 className="font-semibold">{t("thread.attachments")}</h3>
          <ul>
            {message.attachments.map((file) => (
              <li key={file.id}>
                <a href={withUnit(`/messages/attachments/${file.id}`, unitQuery)} download={file.filename}>
                  {file.filename}
                </a>{" "}
                <span className="text-sm text-ink-muted">({fileSize(file.size, i18n.language)})</span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <div className="mt-4 grid gap-4 sm:grid-cols-2">
        <section>
          <h3 className="font-semibold">{t("thread.receipts")}</h3>
          <Receipts message={message} />
        </section>
        <section>
          <h3 className="font-semibold">{t("thread.history")}</h3>
          <ol className="text-sm">
            {message.history.map((line, index) => (
              <li key={index}>{`${at(line.at)}: ${tt(`history.${line.kind}`, { name: line.by ?? "", to: line.to ?? "" })}`}</li>
            ))}
          </ol>
        </section>
      </div>
    </article>
  );
}

/** One handling action: a form whose button posts its intent. */
function IntentButton({ intent, label, primary = false }: { intent: "claim" | "release" | "handled" | "reopen"; label: string; primary?: boolean }) {
  return (
    <Form method="post">
      <button type="submit" name="intent" value={intent} className={primary ? "button" : "button button-secondary"}>
        {label}
      </button>
    </Form>
  );
}

/** The handling of the message asked for, for the receiving unit's officers. */
function Handling({ thread }: { thread: ThreadView }) {
  const { t } = useTranslation("messages");
  const message = thread.messages.find((candidate) => candidate.id === thread.messageId);
  if (!message || !thread.canHandle) return null;
  // Someone who no longer works in the unit holds it no more: anyone here may take it.
  const holder = message.claimedBy?.active ? message.claimedBy : null;
  const mine = holder?.id === thread.me;
  const handled = message.receipts.handled !== null;
  // Free for the actor to mark handled or hand over: not handled, and theirs or no one's.
  const free = !handled && (mine || !holder);
  const colleagues = thread.colleagues.filter((colleague) => colleague.id !== thread.me);
  return (
    <section aria-labelledby="handling-heading" className="mb-6 rounded border border-line bg-surface-muted p-4">
      <h2 id="handling-heading" className="text-xl font-semibold">
        {t("handling.heading")}
      </h2>
      <p className="mb-3" data-testid="claimed-by">
        {handled
          ? t("handling.isHandled")
          : holder
            ? t("handling.claimedBy", { name: holder.name })
            : message.claimedBy
              ? t("handling.formerHolder", { name: message.claimedBy.name })
              : t("handling.unclaimed")}
      </p>
      <div className="flex flex-wrap items-end gap-3">
        {!handled && !holder ? <IntentButton intent="claim" label={t("handling.claim")} primary /> : null}
        {!handled && (mine || (message.claimedBy && !holder)) ? <IntentButton intent="release" label={t("handling.release")} /> : null}
        {free ? <IntentButton intent="handled" label={t("handling.markHandled")} /> : null}
        {handled ? <IntentButton intent="reopen" label={t("handling.reopen")} /> : null}
        {free && colleagues.length > 0 ? (
          <Form method="post" className="flex flex-wrap items-end gap-2">
            <div>
              <label htmlFor="toUserId" className="block font-semibold">
                {t("handling.handTo")}
              </label>
              <select id="toUserId" name="toUserId" required className="mt-1 rounded border-2 border-line bg-surface px-3 py-2" defaultValue="">
                <option value="" disabled>
                  {t("handling.chooseColleague")}
                </option>
                {colleagues.map((colleague) => (
                  <option key={colleague.id} value={colleague.id}>
                    {colleague.name}
                  </option>
                ))}
              </select>
            </div>
            <button type="submit" name="intent" value="hand_over" className="button button-secondary">
              {t("handling.handOver")}
            </button>
          </Form>
        ) : null}
      </div>
    </section>
  );
}

/** A thread: the handling of the message asked for, then every message the unit sent or received in it, oldest first. */
export function MessageThread({ thread }: { thread: ThreadView }) {
  const { t } = useTranslation("messages");
  return (
    <>
      <Handling thread={thread} />
      <p className="mb-6">
        <Link to={withUnit(`/messages/new?replyTo=${thread.messageId}`, thread.unitQuery)} className="button">
          {t("thread.reply")}
        </Link>
      </p>
      {thread.messages.map((message) => (
        <MessageCard key={message.id} message={message} asked={message.id === thread.messageId} unitQuery={thread.unitQuery} />
      ))}
    </>
  );
}
