import { boolean, index, integer, jsonb, pgEnum, pgTable, primaryKey, text, unique, uuid } from "drizzle-orm/pg-core";
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

export const meetingNotesState = pgEnum("meeting_notes_state", ["draft", "circulated", "approved"]);
export const meetingNotesReview = pgEnum("meeting_notes_review", ["approved", "change_requested"]);

/** The notes' content: per agenda point what was said and decided, and the agreed next steps. */
export interface MeetingNotesContent {
  points: { position: number; topic: string; said: string; decided: string }[];
  /** `due` is a Swedish calendar date (YYYY-MM-DD). `id` names the step when it is sent to the plan. */
  nextSteps: { id: string; text: string; responsibleOrganizationId: string; due: string }[];
}

/**
 * The notes (minnesanteckningar) of a meeting, written by its note-taking organisation: a draft,
 * then circulated to the participating organisations, then approved when every one of them has
 * approved the current version, and locked. Any edit after circulation makes a new `version`, and
 * the reviews of earlier versions no longer count. `contentHash` (SHA-256, hex, of the approved
 * version's language and content) is set at approval.
 */
export const meetingNotes = pgTable("meeting_notes", {
  id: uuid("id").primaryKey().defaultRandom(),
  meetingId: uuid("meeting_id")
    .notNull()
    .unique()
    .references(() => meetings.id),
  caseId: uuid("case_id")
    .notNull()
    .references(() => cases.id),
  clientId: uuid("client_id")
    .notNull()
    .references(() => clients.id),
  noteTakerOrganizationId: uuid("note_taker_organization_id")
    .notNull()
    .references(() => organizations.id),
  state: meetingNotesState("state").notNull().default("draft"),
  version: integer("version").notNull().default(1),
  /** The language the notes are written in; the client reads them in it. */
  language: text("language", { enum: ["sv", "en"] }).notNull(),
  content: jsonb("content").$type<MeetingNotesContent>().notNull(),
  contentHash: text("content_hash"),
  /** Next steps sent to the shared plan: step id → plan activity id (outside the approved content). */
  stepActivities: jsonb("step_activities").$type<Record<string, string>>().notNull().default({}),
  writtenBy: text("written_by")
    .notNull()
    .references(() => users.id),
  updatedAt: timestamptz("updated_at").notNull(),
  circulatedAt: timestamptz("circulated_at"),
  approvedAt: timestamptz("approved_at"),
});

/** One participating organisation's review of one version of the notes: approved, or a change asked for with a comment. */
export const meetingNoteReviews = pgTable(
  "meeting_note_reviews",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    noteId: uuid("note_id")
      .notNull()
      .references(() => meetingNotes.id),
    version: integer("version").notNull(),
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id),
    decision: meetingNotesReview("decision").notNull(),
    comment: text("comment"),
    byUser: text("by_user")
      .notNull()
      .references(() => users.id),
    at: timestamptz("at").notNull(),
  },
  (table) => [unique("meeting_note_reviews_one_per_version").on(table.noteId, table.version, table.organizationId)],
);

/** The client's comment on the approved notes, in their own words. */
export const meetingNoteComments = pgTable("meeting_note_comments", {
  id: uuid("id").primaryKey().defaultRandom(),
  noteId: uuid("note_id")
    .notNull()
    .references(() => meetingNotes.id),
  version: integer("version").notNull(),
  clientId: uuid("client_id")
    .notNull()
    .references(() => clients.id),
  text: text("text").notNull(),
  at: timestamptz("at").notNull(),
});

export type Meeting = typeof meetings.$inferSelect;
export type MeetingNotes = typeof meetingNotes.$inferSelect;
export type MeetingNoteReview = typeof meetingNoteReviews.$inferSelect;
export type MeetingNoteComment = typeof meetingNoteComments.$inferSelect;
export type MeetingParticipant = typeof meetingParticipants.$inferSelect;
export type MeetingAgendaItem = typeof meetingAgendaItems.$inferSelect;
export type MeetingKind = (typeof meetingKind.enumValues)[number];
export type MeetingResponse = (typeof meetingResponse.enumValues)[number];
