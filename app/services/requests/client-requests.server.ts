import type { ClientActor } from "~/access/actor";
import type { Reader } from "~/access/gate.server";
import { readAnswers, readOwnRequests } from "~/access/reads/requests.server";
import { requestViews, type ViewOf } from "./view.server";
import type { ClientRequestView } from "./views";

/**
 * What the client sees of the requests made about them (on /me): who asked whom, for what, on
 * what basis (a statute is flagged), and the answers. Drafts are the asker's own work and are not
 * shown. Each request and each answer shown is a read of the client's own data, recorded as such.
 */
export type { ClientRequestView } from "./views";

/** The requests about the client signed in, newest first, without internal handling details. */
export async function listRequestsForClient(reader: Reader<ClientActor>): Promise<ClientRequestView[]> {
  const shown: ViewOf[] = [];
  for (const scope of await readOwnRequests(reader)) {
    const readable = await readAnswers(reader, scope);
    shown.push({ scope, visible: (item) => readable.has(item.id) });
  }
  return (await requestViews(reader, shown)).map(({ transitions: _transitions, claimedBy: _claimedBy, ...view }) => view);
}
