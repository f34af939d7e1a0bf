import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { auditEvents, infoRequestDocuments, infoRequestItems, infoRequests, orgUnits } from "../../db/schema";
import type { StaffActor } from "~/access/actor";
import { addDays, swedishToday } from "~/lib/calendar";
import { createStaffSession } from "~/lib/auth/session.server";
import { db } from "~/lib/db.server";
import { maxFormBytes } from "~/lib/http.server";
import { requestIdRequestHeader } from "~/lib/load-context";
import * as casePage from "~/routes/cases.$caseId._index";
import * as newRequest from "~/routes/cases.$caseId.requests.new";
import * as inboxRequest from "~/routes/inbox.requests.$requestId";
import * as statsPage from "~/routes/inbox.requests.stats";
import * as documentRoute from "~/routes/requests.documents.$documentId";
import { saveRequest } from "~/services/requests/ask.server";
import { claimRequest } from "~/services/requests/inbox.server";
import { useTestDatabase } from "../support/database";
import { demoCaseOf, seedDemo, staffActor } from "../support/fixtures";
import { viaGate } from "../support/gate";

/**
 * The request pages through their routes (the route frame): a refused form comes back with its
 * error and everything typed (the answer form's per-item errors as `details`), an answer with a
 * PDF larger than an ordinary form still goes through, and a document is served only to the
 * signed in, as an attachment.
 */
useTestDatabase();

let sara: StaffActor, erik: StaffActor;
let caseId: string;
let afUnit: string;
const cookies = new Map<string, string>();

beforeAll(async () => {
  await seedDemo();
  sara = await staffActor("sara.lindqvist@berg.samsyn.example");
  erik = await staffActor("erik.holm@af.samsyn.example");
  for (const actor of [sara, erik]) cookies.set(actor.userId, (await createStaffSession(actor.userId, { mfaVerified: true })).cookie.split(";")[0]!);
  caseId = (await demoCaseOf("Eva")).id;
  afUnit = (await db().select().from(orgUnits).where(eq(orgUnits.mailbox, "ostersund@af.samsyn.example")))[0]!.id;
});

let requestCount = 0;
const headers = (actor: StaffActor) => ({ Cookie: cookies.get(actor.userId)!, [requestIdRequestHeader]: `requests-route-${++requestCount}` });
const post = (actor: StaffActor, body: URLSearchParams | FormData) => new Request("http://localhost/page", { method: "POST", headers: headers(actor), body });
const get = (actor: StaffActor | null, url = "http://localhost/page") => new Request(url, { headers: actor ? headers(actor) : {} });
const args = (request: Request, params: Record<string, string>) => ({ request, params, context: {} }) as unknown as ActionFunctionArgs & LoaderFunctionArgs;

/** What a handler answered: a redirect or response, or the frame's data with its status. */
async function answer(run: Promise<unknown>): Promise<{ status: number; location?: string | null; body?: Record<string, unknown>; response?: Response }> {
  const result = await run.catch((thrown: unknown) => thrown);
  if (result instanceof Response) return { status: result.status, location: result.headers.get("Location"), response: result };
  const init = (result as { init?: { status?: number } | null }).init;
  return { status: init?.status ?? 200, body: ((result as { data?: Record<string, unknown> }).data ?? result) as Record<string, unknown> };
}

const asked = {
  receivingUnitId: "",
  basis: "consent",
  item: "af.action_plan",
  purpose: "Att samordna Evas handlingsplan.",
  legalReference: "",
  legalJustification: "",
  desiredBy: "",
};

describe("asking through the page", () => {
  it("a refused request comes back with the service's code and everything typed; nothing is stored", async () => {
    const before = (await db().select().from(infoRequests)).length;
    const form = new URLSearchParams({ ...asked, receivingUnitId: afUnit, purpose: "Kort", intent: "submit" });
    form.append("item", "af.planning_meeting");
    const result = await answer(newRequest.action(args(post(sara, form), { caseId })));
    expect(result).toMatchObject({ status: 400, body: { ok: false, error: "request.purpose_required", values: { purpose: "Kort", item: ["af.action_plan", "af.planning_meeting"], receivingUnitId: afUnit } } });
    expect((await db().select().from(infoRequests)).length).toBe(before);
  });

  it("a form that does not fit the schema names the field, and a good one is saved and shown", async () => {
    const tooLong = await answer(newRequest.action(args(post(sara, new URLSearchParams({ ...asked, receivingUnitId: afUnit, purpose: "x".repeat(1001) })), { caseId })));
    expect(tooLong).toMatchObject({ status: 400, body: { ok: false, error: "form.invalid", fieldErrors: { purpose: "request.purpose_too_long" } } });
    const saved = await answer(newRequest.action(args(post(sara, new URLSearchParams({ ...asked, receivingUnitId: afUnit, intent: "draft" })), { caseId })));
    expect(saved.status).toBe(302);
    expect(saved.location).toMatch(new RegExp(`^/cases/${caseId}/requests/[0-9a-f-]{36}\\?notice=saved$`));
  });
});

