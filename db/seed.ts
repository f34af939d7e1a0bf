import { randomUUID } from "node:crypto";
import { count } from "drizzle-orm";
import { hashPassword } from "../app/lib/auth/password.server";
import { encrypt, lookupHmac } from "../app/lib/crypto.server";
import type { Database } from "../app/lib/db.server";
import { parsePersonnummer } from "../app/lib/personnummer";
import { addDays, swedishEndOfDay, swedishInstant, swedishToday, workingDaysBefore } from "../app/lib/calendar";
import {
  caseEntries,
  caseParticipants,
  cases,
  clients,
  consentGrants,
  consents,
  infoRequestItems,
  infoRequests,
  infoRequestTransitions,
  meetingAgendaItems,
  meetingParticipants,
  meetings,
  messageEvents,
  messages,
  notifications,
  organizations,
  orgUnits,
  planActivities,
  planGoals,
  planHistory,
  staffUnitMemberships,
  users,
  type OrganizationKind,
  type StaffRole,
} from "./schema";

/**
 * The demo world: the organisations around Eva in Jämtland (the README lists them), their units
 * with functional mailboxes, a few staff per organisation, and Eva herself.
 * Personal identity numbers are from Skatteverket's test series (birth numbers 980–999).
 */
interface DemoOrganization {
  kind: OrganizationKind;
  name: string;
  units: { key: string; name: string; mailbox: string }[];
}

export const demoOrganizations: DemoOrganization[] = [
  {
    kind: "municipality_social",
    name: "Bergs kommun, socialtjänsten",
    units: [{ key: "berg-eb", name: "Ekonomiskt bistånd", mailbox: "ekonomiskt.bistand@berg.samsyn.example" }],
  },
  {
    kind: "municipality_labour",
    name: "Bergs kommun, arbetsmarknadsenheten",
    units: [{ key: "berg-ame", name: "Arbetsmarknadsenheten", mailbox: "ame@berg.samsyn.example" }],
  },
  {
    kind: "region_health",
    name: "Region Jämtland Härjedalen",
    units: [
      { key: "rjh-rehab", name: "Rehabkoordinering, Hälsocentralen Svenstavik", mailbox: "rehab.svenstavik@rjh.samsyn.example" },
      { key: "rjh-rehab-ost", name: "Rehabkoordinering, Östersunds sjukhus", mailbox: "rehab.ostersund@rjh.samsyn.example" },
    ],
  },
  {
    kind: "af",
    name: "Arbetsförmedlingen",
    units: [{ key: "af-ost", name: "Arbetsförmedlingen Östersund", mailbox: "ostersund@af.samsyn.example" }],
  },
  {
    kind: "fk",
    name: "Försäkringskassan",
    units: [{ key: "fk-ost", name: "Försäkringskassan Östersund", mailbox: "ostersund@fk.samsyn.example" }],
  },
];

