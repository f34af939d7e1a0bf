import { randomUUID } from "node:crypto";
import { messageEvents, messages } from "../../../db/schema";
import type { StaffActor } from "~/access/actor";
import { directoryOf, unitsByName, type Directory } from "~/access/directory.server";
import type { Reader } from "~/access/gate.server";
import type { CaseFacts, DenyReason, MessageFacts } from "~/access/policy";
import { readCase, readClientOn, type ClientDisplay } from "~/access/reads/cases.server";
import { readMessage, readMessageClients } from "~/access/reads/messages.server";
import { encrypt } from "~/lib/crypto.server";
import { DomainError } from "~/lib/errors";
import { caseReference } from "~/services/cases/references";
import { statuteByReference, statutes, type Statute } from "~/services/requests/statutes";
import { storeAttachments, textNamesIdentityNumber, type ReceivedAttachment } from "./attachments.server";
import { mailboxesOf } from "./mailbox.server";
import type { MessageInput } from "./forms";
import { queueMessageNotice } from "./notice.server";
import { containsIdentityNumber } from "./subject";

/**
 * Writing and sending a message (SDK style: from the actor's unit to another unit's functional
 * mailbox, never to a person). About a client, the gate decides (message.send) whether the
 * sender's organisation may disclose the chosen category to the recipient's organisation — under
 * the client's consent or a named statute — and refuses with nothing stored.
 */
export interface AddressBookEntry {
  unitId: string;
  unit: string;
  organization: string;
  mailbox: string;
}

export interface ComposeOptions {
  sender: { unit: string; organization: string };
  /** The mailboxes the officer may write as (their own first), the one chosen, and the link query that keeps it. */
  mailboxes: Awaited<ReturnType<typeof mailboxesOf>>;
  addressBook: AddressBookEntry[];
  /** The case the message will be linked to, with its client as this viewer may see them. */
  about: { caseId: string; reference: string; client: ClientDisplay } | null;
  /** The sender's organisation's own categories (only these can it disclose). */
  categories: { code: string; name: { sv: string; en: string } }[];
  statutes: readonly Statute[];
  /** A reply: the message it answers, and what the form starts with. */
  replyTo: { messageId: string; subject: string; recipientUnitId: string } | null;
}

function addressBookOf(directory: Directory, actor: StaffActor): AddressBookEntry[] {
  return unitsByName(directory, (unit) => unit.id !== actor.unitId).map(({ unit, organization }) => ({ unitId: unit.id, unit: unit.name, organization: organization.name, mailbox: unit.mailbox }));
}

const replySubject = (subject: string) => (/^(sv|re):/i.test(subject) ? subject : `Sv: ${subject}`).slice(0, 200);

/**
 * What the form offers: the address book, and for a message about a case (`caseId`, 404 when the
 * actor may not see it) or a reply (`replyTo`, 404 unless the actor's unit sent or received it)
 * the case, its client (masked when protected) and the categories the sender may disclose.
 */
export async function composeOptions(reader: Reader<StaffActor>, choice: { caseId?: string; replyTo?: string }): Promise<ComposeOptions> {
  const actor = reader.actor;
  const directory = await directoryOf(reader);
  let about: ComposeOptions["about"] = null;
  let replyTo: ComposeOptions["replyTo"] = null;
  if (choice.replyTo) {
    const scope = await readMessage(reader, choice.replyTo, { resourceType: "message_form" });
    replyTo = { messageId: scope.row.id, subject: replySubject(scope.row.subject), recipientUnitId: scope.row.senderUnitId === actor.unitId ? scope.row.recipientUnitId : scope.row.senderUnitId };
    if (scope.case) {
      const [client] = await readMessageClients(reader, [scope]);
      about = { caseId: scope.case.caseId, reference: caseReference(scope.caseNumber ?? 0), client: client! };
    }
  } else if (choice.caseId) {
    const kase = await readCase(reader, choice.caseId, { resourceType: "message_form" });
    about = { caseId: kase.facts.caseId, reference: caseReference(kase.row.number), client: await readClientOn(reader, kase) };
  }
  const categories = about
    ? [...directory.categories.values()]
        .filter((category) => category.ownerKind === actor.organizationKind)
        .sort((a, b) => a.nameSv.localeCompare(b.nameSv, "sv"))
        .map((category) => ({ code: category.code, name: { sv: category.nameSv, en: category.nameEn } }))
    : [];
  const unit = directory.units.get(actor.unitId);
  return {
    sender: { unit: unit?.name ?? "", organization: directory.organizations.get(actor.organizationId)?.name ?? "" },
    mailboxes: await mailboxesOf(reader),
    addressBook: addressBookOf(directory, actor),
    about,
    categories,
    statutes,
    replyTo,
  };
}

/**
 * The envelope's clear text — subject, the sender's reference, a statute's justification, the
 * attachments' names — holds no personal identity or coordination number (subject.ts): refused
 * with messages.subject_identity_number, messages.reference_identity_number,
 * messages.justification_identity_number, messages.filename_identity_number (400).
 */
function checkEnvelope(input: MessageInput, files: ReceivedAttachment[], at: Date): void {
  if (containsIdentityNumber(input.subject, at)) throw new DomainError("messages.subject_identity_number");
  if (containsIdentityNumber(input.senderReference, at)) throw new DomainError("messages.reference_identity_number");
  if (input.basis === "legal" && containsIdentityNumber(input.legalJustification, at)) throw new DomainError("messages.justification_identity_number");
  if (files.some((file) => containsIdentityNumber(file.filename, at))) throw new DomainError("messages.filename_identity_number");
}

