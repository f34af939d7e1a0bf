import { TZDate } from "@date-fns/tz";
import { getVtimezoneComponent } from "@touch4it/ical-timezones";
import { attachmentResponse } from "~/services/messages/attachments.server";
import ical, { ICalAttendeeRole, ICalAttendeeStatus, ICalCalendarMethod, ICalEventStatus } from "ical-generator";

/**
 * The iCalendar invitation (RFC 5545, iTIP RFC 5546) a coordination meeting sends to every staff
 * participant's unit mailbox. Times are written in Swedish local time with TZID=Europe/Stockholm
 * and the zone's VTIMEZONE, so a meeting at 09:00 stays at 09:00 across a clock change in every
 * calendar program. People answer in Samsyn, not by mail: RSVP is off.
 */
export interface MeetingInvitation {
  /** Stable for the meeting's whole life: `meetingUid(meetingId, host)`. */
  uid: string;
  /** 0 at the first invitation; the caller raises it by one for every change and for the cancellation (RFC 5545 §3.8.7.4). */
  sequence: number;
  /** REQUEST and CANCEL are invitations (iTIP, RFC 5546); PUBLISH is the downloadable file, which invites no one. */
  method: "REQUEST" | "CANCEL" | "PUBLISH";
  /** STATUS: cancelled for a CANCEL, and for a download of a cancelled meeting. */
  cancelled?: boolean;
  /** UTC instants; written as Swedish local time. */
  start: Date;
  end: Date;
  /** Written by the caller, e.g. "Avstämningsmöte – ärende 1042" (never a client's name). */
  summary: string;
  /** The caller's text, including a link to the meeting in Samsyn. */
  description: string;
  location?: string | null;
  /** A video link, if any: the URL property, and appended to the description. */
  url?: string | null;
  organizer: { name: string; email: string };
  attendees: { name: string; email: string }[];
  /** DTSTAMP: when this version was made. */
  stamp: Date;
}

export const meetingTimeZone = "Europe/Stockholm";

/** A meeting's UID, the same in every version of its invitation: `<meetingId>@<host>` (RFC 5545 §3.8.4.7). */
export const meetingUid = (meetingId: string, host: string): string => `${meetingId}@${host}`;

/** The Content-Type of the text/calendar part that carries an invitation (RFC 6047 §2.4). */
export const calendarContentType = (method: MeetingInvitation["method"]): string => `text/calendar; charset=utf-8; method=${method}`;

/**
 * A link as the URL property's value. A URI value is not text (RFC 5545 §3.3.13, §3.8.4.6) and
 * takes no backslash escapes, but ical-generator escapes ";", "," and "\\" as text, which would
 * break the link: those three are percent-encoded instead (RFC 3986), which a browser reads as
 * the same address.
 */
const uriValue = (url: string) => url.replace(/[;,\\]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`);

/** The .ics text (CRLF lines, folded at 75 octets) of one version of a meeting's invitation. */
export function meetingCalendar(invitation: MeetingInvitation): string {
  const calendar = ical({
    prodId: { company: "Samsyn", product: "Samsyn", language: "SV" },
    method: invitation.method === "CANCEL" ? ICalCalendarMethod.CANCEL : invitation.method === "PUBLISH" ? ICalCalendarMethod.PUBLISH : ICalCalendarMethod.REQUEST,
    // No calendar-wide zone name: ical-generator would then write DTSTAMP in local time without
    // "Z", which RFC 5545 forbids. The generator alone adds the VTIMEZONE of the events' zone.
    timezone: { name: null, generator: getVtimezoneComponent },
  });
  const description = invitation.url ? `${invitation.description}\n\n${invitation.url}` : invitation.description;
  calendar.createEvent({
    id: invitation.uid,
    sequence: invitation.sequence,
    stamp: invitation.stamp,
    // With a TZID, ical-generator writes a plain Date's wall clock in the *process's* time zone;
    // a TZDate carries Stockholm's, whatever TZ the server runs in.
    start: new TZDate(invitation.start.getTime(), meetingTimeZone),
    end: new TZDate(invitation.end.getTime(), meetingTimeZone),
    timezone: meetingTimeZone,
    summary: invitation.summary,
    description,
    location: invitation.location || null,
    url: invitation.url ? uriValue(invitation.url) : null,
    status: invitation.method === "CANCEL" || invitation.cancelled ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
    organizer: { name: invitation.organizer.name, email: invitation.organizer.email },
    attendees: invitation.attendees.map((attendee) => ({
      name: attendee.name,
      email: attendee.email,
      role: ICalAttendeeRole.REQ,
      status: ICalAttendeeStatus.NEEDSACTION,
      rsvp: false,
    })),
  });
  return calendar.toString();
}

/**
 * A meeting's .ics as a download, like every stored file Samsyn hands out (attachmentResponse:
 * Content-Disposition attachment with the name in RFC 8187 form, nosniff, no-store, a sandboxing
 * CSP), typed text/calendar in UTF-8 (RFC 5545 §8.1).
 */
export function calendarFileResponse(file: { filename: string; content: string }): Response {
  const bytes = new TextEncoder().encode(file.content);
  return attachmentResponse({ filename: file.filename, contentType: "text/calendar; charset=utf-8", size: bytes.byteLength }, bytes);
}
