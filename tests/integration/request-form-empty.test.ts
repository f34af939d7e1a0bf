import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { infoRequests, orgUnits } from "../../db/schema";
import type { StaffActor } from "~/access/actor";
import { createStaffSession } from "~/lib/auth/session.server";
import { db } from "~/lib/db.server";
import { requestIdRequestHeader } from "~/lib/load-context";
import * as newRequest from "~/routes/cases.$caseId.requests.new";
import { useTestDatabase } from "../support/database";
import { demoCaseOf, seedDemo, staffActor } from "../support/fixtures";

useTestDatabase();

let sara: StaffActor;
let caseId: string;
let afUnit: string;
let cookie: string;

beforeAll(async () => {
  await seedDemo();
  sara = await staffActor("sara.lindqvist@berg.samsyn.example");
  cookie = (await createStaffSession(sara.userId, { mfaVerified: true })).cookie.split(";")[0]!;
  caseId = (await demoCaseOf("Eva")).id;
  afUnit = (await db().select().from(orgUnits).where(eq(orgUnits.mailbox, "ostersund@af.samsyn.example")))[0]!.id;
});

let count = 0;
const post = (fields: Record<string, string | undefined>) =>
  newRequest.action({
    request: new Request("http://localhost/page", { method: "POST", headers: { Cookie: cookie, [requestIdRequestHeader]: `empty-form-${++count}` }, body: new URLSearchParams(Object.entries(fields).filter((entry): entry is [string, string] => entry[1] !== undefined)) }),
    params: { caseId },
    context: {},
  } as unknown as ActionFunctionArgs & LoaderFunctionArgs).catch((thrown: unknown) => thrown);

/**
 * A new user sent the request form without choosing anything and was told something generic.
 * The answer names the missing choice next to the list of items, in both languages' keys, and
 * nothing is stored.
 */
describe("an empty information request", () => {
  it("is refused with a field error on the items, whether sent or saved as a draft", async () => {
    const before = (await db().select().from(infoRequests)).length;
    for (const intent of ["submit", "draft"]) {
      const result = (await post({ intent, receivingUnitId: afUnit, basis: "consent", purpose: "", legalReference: "", legalJustification: "", desiredBy: "" })) as { data: Record<string, unknown>; init: { status: number } };
      expect(result.init.status).toBe(400);
      expect(result.data).toMatchObject({ ok: false, fieldErrors: { item: "request.no_items" } });
    }
    // Not even the receiver chosen: still the items first.
    const bare = (await post({ intent: "submit" })) as { data: { fieldErrors: Record<string, string> } };
    expect(bare.data.fieldErrors.item).toBe("request.no_items");
    expect((await db().select().from(infoRequests)).length).toBe(before);
  });

  it("has the message in Swedish and English", async () => {
    const sv = (await import("~/i18n/locales/sv/requests.json")).default as { errors: { request: Record<string, string> } };
    const en = (await import("~/i18n/locales/en/requests.json")).default as { errors: { request: Record<string, string> } };
    expect(sv.errors.request.no_items).toBe("Välj minst en uppgift.");
    expect(en.errors.request.no_items).toBeTruthy();
  });
});
