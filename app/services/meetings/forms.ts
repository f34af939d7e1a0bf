import { z } from "zod";
import { isClockTime, isIsoDate } from "~/lib/calendar";
import { isUuid } from "~/lib/ids";

/**
 * The meeting forms' schemas, shared by the pages and their actions (messages are i18n keys under
 * `errors.codes.meetings.*`). They check the shape; the services check what depends on the case
 * (the units taking part, the officers, the note-taker, the time not yet passed).
 */

export const meetingKinds = ["avstamningsmote", "sip", "samordningsmote", "other"] as const;
/** The most agenda points a meeting has (numbered 1–20). */
export const maxAgendaPoints = 20;
/** Longest agenda point (characters). */
export const maxPointLength = 500;
/** Longest place (characters): an address or a room. */
export const maxPlaceLength = 300;

const list = (value: unknown) => (value === undefined ? [] : Array.isArray(value) ? value : [value]);
const uuid = (message: string) => z.string().trim().refine(isUuid, message);

/** When and where: a Swedish date and wall-clock times (Europe/Stockholm), a place and/or a video link. */
const whenAndWhere = z.object({
  date: z.string().trim().refine(isIsoDate, "meetings.date_required"),
  start: z.string().trim().refine(isClockTime, "meetings.time_required"),
  end: z.string().trim().refine(isClockTime, "meetings.time_required"),
  // One line: it is written into the invitation's text, where a line break would start a line of the sender's own.
  place: z
    .string()
    .transform((value) => value.replace(/\s*[\r\n]+\s*/g, ", ").trim())
    .pipe(z.string().max(maxPlaceLength, "meetings.place_too_long"))
    .default(""),
  videoLink: z
    .string()
    .trim()
    .max(500, "meetings.video_link_invalid")
    .default("")
    .refine((value) => value === "" || isHttpsUrl(value), "meetings.video_link_invalid"),
});

/** A video link must be an https address (it is put in calendars and shown as a link). */
export function isHttpsUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === "https:" && url.hostname.length > 0 && !url.username && !url.password;
  } catch {
    return false;
  }
}

/** How far ahead a meeting may be called (years): a date beyond it is a typing mistake. */
export const maxYearsAhead = 2;

const checkWhenAndWhere = (input: z.infer<typeof whenAndWhere>, context: z.RefinementCtx) => {
  if (input.end <= input.start) context.addIssue({ code: "custom", path: ["end"], message: "meetings.end_before_start" });
  if (!input.place && !input.videoLink) context.addIssue({ code: "custom", path: ["place"], message: "meetings.place_required" });
};

/**
 * Calling a meeting (`/cases/:caseId/meetings/new`). Units are the case's units invited (the
 * organiser's own always takes part); `officer` entries are "<unitId>:<userId>" for the named
 * officer of a unit, if known; agenda rows are `agendaText[i]` with `agendaOwner[i]` (a unit id,
 * or "client"), blank rows left out.
 */
export const meetingFormSchema = whenAndWhere
  .extend({
    kind: z.enum(meetingKinds, { message: "meetings.kind_required" }),
    noteTaker: uuid("meetings.note_taker_required"),
    unit: z.preprocess(list, z.array(uuid("meetings.units_required")).max(30, "meetings.units_required")),
    officer: z.preprocess(list, z.array(z.string().max(200)).max(30)),
    clientTakesPart: z.enum(["yes", "no"]).default("yes"),
    clientAbsenceReason: z.string().trim().max(1000, "meetings.absence_reason_too_long").default(""),
    agendaText: z.preprocess(list, z.array(z.string().trim().max(maxPointLength, "meetings.point_too_long")).max(maxAgendaPoints, "meetings.too_many_points")),
    agendaOwner: z.preprocess(list, z.array(z.string().trim().max(100)).max(maxAgendaPoints)),
  })
  .superRefine((input, context) => {
    checkWhenAndWhere(input, context);
    if (input.clientTakesPart === "no" && input.clientAbsenceReason.length < 3) {
      context.addIssue({ code: "custom", path: ["clientAbsenceReason"], message: "meetings.absence_reason_required" });
    }
  });

export type MeetingInput = z.infer<typeof meetingFormSchema>;

/** Changing the time or place (`…/meetings/:meetingId/change`): the organiser, until it starts. */
export const meetingChangeSchema = whenAndWhere.superRefine(checkWhenAndWhere);
export type MeetingChange = z.infer<typeof meetingChangeSchema>;

