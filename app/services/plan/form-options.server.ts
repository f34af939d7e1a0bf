import { and, asc, eq, inArray } from "drizzle-orm";
import { users } from "../../../db/schema";
import type { StaffActor } from "~/access/actor";
import { directoryOf } from "~/access/directory.server";
import type { Reader } from "~/access/gate.server";
import { readCase, readParticipants } from "~/access/reads/cases.server";
import { readPlanGoals } from "~/access/reads/plan.server";
import { officerRoles } from "~/access/roles";
import { caseReference } from "~/services/cases/references";

/** Default categories for an organisation's activities (one it can share), by organisation kind. */
export const defaultActivityCategory: Record<string, string> = {
  af: "af.action_plan",
  fk: "fk.sickness_benefit",
  region_health: "region.rehab_plan",
  municipality_social: "municipality.social_plan",
  municipality_labour: "municipality.labour_activity",
};

type Text = { sv: string; en: string };

export interface ActivityFormOptions {
  caseReference: string;
  viewerOrganizationId: string;
  /** The organisations taking part in the case, the viewer's own first. */
  organizations: {
    id: string;
    name: string;
    own: boolean;
    units: { id: string; name: string }[];
    /** Only the viewer's own organisation's officers: only they are assignable, and only it knows them. */
    officers: { id: string; name: string }[];
    categories: { code: string; name: Text }[];
    defaultCategory: string | null;
  }[];
  types: { code: string; name: Text }[];
  goals: { id: string; text: string }[];
}

/** What the activity form offers on a case (case.view as "plan_form"; 404 when unknown or not theirs). */
export async function activityFormOptions(reader: Reader<StaffActor>, caseId: string): Promise<ActivityFormOptions> {
  const actor = reader.actor;
  const scope = await readCase(reader, caseId, { resourceType: "plan_form" });
  const directory = await directoryOf(reader);
  const participating = [...new Set((await readParticipants(reader, scope)).map((participant) => participant.organizationId))];
  const officers = await reader.tx
    .select({ id: users.id, name: users.name })
    .from(users)
    .where(and(eq(users.organizationId, actor.organizationId), inArray(users.role, [...officerRoles]), eq(users.active, true)))
    .orderBy(asc(users.name));
  const byName = <T extends { name: string }>(a: T, b: T) => a.name.localeCompare(b.name, "sv");
  const units = [...directory.units.values()].sort(byName);
  const categories = [...directory.categories.values()].sort((a, b) => a.code.localeCompare(b.code));
  const organizations = participating
    .map((id) => directory.organizations.get(id))
    .filter((org) => org !== undefined)
    .map((org) => ({
      id: org.id,
      name: org.name,
      own: org.id === actor.organizationId,
      units: units.filter((unit) => unit.organizationId === org.id).map((unit) => ({ id: unit.id, name: unit.name })),
      officers: org.id === actor.organizationId ? officers : [],
      categories: categories.filter((category) => category.ownerKind === org.kind).map((category) => ({ code: category.code, name: { sv: category.nameSv, en: category.nameEn } })),
      defaultCategory: defaultActivityCategory[org.kind] ?? null,
    }))
    .sort((a, b) => Number(b.own) - Number(a.own) || byName(a, b));
  return {
    caseReference: caseReference(scope.row.number),
    viewerOrganizationId: actor.organizationId,
    organizations,
    types: [...directory.activityTypes.values()].sort((a, b) => a.sort - b.sort).map((type) => ({ code: type.code, name: { sv: type.nameSv, en: type.nameEn } })),
    goals: (await readPlanGoals(reader, scope)).map(({ goal }) => ({ id: goal.id, text: goal.text })),
  };
}
