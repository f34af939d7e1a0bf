import type { ActionFunctionArgs } from "@remix-run/node";
import { requireUser } from "~/access/guards.server";

/** "Stay signed in": any valid request moves the idle deadline; this one does only that. */
export async function action({ request }: ActionFunctionArgs) {
  const viewer = await requireUser(request, { resource: true });
  return { idleExpiresAt: viewer.idleExpiresAt, idleSecondsLeft: viewer.idleSecondsLeft };
}
