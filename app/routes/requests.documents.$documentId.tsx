import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireClient, requireStaff, requireUser } from "~/access/guards.server";
import { orFailure } from "~/lib/http.server";
import { getAnswerDocument } from "~/services/requests-answer.server";

/**
 * A PDF given in an answer, served only through the gate: the unit that gave it, the requesting
 * organisation while its basis holds, and the client it is about. Every download is recorded.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const viewer = await requireUser(request, { resource: true });
  const actor = viewer.kind === "staff" ? await requireStaff(request, { resource: true }) : await requireClient(request, { resource: true });
  const document = await orFailure(getAnswerDocument(actor, params.documentId ?? ""));
  const ascii = document.filename.replace(/[^\x20-\x7e]/g, "_").replace(/["\\]/g, "_");
  return new Response(new Uint8Array(document.bytes), {
    headers: {
      "Content-Type": "application/pdf",
      "Content-Disposition": `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(document.filename)}`,
      "Content-Length": String(document.bytes.length),
      "Cache-Control": "no-store",
    },
  });
}
