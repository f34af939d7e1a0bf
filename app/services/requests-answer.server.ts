import { randomUUID } from "node:crypto";
import { eq, inArray } from "drizzle-orm";
import { infoCategories, infoRequestDocuments, infoRequestItems, infoRequests } from "../../db/schema";
import type { Actor, StaffActor } from "~/access/actor";
import { authorize, gated, loadPolicyConsents, policyActorOf } from "~/access/gate.server";
import { decide } from "~/access/policy";
import { validateAnswer, type AnswerErrorCode, type AnswerField, type UploadedFile } from "~/lib/answers";
import type { ItemAnswerInput } from "~/lib/requests/views";
import { decrypt, encrypt } from "~/lib/crypto.server";
import { DomainError } from "~/lib/errors";
import { nextStatus, outcomeOf, refusalCode, type ItemDecision } from "~/lib/requests/states";
import { now } from "~/lib/time.server";
import { recordAudit } from "~/access/audit/record.server";
import { notifyUnits } from "~/services/notifications/notifications.server";
import { authorizeEach, loadRequest, recordTransition, requestResource, type DeclineReason } from "./requests-shared.server";

/**
 * The receiving unit's answer: per item release (a structured answer), release partly (some
 * fields, with the reason for the rest) or decline (a reason code). The basis is checked again
 * when the answer is sent: if the consent no longer covers a released item, nothing is sent.
 */
export type { ItemAnswerInput } from "~/lib/requests/views";

export interface ItemErrors {
  decision?: "required";
  reason?: "required";
  reasonText?: "required" | "too_long";
  fields?: Record<string, AnswerErrorCode>;
}

/** The answer did not fit: per item and field, what to correct. Nothing was stored. */
export class AnswerRejected extends DomainError {
  constructor(readonly errors: Record<string, ItemErrors>) {
    super("request.answer_invalid", 400);
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

/** Sends the answer to every item. Refused (nothing changes) when the request is not claimed by the actor or the basis no longer holds. */
export async function sendAnswer(actor: StaffActor, requestId: string, input: Record<string, ItemAnswerInput>): Promise<void> {
  const outcome = await gated(async (tx): Promise<{ sent: true } | { refused: string }> => {
    const loaded = await loadRequest(tx, requestId, { lock: true });
    const consents = (await loadPolicyConsents(tx, [loaded.kase.id])).get(loaded.kase.id)!;
    await authorize(tx, actor, "request.handle", requestResource(loaded), { consents, resourceType: "info_request", resourceId: requestId });
    const { request, items } = loaded;
    if (request.status !== "in_review") throw new DomainError(refusalCode(request.status, "answer"), 409);
    if (request.claimedBy !== actor.userId) throw new DomainError("request.claimed_by_other", 409);

    const categories = new Map(
      (await tx.select().from(infoCategories).where(inArray(infoCategories.code, items.map((item) => item.categoryCode)))).map((row) => [row.code, row.answerSchema as AnswerField[]]),
    );
    const errors: Record<string, ItemErrors> = {};
    const checked: CheckedItem[] = [];
    for (const item of items) {
      const result = checkItem(item.id, item.categoryCode, categories.get(item.categoryCode) ?? [], input[item.id]);
      if ("itemId" in result) checked.push(result);
      else errors[item.id] = result;
    }
    if (Object.keys(errors).length > 0) throw new AnswerRejected(errors);

    // The basis again, at the moment of sending: a consent revoked since the request came in stops it.
    const released = checked.filter((item) => item.decision !== "declined");
    const resources = released.map((item) => ({ resource: requestResource(loaded, item.categoryCode), resourceId: item.itemId }));
    if (resources.some(({ resource }) => !decide(policyActorOf(actor), "request.release", resource, consents, now()).allowed)) {
      await authorizeEach(tx, actor, "request.release", resources, consents);
      return { refused: "request.consent_revoked" };
    }
    await authorizeEach(tx, actor, "request.release", resources, consents);

    const at = now();
    for (const item of checked) {
      const answer = item.answer ? { ...item.answer } : null;
      for (const [fieldKey, file] of Object.entries(item.files)) {
        const documentId = randomUUID();
        const filename = safeFilename(file.filename);
        await tx.insert(infoRequestDocuments).values({
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
      await tx
        .update(infoRequestItems)
        .set({ decision: item.decision, declineReason: item.reason, declineText: item.reasonText, answer, answeredBy: actor.userId, answeredAt: at })
        .where(eq(infoRequestItems.id, item.itemId));
    }
    const result = outcomeOf(checked.map((item) => item.decision));
    const next = nextStatus(request.status, "answer", result)!;
    await tx.update(infoRequests).set({ status: next, answeredAt: at, version: request.version + 1 }).where(eq(infoRequests.id, request.id));
    await recordTransition(tx, request.id, request.status, next, actor.userId);
    await notifyUnits(tx, [request.requestingUnitId], { kind: `request.${next}`, caseId: request.caseId, subjectId: request.id });
    await recordAudit(actor, actor.http, {
      action: "request.answer",
      outcome: "success",
      clientId: request.clientId,
      caseId: request.caseId,
      resourceType: "info_request",
      resourceId: request.id,
      basis: request.basis === "legal" ? `legal:${request.legalReference}` : `consent:${request.consentId}`,
      details: { outcome: next, items: Object.fromEntries(checked.map((item) => [item.categoryCode, item.reason ? `${item.decision}:${item.reason}` : item.decision])) },
    }, tx);
    return { sent: true };
  });
  if ("refused" in outcome) throw new DomainError(outcome.refused, 409);
}

/**
 * A PDF given in an answer, through the gate: the receiving unit that gave it, the requesting
 * organisation while its basis holds, and the client it is about.
 */
export async function getAnswerDocument(actor: Actor, documentId: string): Promise<{ filename: string; bytes: Buffer }> {
  return gated(async (tx) => {
    const [document] = /^[0-9a-f-]{36}$/i.test(documentId) ? await tx.select().from(infoRequestDocuments).where(eq(infoRequestDocuments.id, documentId)) : [];
    const [item] = document ? await tx.select().from(infoRequestItems).where(eq(infoRequestItems.id, document.itemId)) : [];
    if (!document || !item || (item.decision !== "released" && item.decision !== "released_partly")) throw new DomainError("not_found", 404);
    const loaded = await loadRequest(tx, item.requestId);
    const resource = requestResource(loaded, item.categoryCode);
    const action = actor.kind === "staff" && actor.unitId === loaded.request.receivingUnitId ? "request.handle" : "request.read";
    await authorize(tx, actor, action, resource, { resourceType: "info_request_document", resourceId: document.id });
    return { filename: document.filename, bytes: Buffer.from(decrypt(document.contentEncrypted), "base64") };
  });
}
