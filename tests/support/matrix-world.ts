import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import {
  caseEntries,
  caseParticipants,
  openedAtOfCase,
  cases,
  clients,
  consentGrants,
  consents,
  infoRequestItems,
  infoRequestTransitions,
  infoRequests,
  messages,
  planActivities,
  planGoals,
  planHistory,
} from "../../db/schema";
import { insertApprovedNotes, insertMeeting } from "./meetings";
import { createClientSession } from "~/lib/auth/session.server";
import { swedishInstant, swedishToday } from "~/lib/calendar";
import { storeAttachments } from "~/services/messages/attachments.server";
import { textAttachment } from "./attachments";
import { encrypt, lookupHmac } from "~/lib/crypto.server";
import { db } from "~/lib/db.server";
import { appRoutes, callRoute } from "./routes";
import type { World } from "./world";

/**
 * The cells of the authorization matrix: one client and one case per consent state and
 * protection, all alike otherwise. Each case is led by Ekonomiskt bistånd (Bergs kommun) with
 * Arbetsförmedlingen taking part; the consent lets AF disclose its planning meetings and action
 * plan to the municipality and the municipality its income support to AF. Each organisation has
 * one entry on the case, with a text no other cell shares, so a page that shows it can be caught.
 * A protected identity is held by the lead unit (ADR 0015). Each case has a coordination meeting
 * a few days ahead, called by Sara for Ekonomiskt bistånd with Arbetsförmedlingen Östersund and the
 * client taking part, its agenda point a text no other cell shares. The meeting's notes, taken by
 * the municipality, are approved (by the municipality and by Arbetsförmedlingen) and locked, before
 * any withdrawal; what was said at its one point is a text no other cell shares.
 */
export const consentStates = ["active", "lineWithdrawn", "allWithdrawn", "expired"] as const;
export type ConsentState = (typeof consentStates)[number];

export interface Cell {
  state: ConsentState;
  protectedIdentity: boolean;
  caseId: string;
  clientId: string;
  consentId: string;
  goalId: string;
  activityId: string;
  historyId: string;
  requestId: string;
  /** A message Ekonomiskt bistånd sent Arbetsförmedlingen Östersund about the case (before any withdrawal), and its attachment. */
  messageId: string;
  attachmentId: string;
  /**
   * A planned samordningsmöte on the case a few days ahead (made before any withdrawal): organised by
   * Ekonomiskt bistånd (called by Sara), Arbetsförmedlingen Östersund and the client taking part,
   * the municipality taking the notes, one agenda point (marks.meetingPoint).
   */
  meetingId: string;
  /**
   * The meeting's notes: approved (version 1, Swedish, written by Sara for the municipality, approved
   * by the municipality and by Arbetsförmedlingen) and so locked, made before any withdrawal; what was
   * said at their one point is marks.meetingNotes; one next step, the municipality's.
   */
  notesId: string;
  /** The client's own signed-in cookie. */
  clientCookie: () => Promise<string>;
  /** Text only this cell holds: the client's names, personal identity number (in its written forms), each organisation's entry. */
  marks: { name: string[]; number: string[]; afEntry: string; municipalityEntry: string; meetingPoint: string; meetingNotes: string };
}

/** A valid personal identity number born 1990-01-DD with this serial (Luhn over the 10 digits). */
function personnummer(day: number, serial: number): string {
  const ten = `9001${String(day).padStart(2, "0")}${String(serial).padStart(3, "0")}`;
  let sum = 0;
  for (let i = 0; i < 9; i++) {
    const product = Number(ten[i]) * (i % 2 === 0 ? 2 : 1);
    sum += product > 9 ? product - 9 : product;
  }
  return `19${ten}${(10 - (sum % 10)) % 10}`;
}

