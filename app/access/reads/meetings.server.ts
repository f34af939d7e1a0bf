import { and, asc, desc, eq, sql } from "drizzle-orm";
import {
  meetingAgendaItems,
  meetingNoteComments,
  meetingNoteReviews,
  meetingNotes,
  meetingParticipants,
  meetings,
  type Meeting,
  type MeetingAgendaItem,
  type MeetingNoteComment,
  type MeetingNoteReview,
  type MeetingNotes,
  type MeetingParticipant,
} from "../../../db/schema";
import { meetingNotesCategory } from "../../../db/catalogue";
import type { ClientActor } from "../actor";
import { directoryOf, type Directory } from "../directory.server";
import type { Action, CaseFacts, Decision, MeetingFacts } from "../policy";
import { together, type Allowed, type Reader } from "../reader.server";
import { caseFacts, caseRows, readCase } from "./cases.server";
import { db } from "~/lib/db.server";
import { notFound } from "~/lib/errors";
import { isUuid } from "~/lib/ids";
import { anyOf, statement } from "~/lib/statement.server";

/**
 * Coordination meetings (meetings, meeting_participants, meeting_agenda_items), read only through
 * the reader (docs/architecture.md, "The door"). A meeting asked for by name is `readMeeting`
 * (load it or 404, then one recorded `require`); a case's or a client's list is one `check` per
 * meeting, refused ones left out.
 */
export interface MeetingScope {
  row: Meeting;
  participants: MeetingParticipant[];
  agenda: MeetingAgendaItem[];
  facts: MeetingFacts;
  case: CaseFacts;
  caseNumber: number;
}

export function meetingFacts(row: Pick<Meeting, "organizerOrganizationId" | "organizerUnitId" | "status" | "startsAt" | "clientTakesPart" | "noteTakerOrganizationId">, participants: readonly Pick<MeetingParticipant, "unitId" | "organizationId">[], directory: Directory): MeetingFacts {
  const noteTakerKind = directory.organizations.get(row.noteTakerOrganizationId)?.kind ?? "unemployment_fund";
  return {
    noteTakerOrganizationId: row.noteTakerOrganizationId,
    noteTakerKind,
    notesCategory: meetingNotesCategory(noteTakerKind),
    organizerOrganizationId: row.organizerOrganizationId,
    organizerUnitId: row.organizerUnitId,
    participants: participants.map(({ unitId, organizationId }) => ({ unitId, organizationId })),
    status: row.status,
    startsAt: row.startsAt,
    clientTakesPart: row.clientTakesPart,
  };
}

const participantsOfMeetings = statement((db) => db.select().from(meetingParticipants).where(anyOf(meetingParticipants.meetingId, "ids")));
const agendaOfMeetings = statement((db) =>
  db.select().from(meetingAgendaItems).where(anyOf(meetingAgendaItems.meetingId, "ids")).orderBy(asc(meetingAgendaItems.position), asc(meetingAgendaItems.addedAt)),
);

async function scopesOf(reader: Reader, rows: Meeting[]): Promise<MeetingScope[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((row) => row.id);
  const [participants, agenda, kases, directory] = await together([
    participantsOfMeetings(reader.tx, { ids }),
    agendaOfMeetings(reader.tx, { ids }),
    caseRows(reader, rows.map((row) => row.caseId)),
    directoryOf(reader),
  ]);
  return rows.map((row) => {
    const own = participants.filter((participant) => participant.meetingId === row.id);
    const kase = kases.get(row.caseId)!;
    return { row, participants: own, agenda: agenda.filter((item) => item.meetingId === row.id), facts: meetingFacts(row, own, directory), case: caseFacts(kase), caseNumber: kase.number };
  });
}

export interface MeetingAccess {
  /** meeting.view (default), meeting.manage (the organiser's changes) or meeting.respond. */
  action?: Extract<Action, "meeting.view" | "meeting.manage" | "meeting.respond">;
  /** How the audit trail names what was read ("meeting", "meeting_calendar", "meeting_form"). */
  resourceType?: string;
  /** Takes the row lock that serialises changes to this meeting (its SEQUENCE must rise by one per change). */
  lock?: boolean;
}

/**
 * "Load the meeting or 404": the meeting on `caseId` (when given) after the gate allowed `action`
 * on it, recorded about its client. Unknown or malformed ids, a meeting of another case, and
 * refusals all answer 404 (DomainError not_found or AccessDenied).
 */
export async function readMeeting(reader: Reader, meetingId: string, access: MeetingAccess & { caseId?: string } = {}): Promise<MeetingScope & { decision: Allowed }> {
  if (!isUuid(meetingId)) throw notFound();
  const query = reader.tx.select().from(meetings).where(eq(meetings.id, meetingId));
  const [row] = access.lock ? await query.for("update") : await query;
  if (!row || (access.caseId !== undefined && row.caseId !== access.caseId)) throw notFound();
  const [scope] = await scopesOf(reader, [row]);
  const decision = await reader.require(access.action ?? "meeting.view", { type: "meeting", meeting: scope!.facts, case: scope!.case }, { resourceType: access.resourceType ?? "meeting", resourceId: row.id });
  return { ...scope!, decision };
}

