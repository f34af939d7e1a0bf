import type { MeetingKind, MeetingResponse } from "../../../db/schema";
import { calendarUnits, invitationCalendar, unitLine } from "./invitations.server";
import { clientNotes, staffNotes } from "./notes.server";
import type { ClientActor, StaffActor } from "~/access/actor";
import { directoryOf, staffNamesOf, unitNameOf, type Directory } from "~/access/directory.server";
import { together, type Reader } from "~/access/gate.server";
import { readCase, readClientOn } from "~/access/reads/cases.server";
import { readCaseMeetings, readMeeting, readOwnMeetings, type MeetingScope } from "~/access/reads/meetings.server";
import { swedishClock, swedishToday } from "~/lib/calendar";
import { caseReference } from "~/services/cases/references";

/**
 * Meetings as pages show them: times as Swedish date and wall-clock time (Europe/Stockholm) and as
 * UTC instants (ISO), units and officers by name, the agenda numbered.
 */
export interface MeetingSummary {
  id: string;
  caseId: string;
  reference: string;
  kind: MeetingKind;
  /** UTC instants, ISO 8601. */
  startsAt: string;
  endsAt: string;
  /** Swedish calendar date (YYYY-MM-DD) and wall-clock times (HH:MM), Europe/Stockholm. */
  date: string;
  start: string;
  end: string;
  place: string | null;
  videoLink: string | null;
  status: "planned" | "cancelled";
  organizer: { unit: string; organization: string };
}

export interface MeetingView extends MeetingSummary {
  noteTaker: string;
  clientTakesPart: boolean;
  clientAbsenceReason: string | null;
  clientResponse: MeetingResponse;
  participants: { unitId: string; unit: string; organization: string; officer: string | null; response: MeetingResponse; respondedBy: string | null }[];
  agenda: { position: number; text: string; byClient: boolean; owner: string | null }[];
  /** Whether it can still be changed and answered (planned, not started). */
  open: boolean;
}

function summaryOf(scope: MeetingScope, directory: Directory): MeetingSummary {
  const { row } = scope;
  return {
    id: row.id,
    caseId: row.caseId,
    reference: caseReference(scope.caseNumber),
    kind: row.kind,
    startsAt: row.startsAt.toISOString(),
    endsAt: row.endsAt.toISOString(),
    date: swedishToday(row.startsAt),
    start: swedishClock(row.startsAt),
    end: swedishClock(row.endsAt),
    place: row.place,
    videoLink: row.videoLink,
    status: row.status,
    organizer: unitNameOf(directory, row.organizerUnitId),
  };
}

async function viewOf(reader: Reader, scope: MeetingScope): Promise<MeetingView> {
  const directory = await directoryOf(reader);
  const people = await staffNamesOf(reader, scope.participants.flatMap((participant) => [participant.officerId, participant.respondedBy]));
  const nameOf = (id: string | null) => (id ? (people.get(id)?.name ?? null) : null);
  const { row } = scope;
  return {
    ...summaryOf(scope, directory),
    noteTaker: directory.organizations.get(row.noteTakerOrganizationId)?.name ?? "",
    clientTakesPart: row.clientTakesPart,
    clientAbsenceReason: row.clientAbsenceReason,
    clientResponse: row.clientResponse,
    participants: scope.participants
      .map((participant) => ({
        unitId: participant.unitId,
        ...unitNameOf(directory, participant.unitId),
        officer: nameOf(participant.officerId),
        response: participant.response,
        respondedBy: nameOf(participant.respondedBy),
      }))
      .sort((a, b) => a.organization.localeCompare(b.organization, "sv") || a.unit.localeCompare(b.unit, "sv")),
    agenda: scope.agenda.map((item) => ({
      position: item.position,
      text: item.text,
      byClient: item.byClient,
      owner: item.byClient || !item.ownerUnitId ? null : unitLine(unitNameOf(directory, item.ownerUnitId)),
    })),
    open: row.status === "planned" && reader.at < row.startsAt,
  };
}

/** The meeting page for an officer (404 unless their unit organises it or takes part): the meeting, the client as they may see them, and what they may do. */
export async function staffMeetingView(reader: Reader<StaffActor>, caseId: string, meetingId: string) {
  const scope = await readMeeting(reader, meetingId, { caseId });
  const kase = await readCase(reader, caseId, { resourceType: "meeting" });
  const view = await viewOf(reader, scope);
  const organiser = scope.row.organizerUnitId === reader.actor.unitId;
  const mine = scope.participants.find((participant) => participant.unitId === reader.actor.unitId);
  return {
    meeting: view,
    client: await readClientOn(reader, kase),
    canManage: organiser && view.open,
    myResponse: mine && view.open ? mine.response : null,
    canAddPoint: Boolean(mine) && view.open,
    notes: await staffNotes(reader, scope),
  };
}

/** The meeting's time and place for its change form: the organising unit, until it starts (meeting.manage; 404 otherwise). */
export async function meetingToChange(reader: Reader<StaffActor>, caseId: string, meetingId: string): Promise<MeetingSummary> {
  const scope = await readMeeting(reader, meetingId, { caseId, action: "meeting.manage", resourceType: "meeting_form" });
  return summaryOf(scope, await directoryOf(reader));
}

/** The client's own meeting (404 for anyone else's), with its notes once approved. */
export async function clientMeetingView(reader: Reader<ClientActor>, meetingId: string) {
  const scope = await readMeeting(reader, meetingId);
  const view = await viewOf(reader, scope);
  return { meeting: view, canAnswer: view.clientTakesPart && view.open, notes: await clientNotes(reader, scope) };
}

/** The meetings of a case shown on its page (those the viewer's unit organises or takes part in), soonest first. */
export async function caseMeetings(reader: Reader, caseId: string): Promise<MeetingSummary[]> {
  const [directory, scopes] = await together([directoryOf(reader), readCaseMeetings(reader, caseId)]);
  return scopes.map((scope) => summaryOf(scope, directory));
}

/** The signed-in client's meetings, the next one first, then the past ones latest first. */
export async function ownMeetings(reader: Reader<ClientActor>): Promise<(MeetingSummary & { clientResponse: MeetingResponse; clientTakesPart: boolean })[]> {
  const directory = await directoryOf(reader);
  const scopes = await readOwnMeetings(reader);
  const upcoming = scopes.filter((scope) => scope.row.endsAt > reader.at).reverse();
  const past = scopes.filter((scope) => scope.row.endsAt <= reader.at);
  return [...upcoming, ...past].map((scope) => ({ ...summaryOf(scope, directory), clientResponse: scope.row.clientResponse, clientTakesPart: scope.row.clientTakesPart }));
}

/** The calendar file of a meeting for whoever may see it (staff on the case, or the client): the iCalendar text and a file name. */
export async function meetingCalendarFile(reader: Reader, meetingId: string, caseId?: string): Promise<{ filename: string; content: string }> {
  const scope = await readMeeting(reader, meetingId, { caseId, resourceType: "meeting_calendar" });
  const units = calendarUnits(scope.row, scope.participants.map((participant) => participant.unitId), await directoryOf(reader));
  // A download invites no one (iTIP PUBLISH); a cancelled meeting's says so in its STATUS.
  return { filename: `mote-${caseReference(scope.caseNumber)}-${swedishToday(scope.row.startsAt)}.ics`, content: invitationCalendar(scope.row, scope.caseNumber, units, "PUBLISH", scope.row.updatedAt) };
}
