import { boolean, index, integer, pgEnum, pgTable, primaryKey, text, uuid } from "drizzle-orm/pg-core";
import { cases } from "./cases";
import { clients } from "./clients";
import { organizations, orgUnits, users } from "./directory";
import { timestamptz } from "./columns";

/** avstämningsmöte (Försäkringskassan), SIP-möte (samordnad individuell plan, HSL 16 kap. 4 §, SoL 2 kap. 7 §), samordningsmöte, other. */
export const meetingKind = pgEnum("meeting_kind", ["avstamningsmote", "sip", "samordningsmote", "other"]);
export const meetingStatus = pgEnum("meeting_status", ["planned", "cancelled"]);
/** A participant's answer to the invitation (iCalendar's PARTSTAT: NEEDS-ACTION, ACCEPTED, DECLINED, TENTATIVE). */
export const meetingResponse = pgEnum("meeting_response", ["pending", "yes", "no", "maybe"]);

/**
 * A coordination meeting about one case, called by an officer on it; the caller's unit organises
 * it. Times are UTC instants of the Swedish wall-clock times typed (Europe/Stockholm), so a meeting
 * across the clock change keeps its local time. `sequence` is the invitation's iCalendar SEQUENCE
 * (RFC 5545 §3.8.7.4): 0 when called, one higher for every change and for the cancellation.
 */
export const meetings = pgTable(
  "meetings",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    caseId: uuid("case_id")
      .notNull()
      .references(() => cases.id),
    clientId: uuid("client_id")
      .notNull()
      .references(() => clients.id),
    kind: meetingKind("kind").notNull(),
    organizerOrganizationId: uuid("organizer_organization_id")
      .notNull()
      .references(() => organizations.id),
    organizerUnitId: uuid("organizer_unit_id")
      .notNull()
      .references(() => orgUnits.id),
    calledBy: text("called_by")
      .notNull()
      .references(() => users.id),
    startsAt: timestamptz("starts_at").notNull(),
    endsAt: timestamptz("ends_at").notNull(),
    /** An address or a room; at least one of place and video link. */
    place: text("place"),
    videoLink: text("video_link"),
    /** The organisation that writes the notes (minnesanteckningar): one of the participants'. */
    noteTakerOrganizationId: uuid("note_taker_organization_id")
      .notNull()
      .references(() => organizations.id),
    /** The client always takes part, unless the organiser records why not. */
    clientTakesPart: boolean("client_takes_part").notNull().default(true),
    clientAbsenceReason: text("client_absence_reason"),
    clientResponse: meetingResponse("client_response").notNull().default("pending"),
    clientRespondedAt: timestamptz("client_responded_at"),
    status: meetingStatus("status").notNull().default("planned"),
    sequence: integer("sequence").notNull().default(0),
    createdAt: timestamptz("created_at").notNull(),
    updatedAt: timestamptz("updated_at").notNull(),
    cancelledAt: timestamptz("cancelled_at"),
    cancelledBy: text("cancelled_by").references(() => users.id),
  },
  (table) => [index("meetings_case_idx").on(table.caseId, table.startsAt), index("meetings_client_idx").on(table.clientId, table.startsAt)],
);

/** A unit taking part (and, if known, the named officer who comes), with its answer. */
export const meetingParticipants = pgTable(
  "meeting_participants",
  {
    meetingId: uuid("meeting_id")
      .notNull()
      .references(() => meetings.id),
    unitId: uuid("unit_id")
      .notNull()
      .references(() => orgUnits.id),
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id),
    officerId: text("officer_id").references(() => users.id),
    response: meetingResponse("response").notNull().default("pending"),
    respondedBy: text("responded_by").references(() => users.id),
    respondedAt: timestamptz("responded_at"),
  },
  (table) => [primaryKey({ columns: [table.meetingId, table.unitId] }), index("meeting_participants_unit_idx").on(table.unitId)],
);

/**
 * A numbered point of the agenda with its owner: a participating unit, or the client ("Det här
 * vill jag prata om", in their own words).
 */
export const meetingAgendaItems = pgTable(
  "meeting_agenda_items",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    meetingId: uuid("meeting_id")
      .notNull()
      .references(() => meetings.id),
    position: integer("position").notNull(),
    text: text("text").notNull(),
    /** The unit that owns the point; null when the client does. */
    ownerUnitId: uuid("owner_unit_id").references(() => orgUnits.id),
    byClient: boolean("by_client").notNull().default(false),
    addedBy: text("added_by").references(() => users.id),
    addedAt: timestamptz("added_at").notNull(),
  },
  (table) => [index("meeting_agenda_items_meeting_idx").on(table.meetingId, table.position)],
);

export type Meeting = typeof meetings.$inferSelect;
export type MeetingParticipant = typeof meetingParticipants.$inferSelect;
export type MeetingAgendaItem = typeof meetingAgendaItems.$inferSelect;
export type MeetingKind = (typeof meetingKind.enumValues)[number];
export type MeetingResponse = (typeof meetingResponse.enumValues)[number];
