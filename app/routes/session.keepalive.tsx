import type { ActionFunctionArgs } from "@remix-run/node";
import { requireUser } from "~/access/guards.server";
import { loadResource } from "~/web/frame.server";

/** "Stay signed in": any valid request moves the idle deadline; this one does only that. */
export async function action({ request }: ActionFunctionArgs) {
  return loadResource(
    request,
    (req) => requireUser(req, { resource: true }),
    async (viewer) => ({ idleExpiresAt: viewer.idleExpiresAt, idleSecondsLeft: viewer.idleSecondsLeft }),
  );
}