const meetingsOfCase = statement((db) => db.select().from(meetings).where(eq(meetings.caseId, sql.placeholder("caseId"))).orderBy(asc(meetings.startsAt)));

/** The meetings of a case the actor may see (each one a recorded meeting.view; refused ones are left out), soonest first. */
export async function readCaseMeetings(reader: Reader, caseId: string): Promise<MeetingScope[]> {
  const rows = await meetingsOfCase(reader.tx, { caseId });
  return shownOf(reader, await scopesOf(reader, rows), "meeting_list");
}

/** The signed-in client's meetings, latest first (own data: each a recorded meeting.view). */
export async function readOwnMeetings(reader: Reader<ClientActor>): Promise<MeetingScope[]> {
  const rows = await reader.tx.select().from(meetings).where(eq(meetings.clientId, reader.actor.clientId)).orderBy(desc(meetings.startsAt));
  return shownOf(reader, await scopesOf(reader, rows), "meeting_list");
}

async function shownOf(reader: Reader, scopes: MeetingScope[], resourceType: string): Promise<MeetingScope[]> {
  const shown: MeetingScope[] = [];
  for (const scope of scopes) {
    const decision: Decision = await reader.check("meeting.view", { type: "meeting", meeting: scope.facts, case: scope.case }, { resourceType, resourceId: scope.row.id });
    if (decision.allowed) shown.push(scope);
  }
  return shown;
}

/** The case a meeting is called on, for the organiser (case.view, recorded; closed or unseen: 404). */
export function readCaseForMeeting(reader: Reader, caseId: string) {
  return readCase(reader, caseId, { resourceType: "meeting_form" });
}

/**
 * Whether a meeting is still planned at this SEQUENCE (a reminder rendered for it is still true),
 * for the reminder job, which runs outside any request: the only thing that leaves is yes or no,
 * nothing about the client (ADR 0015's list of system reads, ADR 0022).
 */
export async function meetingStillAsScheduled(meetingId: string, sequence: number): Promise<boolean> {
  if (!isUuid(meetingId)) return false;
  const [row] = await db().select({ status: meetings.status, sequence: meetings.sequence }).from(meetings).where(eq(meetings.id, meetingId));
  return row?.status === "planned" && row.sequence === sequence;
}

export interface NotesScope {
  row: MeetingNotes;
  decision: Allowed;
  /** Every review of every version, oldest first. */
  reviews: MeetingNoteReview[];
  comments: MeetingNoteComment[];
}

type NotesAction = Extract<Action, `notes.${string}`>;

const notesResource = (scope: MeetingScope, state: MeetingNotes["state"]) => ({ type: "meeting_notes" as const, meeting: scope.facts, case: scope.case, state });

/**
 * The meeting's notes for `action`, decided by the gate and recorded (category: the note-taker's
 * meeting-notes category). `require` (default) throws AccessDenied (404) when refused; otherwise a
 * refusal is recorded as withheld and answers null. Null too when there are no notes yet (for
 * notes.write and notes.propose the gate still decides, on an empty draft: only the note-taker
 * gets that far).
 */
export async function readNotes(reader: Reader, scope: MeetingScope, action: NotesAction, options: { require?: boolean; lock?: boolean } = {}): Promise<NotesScope | null> {
  const query = reader.tx.select().from(meetingNotes).where(eq(meetingNotes.meetingId, scope.row.id));
  const [row] = options.lock ? await query.for("update") : await query;
  const target = { resourceType: "meeting_notes", resourceId: row?.id ?? scope.row.id };
  const resource = notesResource(scope, row?.state ?? "draft");
  if (!row) {
    if (action === "notes.write" || action === "notes.propose") await reader.require(action, resource, target);
    return null;
  }
  const decision = options.require === false ? await reader.check(action, resource, target) : await reader.require(action, resource, target);
  if (!decision.allowed) return null;
  const reviews = await reader.tx.select().from(meetingNoteReviews).where(eq(meetingNoteReviews.noteId, row.id)).orderBy(asc(meetingNoteReviews.at), asc(meetingNoteReviews.id));
  const comments = await reader.tx.select().from(meetingNoteComments).where(eq(meetingNoteComments.noteId, row.id)).orderBy(asc(meetingNoteComments.at));
  return { row, decision, reviews, comments };
}


/** The organisations that approved this version of notes the reader already let the actor change (after a review or a circulation in this look). */
export async function approvingOrganizations(reader: Reader, noteId: string, version: number): Promise<Set<string>> {
  const rows = await reader.tx
    .select({ organizationId: meetingNoteReviews.organizationId })
    .from(meetingNoteReviews)
    .where(and(eq(meetingNoteReviews.noteId, noteId), eq(meetingNoteReviews.version, version), eq(meetingNoteReviews.decision, "approved")));
  return new Set(rows.map((row) => row.organizationId));
}
