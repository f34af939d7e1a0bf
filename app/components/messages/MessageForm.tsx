import { Form, Link } from "@remix-run/react";
import { useState, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { Alert } from "~/components/ui/Alert";
import { useErrorText, useFormErrors } from "~/components/ui/form-errors";
import type { ComposeOptions } from "~/services/messages/send.server";
import { typedValues, type FormFailure } from "~/web/form-failure";
import { ClientName } from "~/components/cases/ClientName";

// Which field a service's error code belongs to, so the message sits next to it as well as at the top.
const fieldOf: Record<string, string> = {
  "messages.recipient_required": "recipientUnitId",
  "messages.subject_required": "subject",
  "messages.subject_too_long": "subject",
  "messages.subject_identity_number": "subject",
  "messages.reference_identity_number": "senderReference",
  "messages.justification_identity_number": "legalJustification",
  "messages.filename_identity_number": "attachments",
  "messages.general_identity_number": "content",
  "messages.general_attachment_identity_number": "attachments",
  "messages.reference_too_long": "senderReference",
  "messages.content_required": "content",
  "messages.content_too_long": "content",
  "messages.category_required": "categoryCode",
  "messages.outside_consent": "categoryCode",
  "messages.statute_required": "legalReference",
  "messages.justification_required": "legalJustification",
  "messages.justification_too_long": "legalJustification",
  "messages.attachment_too_large": "attachments",
  "messages.attachments_too_large": "attachments",
  "messages.too_many_attachments": "attachments",
  "messages.attachment_type": "attachments",
  "messages.attachment_unreadable": "attachments",
  "messages.attachment_encrypted": "attachments",
};

/** Translates an error code: "messages.<key>" from messages:errors, any other from errors.codes. */
export const useMessageErrorText = () => useErrorText("messages", "messages");

const input = "mt-1 block w-full max-w-2xl rounded border-2 px-3 py-2";

/** A field's error, with the id its input's aria-describedby names. */
function ErrorText({ name, error }: { name: string; error?: string }) {
  return error ? (
    <p id={`${name}-error`} className="font-semibold text-danger-700">
      {error}
    </p>
  ) : null;
}

/** A field's label, hint and error (ids `<name>-hint`, `<name>-error` for the input's aria-describedby) around the input. */
function Labelled({ name, label, hint, error, className = "mb-4", children }: { name: string; label: string; hint?: string; error?: string; className?: string; children: ReactNode }) {
  return (
    <div className={className}>
      <label htmlFor={name} className="block font-semibold">
        {label}
      </label>
      {hint ? (
        <p id={`${name}-hint`} className="text-sm text-ink-muted">
          {hint}
        </p>
      ) : null}
      <ErrorText name={name} error={error} />
      {children}
    </div>
  );
}

/**
 * Writing a message (or a reply): the sender's unit, a recipient chosen from the address book of
 * functional mailboxes (filtered as one types, radio buttons for the keyboard), and for a message
 * about a client the category it discloses and its basis. Everything typed comes back after a
 * refusal; files must be chosen again (a browser never refills a file field).
 */
export function MessageForm({ options, failed, cancelTo }: { options: ComposeOptions; failed: FormFailure | null; cancelTo: string }) {
  const { t, i18n } = useTranslation("messages");
  const errorText = useMessageErrorText();
  const language = i18n.language === "en" ? "en" : "sv";
  const typed = typedValues(failed?.values);
  const [filter, setFilter] = useState("");
  const [basis, setBasis] = useState(typed.basis === "legal" ? "legal" : "consent");
  const { message, errorAt } = useFormErrors(failed, errorText, fieldOf);
  const describedBy = (name: string, hint = false) => [hint ? `${name}-hint` : "", errorAt(name) ? `${name}-error` : ""].filter(Boolean).join(" ") || undefined;
  const border = (name: string) => (errorAt(name) ? "border-danger-700" : "border-line");
  const [chosenUnit, setChosenUnit] = useState(typed.recipientUnitId ?? options.replyTo?.recipientUnitId ?? "");
  const needle = filter.trim().toLocaleLowerCase(language);
  // A reply goes back to the other unit of its message: no address book then.
  const replyingTo = options.replyTo ? (options.addressBook.find((entry) => entry.unitId === options.replyTo!.recipientUnitId) ?? null) : null;
  // The chosen mailbox stays in the list whatever is typed, so a search never unchooses it.
  const shown = options.addressBook.filter(
    (entry) => entry.unitId === chosenUnit || !needle || `${entry.organization} ${entry.unit} ${entry.mailbox}`.toLocaleLowerCase(language).includes(needle),
  );

  return (
    <>
      {message ? <Alert tone="error">{message}</Alert> : null}
      {options.mailboxes.units.length > 1 ? (
        <Form method="get" className="mb-6 max-w-3xl rounded border border-line p-4">
          {options.replyTo ? <input type="hidden" name="replyTo" value={options.replyTo.messageId} /> : null}
          {options.about && !options.replyTo ? <input type="hidden" name="case" value={options.about.caseId} /> : null}
          <label htmlFor="unit" className="block font-semibold">
            {t("form.writeAs")}
          </label>
          <p id="unit-hint" className="text-sm text-ink-muted">
            {t("form.writeAsHint")}
          </p>
          <select id="unit" name="unit" defaultValue={options.mailboxes.current} aria-describedby="unit-hint" className={`${input} mb-3 bg-surface border-line`}>
            {options.mailboxes.units.map((unit) => (
              <option key={unit.id} value={unit.id}>{`${unit.name} (${unit.mailbox})`}</option>
            ))}
          </select>
          <button type="submit" className="button button-secondary">
            {t("form.switchSender")}
          </button>
        </Form>
      ) : null}
      <Form method="post" encType="multipart/form-data" className="max-w-3xl">
        {options.replyTo ? <input type="hidden" name="inReplyTo" value={options.replyTo.messageId} /> : null}
        {options.about ? <input type="hidden" name="caseId" value={options.about.caseId} /> : null}
        <p className="mb-4">
          <strong>{t("form.sender")}:</strong> {`${options.sender.unit}, ${options.sender.organization}`}
        </p>

        {replyingTo ? (
          <p className="mb-6" data-testid="reply-recipient">
            <input type="hidden" name="recipientUnitId" value={replyingTo.unitId} />
            <strong>{t("form.replyTo")}:</strong> {`${replyingTo.organization} – ${replyingTo.unit}`} <span className="text-sm text-ink-muted">({replyingTo.mailbox})</span>
          </p>
        ) : (
        <fieldset className="mb-6 rounded border border-line p-4" aria-describedby={describedBy("recipientUnitId", true)}>
            <legend className="px-1 text-xl font-semibold">{t("form.recipient")}</legend>
            <p id="recipientUnitId-hint" className="text-sm text-ink-muted">
              {t("form.recipientHint")}
            </p>
            <ErrorText name="recipientUnitId" error={errorAt("recipientUnitId")} />
            <label htmlFor="address-search" className="mt-3 block font-semibold">
              {t("form.search")}
            </label>
            <input
              id="address-search"
              type="search"
              value={filter}
              onChange={(event) => setFilter(event.target.value)}
              aria-controls="address-book"
              className={`${input} border-line`}
              autoComplete="off"
            />
            <p className="sr-only" role="status">
              {t("form.matches", { count: shown.length })}
            </p>
            <ul id="address-book" className="mt-3 max-h-80 space-y-2 overflow-y-auto" data-testid="address-book">
              {shown.map((entry) => (
                <li key={entry.unitId} className="flex items-start gap-2">
                  <input
                    id={`to-${entry.unitId}`}
                    type="radio"
                    name="recipientUnitId"
                    value={entry.unitId}
                    defaultChecked={entry.unitId === chosenUnit}
                    onChange={() => setChosenUnit(entry.unitId)}
                    aria-describedby={`to-${entry.unitId}-mailbox`}
                    className="mt-1 h-5 w-5"
                  />
                  <label htmlFor={`to-${entry.unitId}`}>
                    {`${entry.organization} – ${entry.unit}`}
                    <span id={`to-${entry.unitId}-mailbox`} className="block text-sm text-ink-muted">
                      {entry.mailbox}
                    </span>
                  </label>
                </li>
              ))}
            </ul>
            {shown.length === 0 ? <p className="mt-2">{t("form.noMatches")}</p> : null}
          </fieldset>
        )}

        {options.about ? (
          <fieldset className="mb-6 rounded border border-line p-4">
            <legend className="px-1 text-xl font-semibold">{t("form.aboutHeading")}</legend>
            <p className="mb-3">
              {t("form.aboutCase", { reference: options.about.reference })} <ClientName client={options.about.client} />
            </p>
            <Labelled name="categoryCode" label={t("form.category")} hint={t("form.categoryHint")} error={errorAt("categoryCode")} className="">
              <select id="categoryCode" name="categoryCode" defaultValue={typed.categoryCode ?? ""} required aria-describedby={describedBy("categoryCode", true)} className={`${input} bg-surface ${border("categoryCode")}`}>
                <option value="">{t("form.chooseCategory")}</option>
                {options.categories.map((category) => (
                  <option key={category.code} value={category.code}>
                    {category.name[language]}
                  </option>
                ))}
              </select>
            </Labelled>
            <fieldset className="mt-4">
              <legend className="font-semibold">{t("form.basis")}</legend>
              {(["consent", "legal"] as const).map((value) => (
                <div key={value} className="mt-2 flex items-start gap-2">
                  <input id={`basis-${value}`} type="radio" name="basis" value={value} checked={basis === value} onChange={() => setBasis(value)} className="mt-1 h-5 w-5" />
                  <label htmlFor={`basis-${value}`}>{t(value === "consent" ? "form.basisConsent" : "form.basisLegal")}</label>
                </div>
              ))}
            </fieldset>
            {basis === "legal" ? (
              <div className="mt-4 border-l-4 border-warning-800 bg-surface-muted p-4">
                <p className="mb-3 font-semibold text-warning-800">{t("form.legalWarning")}</p>
                <Labelled name="legalReference" label={t("form.statute")} error={errorAt("legalReference")}>
                  <select id="legalReference" name="legalReference" defaultValue={typed.legalReference ?? ""} required aria-describedby={describedBy("legalReference")} className={`${input} bg-surface ${border("legalReference")}`}>
                    <option value="">{t("form.chooseStatute")}</option>
                    {options.statutes.map((statute) => (
                      <option key={statute.reference} value={statute.reference}>
                        {statute.label[language]}
                      </option>
                    ))}
                  </select>
                </Labelled>
                <Labelled name="legalJustification" label={t("form.justification")} error={errorAt("legalJustification")} className="">
                  <textarea id="legalJustification" name="legalJustification" rows={3} maxLength={2000} required defaultValue={typed.legalJustification ?? ""} aria-describedby={describedBy("legalJustification")} className={`${input} ${border("legalJustification")}`} />
                </Labelled>
              </div>
            ) : null}
          </fieldset>
        ) : null}

        <Labelled name="subject" label={t("form.subject")} hint={t("form.subjectHint")} error={errorAt("subject")}>
          <input id="subject" name="subject" type="text" required maxLength={200} defaultValue={typed.subject ?? options.replyTo?.subject ?? ""} aria-describedby={describedBy("subject", true)} aria-invalid={errorAt("subject") ? true : undefined} className={`${input} ${border("subject")}`} />
        </Labelled>
        <Labelled name="senderReference" label={t("form.reference")} hint={t("form.referenceHint")} error={errorAt("senderReference")}>
          <input id="senderReference" name="senderReference" type="text" maxLength={100} defaultValue={typed.senderReference ?? ""} aria-describedby={describedBy("senderReference", true)} aria-invalid={errorAt("senderReference") ? true : undefined} className={`${input} max-w-md ${border("senderReference")}`} />
        </Labelled>
        <Labelled name="content" label={t("form.content")} hint={t("form.contentHint")} error={errorAt("content")}>
          <textarea id="content" name="content" rows={12} required maxLength={20000} defaultValue={typed.content ?? ""} aria-describedby={describedBy("content", true)} aria-invalid={errorAt("content") ? true : undefined} className={`${input} ${border("content")}`} />
        </Labelled>
        <Labelled name="attachments" label={t("form.attachments")} hint={t("form.attachmentsHint")} error={errorAt("attachments")} className="mb-6">
          <input id="attachments" name="attachments" type="file" multiple accept=".pdf,.png,.jpg,.jpeg,.txt,application/pdf,image/png,image/jpeg,text/plain" aria-describedby={describedBy("attachments", true)} className="mt-1 block" />
          {failed ? <p className="mt-1 text-sm text-ink-muted">{t("form.attachAgain")}</p> : null}
        </Labelled>
        <div className="flex flex-wrap gap-3">
          <button type="submit" className="button">
            {t("form.send")}
          </button>
          <Link to={cancelTo} className="button button-secondary">
            {t("form.cancel")}
          </Link>
        </div>
      </Form>
    </>
  );
}
