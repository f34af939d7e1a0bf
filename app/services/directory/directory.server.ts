import { asc, eq } from "drizzle-orm";
import { organizations, orgUnits, users } from "../../../db/schema";
import type { StaffActor } from "~/access/actor";
import { db } from "~/lib/db.server";

/** Every organisation with its units and their functional mailboxes (directory data, not client data). */
export async function listDirectory() {
  const rows = await db()
    .select({ organization: organizations, unit: orgUnits })
    .from(organizations)
    .leftJoin(orgUnits, eq(orgUnits.organizationId, organizations.id))
    .orderBy(asc(organizations.name), asc(orgUnits.name));
  const byOrg = new Map<string, { id: string; name: string; kind: string; units: { id: string; name: string; mailbox: string }[] }>();
  for (const { organization, unit } of rows) {
    const entry = byOrg.get(organization.id) ?? { id: organization.id, name: organization.name, kind: organization.kind, units: [] };
    if (unit) entry.units.push({ id: unit.id, name: unit.name, mailbox: unit.mailbox });
    byOrg.set(organization.id, entry);
  }
  return [...byOrg.values()];
}

/** The signed-in staff member's own account, organisation and unit. */
export async function getOwnAccount(actor: StaffActor) {
  const [row] = await db()
    .select({ user: users, unit: orgUnits, organization: organizations })
    .from(users)
    .innerJoin(orgUnits, eq(orgUnits.id, users.unitId))
    .innerJoin(organizations, eq(organizations.id, users.organizationId))
    .where(eq(users.id, actor.userId));
  if (!row) throw new Error("The signed-in user has no account row");
  return {
    name: row.user.name,
    title: row.user.title,
    email: row.user.email,
    role: row.user.role,
    organization: row.organization.name,
    unit: row.unit.name,
    mailbox: row.unit.mailbox,
  };
}

/** The units of the actor's own organisation (for moving users between them). */
export async function listOwnUnits(actor: StaffActor) {
  return db()
    .select({ id: orgUnits.id, name: orgUnits.name })
    .from(orgUnits)
    .where(eq(orgUnits.organizationId, actor.organizationId))
    .orderBy(asc(orgUnits.name));
}
