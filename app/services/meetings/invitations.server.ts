import { z } from "zod";
import { meetingCalendar, meetingUid, type MeetingInvitation } from "./calendar.server";
import type { Meeting } from "../../../db/schema";
import { unitNameOf, type Directory, type UnitName } from "~/access/directory.server";
import { swedishClock, swedishToday } from "~/lib/calendar";
import type { Queryable } from "~/lib/db.server";
import { getEnv } from "~/lib/env.server";
import { sendJobIn } from "~/lib/job-queue.server";
import { errorFields, log } from "~/lib/log.server";
import { sendMail } from "~/lib/mail.server";
import { caseReference } from "~/services/cases/references";

/**
 * A meeting's invitations by e-mail: one mail per participating unit's functional mailbox with
 * an iCalendar invitation (RFC 5545, iTIP RFC 5546: METHOD:REQUEST when called or changed, with
 * the same UID and a SEQUENCE one higher per change; METHOD:CANCEL when cancelled). The mail and
 * the calendar name the kind of meeting, the case reference (SAM-00042), the time and the place,
 * and link to the meeting in Samsyn — never the client's name or number (ADR 0022). Rendered when
 * queued, in the meeting's own transaction; the job only sends, with the queue's retries.
 */
export const meetingInvitationQueue = "meeting-invitation";

const kindWords = {
  avstamningsmote: { sv: "Avstämningsmöte", en: "Coordination meeting (avstämningsmöte)" },
  sip: { sv: "SIP-möte", en: "Coordinated individual plan meeting (SIP)" },
  samordningsmote: { sv: "Samordningsmöte", en: "Coordination meeting" },
  other: { sv: "Möte", en: "Meeting" },
} as const;

/** A job's data: one rendered mail (no client data) and, for the log, the meeting and unit. */
const invitationMail = z.object({
  meetingId: z.string().uuid(),
  unitId: z.string().uuid(),
  to: z.string().min(3),
  subject: z.string(),
  text: z.string(),
  calendar: z.object({ method: z.enum(["REQUEST", "CANCEL"]), content: z.string() }),
});
export type InvitationMail = z.infer<typeof invitationMail>;

/** The host part of every meeting UID: the public address's host, so UIDs are unique per installation. */
const uidHost = () => new URL(getEnv().publicUrl).host || "samsyn";

/** The meeting's page for an officer of `unitId` (the unit in the link, for officers of several units). */
const meetingLink = (meeting: Pick<Meeting, "id" | "caseId">) => `${getEnv().publicUrl}/cases/${meeting.caseId}/meetings/${meeting.id}`;

/** "<organisation> – <unit>": a unit as invitations and agendas name it. */
export const unitLine = (name: UnitName) => `${name.organization} – ${name.unit}`;

/** The participating units as the invitation names and addresses them, and the organising unit among them (null when none is in the directory). */
export interface CalendarUnits {
  units: { id: string; name: string; mailbox: string }[];
  organizer: { id: string; name: string; mailbox: string } | null;
}

export function calendarUnits(meeting: Pick<Meeting, "organizerUnitId">, unitIds: readonly string[], directory: Directory): CalendarUnits {
  const units = unitIds.flatMap((id) => {
    const unit = directory.units.get(id);
    return unit && directory.organizations.has(unit.organizationId) ? [{ id, name: unitLine(unitNameOf(directory, id)), mailbox: unit.mailbox }] : [];
  });
  return { units, organizer: units.find((unit) => unit.id === meeting.organizerUnitId) ?? units[0] ?? null };
}

/**
 * One version of a meeting's invitation as iCalendar text: `method` REQUEST (called, changed),
 * CANCEL, or PUBLISH for the file a participant downloads; the SEQUENCE is the meeting's (the
 * caller has raised it for a change or a cancellation). The organiser is the organising unit.
 */
export function invitationCalendar(meeting: Meeting, caseNumber: number, { units, organizer }: CalendarUnits, method: MeetingInvitation["method"], stamp: Date): string {
  const reference = caseReference(caseNumber);
  const kind = kindWords[meeting.kind];
  const invitation: MeetingInvitation = {
    uid: meetingUid(meeting.id, uidHost()),
    sequence: meeting.sequence,
    method,
    cancelled: meeting.status === "cancelled",
    start: meeting.startsAt,
    end: meeting.endsAt,
    summary: `${kind.sv} – ${reference}`,
    description: [`${kind.sv}, ärende ${reference}. Dagordning och deltagare i Samsyn:`, meetingLink(meeting), "", `${kind.en}, case ${reference}. Agenda and participants in Samsyn (link above).`].join("\n"),
    location: meeting.place,
    url: meeting.videoLink,
    organizer: { name: organizer?.name ?? "Samsyn", email: organizer?.mailbox ?? "" },
    attendees: units.map((unit) => ({ name: unit.name, email: unit.mailbox })),
    stamp,
  };
  return meetingCalendar(invitation);
}

