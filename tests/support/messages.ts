import type { MessageInput } from "~/services/messages/forms";

/** A message form as the schema hands it to sendMessage: a general message unless the overrides link a case or a reply. */
export function messageInput(fields: Pick<MessageInput, "recipientUnitId" | "subject" | "content"> & Partial<MessageInput>): MessageInput {
  return { senderReference: "", caseId: undefined, inReplyTo: undefined, categoryCode: "", basis: "consent", legalReference: "", legalJustification: "", ...fields };
}
