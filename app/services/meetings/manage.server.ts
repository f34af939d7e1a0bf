import { and, eq, sql } from "drizzle-orm";
import { meetingAgendaItems, meetingParticipants, meetings } from "../../../db/schema";
import { meetingTimes, tellEveryone } from "./call.server";
import { maxAgendaPoints, type MeetingChange } from "./forms";
import type { Actor, StaffActor } from "~/access/actor";
import { directoryOf } from "~/access/directory.server";
import type { Reader } from "~/access/gate.server";
import { readMeeting } from "~/access/reads/meetings.server";
import { DomainError } from "~/lib/errors";

/**
 * What happens to a meeting after it is called: the organiser changes its time or place or
 * cancels it (meeting.manage, until it starts; everyone is told, the invitation re-sent with a
 * SEQUENCE one higher), participating units and the client answer and bring agenda points
 * (meeting.respond). Each step is one decision of the gate and one recorded change.
 */

/**
 * Changes the time or place; returns nothing. Refused: 404 for a meeting the actor may not
 * manage (another unit's, started, cancelled), the time codes of `meetingTimes` (400),
 * meetings.unchanged (400) when nothing differs.
 */
export async function changeMeeting(reader: Reader<StaffActor>, caseId: string, meetingId: string, input: MeetingChange): Promise<void> {
  const scope = await readMeeting(reader, meetingId, { caseId, action: "meeting.manage", resourceType: "meeting_form", lock: true });
  const { startsAt, endsAt } = meetingTimes(input, reader.at);
  const row = scope.row;
  const place = input.place || null;
  const videoLink = input.videoLink || null;
  if (+row.startsAt === +startsAt && +row.endsAt === +endsAt && row.place === place && row.videoLink === videoLink) throw new DomainError("meetings.unchanged");
  // A new time asks everyone again.
  const newTime = +row.startsAt !== +startsAt || +row.endsAt !== +endsAt;
  const [changed] = await reader.tx
    .update(meetings)
    .set({ startsAt, endsAt, place, videoLink, sequence: sql`${meetings.sequence} + 1`, updatedAt: reader.at, ...(newTime ? { clientResponse: "pending" as const, clientRespondedAt: null } : {}) })
    .where(eq(meetings.id, row.id))
    .returning();
  if (newTime) await reader.tx.update(meetingParticipants).set({ response: "pending", respondedBy: null, respondedAt: null }).where(eq(meetingParticipants.meetingId, row.id));
  await tellEveryone(reader, changed!, scope.caseNumber, scope.participants.map((participant) => participant.unitId), await directoryOf(reader), "REQUEST", "meeting.changed");
  reader.changed({
    action: "meeting.change",
    clientId: scope.case.clientId,
    caseId: scope.case.caseId,
    resourceType: "meeting",
    resourceId: row.id,
    basis: scope.decision.basis,
    details: { sequence: changed!.sequence },
  });
}

/** Cancels the meeting (the organiser, until it starts; else 404); everyone is told with METHOD:CANCEL. */
export async function cancelMeeting(reader: Reader<StaffActor>, caseId: string, meetingId: string): Promise<void> {
  const scope = await readMeeting(reader, meetingId, { caseId, action: "meeting.manage", lock: true });
  const [cancelled] = await reader.tx
    .update(meetings)
    .set({ status: "cancelled", cancelledAt: reader.at, cancelledBy: reader.actor.userId, sequence: sql`${meetings.sequence} + 1`, updatedAt: reader.at })
    .where(eq(meetings.id, scope.row.id))
    .returning();
  await tellEveryone(reader, cancelled!, scope.caseNumber, scope.participants.map((participant) => participant.unitId), await directoryOf(reader), "CANCEL", "meeting.cancelled");
  reader.changed({ action: "meeting.cancel", clientId: scope.case.clientId, caseId: scope.case.caseId, resourceType: "meeting", resourceId: scope.row.id, basis: scope.decision.basis });
}

/**
 * The actor's answer: an officer answers for their unit (yes, no, maybe), the client for
 * themself (yes, no). 404 when they do not take part or the meeting has started or is cancelled.
 */
export async function answerMeeting(reader: Reader, meetingId: string, response: "yes" | "no" | "maybe", caseId?: string): Promise<void> {
  const actor: Actor = reader.actor;
  const scope = await readMeeting(reader, meetingId, { caseId, action: "meeting.respond" });
  if (actor.kind === "client") {
    if (response === "maybe") throw new DomainError("meetings.response_required");
    await reader.tx.update(meetings).set({ clientResponse: response, clientRespondedAt: reader.at }).where(eq(meetings.id, scope.row.id));
  } else {
    await reader.tx
      .update(meetingParticipants)
      .set({ response, respondedBy: actor.userId, respondedAt: reader.at })
      .where(and(eq(meetingParticipants.meetingId, scope.row.id), eq(meetingParticipants.unitId, actor.unitId)));
  }
  reader.changed({ action: "meeting.answer", clientId: scope.case.clientId, caseId: scope.case.caseId, resourceType: "meeting", resourceId: scope.row.id, basis: scope.decision.basis, details: { response } });
}

/**
 * A point for the agenda, numbered after the last: the client's in their own words ("Det här vill
 * jag prata om"), or a participating unit's. meetings.too_many_points (400) past 20 points; 404
 * when the actor does not take part or the meeting has started or is cancelled.
 */
export async function addAgendaPoint(reader: Reader, meetingId: string, text: string, caseId?: string): Promise<void> {
  const actor: Actor = reader.actor;
  const scope = await readMeeting(reader, meetingId, { caseId, action: "meeting.respond", lock: true });
  // The meeting's row lock (taken before its agenda was read) keeps two points from one number.
  const position = Math.max(0, ...scope.agenda.map((item) => item.position)) + 1;
  if (position > maxAgendaPoints) throw new DomainError("meetings.too_many_points");
  const [item] = await reader.tx
    .insert(meetingAgendaItems)
    .values({
      meetingId: scope.row.id,
      position,
      text,
      ownerUnitId: actor.kind === "staff" ? actor.unitId : null,
      byClient: actor.kind === "client",
      addedBy: actor.kind === "staff" ? actor.userId : null,
      addedAt: reader.at,
    })
    .returning({ id: meetingAgendaItems.id });
  reader.changed({ action: "meeting.agenda.add", clientId: scope.case.clientId, caseId: scope.case.caseId, resourceType: "meeting_agenda_item", resourceId: item!.id, basis: scope.decision.basis });
}