/**
 * Queues the invitation (or its change or cancellation) to every participating unit, inside `tx`
 * (the meeting's transaction: no mail for a meeting that did not commit). Like the message notice,
 * a queue failure is logged (ids only) and never costs the meeting.
 */
export async function queueInvitations(tx: Queryable, meeting: Meeting, caseNumber: number, unitIds: readonly string[], directory: Directory, method: "REQUEST" | "CANCEL", at: Date): Promise<void> {
  const addressed = calendarUnits(meeting, unitIds, directory);
  if (!addressed.organizer) return;
  const content = invitationCalendar(meeting, caseNumber, addressed, method, at);
  const subject = invitationSubject(meeting, caseNumber, method);
  const text = invitationText(meeting, caseNumber, method);
  for (const unit of addressed.units) {
    const data: InvitationMail = { meetingId: meeting.id, unitId: unit.id, to: unit.mailbox, subject, text, calendar: { method, content } };
    try {
      const id = await tx.transaction((savepoint) => sendJobIn(savepoint, meetingInvitationQueue, data, { singletonKey: `${meeting.id}:${meeting.sequence}:${unit.id}` }));
      if (id === null) log.warn("Meeting invitation not queued (already queued, or no such queue)", { queue: meetingInvitationQueue, meetingId: meeting.id, unitId: unit.id });
    } catch (error) {
      log.error("Meeting invitation not queued", { queue: meetingInvitationQueue, meetingId: meeting.id, unitId: unit.id, ...errorFields(error) });
    }
  }
}

/** "2027-03-26 09:00–10:30": a meeting's Swedish date and wall-clock times, as mails name them. */
export const meetingWhen = (meeting: Pick<Meeting, "startsAt" | "endsAt">) => `${swedishToday(meeting.startsAt)} ${swedishClock(meeting.startsAt)}–${swedishClock(meeting.endsAt)}`;

/** The mail's subject: what, which case, when (Swedish time). */
export function invitationSubject(meeting: Meeting, caseNumber: number, method: "REQUEST" | "CANCEL"): string {
  const reference = caseReference(caseNumber);
  const head = method === "CANCEL" ? "Inställt / Cancelled" : meeting.sequence > 0 ? "Ändrad kallelse / Updated invitation" : "Kallelse / Invitation";
  return `${head}: ${kindWords[meeting.kind].sv} ${reference}, ${meetingWhen(meeting)}`;
}

/** The mail's plain text, Swedish first, then English. */
export function invitationText(meeting: Meeting, caseNumber: number, method: "REQUEST" | "CANCEL"): string {
  const reference = caseReference(caseNumber);
  const link = meetingLink(meeting);
  const place = [meeting.place, meeting.videoLink].filter(Boolean).join(" · ");
  const sv =
    method === "CANCEL"
      ? [`Mötet ${kindWords[meeting.kind].sv.toLowerCase()} i ärende ${reference} den ${meetingWhen(meeting)} (svensk tid) är inställt.`]
      : [
          meeting.sequence > 0 ? `Tid eller plats för mötet i ärende ${reference} har ändrats.` : `Er enhet är kallad till ett möte i ärende ${reference}.`,
          `${kindWords[meeting.kind].sv}, ${meetingWhen(meeting)} (svensk tid)`,
          `Plats: ${place}`,
          "",
          "Svara ja, nej eller kanske i Samsyn:",
          link,
        ];
  const en =
    method === "CANCEL"
      ? [`The meeting on case ${reference} on ${meetingWhen(meeting)} (Swedish time) is cancelled.`]
      : [
          meeting.sequence > 0 ? `The time or place of the meeting on case ${reference} has changed.` : `Your unit is invited to a meeting on case ${reference}.`,
          `${kindWords[meeting.kind].en}, ${meetingWhen(meeting)} (Swedish time)`,
          `Place: ${place}`,
          "",
          "Answer yes, no or maybe in Samsyn (link above).",
        ];
  return [...sv, "", "Kalenderinbjudan bifogas. Brevet skickas automatiskt och går inte att svara på.", "", "-----", "", ...en, "", "The calendar invitation is attached. This mail is sent automatically; replies are not read.", ""].join("\n");
}

/**
 * The job's handler: sends one rendered invitation. Resolves when the SMTP server accepted it;
 * rejects with the SMTP error so that the queue retries. Malformed data is logged and dropped.
 */
export async function sendInvitation(data: unknown): Promise<void> {
  const parsed = invitationMail.safeParse(data);
  if (!parsed.success) {
    log.error("Meeting invitation dropped: malformed job data", { queue: meetingInvitationQueue });
    return;
  }
  const { to, subject, text, calendar } = parsed.data;
  await sendMail({ to, subject, text, calendar });
}
