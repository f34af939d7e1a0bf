import type { LoaderFunctionArgs } from "@remix-run/node";
import type { Actor } from "~/access/actor";
import { requireClient, requireStaff, requireUser } from "~/access/guards.server";
import { getAnswerDocument } from "~/services/requests/answer.server";
import { idParam, readWith } from "~/web/frame.server";

/**
 * A PDF given in an answer, served only through the gate: the unit that gave it, the requesting
 * organisation while its basis holds, and the client it is about. Every download is recorded.
 * A resource route: the anonymous get 401, never a sign-in page.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const document = await readWith(request, staffOrClient, (reader) => getAnswerDocument(reader, idParam(params, "documentId")));
  const ascii = document.filename.replace(/[^\x20-\x7e]/g, "_").replace(/["\\]/g, "_");
  return new Response(new Uint8Array(document.bytes), {
    headers: {
      "Content-Type": "application/pdf",
      "Content-Disposition": `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(document.filename)}`,
      "Content-Length": String(document.bytes.length),
      "X-Content-Type-Options": "nosniff",
      "Cache-Control": "no-store",
    },
  });
}

/** Staff or a client, whoever is signed in; the gate decides what each may download. */
async function staffOrClient(request: Request): Promise<Actor> {
  const viewer = await requireUser(request, { resource: true });
  return viewer.kind === "staff" ? requireStaff(request, { resource: true }) : requireClient(request, { resource: true });
}
