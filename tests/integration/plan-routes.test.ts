import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { auditEvents, planActivities } from "../../db/schema";
import type { StaffActor } from "~/access/actor";
import { createStaffSession } from "~/lib/auth/session.server";
import { db } from "~/lib/db.server";
import { requestIdRequestHeader } from "~/lib/load-context";
import * as editActivity from "~/routes/cases.$caseId.plan.activities.$activityId";
import * as newActivity from "~/routes/cases.$caseId.plan.activities.new";
import * as planPage from "~/routes/cases.$caseId.plan._index";
import { createActivity } from "~/services/plan/edit.server";
import { useTestDatabase } from "../support/database";
import { demoCaseOf, seedDemo, staffActor } from "../support/fixtures";
import { viaGate } from "../support/gate";

/**
 * The plan's forms through their routes (the route frame): a refused form comes back with its
 * error, its field errors and everything typed; a version conflict also carries the other
 * person's version, so the page can show both.
 */
useTestDatabase();

let erik: StaffActor, sara: StaffActor;
let caseId: string;
const cookies = new Map<string, string>();

beforeAll(async () => {
  await seedDemo();
  erik = await staffActor("erik.holm@af.samsyn.example");
  sara = await staffActor("sara.lindqvist@berg.samsyn.example");
  for (const actor of [erik, sara]) cookies.set(actor.userId, (await createStaffSession(actor.userId, { mfaVerified: true })).cookie.split(";")[0]!);
  caseId = (await demoCaseOf("Eva")).id;
});

const typed = {
  title: "Praktik i butik",
  typeCode: "arbetspraktik",
  goalId: "",
  unitId: "",
  assigneeId: "",
  startDate: "2026-12-01",
  endDate: "2027-01-31",
  extent: "40",
  status: "planned",
  followUpDate: "2026-12-15",
  note: "Börjar kl. 9, hämtar barnen kl. 15.",
  categoryCode: "af.action_plan",
};

let requestCount = 0;
function post(actor: StaffActor, fields: Record<string, string>) {
  return new Request("http://localhost/cases/x/plan", {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Cookie: cookies.get(actor.userId)!, [requestIdRequestHeader]: `plan-route-${++requestCount}` },
    body: new URLSearchParams(fields),
  });
}
const get = (actor: StaffActor) => new Request("http://localhost/cases/x/plan", { headers: { Cookie: cookies.get(actor.userId)! } });

/** What an action answered: a redirect, or the frame's data with its status. */
async function answer(run: Promise<unknown>): Promise<{ status: number; location?: string | null; body?: Record<string, unknown> }> {
  const result = await run.catch((thrown: unknown) => thrown);
  if (result instanceof Response) return { status: result.status, location: result.headers.get("Location") };
  const init = (result as { init?: { status?: number } | null }).init;
  return { status: init?.status ?? 200, body: (result as { data: Record<string, unknown> }).data };
}

const args = (request: Request, params: Record<string, string>) => ({ request, params, context: {} }) as unknown as ActionFunctionArgs & LoaderFunctionArgs;

describe("the plan's forms", () => {
  it("on a version conflict answer 409 with their version and keep everything typed", async () => {
    const fields = { ...typed, organizationId: erik.organizationId, unitId: erik.unitId };
    const id = await viaGate(erik, createActivity, caseId, { ...fields, goalId: null, assigneeId: null, extent: 40, status: "planned", note: null });
    const params = { caseId, activityId: id };
    // Someone saves first…
    expect(await answer(editActivity.action(args(post(erik, { ...fields, note: "Börjar kl. 8.", version: "1" }), params)))).toMatchObject({ status: 302 });
    // …and the second save, on the version it started from, loses nothing.
    const second = await answer(editActivity.action(args(post(erik, { ...fields, status: "ongoing", version: "1" }), params)));
    expect(second.status).toBe(409);
    expect(second.body).toMatchObject({
      ok: false,
      error: "plan.version_conflict",
      values: { note: typed.note, extent: "40", status: "ongoing", title: typed.title },
      details: { theirs: { note: "Börjar kl. 8.", status: "planned" }, version: 2, changedBy: "Erik Holm" },
    });
    const [row] = await db().select().from(planActivities).where(eq(planActivities.id, id));
    expect(row).toMatchObject({ note: "Börjar kl. 8.", version: 2 });
    // Saving again on their version replaces it on purpose.
    expect(await answer(editActivity.action(args(post(erik, { ...fields, status: "ongoing", version: "2" }), params)))).toMatchObject({
      status: 302,
      location: `/cases/${caseId}/plan?notice=saved`,
    });
  });

  it("on a field error answer 400 with the error as an i18n key and keep everything typed", async () => {
    const result = await answer(newActivity.action(args(post(erik, { ...typed, title: " ", endDate: "2026-11-01", organizationId: erik.organizationId, unitId: erik.unitId }), { caseId })));
    expect(result.status).toBe(400);
    expect(result.body).toMatchObject({
      ok: false,
      error: "form.invalid",
      fieldErrors: { title: "plan.title_required", endDate: "plan.end_before_start" },
      values: { note: typed.note, endDate: "2026-11-01", extent: "40" },
    });
  });

  it("on a refusal by the service answer its code and keep everything typed", async () => {
    const result = await answer(newActivity.action(args(post(erik, { ...typed, categoryCode: "municipality.social_plan", organizationId: erik.organizationId, unitId: erik.unitId }), { caseId })));
    expect(result).toMatchObject({ status: 400, body: { ok: false, error: "plan.category_required", values: { note: typed.note } } });
    const added = await answer(newActivity.action(args(post(erik, { ...typed, organizationId: erik.organizationId, unitId: erik.unitId }), { caseId })));
    expect(added).toMatchObject({ status: 302, location: `/cases/${caseId}/plan?notice=added` });
  });

  it("sends another organisation's activity back to the plan instead of its edit form, and records the look", async () => {
    const [rusta] = await db().select().from(planActivities).where(eq(planActivities.title, "Rusta och matcha"));
    const request = get(sara);
    request.headers.set(requestIdRequestHeader, "plan-route-edit-other");
    expect(await answer(editActivity.loader(args(request, { caseId, activityId: rusta!.id })))).toMatchObject({ status: 302, location: `/cases/${caseId}/plan` });
    const [event] = await db().select().from(auditEvents).where(eq(auditEvents.requestId, "plan-route-edit-other"));
    expect(event?.reads).toEqual(expect.arrayContaining([expect.objectContaining({ action: "case.data.view", outcome: "allowed", resourceId: rusta!.id })]));
    // A malformed id is "not found", never a database error.
    expect(await answer(editActivity.loader(args(get(sara), { caseId, activityId: "nonsense" })))).toMatchObject({ status: 404 });
  });

  it("lets only the organisation asked decide a proposal; others get 404", async () => {
    const proposal = { ...typed, organizationId: erik.organizationId, unitId: erik.unitId, goalId: null, assigneeId: null, extent: 40, status: "planned" as const, note: null };
    const id = await viaGate(sara, createActivity, caseId, proposal);
    expect(await answer(planPage.action(args(post(sara, { activityId: id, intent: "accept" }), { caseId })))).toMatchObject({ status: 404 });
    expect(await answer(planPage.action(args(post(erik, { activityId: id, intent: "accept" }), { caseId })))).toMatchObject({ status: 302, location: `/cases/${caseId}/plan` });
    expect(await answer(planPage.action(args(post(erik, { activityId: id, intent: "decline" }), { caseId })))).toMatchObject({ status: 400, body: { error: "plan.not_proposed" } });
  });
});
