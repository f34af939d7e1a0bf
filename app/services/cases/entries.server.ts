import { eq } from "drizzle-orm";
import { caseEntries, cases } from "../../../db/schema";
import type { StaffActor } from "~/access/actor";
import { directoryOf } from "~/access/directory.server";
import type { Reader } from "~/access/gate.server";
import { readCase } from "~/access/reads/cases.server";
import { DomainError } from "~/lib/errors";

/** What organisations write on a case, and closing it. */

/** Records information on the case under one of the actor's organisation's own categories. */
export async function recordCaseEntry(reader: Reader<StaffActor>, caseId: string, input: { categoryCode: string; text: string }): Promise<void> {
  const actor = reader.actor;
  const text = input.text.trim();
  if (text.length === 0) throw new DomainError("entry.text_required");
  if (text.length > 2000) throw new DomainError("entry.text_too_long");
  const scope = await readCase(reader, caseId, { resourceType: "case_entry" });
  const category = (await directoryOf(reader)).categories.get(input.categoryCode);
  if (!category) throw new DomainError("entry.unknown_category");
  await reader.require(
    "case.data.record",
    { type: "case_data", case: scope.facts, ownerOrganizationId: actor.organizationId, ownerKind: category.ownerKind, category: category.code },
    { resourceType: "case_entry" },
  );
  const [entry] = await reader.tx
    .insert(caseEntries)
    .values({ caseId, clientId: scope.row.clientId, organizationId: actor.organizationId, unitId: actor.unitId, categoryCode: category.code, text, recordedBy: actor.userId })
    .returning({ id: caseEntries.id });
  reader.changed({ action: "case.entry.record", clientId: scope.row.clientId, caseId, resourceType: "case_entry", resourceId: entry!.id, category: category.code, basis: "own_organization" });
}

/** The categories the actor's organisation may record information under (the catalogue, not client data). */
export async function ownCategories(reader: Reader<StaffActor>) {
  const { categories } = await directoryOf(reader);
  return [...categories.values()].filter((category) => category.ownerKind === reader.actor.organizationKind).sort((a, b) => a.nameSv.localeCompare(b.nameSv, "sv"));
}

/** The lead unit closes the case; it stays readable and is never deleted. */
export async function closeCase(reader: Reader<StaffActor>, caseId: string): Promise<void> {
  const scope = await readCase(reader, caseId, { action: "case.manage" });
  await reader.tx.update(cases).set({ status: "closed", closedAt: reader.at, closedBy: reader.actor.userId }).where(eq(cases.id, caseId));
  reader.changed({ action: "case.close", clientId: scope.row.clientId, caseId, resourceType: "case", resourceId: caseId, basis: "own_organization" });
}
