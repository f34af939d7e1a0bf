import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { infoRequestDocuments, infoRequestItems, infoRequests } from "../../../db/schema";
import type { StaffActor } from "~/access/actor";
import { directoryOf } from "~/access/directory.server";
import type { Reader } from "~/access/gate.server";
import { checkItems, readAnswerDocument, readRequest } from "~/access/reads/requests.server";
import { decrypt, encrypt } from "~/lib/crypto.server";
import { DomainError } from "~/lib/errors";
import { notifyUnits } from "~/services/notifications/notifications.server";
import { validateAnswer, type AnswerErrorCode, type AnswerField, type UploadedFile } from "./answers";
import { nextStatus, outcomeOf, refusalCode, type ItemDecision } from "./states";
import { recordTransition } from "./view.server";
import type { DeclineReason, ItemAnswerInput } from "./views";

/**
 * The receiving unit's answer: per item release (a structured answer), release partly (some
 * fields, with the reason for the rest) or decline (a reason code). The basis is checked again
 * when the answer is sent (request.release per released item, recorded): if the consent no
 * longer covers a released item, nothing is sent.
 */
export type { ItemAnswerInput } from "./views";

export interface ItemErrors {
  decision?: "required";
  reason?: "required";
  reasonText?: "required" | "too_long";
  fields?: Record<string, AnswerErrorCode>;
}

/** The answer did not fit: per item id and field, what to correct (`details()` for the form). Nothing was stored. */
export class AnswerRejected extends DomainError {
  constructor(readonly errors: Record<string, ItemErrors>) {
    super("request.answer_invalid", 400);
  }

  details(): Record<string, ItemErrors> {
    return this.errors;
  }
}

const decisions: readonly ItemDecision[] = ["released", "released_partly", "declined"];
const reasons: readonly DeclineReason[] = ["does_not_exist", "not_registered_here", "secrecy_harm", "consent_does_not_cover", "other"];

interface CheckedItem {
  itemId: string;
  categoryCode: string;
  decision: ItemDecision;
  reason: DeclineReason | null;
  reasonText: string | null;
  answer: Record<string, unknown> | null;
  files: Record<string, UploadedFile>;
}

function checkItem(itemId: string, categoryCode: string, fields: AnswerField[], input: ItemAnswerInput | undefined): CheckedItem | ItemErrors {
  const errors: ItemErrors = {};
  const decision = decisions.find((candidate) => candidate === input?.decision);
  if (!input || !decision) return { decision: "required" };
  const reason = reasons.find((candidate) => candidate === input.reason) ?? null;
  const reasonText = input.reasonText.trim();
  if (decision !== "released") {
    if (!reason) errors.reason = "required";
    if (reason === "other" && reasonText === "") errors.reasonText = "required";
  }
  if (reasonText.length > 500) errors.reasonText = "too_long";
  let answer: Record<string, unknown> | null = null;
  let files: Record<string, UploadedFile> = {};
  if (decision !== "declined") {
    const result = validateAnswer(fields, input.fields, { partial: decision === "released_partly" });
    if (!result.ok) errors.fields = result.errors;
    else ({ value: answer, files } = result);
  }
  if (Object.keys(errors).length > 0) return errors;
  return {
    itemId,
    categoryCode,
    decision,
    reason: decision === "released" ? null : reason,
    reasonText: decision === "released" || reasonText === "" ? null : reasonText,
    answer,
    files,
  };
}

const safeFilename = (name: string) => (name.replace(/[^\p{L}\p{N}._ -]/gu, "_").slice(-120) || "dokument.pdf").replace(/(?<!\.pdf)$/i, ".pdf");

/**
 * Sends the answer to every item (input by item id). Refused, with nothing changed: 409 when the
 * request is not in review or claimed by someone else, AnswerRejected (400) when an item does not
 * fit, request.consent_revoked (409) when the basis no longer lets an item be released.
 */
export async function sendAnswer(reader: Reader<StaffActor>, requestId: string, input: Record<string, ItemAnswerInput>): Promise<void> {
  const actor = reader.actor;
  const scope = await readRequest(reader, requestId, { action: "request.handle", lock: true });
  const { request, items } = scope;
  if (request.status !== "in_review") throw new DomainError(refusalCode(request.status, "answer"), 409);
  if (request.claimedBy !== actor.userId) throw new DomainError("request.claimed_by_other", 409);

  const { categories } = await directoryOf(reader);
  const errors: Record<string, ItemErrors> = {};
  const checked: CheckedItem[] = [];
  for (const item of items) {
    const result = checkItem(item.id, item.categoryCode, (categories.get(item.categoryCode)?.answerSchema as AnswerField[] | undefined) ?? [], input[item.id]);
    if ("itemId" in result) checked.push(result);
    else errors[item.id] = result;
  }
  if (Object.keys(errors).length > 0) throw new AnswerRejected(errors);

  // The basis again, at the moment of sending: a consent revoked since the request came in stops it.
  const releases = checked.filter((item) => item.decision !== "declined").map((item) => ({ categoryCode: item.categoryCode, resourceId: item.itemId }));
  const allowed = await checkItems(reader, scope, "request.release", releases);
  if ([...allowed.values()].some((decision) => !decision.allowed)) throw new DomainError("request.consent_revoked", 409);

  for (const item of checked) {
    const answer = item.answer ? { ...item.answer } : null;
    for (const [fieldKey, file] of Object.entries(item.files)) {
      const documentId = randomUUID();
      const filename = safeFilename(file.filename);
      await reader.tx.insert(infoRequestDocuments).values({
        id: documentId,
        itemId: item.itemId,
        fieldKey,
        filename,
        contentType: "application/pdf",
        size: file.bytes.length,
        contentEncrypted: encrypt(Buffer.from(file.bytes).toString("base64")),
      });
      answer![fieldKey] = { documentId, filename, size: file.bytes.length };
    }
    await reader.tx
      .update(infoRequestItems)
      .set({ decision: item.decision, declineReason: item.reason, declineText: item.reasonText, answer, answeredBy: actor.userId, answeredAt: reader.at })
      .where(eq(infoRequestItems.id, item.itemId));
  }
  const next = nextStatus(request.status, "answer", outcomeOf(checked.map((item) => item.decision)))!;
  await reader.tx.update(infoRequests).set({ status: next, answeredAt: reader.at, version: request.version + 1 }).where(eq(infoRequests.id, request.id));
  await recordTransition(reader, request.id, request.status, next);
  await notifyUnits(reader.tx, [request.requestingUnitId], { kind: `request.${next}`, caseId: request.caseId, subjectId: request.id });
  reader.changed({
    action: "request.answer",
    clientId: request.clientId,
    caseId: request.caseId,
    resourceType: "info_request",
    resourceId: request.id,
    basis: request.basis === "legal" ? `legal:${request.legalReference}` : `consent:${request.consentId}`,
    details: { outcome: next, items: Object.fromEntries(checked.map((item) => [item.categoryCode, item.reason ? `${item.decision}:${item.reason}` : item.decision])) },
  });
}

/**
 * A PDF given in an answer, through the gate: the receiving unit that gave it, the requesting
 * organisation while its basis holds, and the client it is about (404 for anyone else).
 */
export async function getAnswerDocument(reader: Reader, documentId: string): Promise<{ filename: string; bytes: Buffer }> {
  const document = await readAnswerDocument(reader, documentId);
  return { filename: document.filename, bytes: Buffer.from(decrypt(document.contentEncrypted), "base64") };
}
