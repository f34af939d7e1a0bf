import { and, desc, eq, isNotNull } from "drizzle-orm";
import { infoRequests } from "../../db/schema";
import type { ClientActor } from "~/access/actor";
import { authorize, gated } from "~/access/gate.server";
import type { ClientRequestView } from "~/lib/requests/views";
import { loadRequest, requestResource, requestView } from "./requests-shared.server";

/**
 * What the client sees of the requests made about them (on /me): who asked whom, for what, on
 * what basis (a statute is flagged), and the answer. Drafts are the asker's own work and are
 * not shown. Each request shown is a read of the client's own data, recorded as such.
 */
export type { ClientRequestView } from "~/lib/requests/views";

export async function listRequestsForClient(actor: ClientActor): Promise<ClientRequestView[]> {
  return gated(async (tx) => {
    const rows = await tx
      .select({ id: infoRequests.id })
      .from(infoRequests)
      .where(and(eq(infoRequests.clientId, actor.clientId), isNotNull(infoRequests.submittedAt)))
      .orderBy(desc(infoRequests.submittedAt));
    const views: ClientRequestView[] = [];
    for (const { id } of rows) {
      const loaded = await loadRequest(tx, id);
      await authorize(tx, actor, "request.read", requestResource(loaded), { resourceType: "info_request", resourceId: id });
      const { transitions: _transitions, claimedBy: _claimedBy, ...view } = await requestView(tx, loaded, () => true);
      views.push(view);
    }
    return views;
  });
}
