import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { activityTypes, clients, infoCategories, organizations, orgUnits, users } from "../../db/schema";
import { catalogue, catalogueItem, syncCatalogue } from "../../db/catalogue";
import { planActivityTypes, syncActivityTypes } from "../../db/activity-types";
import { demoClients, seedDemoWorld } from "../../db/seed";
import { decrypt, lookupHmac } from "~/lib/crypto.server";
import { db } from "~/lib/db.server";
import { luhnCheckDigit, parsePersonnummer } from "~/lib/personnummer";
import { useTestDatabase } from "../support/database";

const database = useTestDatabase();

describe("demo world", () => {
  it("loads organisations of every kind, units with functional mailboxes, staff and Eva", async () => {
    const { db } = database.current();
    expect(await seedDemoWorld(db)).toEqual({ seeded: true });

    const orgs = await db.select().from(organizations);
    expect(orgs.map((org) => org.kind).sort()).toEqual(
      ["af", "fk", "municipality_labour", "municipality_social", "region_health"].sort(),
    );
    const units = await db.select().from(orgUnits);
    expect(units.length).toBeGreaterThanOrEqual(orgs.length);
    for (const unit of units) expect(unit.mailbox).toMatch(/^[a-z.]+@[a-z.]+\.example$/);

    const staff = await db.select().from(users);
    for (const org of orgs) {
      expect(staff.some((user) => user.organizationId === org.id && user.role === "org_admin"), org.name).toBe(true);
    }
    for (const user of staff) expect(user.email).toMatch(/\.example$/);
    expect(staff.filter((user) => user.role === "auditor")).toHaveLength(1);
  });

  it("stores Eva's personal identity number only encrypted, findable through the HMAC", async () => {
    const { db, rows } = database.current();
    const normalized = "198804129826";
    const [eva] = await db.select().from(clients).where(eq(clients.personnummerHmac, lookupHmac(normalized)));
    expect(eva?.givenName).toBe("Eva");
    expect(decrypt(eva!.personnummerEncrypted)).toBe(normalized);

    const dump = JSON.stringify(await rows(sql`select * from clients`));
    expect(dump).not.toContain(normalized);
    expect(dump).not.toContain("880412");
  });

  it("uses only numbers from Skatteverket's test series (birth number 980–999) with a valid check digit", () => {
    for (const client of demoClients) {
      const parsed = parsePersonnummer(client.personnummer);
      expect(parsed.ok, client.personnummer).toBe(true);
      const digits = client.personnummer.replace(/\D/g, "").slice(-10);
      expect(Number(digits.slice(6, 9))).toBeGreaterThanOrEqual(980);
      expect(luhnCheckDigit(digits.slice(0, 9))).toBe(Number(digits[9]));
    }
  });

  it("does nothing on a database that already has data", async () => {
    const { db } = database.current();
    const before = await db.select().from(users);
    expect(await seedDemoWorld(db)).toEqual({ seeded: false });
    expect(await db.select().from(users)).toHaveLength(before.length);
  });
});

describe("reference data at every start", () => {
  it("writes the information catalogue and the activity types in one statement each, correcting rows edited in the database", async () => {
    await db().update(infoCategories).set({ nameSv: "ändrad", answerSchema: {} }).where(eq(infoCategories.code, "af.action_plan"));
    await db().update(activityTypes).set({ nameEn: "changed", sort: 99 }).where(eq(activityTypes.code, "coachning"));
    await syncCatalogue(db());
    await syncActivityTypes(db());
    const [item] = await db().select().from(infoCategories).where(eq(infoCategories.code, "af.action_plan"));
    expect(item).toMatchObject({ nameSv: catalogueItem("af.action_plan")!.name.sv, answerSchema: catalogueItem("af.action_plan")!.answer });
    const [type] = await db().select().from(activityTypes).where(eq(activityTypes.code, "coachning"));
    expect(type).toMatchObject({ nameEn: "Coaching", sort: 1 });
    expect(await db().$count(infoCategories)).toBe(catalogue.length);
    expect(await db().$count(activityTypes)).toBe(planActivityTypes.length);
  });
});