export const demoStaff: { id: string; unit: string; email: string; name: string; title: string; role: StaffRole }[] = [
  { id: "demo-sara", unit: "berg-eb", email: "sara.lindqvist@berg.samsyn.example", name: "Sara Lindqvist", title: "Socialsekreterare", role: "case_officer" },
  { id: "demo-elin", unit: "berg-eb", email: "elin.strand@berg.samsyn.example", name: "Elin Strand", title: "Socialsekreterare", role: "case_officer" },
  { id: "demo-johanna", unit: "berg-eb", email: "johanna.berg@berg.samsyn.example", name: "Johanna Berg", title: "Socialsekreterare", role: "case_officer" },
  { id: "demo-mohammed", unit: "berg-eb", email: "mohammed.ali@berg.samsyn.example", name: "Mohammed Ali", title: "Socialsekreterare", role: "case_officer" },
  { id: "demo-ahmed", unit: "berg-ame", email: "ahmed.karimi@berg.samsyn.example", name: "Ahmed Karimi", title: "Arbetsmarknadskonsulent", role: "case_officer" },
  { id: "demo-linnea", unit: "berg-ame", email: "linnea.berg@berg.samsyn.example", name: "Linnea Berg", title: "Arbetsmarknadskonsulent", role: "case_officer" },
  { id: "demo-maria", unit: "rjh-rehab", email: "maria.nilsson@rjh.samsyn.example", name: "Maria Nilsson", title: "Rehabkoordinator", role: "rehab_coordinator" },
  { id: "demo-erik", unit: "af-ost", email: "erik.holm@af.samsyn.example", name: "Erik Holm", title: "Arbetsförmedlare", role: "case_officer" },
  { id: "demo-oliver", unit: "af-ost", email: "oliver.nord@af.samsyn.example", name: "Oliver Nord", title: "Arbetsförmedlare", role: "case_officer" },
  { id: "demo-david", unit: "af-ost", email: "david.sundin@af.samsyn.example", name: "David Sundin", title: "Arbetsförmedlare", role: "case_officer" },
  { id: "demo-fatima", unit: "af-ost", email: "fatima.hassan@af.samsyn.example", name: "Fatima Hassan", title: "Arbetsförmedlare", role: "case_officer" },
  { id: "demo-lena", unit: "af-ost", email: "lena.aberg@af.samsyn.example", name: "Lena Åberg", title: "Dataskyddsombud", role: "auditor" },
  { id: "demo-karin", unit: "fk-ost", email: "karin.sjoberg@fk.samsyn.example", name: "Karin Sjöberg", title: "Handläggare", role: "case_officer" },
  { id: "demo-oskar", unit: "fk-ost", email: "oskar.lind@fk.samsyn.example", name: "Oskar Lind", title: "Handläggare", role: "case_officer" },
  { id: "demo-admin-eb", unit: "berg-eb", email: "admin@berg.samsyn.example", name: "Per Olsson", title: "Systemförvaltare", role: "org_admin" },
  { id: "demo-admin-ame", unit: "berg-ame", email: "admin.ame@berg.samsyn.example", name: "Anna Persson", title: "Systemförvaltare", role: "org_admin" },
  { id: "demo-admin-rjh", unit: "rjh-rehab", email: "admin@rjh.samsyn.example", name: "Jonas Ek", title: "Systemförvaltare", role: "org_admin" },
  { id: "demo-admin-af", unit: "af-ost", email: "admin@af.samsyn.example", name: "Sofia Lund", title: "Behörighetsadministratör", role: "org_admin" },
  { id: "demo-admin-fk", unit: "fk-ost", email: "admin@fk.samsyn.example", name: "Mikael Strand", title: "Behörighetsadministratör", role: "org_admin" },
];

/**
 * Every demo staff account signs in with this password and this TOTP secret (README;
 * `npm run demo:totp` prints the current code). Demo only: never seeded in production.
 */
export const demoPassword = "Samsyn-demo-2026";
export const demoTotpSecret = "SAMSYNDEMOSECRETTOTPKEYJAMTLAND2";

/** Further units demo staff work in, besides their own (README lists them). */
export const demoMemberships = [{ userId: "demo-maria", unit: "rjh-rehab-ost" }];

export const demoClients = [
  { personnummer: "19880412-9826", givenName: "Eva", familyName: "Andersson", protectedIdentity: false, registeredBy: "berg-eb" },
  { personnummer: "19750101-9843", givenName: "Sam", familyName: "Nilsson", protectedIdentity: true, registeredBy: "berg-ame" },
];

/** Loads the demo world into an empty database; does nothing if organisations exist. */
export async function seedDemoWorld(db: Database): Promise<{ seeded: boolean }> {
  return db.transaction(async (tx) => {
    const [existing] = await tx.select({ n: count() }).from(organizations);
    if (existing && existing.n > 0) return { seeded: false };

    const unitIds = new Map<string, { unitId: string; organizationId: string }>();
    for (const org of demoOrganizations) {
      const [row] = await tx.insert(organizations).values({ kind: org.kind, name: org.name }).returning();
      for (const unit of org.units) {
        const [unitRow] = await tx
          .insert(orgUnits)
          .values({ organizationId: row!.id, name: unit.name, mailbox: unit.mailbox })
          .returning();
        unitIds.set(unit.key, { unitId: unitRow!.id, organizationId: row!.id });
      }
    }

    const passwordHash = await hashPassword(demoPassword);
    const totpSecretEncrypted = encrypt(demoTotpSecret);
    await tx.insert(users).values(
      demoStaff.map(({ unit, ...person }) => ({
        ...person,
        ...unitIds.get(unit)!,
        passwordHash,
        totpSecretEncrypted,
        totpEnrolledAt: new Date(),
      })),
    );

    // Maria covers two health centres: she works in both functional mailboxes.
    await tx.insert(staffUnitMemberships).values(demoMemberships.map(({ userId, unit }) => ({ userId, unitId: unitIds.get(unit)!.unitId })));

    const clientIds: string[] = [];
    for (const client of demoClients) {
      const parsed = parsePersonnummer(client.personnummer);
      if (!parsed.ok) throw new Error(`Demo personal identity number ${client.personnummer} is invalid`);
      const [row] = await tx.insert(clients).values({
        personnummerEncrypted: encrypt(parsed.normalized),
        personnummerHmac: lookupHmac(parsed.normalized),
        givenName: client.givenName,
        familyName: client.familyName,
        protectedIdentity: client.protectedIdentity,
        identityUnitId: unitIds.get(client.registeredBy)!.unitId,
      }).returning({ id: clients.id });
      clientIds.push(row!.id);
    }
    await seedDemoCases(tx as unknown as Database, clientIds, unitIds);
    return { seeded: true };
  });
}

