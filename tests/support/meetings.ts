import { meetingAgendaItems, meetingParticipants, meetings } from "../../db/schema";
import type { Queryable } from "~/lib/db.server";

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
