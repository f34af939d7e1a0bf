import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireMailboxOfficer } from "~/access/guards.server";
import { attachmentResponse } from "~/services/messages/attachments.server";
import { openAttachment } from "~/services/messages/mailbox.server";
import { idParam, readResource } from "~/web/frame.server";

/**
 * An attachment of a message, only through the gate (the officers of the sending and the
 * receiving unit; every download recorded), always as a download: Content-Disposition attachment
 * with the original name, nosniff, a sandboxing CSP. A resource route: no sign-in page, 401.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const file = await readResource(request, (req) => requireMailboxOfficer(req, { resource: true }), (reader) => openAttachment(reader, idParam(params, "attachmentId")));
  return attachmentResponse(file, file.body);
}
