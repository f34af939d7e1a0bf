import { directoryOf } from "~/access/directory.server";
import type { Reader } from "~/access/gate.server";
import { readCase, type CaseScope } from "~/access/reads/cases.server";
import { readItemHistory, readPlanGoals, readStaffNames } from "~/access/reads/plan.server";
import { caseReference } from "~/services/cases/references";

/** One change of a goal or activity: who, when, before → after. */
export interface HistoryEntry {
  id: string;
  /** "created", "updated", "proposed", "accepted", "declined", "commented" (plan:history.changes). */
  change: string;
  /** ISO time. */
  changedAt: string;
  /** The staff member's name, "client" for the client, "" when unknown. */
  by: string;
  /** Field values made readable: names instead of ids, names in both languages instead of codes. */
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  /** The change concerned information of a category not shared with the viewer: no values given. */
  withheld: boolean;
}

/**
 * The history of one goal or activity of the case, newest first, as far as the viewer may see
 * it (case.view as "plan_history"; an activity they may not read, or an unknown item: 404).
 */
export async function getItemHistory(reader: Reader, caseId: string, itemId: string): Promise<{ reference: string; itemType: "activity" | "goal"; entries: HistoryEntry[] }> {
  const scope = await readCase(reader, caseId, { resourceType: "plan_history", resourceId: itemId });
  const { itemType, versions } = await readItemHistory(reader, scope, itemId);
  const readable = await historyNames(reader, scope, versions.flatMap(({ row }) => [row.before, row.after]));
  return {
    reference: caseReference(scope.row.number),
    itemType,
    entries: versions.map(({ row, changedBy, withheld }) => ({
      id: row.id,
      change: row.change,
      changedAt: row.changedAt.toISOString(),
      by: changedBy ?? (row.changedByClientId ? "client" : ""),
      before: readable(row.before),
      after: readable(row.after),
      withheld,
    })),
  };
}

type Snapshot = Record<string, unknown> | null;

/** Turns the ids and codes of history snapshots into what a person reads; loads only the people they name. */
async function historyNames(reader: Reader, scope: CaseScope, snapshots: Snapshot[]) {
  const { organizations, units, activityTypes, categories } = await directoryOf(reader);
  const people = await readStaffNames(reader, snapshots.map((snapshot) => snapshot?.assigneeId as string | undefined));
  const namesGoals = snapshots.some((snapshot) => typeof snapshot?.goalId === "string");
  const goals = new Map(namesGoals ? (await readPlanGoals(reader, scope)).map(({ goal }) => [goal.id, goal.text]) : []);
  const both = (names: { nameSv: string; nameEn: string } | undefined) => (names ? { sv: names.nameSv, en: names.nameEn } : undefined);
  const named: Record<string, (value: string) => unknown> = {
    organizationId: (id) => organizations.get(id)?.name,
    proposedByOrganizationId: (id) => organizations.get(id)?.name,
    unitId: (id) => units.get(id)?.name,
    assigneeId: (id) => people.get(id),
    goalId: (id) => goals.get(id),
    typeCode: (code) => both(activityTypes.get(code)),
    categoryCode: (code) => both(categories.get(code)),
  };
  return (snapshot: Snapshot) =>
    snapshot
      ? Object.fromEntries(Object.entries(snapshot).map(([key, value]) => [key, typeof value === "string" && Object.hasOwn(named, key) ? (named[key]!(value) ?? value) : value]))
      : null;
}
