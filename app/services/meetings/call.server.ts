import { randomUUID } from "node:crypto";
import { meetingAgendaItems, meetingParticipants, meetings, type Meeting } from "../../../db/schema";
import { maxYearsAhead, type MeetingInput } from "./forms";

const addYears = (iso: string, years: number) => addMonths(iso, 12 * years);
import { queueInvitations, unitLine } from "./invitations.server";
import { queueReminders } from "./reminders.server";
import type { StaffActor } from "~/access/actor";
import { directoryOf, unitOfficers, type Directory } from "~/access/directory.server";
import type { Reader } from "~/access/gate.server";
import type { DenyReason } from "~/access/policy";
import { readClientOn, readParticipants, type ClientDisplay } from "~/access/reads/cases.server";
import { meetingFacts, readCaseForMeeting } from "~/access/reads/meetings.server";
import { addMonths, swedishInstant, swedishToday } from "~/lib/calendar";
import { DomainError } from "~/lib/errors";
import { caseReference } from "~/services/cases/references";
import { notifyClient } from "~/services/notifications/notifications.server";

/**
 * Calling a coordination meeting on a case (`/cases/:caseId/meetings/new`): the caller's unit
 * organises it, the units taking part in the case are invited, and every invitation is the gate's
 * decision (meeting.invite: the meeting discloses the client's situation to the invited unit's
 * organisation, so the client's consent for this case must cover it). ADR 0022.
 */
export interface MeetingUnitOption {
  unitId: string;
  unit: string;
  organizationId: string;
  organization: string;
  /** Its officers, for naming who comes (optional). */
  officers: { id: string; name: string }[];
  /** The organiser's own unit: always takes part. */
  own: boolean;
}

export interface MeetingFormOptions {
  caseId: string;
  reference: string;
  client: ClientDisplay;
  organizer: { unit: string; organization: string };
  units: MeetingUnitOption[];
}

/** The units an organiser may invite: its own, the case's lead unit and the units taking part in the case. */
async function unitsOfCase(reader: Reader<StaffActor>, scope: Awaited<ReturnType<typeof readCaseForMeeting>>, directory: Directory): Promise<MeetingUnitOption[]> {
  const ids = new Set([reader.actor.unitId, scope.row.leadUnitId, ...(await readParticipants(reader, scope)).map((participant) => participant.unitId)]);
  const options: MeetingUnitOption[] = [];
  for (const unitId of ids) {
    const unit = directory.units.get(unitId);
    const organization = unit ? directory.organizations.get(unit.organizationId) : undefined;
    if (!unit || !organization) continue;
    const officers = (await unitOfficers(reader, unitId)).map(({ id, name }) => ({ id, name }));
    options.push({ unitId, unit: unit.name, organizationId: organization.id, organization: organization.name, officers, own: unitId === reader.actor.unitId });
  }
  return options.sort((a, b) => Number(b.own) - Number(a.own) || a.organization.localeCompare(b.organization, "sv") || a.unit.localeCompare(b.unit, "sv"));
}

/** What the form offers (404 when the actor may not see the case). */
export async function meetingFormOptions(reader: Reader<StaffActor>, caseId: string): Promise<MeetingFormOptions> {
  const scope = await readCaseForMeeting(reader, caseId);
  const directory = await directoryOf(reader);
  const unit = directory.units.get(reader.actor.unitId);
  return {
    caseId: scope.facts.caseId,
    reference: caseReference(scope.row.number),
    client: await readClientOn(reader, scope),
    organizer: { unit: unit?.name ?? "", organization: directory.organizations.get(reader.actor.organizationId)?.name ?? "" },
    units: await unitsOfCase(reader, scope, directory),
  };
}

const consentReasons = new Set<DenyReason>(["no_consent", "wrong_category", "wrong_direction", "not_yet_valid", "expired", "revoked", "superseded"]);

/** A refused invitation: which units the client's consent does not cover (shown with the error). */
export class InvitationRefused extends DomainError {
  constructor(readonly units: string[]) {
    super("meetings.outside_consent", 403);
  }
  details() {
    return { units: this.units };
  }
}

/**
 * The meeting's start and end as UTC instants of the Swedish wall-clock times typed; refused
 * (DomainError 400) with meetings.time_in_clock_change for a time the spring clock change skips,
 * meetings.in_the_past for a start that has passed, meetings.too_far_ahead for a date more than
 * `maxYearsAhead` years away.
 */
export function meetingTimes(input: { date: string; start: string; end: string }, at: Date): { startsAt: Date; endsAt: Date } {
  const startsAt = swedishInstant(input.date, input.start);
  const endsAt = swedishInstant(input.date, input.end);
  if (endsAt <= startsAt) throw new DomainError("meetings.end_before_start");
  if (startsAt <= at) throw new DomainError("meetings.in_the_past");
  if (input.date > addYears(swedishToday(at), maxYearsAhead)) throw new DomainError("meetings.too_far_ahead");
  return { startsAt, endsAt };
}

/**
 * Calls the meeting; returns its id. Refused with nothing stored (the refusals recorded by the
 * gate): meetings.units_required (400) for a unit not on the case, meetings.officer_unknown (400)
 * for a named officer who does not work in that unit, meetings.note_taker_required (400) for a
 * note-taking organisation that does not take part, meetings.point_owner_unknown (400), the time
 * codes of `meetingTimes`, meetings.case_closed (409), meetings.not_allowed (403) and
 * meetings.outside_consent (403, InvitationRefused with the units' names) when the client's
 * consent for this case does not cover an invited unit's organisation. 404 for an unseen case.
 */
