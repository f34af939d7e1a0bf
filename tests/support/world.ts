import { eq } from "drizzle-orm";
import {
  caseEntries,
  cases,
  clients,
  consentGrants,
  consentRequestLines,
  consentRequests,
  consents,
  infoRequests,
  messages,
  orgUnits,
  organizations,
  planActivities,
  planGoals,
  planHistory,
  users,
} from "../../db/schema";
import { afterAll } from "vitest";
import { demoClients } from "../../db/seed";
import { useEidProvider } from "~/lib/auth/eid.server";
import { createClientSession, createStaffSession } from "~/lib/auth/session.server";
import { startTestEidProvider } from "~/lib/auth/test-eid.server";
import { parsePersonnummer } from "~/lib/personnummer";
import { installJobQueue } from "~/jobs.server";
import { db, getDatabase } from "~/lib/db.server";
import { seedDemo } from "./fixtures";
import { storeAttachments } from "~/services/messages/attachments.server";
import { textAttachment } from "./attachments";
import { insertApprovedNotes, insertMeeting } from "./meetings";

/**
 * The demo world as the harness sees it: one signed-in cookie per demo role and the ids of the
 * objects the demo world holds, by kind. Read from the database after `seedDemo()`.
 */
export interface World {
  /**
   * A new signed-in Cookie header for the role ("" for the anonymous). Each call restores the
   * demo staff member's role, unit and active state first and starts a new session, so that an
   * earlier call (a sign-out everywhere, an admin deactivating or moving a user) cannot leave
   * the role signed out or changed for the next.
   */
  cookie(role: Role): Promise<string>;
  ids: {
    evaCase: string;
    samCase: string;
    eva: string;
    sam: string;
    goal: string;
    activities: string[];
    history: string[];
    request: string;
    consent: string;
    grants: string[];
    /** A consent request Sara sent Eva, pending, and its lines. */
    consentRequest: string;
    consentRequestLines: string[];
    entries: string[];
    /** The demo message Erik (AF) sent Ekonomiskt bistånd about Eva, unopened, and a text file attached to it. */
    message: string;
    attachment: string;
    /** A samordningsmöte on Eva's case a week ahead: Ekonomiskt bistånd organises (called by Sara), Arbetsförmedlingen Östersund and Eva take part. */
    meeting: string;
    /** A samordningsmöte on Eva's case held yesterday (the same parties), its notes approved by both organisations and locked, their next step not yet sent to the plan. */
    heldMeeting: string;
    units: Record<string, string>;
    organizations: Record<string, string>;
  };
}

/**
 * The demo roles: each organisation's officers (the lead's, a participant's, an outsider's), the
 * rehab coordinator, an organisation admin, the auditor, the client, another client, anonymous.
 */
export const roles = ["sara", "erik", "karin", "ahmed", "maria", "adminEb", "lena", "eva", "sam", "anonymous"] as const;
export type Role = (typeof roles)[number];

const staffIds: Partial<Record<Role, string>> = {
  sara: "demo-sara", // Ekonomiskt bistånd, Bergs kommun: leads Eva's case
  erik: "demo-erik", // Arbetsförmedlingen: takes part in Eva's case, consent covers some lines
  karin: "demo-karin", // Försäkringskassan: not part of any case
  ahmed: "demo-ahmed", // Arbetsmarknadsenheten, Bergs kommun: leads Sam's case (protected identity)
  maria: "demo-maria", // Region Jämtland Härjedalen, rehab coordinator: no case
  adminEb: "demo-admin-eb",
  lena: "demo-lena", // Arbetsförmedlingen's auditor
};

let stopEid: (() => Promise<void>) | undefined;
afterAll(async () => {
  await stopEid?.();
  stopEid = undefined;
});

/**
 * The demo world in the test database, with the bundled test e-ID provider started and used as
 * server.ts does in development (so /auth/eid/start reaches a real broker); stopped after the file.
 * Call from a `beforeAll`.
 */