/**
 * The meeting page's actions: an answer, a point for the agenda, (the organiser) cancelling, and
 * on the notes: approving or asking for a change with a comment, sending the next steps to the plan.
 */
export const meetingActionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("answer"), response: z.enum(["yes", "no", "maybe"], { message: "meetings.response_required" }) }),
  z.object({ intent: z.literal("point"), text: z.string().trim().min(1, "meetings.point_required").max(maxPointLength, "meetings.point_too_long") }),
  z.object({ intent: z.literal("cancel") }),
  z.object({ intent: z.literal("approve_notes"), version: z.coerce.number({ message: "form.invalid_value" }).int("form.invalid_value").positive("form.invalid_value") }),
  z.object({
    intent: z.literal("request_change"),
    version: z.coerce.number({ message: "form.invalid_value" }).int("form.invalid_value").positive("form.invalid_value"),
    comment: z.string().trim().min(1, "meetings.change_comment_required").max(2000, "meetings.comment_too_long"),
  }),
  z.object({ intent: z.literal("propose_steps") }),
]);
export type MeetingAction = z.infer<typeof meetingActionSchema>;

/** Longest "what was said" or "what was decided" of one point (characters). */
export const maxNotesText = 5000;

/**
 * The notes form's byte limit: 20 points of two 5 000-character texts and a 500-character topic,
 * 20 steps, every character as a percent-encoded three-byte one (å = %C3%A5, 6 bytes), with room
 * to spare; anything the schema accepts fits.
 */
export const notesFormLimit = 2 * 1024 * 1024;
/** The meeting form's byte limit: 20 agenda points of 500 characters and the rest, encoded likewise. */
export const meetingFormLimit = 256 * 1024;
/** Longest next step (characters): it becomes a plan activity's title. */
export const maxStepLength = 200;

/**
 * The notes (`…/meetings/:meetingId/notes`): the language they are written in; per agenda point
 * (`topic[i]`) what was said and decided; next steps as rows of text, responsible organisation and
 * date (blank rows left out); `intent` save (a draft, or a new version of circulated notes) or
 * circulate.
 */
export const notesFormSchema = z
  .object({
    intent: z.enum(["save", "circulate"]).default("save"),
    language: z.enum(["sv", "en"], { message: "meetings.language_required" }),
    topic: z.preprocess(list, z.array(z.string().trim().max(maxPointLength, "meetings.point_too_long")).max(maxAgendaPoints, "meetings.too_many_points")),
    said: z.preprocess(list, z.array(z.string().trim().max(maxNotesText, "meetings.notes_too_long")).max(maxAgendaPoints, "meetings.too_many_points")),
    decided: z.preprocess(list, z.array(z.string().trim().max(maxNotesText, "meetings.notes_too_long")).max(maxAgendaPoints, "meetings.too_many_points")),
    stepText: z.preprocess(list, z.array(z.string().trim().max(maxStepLength, "meetings.step_too_long")).max(maxAgendaPoints, "meetings.too_many_steps")),
    stepOrganization: z.preprocess(list, z.array(z.string().trim().max(100)).max(maxAgendaPoints, "meetings.too_many_steps")),
    stepDue: z.preprocess(list, z.array(z.string().trim().max(10)).max(maxAgendaPoints, "meetings.too_many_steps")),
  })
  .superRefine((input, context) => {
    input.stepText.forEach((text, index) => {
      if (!text) return;
      if (!isUuid(input.stepOrganization[index] ?? "")) context.addIssue({ code: "custom", path: ["steps"], message: "meetings.step_organization_required" });
      if (!isIsoDate(input.stepDue[index] ?? "")) context.addIssue({ code: "custom", path: ["steps"], message: "meetings.step_date_required" });
    });
  });
export type NotesInput = z.infer<typeof notesFormSchema>;

/** The client's meeting page: their answer (yes or no), a point in their own words, a comment on the approved notes. */
export const clientMeetingActionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("answer"), response: z.enum(["yes", "no"], { message: "meetings.response_required" }) }),
  z.object({ intent: z.literal("point"), text: z.string().trim().min(1, "meetings.point_required").max(maxPointLength, "meetings.point_too_long") }),
  z.object({ intent: z.literal("comment"), text: z.string().trim().min(1, "meetings.comment_required").max(2000, "meetings.comment_too_long") }),
]);
