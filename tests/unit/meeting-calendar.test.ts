import ICAL from "ical.js";
import { afterEach, describe, expect, it } from "vitest";
import { calendarContentType, meetingCalendar, meetingUid, type MeetingInvitation } from "~/services/meetings/calendar.server";

/**
 * The invitation a coordination meeting mails to each unit mailbox, read back with Mozilla's
 * parser (ical.js) the way a calendar program would: one UID for the meeting's whole life, a
 * rising SEQUENCE, Swedish local time with the zone's own VTIMEZONE, and text that survives
 * escaping and line folding.
 */
const invitation = (changes: Partial<MeetingInvitation> = {}): MeetingInvitation => ({
  uid: meetingUid("5f0c2a9e-1d5b-4c1e-9a55-3f1a8f9e2b10", "samsyn.example"),
  sequence: 0,
  method: "REQUEST",
  // Friday 26 March 2027, 09:00–10:00 Swedish winter time (UTC+1).
  start: new Date("2027-03-26T08:00:00Z"),
  end: new Date("2027-03-26T09:00:00Z"),
  summary: "Avstämningsmöte – ärende 1042",
  description: "Ett avstämningsmöte har bokats. Se mötet i Samsyn: https://samsyn.example/meetings/5f0c2a9e",
  location: "Arbetsförmedlingen Östersund, rum 3",
  url: null,
  organizer: { name: "Anna Andersson", email: "ostersund@af.samsyn.example" },
  attendees: [
    { name: "Socialtjänsten Östersund", email: "socialtjansten@ostersund.samsyn.example" },
    { name: "Region Jämtland Härjedalen, vårdcentral Z", email: "vc-z@regionjh.samsyn.example" },
  ],
  stamp: new Date("2027-03-01T10:15:00Z"),
  ...changes,
});

interface Parsed {
  calendar: ICAL.Component;
  event: ICAL.Event;
  vevent: ICAL.Component;
}

const parse = (text: string): Parsed => {
  const calendar = new ICAL.Component(ICAL.parse(text));
  const vevent = calendar.getFirstSubcomponent("vevent")!;
  return { calendar, vevent, event: new ICAL.Event(vevent) };
};

/** DTSTART as written: its TZID parameter and its local wall time. */
const dtstart = (vevent: ICAL.Component) => {
  const property = vevent.getFirstProperty("dtstart")!;
  const time = property.getFirstValue() as ICAL.Time;
  return { tzid: property.getParameter("tzid"), local: `${String(time.hour).padStart(2, "0")}:${String(time.minute).padStart(2, "0")}`, date: time.toString().slice(0, 10) };
};

/** The UTC instant of a DTSTART/DTEND read through the VTIMEZONE the file itself carries (not the machine's zone data). */
const instantThroughEmbeddedZone = (parsed: Parsed, name: "dtstart" | "dtend"): string => {
  const zones = parsed.calendar.getAllSubcomponents("vtimezone");
  expect(zones).toHaveLength(1);
  const zone = new ICAL.Timezone(zones[0]!);
  expect(zone.tzid).toBe("Europe/Stockholm");
  const written = parsed.vevent.getFirstPropertyValue(name) as ICAL.Time;
  const local = new ICAL.Time({ year: written.year, month: written.month, day: written.day, hour: written.hour, minute: written.minute, second: written.second, isDate: false }, zone);
  return local.convertToZone(ICAL.Timezone.utcTimezone).toJSDate().toISOString();
};

const unfold = (text: string) => text.replace(/\r\n[ \t]/g, "");

afterEach(() => ICAL.TimezoneService.reset());

describe("a meeting's invitation, change and cancellation", () => {
  const first = parse(meetingCalendar(invitation()));
  const moved = parse(meetingCalendar(invitation({ sequence: 1, start: new Date("2027-03-26T12:00:00Z"), end: new Date("2027-03-26T13:00:00Z"), stamp: new Date("2027-03-02T09:00:00Z") })));
  const cancelled = parse(meetingCalendar(invitation({ sequence: 2, method: "CANCEL", stamp: new Date("2027-03-03T09:00:00Z") })));

  it("keeps one UID for all three", () => {
    expect(first.event.uid).toBe("5f0c2a9e-1d5b-4c1e-9a55-3f1a8f9e2b10@samsyn.example");
    expect(moved.event.uid).toBe(first.event.uid);
    expect(cancelled.event.uid).toBe(first.event.uid);
  });

  it("raises SEQUENCE with each version and says what each is", () => {
    expect([first, moved, cancelled].map((parsed) => parsed.event.sequence)).toEqual([0, 1, 2]);
    expect([first, moved, cancelled].map((parsed) => parsed.calendar.getFirstPropertyValue("method"))).toEqual(["REQUEST", "REQUEST", "CANCEL"]);
    expect([first, moved, cancelled].map((parsed) => parsed.vevent.getFirstPropertyValue("status"))).toEqual(["CONFIRMED", "CONFIRMED", "CANCELLED"]);
    expect(dtstart(moved.vevent).local).toBe("13:00");
  });

  it("stamps each version in UTC with the time it was made", () => {
    const stamp = (parsed: Parsed) => parsed.vevent.getFirstPropertyValue("dtstamp") as ICAL.Time;
    expect(stamp(first).zone).toBe(ICAL.Timezone.utcTimezone);
    expect([first, moved, cancelled].map((parsed) => stamp(parsed).toJSDate().toISOString())).toEqual([
      "2027-03-01T10:15:00.000Z",
      "2027-03-02T09:00:00.000Z",
      "2027-03-03T09:00:00.000Z",
    ]);
  });

  it("names Samsyn as the program that made it", () => {
    expect(String(first.calendar.getFirstPropertyValue("prodid"))).toMatch(/Samsyn/);
  });

  it("lists the organizer and every participant, who answer in Samsyn and not by mail", () => {
    expect(first.event.organizer.toLowerCase()).toBe("mailto:ostersund@af.samsyn.example");
    const attendees = first.vevent.getAllProperties("attendee");
    expect(attendees.map((attendee) => String(attendee.getFirstValue()).toLowerCase())).toEqual([
      "mailto:socialtjansten@ostersund.samsyn.example",
      "mailto:vc-z@regionjh.samsyn.example",
    ]);
    expect(attendees.map((attendee) => attendee.getParameter("cn"))).toEqual(["Socialtjänsten Östersund", "Region Jämtland Härjedalen, vårdcentral Z"]);
    for (const attendee of attendees) {
      expect(attendee.getParameter("role")).toBe("REQ-PARTICIPANT");
      expect(attendee.getParameter("partstat")).toBe("NEEDS-ACTION");
      expect(attendee.getParameter("rsvp")).toBe("FALSE");
    }
  });

  it("has a content type that names the method", () => {
    expect(calendarContentType("REQUEST")).toBe("text/calendar; charset=utf-8; method=REQUEST");
    expect(calendarContentType("CANCEL")).toBe("text/calendar; charset=utf-8; method=CANCEL");
  });
});

