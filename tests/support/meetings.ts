import { randomUUID } from "node:crypto";
import { meetingAgendaItems, meetingNoteReviews, meetingNotes, meetingParticipants, meetings, type MeetingNotesContent } from "../../db/schema";
import type { Queryable } from "~/lib/db.server";
import { notesHash } from "~/services/meetings/notes.server";

/** A unit and the organisation it belongs to. */
export interface UnitOf {
  organizationId: string;
  unitId: string;
}

/**
 * A planned coordination meeting written straight into its tables (meetings, meeting_participants,
 * meeting_agenda_items), as `callMeeting` stores one but with no invitation queued and no notice:
 * the organiser's unit and the other units taking part (each with its named officer, if any),
 * the client taking part, sequence 0, one agenda point owned by the organiser. Returns its id.
 */
export async function insertMeeting(
  database: Queryable,
  meeting: {
    caseId: string;
    clientId: string;
    organizer: UnitOf & { calledBy: string };
    participants: (UnitOf & { officerId?: string })[];
    noteTakerOrganizationId: string;
    startsAt: Date;
    place: string;
    agendaPoint: string;
  },
): Promise<string> {
  const at = new Date();
  const [row] = await database
    .insert(meetings)
    .values({
      caseId: meeting.caseId,
      clientId: meeting.clientId,
      kind: "samordningsmote",
      organizerOrganizationId: meeting.organizer.organizationId,
      organizerUnitId: meeting.organizer.unitId,
      calledBy: meeting.organizer.calledBy,
      startsAt: meeting.startsAt,
      endsAt: new Date(+meeting.startsAt + 90 * 60_000),
      place: meeting.place,
      videoLink: null,
      noteTakerOrganizationId: meeting.noteTakerOrganizationId,
      clientTakesPart: true,
      sequence: 0,
      createdAt: at,
      updatedAt: at,
    })
    .returning({ id: meetings.id });
  const meetingId = row!.id;
  const units = [{ ...meeting.organizer, officerId: meeting.organizer.calledBy }, ...meeting.participants.filter((unit) => unit.unitId !== meeting.organizer.unitId)];
  await database.insert(meetingParticipants).values(units.map((unit) => ({ meetingId, unitId: unit.unitId, organizationId: unit.organizationId, officerId: unit.officerId ?? null })));
  await database.insert(meetingAgendaItems).values({ meetingId, position: 1, text: meeting.agendaPoint, ownerUnitId: meeting.organizer.unitId, byClient: false, addedBy: meeting.organizer.calledBy, addedAt: at });
  return meetingId;
}

/**
 * Approved notes of a meeting written straight into their tables (meeting_notes,
 * meeting_note_reviews), as they stand once every participating organisation has approved
 * version 1: state approved, locked with the SHA-256 of what was approved (`notesHash`), one point
 * (its `said` text the caller's) and one next step, and an "approved" review of version 1 by each
 * organisation in `approvedBy` (the note-taker's own first: its circulation). Returns the notes' id.
 */
export async function insertApprovedNotes(
  database: Queryable,
  notes: {
    meetingId: string;
    caseId: string;
    clientId: string;
    noteTakerOrganizationId: string;
    writtenBy: string;
    topic: string;
    said: string;
    decided: string;
    step: { text: string; responsibleOrganizationId: string; due: string };
    approvedBy: { organizationId: string; byUser: string }[];
  },
): Promise<string> {
  const at = new Date();
  const content: MeetingNotesContent = {
    points: [{ position: 1, topic: notes.topic, said: notes.said, decided: notes.decided }],
    nextSteps: [{ id: randomUUID(), ...notes.step }],
  };
  const version = 1;
  const language = "sv" as const;
  const [row] = await database
    .insert(meetingNotes)
    .values({
      meetingId: notes.meetingId,
      caseId: notes.caseId,
      clientId: notes.clientId,
      noteTakerOrganizationId: notes.noteTakerOrganizationId,
      state: "approved",
      version,
      language,
      content,
      contentHash: notesHash({ version, language, content }),
      writtenBy: notes.writtenBy,
      updatedAt: at,
      circulatedAt: at,
      approvedAt: at,
    })
    .returning({ id: meetingNotes.id });
  const noteId = row!.id;
  await database.insert(meetingNoteReviews).values(notes.approvedBy.map((review) => ({ noteId, version, organizationId: review.organizationId, decision: "approved" as const, byUser: review.byUser, at })));
  return noteId;
}