/**
 * Eva's case, led by Ekonomiskt bistånd in Bergs kommun, with a consent she gave on paper
 * (recorded by Sara) that lets Arbetsförmedlingen and the municipality share a little, and a
 * few recorded pieces of information. Sam has a protected identity and a case at the AME.
 */
async function seedDemoCases(db: Database, [evaId, samId]: string[], units: Map<string, { unitId: string; organizationId: string }>) {
  const berg = units.get("berg-eb")!;
  const af = units.get("af-ost")!;
  const ame = units.get("berg-ame")!;
  const day = 24 * 3_600_000;
  const at = Date.now();

  const [evaCase] = await db
    .insert(cases)
    .values({ clientId: evaId!, leadOrganizationId: berg.organizationId, leadUnitId: berg.unitId, openedBy: "demo-sara", openedAt: new Date(at - 30 * day) })
    .returning({ id: cases.id, openedAt: cases.openedAt });
  await db.insert(caseParticipants).values([
    { caseId: evaCase!.id, organizationId: berg.organizationId, unitId: berg.unitId, addedBy: "demo-sara", caseOpenedAt: evaCase!.openedAt },
    { caseId: evaCase!.id, organizationId: af.organizationId, unitId: af.unitId, addedBy: "demo-sara", caseOpenedAt: evaCase!.openedAt },
  ]);
  const consentId = randomUUID();
  const [consent] = await db
    .insert(consents)
    .values({
      id: consentId,
      lineageId: consentId,
      version: 1,
      caseId: evaCase!.id,
      clientId: evaId!,
      purpose: "Att Arbetsförmedlingen och ekonomiskt bistånd tillsammans ska planera din väg till arbete.",
      method: "recorded_paper",
      givenAt: new Date(at - 28 * day),
      validFrom: new Date(at - 28 * day),
      // As the form stores a typed last day: its end, 23:59:59.999 Swedish time.
      validUntil: swedishEndOfDay(addDays(swedishToday(new Date(at)), 150)),
      recordedBy: "demo-sara",
      recordedWhere: "Besök på Ekonomiskt bistånd, Svenstavik",
      recordedInformation: "Eva fick veta vilka uppgifter som delas, varför, att det gäller i sex månader och att hon kan återkalla samtycket när hon vill.",
    })
    .returning({ id: consents.id });
  await db.insert(consentGrants).values([
    { consentId: consent!.id, discloserOrganizationId: af.organizationId, recipientOrganizationId: berg.organizationId, categoryCode: "af.planning_meeting" },
    { consentId: consent!.id, discloserOrganizationId: af.organizationId, recipientOrganizationId: berg.organizationId, categoryCode: "af.activity_report" },
    { consentId: consent!.id, discloserOrganizationId: af.organizationId, recipientOrganizationId: berg.organizationId, categoryCode: "af.action_plan" },
    { consentId: consent!.id, discloserOrganizationId: berg.organizationId, recipientOrganizationId: af.organizationId, categoryCode: "municipality.income_support" },
  ]);
  await db.insert(caseEntries).values([
    { caseId: evaCase!.id, clientId: evaId!, organizationId: af.organizationId, unitId: af.unitId, categoryCode: "af.planning_meeting", text: "Nästa planeringssamtal: 3 december kl. 10.00 på Arbetsförmedlingen Östersund.", recordedBy: "demo-erik", recordedAt: new Date(at - 5 * day) },
    { caseId: evaCase!.id, clientId: evaId!, organizationId: berg.organizationId, unitId: berg.unitId, categoryCode: "municipality.income_support", text: "Försörjningsstöd beviljat för november.", recordedBy: "demo-sara", recordedAt: new Date(at - 10 * day) },
  ]);

  await seedDemoPlan(db, evaCase!.id, evaId!, { berg, af });

  const [samCase] = await db
    .insert(cases)
    .values({ clientId: samId!, leadOrganizationId: ame.organizationId, leadUnitId: ame.unitId, openedBy: "demo-ahmed", openedAt: new Date(at - 12 * day) })
    .returning({ id: cases.id, openedAt: cases.openedAt });
  await db.insert(caseParticipants).values({ caseId: samCase!.id, organizationId: ame.organizationId, unitId: ame.unitId, addedBy: "demo-ahmed", caseOpenedAt: samCase!.openedAt });

  await seedDemoRequest(db, evaCase!.id, evaId!, { berg, af });
  await seedDemoMessage(db, evaCase!.id, evaId!, consent!.id, { berg, af });
  await seedDemoMeeting(db, evaCase!.id, evaId!, { berg, af });
}