export async function callMeeting(reader: Reader<StaffActor>, caseId: string, input: MeetingInput): Promise<string> {
  const actor = reader.actor;
  const scope = await readCaseForMeeting(reader, caseId);
  const directory = await directoryOf(reader);
  const offered = new Map((await unitsOfCase(reader, scope, directory)).map((option) => [option.unitId, option]));
  const chosen = [...new Set([actor.unitId, ...input.unit])];
  if (chosen.some((unitId) => !offered.has(unitId))) throw new DomainError("meetings.units_required");
  const participants = chosen.map((unitId) => ({ unitId, organizationId: offered.get(unitId)!.organizationId, officerId: null as string | null }));
  for (const entry of input.officer) {
    const [unitId, officerId] = entry.split(":");
    if (!officerId) continue;
    // The form sends a choice for every unit: one for a unit left out is no choice at all.
    const participant = participants.find((candidate) => candidate.unitId === unitId);
    if (!participant) continue;
    if (!offered.get(unitId!)!.officers.some((officer) => officer.id === officerId)) throw new DomainError("meetings.officer_unknown");
    participant.officerId = officerId;
  }
  if (!participants.some((participant) => participant.organizationId === input.noteTaker)) throw new DomainError("meetings.note_taker_required");
  const agenda = input.agendaText.flatMap((text, index) => (text ? [{ text, owner: input.agendaOwner[index] ?? "" }] : []));
  if (agenda.some(({ owner }) => owner !== "client" && !chosen.includes(owner))) throw new DomainError("meetings.point_owner_unknown");
  const { startsAt, endsAt } = meetingTimes(input, reader.at);
  const clientTakesPart = input.clientTakesPart === "yes";

  const id = randomUUID();
  const facts = meetingFacts({ organizerOrganizationId: actor.organizationId, organizerUnitId: actor.unitId, status: "planned", startsAt, clientTakesPart, noteTakerOrganizationId: input.noteTaker }, participants, directory);
  const resource = { type: "meeting", meeting: facts, case: scope.facts } as const;
  const call = await reader.check("meeting.call", resource, { resourceType: "meeting", resourceId: id });
  if (!call.allowed) throw new DomainError(call.reason === "case_closed" ? "meetings.case_closed" : "meetings.not_allowed", call.reason === "case_closed" ? 409 : 403);
  const refused: string[] = [];
  for (const organizationId of new Set(participants.map((participant) => participant.organizationId))) {
    const invite = await reader.check("meeting.invite", { ...resource, invitedOrganizationId: organizationId }, { resourceType: "meeting", resourceId: id, details: { organizationId } });
    if (invite.allowed) continue;
    if (!consentReasons.has(invite.reason)) throw new DomainError("meetings.not_allowed", 403);
    refused.push(...participants.filter((participant) => participant.organizationId === organizationId).map((participant) => unitLine(offered.get(participant.unitId)!)));
  }
  if (refused.length > 0) throw new InvitationRefused(refused);

  const [meeting] = await reader.tx
    .insert(meetings)
    .values({
      id,
      caseId: scope.facts.caseId,
      clientId: scope.facts.clientId,
      kind: input.kind,
      organizerOrganizationId: actor.organizationId,
      organizerUnitId: actor.unitId,
      calledBy: actor.userId,
      startsAt,
      endsAt,
      place: input.place || null,
      videoLink: input.videoLink || null,
      noteTakerOrganizationId: input.noteTaker,
      clientTakesPart,
      clientAbsenceReason: clientTakesPart ? null : input.clientAbsenceReason,
      createdAt: reader.at,
      updatedAt: reader.at,
    })
    .returning();
  // The organising unit comes to its own meeting.
  await reader.tx.insert(meetingParticipants).values(
    participants.map((participant) => ({
      meetingId: id,
      ...participant,
      ...(participant.unitId === actor.unitId ? { response: "yes" as const, respondedBy: actor.userId, respondedAt: reader.at } : {}),
    })),
  );
  if (agenda.length > 0) {
    await reader.tx.insert(meetingAgendaItems).values(
      agenda.map(({ text, owner }, index) => ({ meetingId: id, position: index + 1, text, ownerUnitId: owner === "client" ? null : owner, byClient: false, addedBy: actor.userId, addedAt: reader.at })),
    );
  }
  await tellEveryone(reader, meeting!, scope.row.number, chosen, directory, "REQUEST", "meeting.invited");
  reader.changed({ action: "meeting.create", clientId: scope.facts.clientId, caseId: scope.facts.caseId, resourceType: "meeting", resourceId: id, basis: call.basis, details: { units: chosen.length } });
  return id;
}

/**
 * Everyone is told of a meeting, a change or a cancellation: each participating unit's mailbox by
 * e-mail with the calendar (queued), and the client — when they take part — by a notice on /me;
 * a called or changed meeting also queues its reminders for the working day before.
 */
export async function tellEveryone(
  reader: Reader,
  meeting: Meeting,
  caseNumber: number,
  unitIds: readonly string[],
  directory: Directory,
  method: "REQUEST" | "CANCEL",
  clientNotice: "meeting.invited" | "meeting.changed" | "meeting.cancelled",
): Promise<void> {
  await queueInvitations(reader.tx, meeting, caseNumber, unitIds, directory, method, reader.at);
  if (method === "REQUEST") await queueReminders(reader.tx, meeting, caseNumber, unitIds, directory, reader.at);
  if (meeting.clientTakesPart) {
    await notifyClient(reader.tx, meeting.clientId, { kind: clientNotice, caseId: meeting.caseId, subjectId: meeting.id, dedupeKey: `${clientNotice}:${meeting.id}:${meeting.sequence}` });
  }
}