describe("answering through the page", () => {
  let id: string;
  let itemId: string;
  beforeAll(async () => {
    id = await viaGate(sara, saveRequest, caseId, { ...asked, receivingUnitId: afUnit, basis: "consent", categoryCodes: ["af.action_plan"], desiredBy: addDays(swedishToday(new Date()), 5) }, { submit: true });
    await viaGate(erik, claimRequest, id);
    itemId = (await db().select().from(infoRequestItems).where(eq(infoRequestItems.requestId, id)))[0]!.id;
  });

  it("a refused answer comes back with the per-item errors and what was typed", async () => {
    const form = new FormData();
    form.set("intent", "answer");
    form.set(`reasonText:${itemId}`, "Skrivet men inte valt");
    const result = await answer(inboxRequest.action(args(post(erik, form), { requestId: id })));
    expect(result).toMatchObject({
      status: 400,
      body: { ok: false, error: "request.answer_invalid", details: { [itemId]: { decision: "required" } }, values: { intent: "answer", [`reasonText:${itemId}`]: "Skrivet men inte valt" } },
    });
  });

  it("takes a PDF larger than an ordinary form, stores it and records the answer", async () => {
    const pdf = new Uint8Array(maxFormBytes * 3).fill(32);
    pdf.set(new TextEncoder().encode("%PDF-1.4\n"));
    const form = new FormData();
    form.set("intent", "answer");
    form.set(`decision:${itemId}`, "released");
    form.set(`file:${itemId}:plan`, new File([pdf], "handlingsplan.pdf", { type: "application/pdf" }));
    const request = post(erik, form);
    const result = await answer(inboxRequest.action(args(request, { requestId: id })));
    expect(result).toMatchObject({ status: 302, location: `/inbox/requests/${id}?notice=sent` });
    const [document] = await db().select().from(infoRequestDocuments).where(eq(infoRequestDocuments.itemId, itemId));
    expect(document).toMatchObject({ filename: "handlingsplan.pdf", size: pdf.length });
    const [event] = await db().select().from(auditEvents).where(eq(auditEvents.requestId, request.headers.get(requestIdRequestHeader)!));
    expect(event).toMatchObject({ action: "request.answer", outcome: "success", resourceId: id });
  });

  it("serves the PDF as an attachment to those the gate lets through, and 401 to the anonymous", async () => {
    const [document] = await db().select().from(infoRequestDocuments).where(eq(infoRequestDocuments.itemId, itemId));
    const served = await answer(documentRoute.loader(args(get(sara), { documentId: document!.id })));
    expect(served.status).toBe(200);
    expect(served.response!.headers.get("Content-Type")).toBe("application/pdf");
    expect(served.response!.headers.get("Content-Disposition")).toContain('attachment; filename="handlingsplan.pdf"');
    expect(served.response!.headers.get("X-Content-Type-Options")).toBe("nosniff");
    expect((await served.response!.arrayBuffer()).byteLength).toBe(maxFormBytes * 3);
    expect(await answer(documentRoute.loader(args(get(null), { documentId: document!.id })))).toMatchObject({ status: 401 });
    expect(await answer(documentRoute.loader(args(get(sara), { documentId: "nonsense" })))).toMatchObject({ status: 404 });
  });
});

describe("the case page's list of requests", () => {
  it("shows each request's envelope and its items' outcomes, without its history or the people who handled it", async () => {
    const [request] = await db().select().from(infoRequests).where(eq(infoRequests.status, "answered"));
    expect(request).toBeDefined();
    for (const [actor, role] of [[sara, "requester"], [erik, "receiver"]] as const) {
      const { body } = await answer(casePage.loader(args(get(actor), { caseId })));
      const listed = (body!.requests as { requests: Record<string, unknown>[] }).requests.find((row) => row.id === request!.id)!;
      expect(Object.keys(listed).sort()).toEqual(["basis", "id", "items", "overdue", "receiver", "reference", "requester", "role", "status"]);
      expect(listed).toMatchObject({ role, status: "answered", requester: { unit: "Ekonomiskt bistånd" }, receiver: { unit: "Arbetsförmedlingen Östersund" } });
      const [item] = listed.items as Record<string, unknown>[];
      expect(Object.keys(item!).sort()).toEqual(["answer", "decision", "declineReason", "declineText", "fields", "id", "name", "withheld"]);
      expect(item).toMatchObject({ decision: "released", withheld: false, name: { sv: "Handlingsplan" } });
      expect(item!.answer).not.toBeNull();
    }
  });
});

describe("the statistics page", () => {
  it("shows the default period with a message when the period typed makes no sense", async () => {
    const result = await answer(statsPage.loader(args(get(erik, "http://localhost/inbox/requests/stats?from=2026-05-01&to=2026-04-01"), {})));
    expect(result.status).toBe(200);
    expect(result.body).toMatchObject({ error: "request.period_invalid", stats: { unit: { mailbox: "ostersund@af.samsyn.example" } } });
  });
});
