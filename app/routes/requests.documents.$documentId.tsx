import type { LoaderFunctionArgs } from "@remix-run/node";
import type { Actor } from "~/access/actor";
import { requireClient, requireStaff, requireUser } from "~/access/guards.server";
import { attachmentResponse } from "~/services/messages/attachments.server";
import { getAnswerDocument } from "~/services/requests/answer.server";
import { idParam, readResource } from "~/web/frame.server";

/**
 * A PDF given in an answer, served only through the gate: the unit that gave it, the requesting
 * organisation while its basis holds, and the client it is about. Every download is recorded.
 * A resource route: the anonymous get 401, never a sign-in page.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const document = await readResource(request, staffOrClient, (reader) => getAnswerDocument(reader, idParam(params, "documentId")));
  // Never rendered: an attachment with its exact name, nosniff, no-store, a sandboxing CSP.
  return attachmentResponse({ filename: document.filename, contentType: "application/pdf", size: document.bytes.length }, new Uint8Array(document.bytes));
}

/** Staff or a client, whoever is signed in; the gate decides what each may download. */
async function staffOrClient(request: Request): Promise<Actor> {
  const viewer = await requireUser(request, { resource: true });
  return viewer.kind === "staff" ? requireStaff(request, { resource: true }) : requireClient(request, { resource: true });
}
