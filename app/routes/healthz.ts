import { publicRoute } from "~/access/guards.server";
import { isDatabaseReachable } from "~/lib/health.server";

export async function loader() {
  await publicRoute();
  const dbOk = await isDatabaseReachable();
  return Response.json(
    { status: dbOk ? "ok" : "unavailable", db: dbOk ? "ok" : "unavailable" },
    { status: dbOk ? 200 : 503, headers: { "Cache-Control": "no-store" } },
  );
}