/** Eva's shared plan: a goal in her own words, AF's activity (shared with the municipality) and the municipality's own, overdue for follow-up. */
async function seedDemoPlan(db: Database, caseId: string, clientId: string, units: Record<"berg" | "af", { unitId: string; organizationId: string }>) {
  const today = swedishToday(new Date());
  const [goal] = await db
    .insert(planGoals)
    .values({ caseId, clientId, text: "Egen försörjning inom 12 månader", clientWords: "Jag vill ha ett jobb där jag hinner hämta barnen.", targetDate: addDays(today, 330), createdBy: "demo-sara" })
    .returning({ id: planGoals.id });
  const activities = [
    { title: "Rusta och matcha", typeCode: "coachning", organizationId: units.af.organizationId, unitId: units.af.unitId, assigneeId: "demo-erik", startDate: addDays(today, -14), endDate: addDays(today, 90), extent: 50, status: "ongoing" as const, followUpDate: addDays(today, 5), categoryCode: "af.action_plan", createdBy: "demo-erik" },
    { title: "Kartläggning av ekonomin", typeCode: "kartlaggning", organizationId: units.berg.organizationId, unitId: units.berg.unitId, assigneeId: "demo-sara", startDate: addDays(today, -7), endDate: addDays(today, 21), extent: 25, status: "ongoing" as const, followUpDate: addDays(today, -2), categoryCode: "municipality.social_plan", createdBy: "demo-sara" },
  ];
  for (const activity of activities) {
    const [row] = await db.insert(planActivities).values({ caseId, clientId, goalId: goal!.id, ...activity }).returning();
    await db.insert(planHistory).values({ caseId, itemType: "activity", itemId: row!.id, changedByUserId: activity.createdBy, change: "created", after: { title: activity.title } });
  }
  await db.insert(planHistory).values({ caseId, itemType: "goal", itemId: goal!.id, changedByUserId: "demo-sara", change: "created", after: { text: "Egen försörjning inom 12 månader" } });
}

/**
 * A pending information request in AF's inbox: Sara asked for Eva's days used in the job and
 * development guarantee two days ago. Eva's consent does not cover that item, so Sara relied on a
 * statute, which AF, Sara's colleagues and Eva all see flagged.
 */
async function seedDemoRequest(db: Database, caseId: string, clientId: string, units: Record<"berg" | "af", { unitId: string; organizationId: string }>) {
  const day = 24 * 3_600_000;
  const submittedAt = new Date(Date.now() - 2 * day);
  const [request] = await db
    .insert(infoRequests)
    .values({
      caseId,
      clientId,
      requestingOrganizationId: units.berg.organizationId,
      requestingUnitId: units.berg.unitId,
      requestedBy: "demo-sara",
      receivingOrganizationId: units.af.organizationId,
      receivingUnitId: units.af.unitId,
      purpose: "Vi behöver veta hur länge aktivitetsstödet kan fortsätta, för att planera Evas försörjning.",
      basis: "legal",
      legalReference: "SoL 11 kap. 11 §",
      legalJustification: "Uppgiften behövs för att pröva rätten till ekonomiskt bistånd för januari.",
      desiredBy: addDays(swedishToday(new Date()), 3),
      status: "submitted",
      createdAt: new Date(submittedAt.getTime() - 10 * 60_000),
      submittedAt,
    })
    .returning({ id: infoRequests.id });
  await db.insert(infoRequestItems).values({ requestId: request!.id, categoryCode: "af.days_used_job" });
  await db.insert(infoRequestTransitions).values([
    { requestId: request!.id, fromStatus: null, toStatus: "draft", byUser: "demo-sara", at: new Date(submittedAt.getTime() - 10 * 60_000) },
    { requestId: request!.id, fromStatus: "draft", toStatus: "submitted", byUser: "demo-sara", at: submittedAt },
  ]);
  await db.insert(notifications).values({ unitId: units.af.unitId, kind: "request.submitted", subjectId: request!.id, createdAt: submittedAt });
}