describe("Swedish local time across the clock change (summer time begins Sunday 28 March 2027)", () => {
  it("writes 09:00 with TZID=Europe/Stockholm on Friday before the change (08:00 UTC) and reads back the instant", () => {
    const parsed = parse(meetingCalendar(invitation()));
    expect(dtstart(parsed.vevent)).toEqual({ tzid: "Europe/Stockholm", local: "09:00", date: "2027-03-26" });
    expect(parsed.vevent.getFirstProperty("dtend")!.getParameter("tzid")).toBe("Europe/Stockholm");
    expect(instantThroughEmbeddedZone(parsed, "dtstart")).toBe("2027-03-26T08:00:00.000Z");
    expect(instantThroughEmbeddedZone(parsed, "dtend")).toBe("2027-03-26T09:00:00.000Z");
  });

  it("writes 09:00 on Monday after the change (07:00 UTC) and reads back the instant", () => {
    const parsed = parse(meetingCalendar(invitation({ start: new Date("2027-03-29T07:00:00Z"), end: new Date("2027-03-29T08:30:00Z") })));
    expect(dtstart(parsed.vevent)).toEqual({ tzid: "Europe/Stockholm", local: "09:00", date: "2027-03-29" });
    expect(instantThroughEmbeddedZone(parsed, "dtstart")).toBe("2027-03-29T07:00:00.000Z");
    expect(instantThroughEmbeddedZone(parsed, "dtend")).toBe("2027-03-29T08:30:00.000Z");
  });

  it("gives ical.js's own event reading the same instant once the file's VTIMEZONE is registered", () => {
    const parsed = parse(meetingCalendar(invitation({ start: new Date("2027-03-29T07:00:00Z"), end: new Date("2027-03-29T08:00:00Z") })));
    ICAL.TimezoneService.register(parsed.calendar.getFirstSubcomponent("vtimezone")!);
    const reread = parse(meetingCalendar(invitation({ start: new Date("2027-03-29T07:00:00Z"), end: new Date("2027-03-29T08:00:00Z") })));
    expect(reread.event.startDate.zone?.tzid).toBe("Europe/Stockholm");
    expect(reread.event.startDate.toJSDate().toISOString()).toBe("2027-03-29T07:00:00.000Z");
  });
});

describe("text that must survive escaping and folding", () => {
  it("round-trips a location with commas, semicolons and a line break", () => {
    const location = "Storgatan 1, plan 2; rum 3\nIngång från gården, ring på";
    const text = meetingCalendar(invitation({ location }));
    expect(parse(text).event.location).toBe(location);
    // Escaped, not written raw (a raw ";" or line break would end the value early).
    expect(unfold(text)).toContain("LOCATION:Storgatan 1\\, plan 2\\; rum 3\\nIngång från gården\\, ring på\r\n");
  });

  it("round-trips a long description with Swedish letters, folded at 75 octets", () => {
    const description = `${"Mötet gäller samordning av insatser för ärende 1042, läs underlaget i förväg. ".repeat(8)}Länk: https://samsyn.example/meetings/5f0c2a9e`;
    const text = meetingCalendar(invitation({ description }));
    expect(parse(text).event.description).toBe(description);
    const lines = text.split("\r\n");
    expect(lines.filter((line) => line.startsWith(" ")).length).toBeGreaterThan(5);
    for (const line of lines) expect(Buffer.byteLength(line, "utf8")).toBeLessThanOrEqual(75);
  });

  it("adds a video link as URL and at the end of the description", () => {
    const url = "https://video.example/m/abc-123";
    const parsed = parse(meetingCalendar(invitation({ url })));
    expect(parsed.vevent.getFirstPropertyValue("url")).toBe(url);
    expect(parsed.event.description).toBe(`${invitation().description}\n\n${url}`);
    expect(parse(meetingCalendar(invitation())).vevent.getFirstProperty("url")).toBeNull();
  });
});