export async function loadWorld(): Promise<World> {
  await seedDemo();
  // The job queue's tables, as `npm run db:migrate` installs them: sending a message queues its notice there.
  await installJobQueue(getDatabase());
  const clientSecret = "harness-test-eid-secret-long-enough";
  const provider = await startTestEidProvider({
    port: 0,
    clientId: "samsyn-harness",
    clientSecret,
    redirectUris: ["http://localhost/auth/eid/callback"],
    persons: demoClients.map((person) => {
      const parsed = parsePersonnummer(person.personnummer);
      return { ...person, personnummer: parsed.ok ? parsed.normalized : person.personnummer };
    }),
  });
  useEidProvider({ issuer: provider.issuer, clientId: "samsyn-harness", clientSecret });
  stopEid = async () => {
    useEidProvider(undefined);
    await provider.close();
  };
  const database = db();
  const [eva] = await database.select().from(clients).where(eq(clients.givenName, "Eva"));
  const [sam] = await database.select().from(clients).where(eq(clients.givenName, "Sam"));
  const [evaCase] = await database.select().from(cases).where(eq(cases.clientId, eva!.id));
  const [samCase] = await database.select().from(cases).where(eq(cases.clientId, sam!.id));
  const [goal] = await database.select().from(planGoals);
  const [request] = await database.select().from(infoRequests);
  const [consent] = await database.select().from(consents);
  const [message] = await database.select().from(messages);
  const [attachment] = await storeAttachments(database, message!.id, [textAttachment("anteckning.txt", "Planeringssamtal 3 december.")]);
  const units = Object.fromEntries((await database.select().from(orgUnits)).map((unit) => [unit.mailbox, unit.id]));
  const orgs = Object.fromEntries((await database.select().from(organizations)).map((org) => [org.name, org.id]));

  // Sara asks Eva for one more line; Eva has not answered yet.
  const [asked] = await database
    .insert(consentRequests)
    .values({ caseId: evaCase!.id, clientId: eva!.id, requestedBy: "demo-sara", organizationId: evaCase!.leadOrganizationId, unitId: evaCase!.leadUnitId, purpose: "Planera vägen till arbete.", validUntil: new Date(Date.now() + 180 * 86_400_000) })
    .returning({ id: consentRequests.id });
  const requestLines = await database
    .insert(consentRequestLines)
    .values({ requestId: asked!.id, discloserOrganizationId: orgs["Arbetsförmedlingen"]!, recipientOrganizationId: evaCase!.leadOrganizationId, categoryCode: "af.activity_report" })
    .returning({ id: consentRequestLines.id });

  // Sara has called a meeting on Eva's case, a week ahead, so the fuzz reaches the meeting pages' actions.
  const bergUnit = { organizationId: orgs["Bergs kommun, socialtjänsten"]!, unitId: units["ekonomiskt.bistand@berg.samsyn.example"]! };
  const meeting = await insertMeeting(database, {
    caseId: evaCase!.id,
    clientId: eva!.id,
    organizer: { ...bergUnit, calledBy: "demo-sara" },
    participants: [{ organizationId: orgs["Arbetsförmedlingen"]!, unitId: units["ostersund@af.samsyn.example"]!, officerId: "demo-erik" }],
    noteTakerOrganizationId: bergUnit.organizationId,
    startsAt: new Date(Date.now() + 7 * 86_400_000),
    place: "Ekonomiskt bistånd, Storgatan 1, rum 3",
    agendaPoint: "Hur går det med praktiken?",
  });
  // And one held yesterday, its notes approved, so the fuzz reaches the approved notes (the client's printable page, sending next steps).
  const afOrganization = orgs["Arbetsförmedlingen"]!;
  const heldMeeting = await insertMeeting(database, {
    caseId: evaCase!.id,
    clientId: eva!.id,
    organizer: { ...bergUnit, calledBy: "demo-sara" },
    participants: [{ organizationId: afOrganization, unitId: units["ostersund@af.samsyn.example"]!, officerId: "demo-erik" }],
    noteTakerOrganizationId: bergUnit.organizationId,
    startsAt: new Date(Date.now() - 86_400_000),
    place: "Ekonomiskt bistånd, Storgatan 1, rum 3",
    agendaPoint: "Praktiken",
  });
  await insertApprovedNotes(database, {
    meetingId: heldMeeting,
    caseId: evaCase!.id,
    clientId: eva!.id,
    noteTakerOrganizationId: bergUnit.organizationId,
    writtenBy: "demo-sara",
    topic: "Praktiken",
    said: "Eva trivs på praktiken.",
    decided: "Praktiken fortsätter.",
    step: { text: "Boka ett uppföljningsmöte.", responsibleOrganizationId: bergUnit.organizationId, due: "2027-01-15" },
    approvedBy: [
      { organizationId: bergUnit.organizationId, byUser: "demo-sara" },
      { organizationId: afOrganization, byUser: "demo-erik" },
    ],
  });

  const staff = new Map((await database.select().from(users)).map((user) => [user.id, user]));
  const clientIds: Partial<Record<Role, string>> = { eva: eva!.id, sam: sam!.id };
  async function cookie(role: Role): Promise<string> {
    const staffId = staffIds[role];
    if (staffId) {
      const { role: staffRole, unitId, organizationId } = staff.get(staffId)!;
      await db().update(users).set({ role: staffRole, unitId, organizationId, active: true, deactivatedAt: null }).where(eq(users.id, staffId));
      return (await createStaffSession(staffId, { mfaVerified: true })).cookie.split(";")[0]!;
    }
    const clientId = clientIds[role];
    if (clientId) return (await createClientSession(clientId, { idTokenRef: role.padEnd(64, "0"), authTime: new Date() })).cookie.split(";")[0]!;
    return "";
  }

  return {
    cookie,
    ids: {
      evaCase: evaCase!.id,
      samCase: samCase!.id,
      eva: eva!.id,
      sam: sam!.id,
      goal: goal!.id,
      activities: (await database.select({ id: planActivities.id }).from(planActivities)).map((row) => row.id),
      history: (await database.select({ id: planHistory.id }).from(planHistory)).map((row) => row.id),
      request: request!.id,
      consent: consent!.id,
      grants: (await database.select({ id: consentGrants.id }).from(consentGrants)).map((row) => row.id),
      consentRequest: asked!.id,
      consentRequestLines: requestLines.map((line) => line.id),
      entries: (await database.select({ id: caseEntries.id }).from(caseEntries)).map((row) => row.id),
      message: message!.id,
      attachment: attachment!,
      meeting,
      heldMeeting,
      units,
      organizations: orgs,
    },
  };
}

/** Every id the world holds, of every kind: what a fuzzer tries in each id field and path. */
export function allIds(world: World): string[] {
  const { ids } = world;
  return [ids.evaCase, ids.samCase, ids.eva, ids.sam, ids.goal, ids.request, ids.consent, ids.consentRequest, ...ids.consentRequestLines, ...ids.activities, ...ids.history, ...ids.grants, ...ids.entries, ids.message, ids.attachment, ids.meeting, ids.heldMeeting, ...Object.values(ids.units), ...Object.values(ids.organizations)];
}