/**
 * A message waiting in Ekonomiskt bistånd's functional mailbox: Erik at Arbetsförmedlingen wrote
 * yesterday about Eva's next planning meeting, a category her consent lets AF disclose to the
 * municipality. Delivered, not yet opened: Sara sees it as unread.
 */
/**
 * A coordination meeting on Eva's case in two weeks' time (a working day, 10.00 Swedish time):
 * called by Sara's unit with Arbetsförmedlingen Östersund (Erik comes), notes by the municipality,
 * two points on the agenda; Eva has not answered yet.
 */
async function seedDemoMeeting(db: Database, caseId: string, clientId: string, units: Record<"berg" | "af", { unitId: string; organizationId: string }>) {
  const day = workingDaysBefore(addDays(swedishToday(new Date()), 15), 1);
  const id = randomUUID();
  const at = new Date();
  await db.insert(meetings).values({
    id,
    caseId,
    clientId,
    kind: "samordningsmote",
    organizerOrganizationId: units.berg.organizationId,
    organizerUnitId: units.berg.unitId,
    calledBy: "demo-sara",
    startsAt: swedishInstant(day, "10:00"),
    endsAt: swedishInstant(day, "11:00"),
    place: "Ekonomiskt bistånd, Storgatan 1, Svenstavik",
    noteTakerOrganizationId: units.berg.organizationId,
    createdAt: at,
    updatedAt: at,
  });
  await db.insert(meetingParticipants).values([
    { meetingId: id, unitId: units.berg.unitId, organizationId: units.berg.organizationId, officerId: "demo-sara", response: "yes", respondedBy: "demo-sara", respondedAt: at },
    { meetingId: id, unitId: units.af.unitId, organizationId: units.af.organizationId, officerId: "demo-erik" },
  ]);
  await db.insert(meetingAgendaItems).values([
    { meetingId: id, position: 1, text: "Hur har det gått sedan sist?", ownerUnitId: units.berg.unitId, addedBy: "demo-sara", addedAt: at },
    { meetingId: id, position: 2, text: "Planeringssamtalet hos Arbetsförmedlingen och nästa steg", ownerUnitId: units.af.unitId, addedBy: "demo-sara", addedAt: at },
  ]);
}

async function seedDemoMessage(db: Database, caseId: string, clientId: string, consentId: string, units: Record<"berg" | "af", { unitId: string; organizationId: string }>) {
  const sentAt = new Date(Date.now() - 24 * 3_600_000);
  const id = randomUUID();
  await db.insert(messages).values({
    id,
    threadId: id,
    senderOrganizationId: units.af.organizationId,
    senderUnitId: units.af.unitId,
    sentBy: "demo-erik",
    recipientOrganizationId: units.berg.organizationId,
    recipientUnitId: units.berg.unitId,
    subject: "Planeringssamtal i december",
    senderReference: "Af-2026-4471",
    caseId,
    clientId,
    categoryCode: "af.planning_meeting",
    basis: `consent:${consentId}`,
    contentEncrypted: encrypt("Hej Sara!\n\nEva har planeringssamtal hos oss den 3 december kl. 10.00. Vill du vara med? Hör av dig senast på måndag.\n\nHälsningar\nErik Holm, Arbetsförmedlingen Östersund"),
    sentAt,
    deliveredAt: sentAt,
  });
  await db.insert(messageEvents).values([
    { messageId: id, kind: "sent", byUser: "demo-erik", at: sentAt },
    { messageId: id, kind: "delivered", at: sentAt },
  ]);
}
