import { and, eq, inArray, or } from "drizzle-orm";
import { activityTypes, infoCategories, organizations, orgUnits, staffUnitMemberships, users, type InfoCategory, type Organization, type OrgUnit } from "../../db/schema";
import type { Reader } from "./reader.server";
import { officerRoles } from "./roles";
import { getDatabase, type DatabaseHandle } from "~/lib/db.server";
import { anyOf, statement } from "~/lib/statement.server";

/**
 * The directory and the information catalogue (not client data), once per look: pages name
 * organisations, units and categories many times over. The catalogue and the activity types are
 * written from code at start (db/catalogue.ts, db/activity-types.ts) and never change while the
 * process runs, so they are read once per database; organisations and units are one query per look.
 */
export interface Directory {
  organizations: Map<string, Organization>;
  units: Map<string, OrgUnit>;
  categories: Map<string, InfoCategory>;
  activityTypes: Map<string, typeof activityTypes.$inferSelect>;
}

type Catalogue = Pick<Directory, "categories" | "activityTypes">;
const catalogues = new WeakMap<DatabaseHandle, Promise<Catalogue>>();

function catalogueOf(reader: Reader): Promise<Catalogue> {
  const handle = getDatabase();
  let loaded = catalogues.get(handle);
  if (!loaded) {
    loaded = (async () => {
      const [categoryRows, typeRows] = [await reader.tx.select().from(infoCategories), await reader.tx.select().from(activityTypes)];
      return { categories: new Map(categoryRows.map((row) => [row.code, row])), activityTypes: new Map(typeRows.map((row) => [row.code, row])) };
    })();
    catalogues.set(handle, loaded);
    // A failed read is not kept: the next look tries again.
    loaded.catch(() => catalogues.delete(handle));
  }
  return loaded;
}

const organizationsWithUnits = statement((db) => db.select({ organization: organizations, unit: orgUnits }).from(organizations).leftJoin(orgUnits, eq(orgUnits.organizationId, organizations.id)));

export function directoryOf(reader: Reader): Promise<Directory> {
  return reader.memo("directory", async () => {
    const catalogue = await catalogueOf(reader);
    const rows = await organizationsWithUnits(reader.tx);
    const organizationsById = new Map<string, Organization>();
    const units = new Map<string, OrgUnit>();
    for (const row of rows) {
      organizationsById.set(row.organization.id, row.organization);
      if (row.unit) units.set(row.unit.id, row.unit);
    }
    return { organizations: organizationsById, units, ...catalogue };
  });
}

/**
 * The units `keep` lets through, each with its organisation, by organisation and then unit name
 * (Swedish order): the address books of the request and message forms.
 */
export function unitsByName(directory: Directory, keep: (unit: OrgUnit, organization: Organization) => boolean): { unit: OrgUnit; organization: Organization }[] {
  return [...directory.units.values()]
    .map((unit) => ({ unit, organization: directory.organizations.get(unit.organizationId)! }))
    .filter(({ unit, organization }) => keep(unit, organization))
    .sort((a, b) => a.organization.name.localeCompare(b.organization.name, "sv") || a.unit.name.localeCompare(b.unit.name, "sv"));
}

/** A unit as pages name it: its own name and its organisation's. */
export interface UnitName {
  unit: string;
  organization: string;
}

/** The names of a unit and of its organisation ("" for a unit the directory does not hold). */
export function unitNameOf(directory: Directory, unitId: string): UnitName {
  const unit = directory.units.get(unitId);
  return { unit: unit?.name ?? "", organization: unit ? (directory.organizations.get(unit.organizationId)?.name ?? "") : "" };
}

/** A staff member as pages name them (the directory of people, not client data). */
export interface StaffName {
  name: string;
  title: string;
}

const staffNamesById = statement((db) => db.select({ id: users.id, name: users.name, title: users.title }).from(users).where(anyOf(users.id, "ids")));

/** Keeps a staff member's name read along with something else, so that `staffNamesOf` does not read it again in this look. */
export function rememberStaffName(reader: Reader, id: string, staff: StaffName): void {
  if (!reader.remembers(`staff:${id}`)) reader.remember(`staff:${id}`, staff);
}

/** Names and titles of these staff members, and nobody else's: one query per look for the ids not yet named. */
export function staffNamesOf(reader: Reader, ids: readonly (string | null | undefined)[]): Promise<Map<string, StaffName>> {
  const wanted = ids.filter((id): id is string => typeof id === "string" && id.length > 0);
  return reader.memoMany("staff", wanted, async (missing) =>
    new Map((await staffNamesById(reader.tx, { ids: missing })).map((row) => [row.id, { name: row.name, title: row.title }])),
  );
}

/**
 * The active officers who work in a unit — their own unit or a further one (staff_unit_memberships)
 * — by name: whom a message can be handed to, and who may still hold one (the directory of people,
 * not client data).
 */
export async function unitOfficers(reader: Reader, unitId: string): Promise<{ id: string; name: string; title: string }[]> {
  return reader.memo(`officers:${unitId}`, async () => {
    const members = reader.tx.select({ userId: staffUnitMemberships.userId }).from(staffUnitMemberships).where(eq(staffUnitMemberships.unitId, unitId));
    const rows = await reader.tx
      .select({ id: users.id, name: users.name, title: users.title })
      .from(users)
      .where(and(or(eq(users.unitId, unitId), inArray(users.id, members)), eq(users.active, true), inArray(users.role, [...officerRoles])));
    return rows.sort((a, b) => a.name.localeCompare(b.name, "sv"));
  });
}
