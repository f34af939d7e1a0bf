import ICAL from "ical.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sendMail, useSmtpServer } from "~/lib/mail.server";
import { meetingCalendar, meetingUid } from "~/services/meetings/calendar.server";
import { startSmtp } from "../support/smtp";

/**
 * A meeting invitation as the unit mailbox receives it: sent through `sendMail` over a real SMTP
 * conversation (smtp-server in this process), read back with mailparser, the calendar part parsed
 * with ical.js. A mail program shows "Accept / Decline" only for a text/calendar alternative whose
 * Content-Type names the method.
 */

let smtp: Awaited<ReturnType<typeof startSmtp>>;

beforeAll(async () => {
  smtp = await startSmtp();
  useSmtpServer(smtp.url);
});

afterAll(async () => {
  useSmtpServer(undefined);
  await smtp?.close();
});

describe("an invitation mail", () => {
  const content = meetingCalendar({
    uid: meetingUid("0b7d4d7e-8f7a-4b0e-a1c1-6f3e2d9c4a21", "samsyn.example"),
    sequence: 0,
    method: "REQUEST",
    start: new Date("2027-03-29T07:00:00Z"),
    end: new Date("2027-03-29T08:00:00Z"),
    summary: "Avstämningsmöte – ärende 1042",
    description: "Ett avstämningsmöte har bokats. Se mötet i Samsyn: https://samsyn.example/meetings/0b7d4d7e",
    location: "Arbetsförmedlingen Östersund, rum 3",
    organizer: { name: "Arbetsförmedlingen Östersund", email: "ostersund@af.samsyn.example" },
    attendees: [{ name: "Socialtjänsten Östersund", email: "socialtjansten@ostersund.samsyn.example" }],
    stamp: new Date("2027-03-01T10:15:00Z"),
  });
  const text = "Hej!\n\nEtt avstämningsmöte har bokats. Logga in i Samsyn för att se det:\nhttps://samsyn.example/meetings/0b7d4d7e\n";

  it("carries the plain text and a text/calendar; method=REQUEST alternative that parses", async () => {
    await sendMail({ to: "socialtjansten@ostersund.samsyn.example", subject: "Avstämningsmöte – ärende 1042", text, calendar: { method: "REQUEST", content } });

    expect(smtp.received).toHaveLength(1);
    const { raw, mail } = smtp.received[0]!;
    expect(mail.text).toBe(text);

    // The alternative beside the text, as calendar programs look for it.
    const alternative = /Content-Type: multipart\/alternative;[\s\S]*?\r\n\r\n([\s\S]*)/.exec(raw)?.[1] ?? "";
    expect(alternative).toMatch(/Content-Type: text\/plain; charset=utf-8/i);
    expect(alternative).toMatch(/Content-Type: text\/calendar; charset=utf-8; method=REQUEST/i);
    // And the same file attached as invite.ics.
    expect(raw).toMatch(/Content-Type: application\/ics; name=invite\.ics/i);

    const calendars = mail.attachments.filter((attachment) => attachment.contentType === "text/calendar");
    expect(calendars).toHaveLength(1);
    const received = calendars[0]!.content.toString("utf8");
    expect(received).toBe(content);

    const calendar = new ICAL.Component(ICAL.parse(received));
    expect(calendar.getFirstPropertyValue("method")).toBe("REQUEST");
    const vevent = calendar.getFirstSubcomponent("vevent")!;
    const event = new ICAL.Event(vevent);
    expect(event.uid).toBe("0b7d4d7e-8f7a-4b0e-a1c1-6f3e2d9c4a21@samsyn.example");
    expect(event.summary).toBe("Avstämningsmöte – ärende 1042");
    expect(event.startDate.toString()).toBe("2027-03-29T09:00:00");
    expect(vevent.getFirstProperty("dtstart")!.getParameter("tzid")).toBe("Europe/Stockholm");
    expect(calendar.getFirstSubcomponent("vtimezone")!.getFirstPropertyValue("tzid")).toBe("Europe/Stockholm");
  });
});