export async function buildCells(world: World): Promise<Cell[]> {
  const { ids } = world;
  const berg = { organizationId: ids.organizations["Bergs kommun, socialtjänsten"]!, unitId: ids.units["ekonomiskt.bistand@berg.samsyn.example"]! };
  const af = { organizationId: ids.organizations["Arbetsförmedlingen"]!, unitId: ids.units["ostersund@af.samsyn.example"]! };
  const day = 24 * 3_600_000;
  const now = Date.now();
  const cells: Cell[] = [];
  let n = 0;
  for (const protectedIdentity of [false, true]) {
    for (const state of consentStates) {
      n++;
      const tag = `${state}${protectedIdentity ? "Skyddad" : "Öppen"}`;
      const number = personnummer(10 + n, 200 + n);
      const given = `Förnamn${tag}`;
      const family = `Efternamn${tag}`;
      const database = db();
      const [client] = await database
        .insert(clients)
        .values({ personnummerEncrypted: encrypt(number), personnummerHmac: lookupHmac(number), givenName: given, familyName: family, protectedIdentity, identityUnitId: berg.unitId })
        .returning({ id: clients.id });
      const clientId = client!.id;
      const [row] = await database.insert(cases).values({ clientId, leadOrganizationId: berg.organizationId, leadUnitId: berg.unitId, openedBy: "demo-sara" }).returning({ id: cases.id });
      const caseId = row!.id;
      await database.insert(caseParticipants).values([
        { caseId, organizationId: berg.organizationId, unitId: berg.unitId, addedBy: "demo-sara", caseOpenedAt: openedAtOfCase(caseId) },
        { caseId, organizationId: af.organizationId, unitId: af.unitId, addedBy: "demo-sara", caseOpenedAt: openedAtOfCase(caseId) },
      ]);
      const consentId = randomUUID();
      const expired = state === "expired";
      await database.insert(consents).values({
        id: consentId,
        lineageId: consentId,
        version: 1,
        caseId,
        clientId,
        purpose: "Planera vägen till arbete.",
        method: "recorded_paper",
        givenAt: new Date(now - (expired ? 400 : 10) * day),
        validFrom: new Date(now - (expired ? 400 : 10) * day),
        validUntil: new Date(now + (expired ? -35 : 150) * day),
        recordedBy: "demo-sara",
        recordedWhere: "Besök",
        recordedInformation: "Informerad.",
      });
      const grants = await database
        .insert(consentGrants)
        .values([
          { consentId, discloserOrganizationId: af.organizationId, recipientOrganizationId: berg.organizationId, categoryCode: "af.planning_meeting" },
          { consentId, discloserOrganizationId: af.organizationId, recipientOrganizationId: berg.organizationId, categoryCode: "af.action_plan" },
          { consentId, discloserOrganizationId: berg.organizationId, recipientOrganizationId: af.organizationId, categoryCode: "municipality.income_support" },
        ])
        .returning({ id: consentGrants.id, categoryCode: consentGrants.categoryCode });
      const marks = {
        name: [given, family],
        number: [number, `${number.slice(0, 8)}-${number.slice(8)}`, `${number.slice(2, 8)}-${number.slice(8)}`],
        afEntry: `AF-planering-${tag}`,
        municipalityEntry: `Försörjningsstöd-${tag}`,
        meetingPoint: `Dagordning-${tag}`,
        meetingNotes: `Anteckning-${tag}`,
      };
      await database.insert(caseEntries).values([
        { caseId, clientId, organizationId: af.organizationId, unitId: af.unitId, categoryCode: "af.planning_meeting", text: marks.afEntry, recordedBy: "demo-erik" },
        { caseId, clientId, organizationId: berg.organizationId, unitId: berg.unitId, categoryCode: "municipality.income_support", text: marks.municipalityEntry, recordedBy: "demo-sara" },
      ]);
      const [goal] = await database.insert(planGoals).values({ caseId, clientId, text: `Mål-${tag}`, createdBy: "demo-sara" }).returning({ id: planGoals.id });
      const [activity] = await database
        .insert(planActivities)
        .values({ caseId, clientId, goalId: goal!.id, title: `Aktivitet-${tag}`, typeCode: "kartlaggning", organizationId: berg.organizationId, unitId: berg.unitId, assigneeId: "demo-sara", startDate: "2026-11-01", endDate: "2027-01-31", extent: 25, status: "ongoing", categoryCode: "municipality.social_plan", createdBy: "demo-sara" })
        .returning({ id: planActivities.id });
      const [history] = await database.insert(planHistory).values({ caseId, itemType: "activity", itemId: activity!.id, changedByUserId: "demo-sara", change: "created", after: { title: `Aktivitet-${tag}` } }).returning({ id: planHistory.id });
      await database.insert(planHistory).values({ caseId, itemType: "goal", itemId: goal!.id, changedByUserId: "demo-sara", change: "created", after: { text: `Mål-${tag}` } });
      const [request] = await database
        .insert(infoRequests)
        .values({ caseId, clientId, requestingOrganizationId: berg.organizationId, requestingUnitId: berg.unitId, requestedBy: "demo-sara", receivingOrganizationId: af.organizationId, receivingUnitId: af.unitId, purpose: `Begäran-${tag}`, basis: "consent", consentId, status: "submitted", submittedAt: new Date() })
        .returning({ id: infoRequests.id });
      await database.insert(infoRequestItems).values({ requestId: request!.id, categoryCode: "af.action_plan" });
      await database.insert(infoRequestTransitions).values([
        { requestId: request!.id, fromStatus: null, toStatus: "draft", byUser: "demo-sara" },
        { requestId: request!.id, fromStatus: "draft", toStatus: "submitted", byUser: "demo-sara" },
      ]);
      const messageId = randomUUID();
      await database.insert(messages).values({
        id: messageId,
        threadId: messageId,
        senderOrganizationId: berg.organizationId,
        senderUnitId: berg.unitId,
        sentBy: "demo-sara",
        recipientOrganizationId: af.organizationId,
        recipientUnitId: af.unitId,
        subject: "Om planeringen",
        caseId,
        clientId,
        categoryCode: "municipality.income_support",
        basis: `consent:${consentId}`,
        contentEncrypted: encrypt(`Meddelande-${tag}`),
        sentAt: new Date(),
        deliveredAt: new Date(),
      });
      const [attachmentId] = await storeAttachments(database, messageId, [textAttachment(`bilaga-${tag}.txt`, `Bilaga-${tag}`)]);
      const meetingId = await insertMeeting(database, {
        caseId,
        clientId,
        organizer: { ...berg, calledBy: "demo-sara" },
        participants: [{ ...af, officerId: "demo-erik" }],
        noteTakerOrganizationId: berg.organizationId,
        startsAt: swedishInstant(swedishToday(new Date(now + 5 * day)), "09:00"),
        place: "Ekonomiskt bistånd, Storgatan 1, rum 3",
        agendaPoint: marks.meetingPoint,
      });
      const notesId = await insertApprovedNotes(database, {
        meetingId,
        caseId,
        clientId,
        noteTakerOrganizationId: berg.organizationId,
        writtenBy: "demo-sara",
        topic: "Hur går det?",
        said: marks.meetingNotes,
        decided: "Vi ses igen om en månad.",
        step: { text: "Boka ett uppföljningsmöte.", responsibleOrganizationId: berg.organizationId, due: swedishToday(new Date(now + 40 * day)) },
        approvedBy: [
          { organizationId: berg.organizationId, byUser: "demo-sara" },
          { organizationId: af.organizationId, byUser: "demo-erik" },
        ],
      });
      const clientCookie = async () => (await createClientSession(clientId, { idTokenRef: "m".repeat(64), authTime: new Date() })).cookie.split(";")[0]!;

      // Withdrawn the way the client withdraws: through the client's own page.
      if (state === "lineWithdrawn" || state === "allWithdrawn") {
        const revoke = appRoutes.find((route) => route.file === "me.consents.$consentId.revoke.tsx")!;
        const line = grants.find((grant) => grant.categoryCode === "municipality.income_support")!;
        const body = new URLSearchParams(state === "lineWithdrawn" ? { grantId: line.id } : {});
        const outcome = await callRoute(revoke, { method: "POST", params: { consentId }, cookie: await clientCookie(), body: body.toString() });
        if (outcome.status !== 302) throw new Error(`Withdrawing for the matrix answered ${outcome.status}: ${outcome.text}`);
      }
      const [current] = await database.select({ id: consents.id }).from(consents).where(eq(consents.lineageId, consentId)).orderBy(consents.version);
      cells.push({ state, protectedIdentity, caseId, clientId, consentId: current!.id, goalId: goal!.id, activityId: activity!.id, historyId: history!.id, requestId: request!.id, messageId, attachmentId: attachmentId!, meetingId, notesId, clientCookie, marks });
    }
  }
  return cells;
}