const consentReasons = new Set<DenyReason>(["no_consent", "wrong_category", "wrong_direction", "not_yet_valid", "expired", "revoked", "superseded"]);

/**
 * Sends a message (or a reply, `inReplyTo`) with its attachments; returns its id. Refused with
 * nothing stored (DomainError, the refusal recorded by the gate): the envelope's
 * *_identity_number codes (400, `checkEnvelope`); messages.general_identity_number (400) for a
 * message linked to no case whose content names a personal identity number, and
 * messages.general_attachment_identity_number (400) when one of its text attachments does;
 * messages.recipient_required (400) for an unknown recipient or the actor's own unit;
 * messages.reply_recipient (400) for a reply to anyone but the other unit of its message; messages.category_required (400), messages.statute_required (400),
 * messages.justification_required (400) for a message about a client without them;
 * messages.outside_consent (403) when the client's consent does not let the sender's
 * organisation disclose the category to the recipient's; messages.not_allowed (403) otherwise.
 * A case or message the actor may not see answers 404.
 */
export async function sendMessage(reader: Reader<StaffActor>, input: MessageInput, files: ReceivedAttachment[] = []): Promise<{ messageId: string; threadId: string }> {
  const actor = reader.actor;
  checkEnvelope(input, files, reader.at);
  const directory = await directoryOf(reader);
  const recipient = directory.units.get(input.recipientUnitId);
  if (!recipient || recipient.id === actor.unitId) throw new DomainError("messages.recipient_required");

  const original = input.inReplyTo ? await readMessage(reader, input.inReplyTo, { resourceType: "message" }) : null;
  // A reply goes back to the other unit of the message it answers, never elsewhere.
  if (original && recipient.id !== (original.row.senderUnitId === actor.unitId ? original.row.recipientUnitId : original.row.senderUnitId)) {
    throw new DomainError("messages.reply_recipient");
  }
  let kase: CaseFacts | undefined;
  if (original) kase = original.case;
  else if (input.caseId) kase = (await readCase(reader, input.caseId, { resourceType: "message" })).facts;

  // About a person, a message is linked to their case, so that the gate weighs the disclosure and
  // the person sees who read it: a general message naming a personal identity number is refused.
  if (!kase && containsIdentityNumber(input.content, reader.at)) throw new DomainError("messages.general_identity_number");
  if (!kase && files.some((file) => textNamesIdentityNumber(file, reader.at))) throw new DomainError("messages.general_attachment_identity_number");
  const category = kase ? directory.categories.get(input.categoryCode) : undefined;
  if (kase && (!category || category.ownerKind !== actor.organizationKind)) throw new DomainError("messages.category_required");
  const legal = kase && input.basis === "legal";
  if (legal && !statuteByReference(input.legalReference)) throw new DomainError("messages.statute_required");
  if (legal && input.legalJustification.length < 10) throw new DomainError("messages.justification_required");

  const id = randomUUID();
  const facts: MessageFacts = {
    senderOrganizationId: actor.organizationId,
    senderUnitId: actor.unitId,
    recipientOrganizationId: recipient.organizationId,
    recipientUnitId: recipient.id,
    categoryCode: category?.code ?? null,
    categoryOwnerKind: category?.ownerKind ?? null,
    legalReference: legal ? input.legalReference : null,
    basis: null,
    replyToReceived: original?.row.recipientUnitId === actor.unitId,
  };
  const decision = await reader.check("message.send", { type: "message", message: facts, case: kase }, { resourceType: "message", resourceId: id, details: { recipientUnitId: recipient.id } });
  if (!decision.allowed) throw new DomainError(consentReasons.has(decision.reason) ? "messages.outside_consent" : "messages.not_allowed", 403);

  const basis = kase ? decision.basis : null;
  const threadId = original?.row.threadId ?? id;
  await reader.tx.insert(messages).values({
    id,
    threadId,
    inReplyTo: original?.row.id ?? null,
    senderOrganizationId: actor.organizationId,
    senderUnitId: actor.unitId,
    sentBy: actor.userId,
    recipientOrganizationId: recipient.organizationId,
    recipientUnitId: recipient.id,
    subject: input.subject,
    senderReference: input.senderReference || null,
    caseId: kase?.caseId ?? null,
    clientId: kase?.clientId ?? null,
    categoryCode: category?.code ?? null,
    basis,
    legalJustification: legal ? input.legalJustification : null,
    contentEncrypted: encrypt(input.content),
    sentAt: reader.at,
    deliveredAt: reader.at,
  });
  await reader.tx.insert(messageEvents).values([
    { messageId: id, kind: "sent", byUser: actor.userId, at: reader.at },
    { messageId: id, kind: "delivered", at: reader.at },
    ...(original ? [{ messageId: original.row.id, kind: "replied" as const, byUser: actor.userId, at: reader.at }] : []),
  ]);
  await storeAttachments(reader.tx, id, files);
  await queueMessageNotice(reader.tx, { unitId: recipient.id, messageId: id });
  if (kase) {
    reader.changed({
      action: original ? "message.reply" : "message.send",
      clientId: kase.clientId,
      caseId: kase.caseId,
      resourceType: "message",
      resourceId: id,
      category: category?.code ?? null,
      basis,
      details: { recipientUnitId: recipient.id, attachments: files.length },
    });
  }
  return { messageId: id, threadId };
}
