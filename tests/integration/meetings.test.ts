import { desc, eq, gt, sql } from "drizzle-orm";
import ICAL from "ical.js";
import { beforeAll, describe, expect, it } from "vitest";
import { auditEvents, caseParticipants, openedAtOfCase, consentGrants, consents, meetingNotes, meetingParticipants, meetings, notifications, orgUnits, planActivities, type AuditEvent } from "../../db/schema";
import type { ClientActor, StaffActor } from "~/access/actor";
import { installJobQueue } from "~/jobs.server";
import { db, getDatabase } from "~/lib/db.server";
import { jobQueueSchema } from "~/lib/job-queue.server";
import { accessLogPage } from "~/services/audit/access-log.server";
import { revokeConsent } from "~/services/consent/revoke.server";
import { callMeeting, meetingFormOptions } from "~/services/meetings/call.server";
import { meetingFormSchema, type MeetingInput } from "~/services/meetings/forms";
import { meetingInvitationQueue, type InvitationMail } from "~/services/meetings/invitations.server";
import { meetingReminderQueue, reminderAt, sendMeetingReminder, type ReminderJob } from "~/services/meetings/reminders.server";
import { useSmtpServer } from "~/lib/mail.server";
import { startSmtp } from "../support/smtp";
import { addAgendaPoint, answerMeeting, cancelMeeting, changeMeeting } from "~/services/meetings/manage.server";
import { caseMeetings, clientMeetingView, meetingCalendarFile, ownMeetings, staffMeetingView } from "~/services/meetings/view.server";
import { commentOnNotes, notesHash, proposeNextSteps, reviewNotes, saveNotes } from "~/services/meetings/notes.server";
import { notesFormSchema } from "~/services/meetings/forms";
import { useTestDatabase } from "../support/database";
import { demoCaseOf, demoClient, demoClientActor, facts, seedDemo, staffActor } from "../support/fixtures";
import { viaGate } from "../support/gate";
import { refusal } from "../support/refusals";

/**
 * Coordination meetings through the services, each call one gated request: calling a meeting
 * (the gate decides every invitation under the client's consent), invitations queued with their
 * iCalendar (UID stable, SEQUENCE rising, CANCEL), answers, the client's points and answer, what
 * others cannot see, and the client's access log.
 */
const database = useTestDatabase();

let sara: StaffActor, erik: StaffActor, karin: StaffActor, maria: StaffActor;
let eva: ClientActor, sam: ClientActor;
let evaCase: string, evaId: string;
const unit: Record<string, string> = {};
const organization: Record<string, string> = {};

beforeAll(async () => {
  await seedDemo();
  await installJobQueue(getDatabase());
  sara = await staffActor("sara.lindqvist@berg.samsyn.example");
  erik = await staffActor("erik.holm@af.samsyn.example");
  karin = await staffActor("karin.sjoberg@fk.samsyn.example");
  maria = await staffActor("maria.nilsson@rjh.samsyn.example");
  const mailboxes: Record<string, string> = { "ostersund@af.samsyn.example": "af", "ekonomiskt.bistand@berg.samsyn.example": "berg", "ostersund@fk.samsyn.example": "fk" };
  for (const row of await db().select().from(orgUnits)) {
    if (!mailboxes[row.mailbox]) continue;
    unit[mailboxes[row.mailbox]!] = row.id;
    organization[mailboxes[row.mailbox]!] = row.organizationId;
  }
  eva = await demoClientActor("Eva");
  evaId = eva.clientId;
  sam = { kind: "client", clientId: (await demoClient("Sam")).id, sessionId: "s2", name: "Sam", givenName: "Sam", http: facts };
  evaCase = (await demoCaseOf("Eva")).id;
});

/** A form as the page posts it, parsed by the page's own schema. */
const form = (values: Record<string, string | string[]>): MeetingInput =>
  meetingFormSchema.parse({
    kind: "samordningsmote",
    date: "2027-03-26",
    start: "09:00",
    end: "10:30",
    place: "Ekonomiskt bistånd, Storgatan 1, rum 3",
    noteTaker: organization.berg,
    unit: [unit.af],
    agendaText: ["Hur går det med praktiken?", ""],
    agendaOwner: [unit.af, ""],
    ...values,
  });

const call = (actor: StaffActor, input: MeetingInput) => viaGate(actor, callMeeting, evaCase, input);

async function invitations(meetingId: string): Promise<InvitationMail[]> {
  const rows = await database.current().rows<{ data: InvitationMail }>(sql`select data from ${sql.raw(jobQueueSchema)}.job where name = ${meetingInvitationQueue} and data->>'meetingId' = ${meetingId} order by created_on`);
  return rows.map((row) => row.data);
}

function event(ics: string) {
  const calendar = new ICAL.Component(ICAL.parse(ics));
  const vevent = calendar.getFirstSubcomponent("vevent")!;
  return { method: calendar.getFirstPropertyValue("method"), vevent, start: vevent.getFirstProperty("dtstart")!, event: new ICAL.Event(vevent) };
}

async function recorded(work: () => Promise<unknown>): Promise<AuditEvent[]> {
  const [last] = await db().select({ id: auditEvents.id }).from(auditEvents).orderBy(desc(auditEvents.id)).limit(1);
  await work().catch(() => undefined);
  return db().select().from(auditEvents).where(gt(auditEvents.id, last?.id ?? 0)).orderBy(auditEvents.id);
}

describe("calling a meeting", () => {
  let meetingId = "";

  it("offers the case's units with their officers, the organiser's own first", async () => {
    const options = await viaGate(sara, meetingFormOptions, evaCase);
    expect(options.units.map((option) => option.unitId)).toEqual([unit.berg, unit.af]);
    expect(options.units[0]!.own).toBe(true);
    expect(options.units[1]!.officers.map((officer) => officer.name)).toContain("Erik Holm");
    expect(options.client).toMatchObject({ name: "Eva Andersson" });
    expect(await refusal(viaGate(karin, meetingFormOptions, evaCase))).toMatchObject({ status: 404 });
  });

  it("stores the meeting, invites each unit by e-mail with an iCalendar REQUEST, and tells the client", async () => {
    meetingId = await call(sara, form({ officer: [`${unit.af}:demo-erik`] }));
    const [row] = await db().select().from(meetings).where(eq(meetings.id, meetingId));
    // 09:00 Swedish winter time is 08:00 UTC.
    expect(row).toMatchObject({ caseId: evaCase, clientId: evaId, organizerUnitId: unit.berg, sequence: 0, status: "planned", clientTakesPart: true });
    expect(row!.startsAt.toISOString()).toBe("2027-03-26T08:00:00.000Z");
    const participants = await db().select().from(meetingParticipants).where(eq(meetingParticipants.meetingId, meetingId));
    expect(participants.map((participant) => [participant.unitId, participant.officerId]).sort()).toEqual([[unit.af, "demo-erik"], [unit.berg, null]].sort());

    const mails = await invitations(meetingId);
    expect(mails.map((mail) => mail.to).sort()).toEqual(["ekonomiskt.bistand@berg.samsyn.example", "ostersund@af.samsyn.example"]);
    const parsed = event(mails[0]!.calendar.content);
    expect(parsed.method).toBe("REQUEST");
    expect(parsed.event.uid).toContain(meetingId);
    expect(parsed.event.sequence).toBe(0);
    expect(parsed.start.getParameter("tzid")).toBe("Europe/Stockholm");
    expect(parsed.event.startDate.toString()).toBe("2027-03-26T09:00:00");
    // No name or personal identity number of the client anywhere in the mail.
    expect(JSON.stringify(mails)).not.toMatch(/Eva|Andersson|880412|9826/);

    const notices = await db().select().from(notifications).where(eq(notifications.subjectId, meetingId));
    expect(notices).toMatchObject([{ clientId: evaId, kind: "meeting.invited" }]);
  });

  it("refuses to invite a unit whose organisation the client's consent does not cover, storing nothing, and records it", async () => {
    await db().insert(caseParticipants).values({ caseId: evaCase, organizationId: organization.fk!, unitId: unit.fk!, addedBy: "demo-sara", caseOpenedAt: openedAtOfCase(evaCase) });
    const before = (await db().select().from(meetings)).length;
    const events = await recorded(async () => {
      const refused = await refusal(call(sara, form({ unit: [unit.af!, unit.fk!] })));
      expect(refused).toMatchObject({ code: "meetings.outside_consent", status: 403 });
      expect((refused as unknown as { units: string[] }).units).toEqual(["Försäkringskassan – Försäkringskassan Östersund"]);
    });
    expect((await db().select().from(meetings)).length).toBe(before);
    const event = events.find((candidate) => candidate.clientId === evaId)!;
    expect(event.reads).toEqual(expect.arrayContaining([expect.objectContaining({ action: "meeting.invite", outcome: "withheld", reason: "no_consent" })]));
    await db().delete(caseParticipants).where(eq(caseParticipants.unitId, unit.fk!));
  });

  it("refuses a unit that is not on the case, a named officer of another unit, a note-taker who does not take part, and a time in the past or in the clock change", async () => {
    expect(await refusal(call(sara, form({ unit: [unit.fk!] })))).toMatchObject({ code: "meetings.units_required" });
    expect(await refusal(call(sara, form({ officer: [`${unit.af}:demo-karin`] })))).toMatchObject({ code: "meetings.officer_unknown" });
    expect(await refusal(call(sara, form({ noteTaker: organization.fk! })))).toMatchObject({ code: "meetings.note_taker_required" });
    expect(await refusal(call(sara, form({ date: "2020-01-10" })))).toMatchObject({ code: "meetings.in_the_past" });
    expect(await refusal(call(sara, form({ date: "2027-03-28", start: "02:15", end: "03:30" })))).toMatchObject({ code: "meetings.time_in_clock_change" });
    expect(meetingFormSchema.safeParse({ kind: "sip", date: "2027-01-01", start: "10:00", end: "09:00", noteTaker: organization.berg }).success).toBe(false);
  });

  it("is seen by the organising and the participating units and by the client, by no one else", async () => {
    const seen = await viaGate(erik, staffMeetingView, evaCase, meetingId);
    expect(seen.meeting.participants.find((participant) => participant.unitId === unit.af)).toMatchObject({ officer: "Erik Holm", response: "pending" });
    expect(seen.meeting.agenda).toEqual([expect.objectContaining({ position: 1, text: "Hur går det med praktiken?" })]);
    expect(seen.canManage).toBe(false);
    expect((await viaGate(sara, staffMeetingView, evaCase, meetingId)).canManage).toBe(true);
    expect(await refusal(viaGate(karin, staffMeetingView, evaCase, meetingId))).toMatchObject({ status: 404 });
    expect(await refusal(viaGate(maria, staffMeetingView, evaCase, meetingId))).toMatchObject({ status: 404 });
    expect(await refusal(viaGate(sam, clientMeetingView, meetingId))).toMatchObject({ status: 404 });
    expect((await viaGate(eva, ownMeetings)).map((meeting) => meeting.id)).toContain(meetingId);
    expect((await viaGate(sara, caseMeetings, evaCase)).map((meeting) => meeting.id)).toContain(meetingId);
    // The calendar file: the same UID as the mails.
    const file = await viaGate(eva, meetingCalendarFile, meetingId);
    expect(event(file.content).event.uid).toBe(event((await invitations(meetingId))[0]!.calendar.content).event.uid);
  });

  it("takes answers and the client's own points until it starts", async () => {
    await viaGate(erik, answerMeeting, meetingId, "yes", evaCase);
    await viaGate(eva, answerMeeting, meetingId, "yes");
    await viaGate(eva, addAgendaPoint, meetingId, "Jag vill prata om min hälsa");
    const view = await viaGate(eva, clientMeetingView, meetingId);
    expect(view.meeting.clientResponse).toBe("yes");
    expect(view.meeting.participants.find((participant) => participant.unitId === unit.af)).toMatchObject({ response: "yes", respondedBy: "Erik Holm" });
    expect(view.meeting.agenda.at(-1)).toMatchObject({ position: 2, text: "Jag vill prata om min hälsa", byClient: true });
    expect(await refusal(viaGate(eva, answerMeeting, meetingId, "maybe"))).toMatchObject({ code: "meetings.response_required" });
  });

  it("a change keeps the UID, raises the SEQUENCE, asks everyone again and keeps 09:00 across the clock change", async () => {
    await viaGate(sara, changeMeeting, evaCase, meetingId, { date: "2027-03-29", start: "09:00", end: "10:30", place: "", videoLink: "https://mote.example.se/abc" });
    const [row] = await db().select().from(meetings).where(eq(meetings.id, meetingId));
    // After the clock change 09:00 Swedish summer time is 07:00 UTC.
    expect(row!.startsAt.toISOString()).toBe("2027-03-29T07:00:00.000Z");
    expect(row).toMatchObject({ sequence: 1, clientResponse: "pending", place: null });
    const changed = (await invitations(meetingId)).filter((mail) => event(mail.calendar.content).event.sequence === 1);
    expect(changed).toHaveLength(2);
    const parsed = event(changed[0]!.calendar.content);
    expect(parsed.event.startDate.toString()).toBe("2027-03-29T09:00:00");
    expect(parsed.event.startDate.toJSDate().toISOString()).toBe("2027-03-29T07:00:00.000Z");
    expect(await refusal(viaGate(erik, changeMeeting, evaCase, meetingId, { date: "2027-03-30", start: "09:00", end: "10:00", place: "X", videoLink: "" }))).toMatchObject({ status: 404 });
    expect(await refusal(viaGate(sara, changeMeeting, evaCase, meetingId, { date: "2027-03-29", start: "09:00", end: "10:30", place: "", videoLink: "https://mote.example.se/abc" }))).toMatchObject({ code: "meetings.unchanged" });
  });

  it("a cancellation sends METHOD:CANCEL with the next SEQUENCE, and nothing can be answered after it", async () => {
    await viaGate(sara, cancelMeeting, evaCase, meetingId);
    const cancelled = (await invitations(meetingId)).filter((mail) => mail.calendar.method === "CANCEL");
    expect(cancelled).toHaveLength(2);
    const parsed = event(cancelled[0]!.calendar.content);
    expect(parsed.method).toBe("CANCEL");
    expect(parsed.event.sequence).toBe(2);
    expect(parsed.vevent.getFirstPropertyValue("status")).toBe("CANCELLED");
    expect(await refusal(viaGate(erik, answerMeeting, meetingId, "no", evaCase))).toMatchObject({ status: 404 });
    expect(await refusal(viaGate(eva, addAgendaPoint, meetingId, "En punkt till"))).toMatchObject({ status: 404 });
    expect(await refusal(viaGate(sara, cancelMeeting, evaCase, meetingId))).toMatchObject({ status: 404 });
  });

  it("a meeting that has started can no longer be changed", async () => {
    const id = await call(sara, form({}));
    await db().update(meetings).set({ startsAt: new Date(Date.now() - 60_000) }).where(eq(meetings.id, id));
    expect(await refusal(viaGate(sara, cancelMeeting, evaCase, id))).toMatchObject({ status: 404 });
    expect((await viaGate(sara, staffMeetingView, evaCase, id)).canManage).toBe(false);
  });

  it("the client's access log shows who looked at the meeting", async () => {
    const page = await viaGate(eva, accessLogPage, {}, 0);
    expect(page.entries.some((entry) => entry.action === "meeting.view" && entry.officer?.name === "Erik Holm")).toBe(true);
    expect(page.entries.some((entry) => entry.action === "meeting.create" && entry.officer?.name === "Sara Lindqvist")).toBe(true);
  });

  it("after the consent is withdrawn, Arbetsförmedlingen can no longer be invited or see the meeting", async () => {
    const id = await call(sara, form({}));
    const [consent] = await db().select().from(consents).where(eq(consents.caseId, evaCase));
    await viaGate(eva, revokeConsent, consent!.id);
    expect(await refusal(call(sara, form({})))).toMatchObject({ code: "meetings.outside_consent" });
    expect(await refusal(viaGate(erik, staffMeetingView, evaCase, id))).toMatchObject({ status: 404 });
    expect((await viaGate(sara, staffMeetingView, evaCase, id)).meeting.id).toBe(id);
  });
});

describe("the reminder, the working day before", () => {
  it("goes out at 08:00 Swedish time on the last working day before the meeting's date", () => {
    // Thursday 1 April 2027 (summer time): Wednesday 31 March 08:00 CEST = 06:00 UTC.
    expect(reminderAt(new Date("2027-04-01T07:00:00Z")).toISOString()).toBe("2027-03-31T06:00:00.000Z");
    // Tuesday 30 March 2027, after Easter: Good Friday 26 and Easter Monday 29 are holidays, so Thursday 25 March 08:00 CET = 07:00 UTC.
    expect(reminderAt(new Date("2027-03-30T07:00:00Z")).toISOString()).toBe("2027-03-25T07:00:00.000Z");
    // Monday 11 January 2027: Friday 8 January.
    expect(reminderAt(new Date("2027-01-11T08:00:00Z")).toISOString()).toBe("2027-01-08T07:00:00.000Z");
  });

  it("is queued for that time to every unit and the client, and sends only while the meeting is as it was", async () => {
    const smtp = await startSmtp();
    useSmtpServer(smtp.url);
    try {
      // A fresh consent for the case: the one above was withdrawn.
      await db().update(consents).set({ revokedAt: null, revokedByClientId: null }).where(eq(consents.caseId, evaCase));
      const id = await call(sara, form({ date: "2027-03-30", start: "09:00", end: "10:00" }));
      const jobs = await database.current().rows<{ data: ReminderJob; start_after: Date }>(
        sql`select data, start_after from ${sql.raw(jobQueueSchema)}.job where name = ${meetingReminderQueue} and data->>'meetingId' = ${id}`,
      );
      expect(jobs.map((job) => job.data.to).sort()).toEqual(["client", "unit", "unit"]);
      expect(jobs.every((job) => new Date(job.start_after).toISOString() === "2027-03-25T07:00:00.000Z")).toBe(true);
      const unitJob = jobs.find((job) => job.data.to === "unit" && job.data.mailbox === "ostersund@af.samsyn.example")!.data;
      const clientJob = jobs.find((job) => job.data.to === "client")!.data;
      expect(JSON.stringify(jobs)).not.toMatch(/Eva|Andersson|880412/);

      // The meeting is moved: the reminders of its first version send nothing.
      await viaGate(sara, changeMeeting, evaCase, id, { date: "2027-03-31", start: "09:00", end: "10:00", place: "Rum 2", videoLink: "" });
      expect(await sendMeetingReminder(unitJob)).toBe("outdated");
      expect(await sendMeetingReminder(clientJob)).toBe("outdated");
      expect(smtp.received).toHaveLength(0);

      const current = await database.current().rows<{ data: ReminderJob }>(
        sql`select data from ${sql.raw(jobQueueSchema)}.job where name = ${meetingReminderQueue} and data->>'meetingId' = ${id} and (data->>'sequence')::int = 1`,
      );
      expect(current).toHaveLength(3);
      for (const job of current) expect(await sendMeetingReminder(job.data)).toBe("sent");
      // Sent twice (a retry), the client still has one notice.
      await sendMeetingReminder(current.find((job) => job.data.to === "client")!.data);
      expect(smtp.received.map((mail) => mail.envelopeTo[0]).sort()).toEqual(["ekonomiskt.bistand@berg.samsyn.example", "ostersund@af.samsyn.example"]);
      expect(smtp.received[0]!.mail.subject).toMatch(/^Påminnelse \/ Reminder: SAM-\d{5}, 2027-03-31 09:00–10:00$/);
      expect(smtp.received[0]!.mail.text).not.toMatch(/Eva|Andersson/);
      const notices = await db().select().from(notifications).where(eq(notifications.kind, "meeting.reminder"));
      expect(notices.filter((notice) => notice.subjectId === id)).toHaveLength(1);

      await viaGate(sara, cancelMeeting, evaCase, id);
      expect(await sendMeetingReminder(current[0]!.data)).toBe("outdated");
    } finally {
      useSmtpServer(undefined);
      await smtp.close();
    }
  });
});

describe("the notes", () => {
  let meetingId = "";
  const notesOf = async () => (await db().select().from(meetingNotes).where(eq(meetingNotes.meetingId, meetingId)))[0];
  const notes = (values: Record<string, string | string[]>) =>
    notesFormSchema.parse({
      language: "sv",
      topic: ["Hur går praktiken?"],
      said: ["Eva trivs och vill fortsätta."],
      decided: ["Praktiken förlängs."],
      stepText: ["Förläng praktiken", "Nytt beslut om försörjningsstöd"],
      stepOrganization: [organization.af, organization.berg],
      stepDue: ["2027-04-15", "2027-04-20"],
      ...values,
    });

  beforeAll(async () => {
    // Arbetsförmedlingen takes the notes of a meeting Sara's unit calls.
    meetingId = await call(sara, form({ noteTaker: organization.af!, date: "2027-05-03" }));
  });

  it("only the note-taking organisation writes them; a draft is its own", async () => {
    expect(await refusal(viaGate(sara, saveNotes, evaCase, meetingId, notes({})))).toMatchObject({ status: 404 });
    expect(await viaGate(erik, saveNotes, evaCase, meetingId, notes({}))).toBe("draft");
    expect((await viaGate(sara, staffMeetingView, evaCase, meetingId)).notes.notes).toBeNull();
    expect((await viaGate(eva, clientMeetingView, meetingId)).notes).toBeNull();
    expect((await viaGate(erik, staffMeetingView, evaCase, meetingId)).notes).toMatchObject({ notes: { state: "draft", version: 1 }, canWrite: true, canReview: false });
  });

  it("circulated, the others approve or ask for a change; a revision is a new version and the approvals start over", async () => {
    expect(await viaGate(erik, saveNotes, evaCase, meetingId, notes({ intent: "circulate" }))).toBe("circulated");
    const seen = await viaGate(sara, staffMeetingView, evaCase, meetingId);
    expect(seen.notes).toMatchObject({ canReview: true, canWrite: false, notes: { state: "circulated", version: 1 } });
    expect(seen.notes.notes!.reviews).toEqual(
      expect.arrayContaining([expect.objectContaining({ organization: "Arbetsförmedlingen", decision: "approved", by: "Erik Holm" }), expect.objectContaining({ decision: "pending" })]),
    );
    // The note-taker approves by circulating; it does not review its own notes.
    expect(await refusal(viaGate(erik, reviewNotes, evaCase, meetingId, { version: 1, decision: "approved" }))).toMatchObject({ status: 404 });
    await viaGate(sara, reviewNotes, evaCase, meetingId, { version: 1, decision: "change_requested", comment: "Skriv att Eva vill ha kortare dagar." });
    expect(await db().select().from(notifications).where(eq(notifications.kind, "meeting.notes_change_requested"))).toHaveLength(1);

    await viaGate(erik, saveNotes, evaCase, meetingId, notes({ said: ["Eva trivs och vill fortsätta, med kortare dagar."] }));
    expect(await notesOf()).toMatchObject({ state: "circulated", version: 2 });
    const again = await viaGate(sara, staffMeetingView, evaCase, meetingId);
    expect(again.notes.notes!.reviews.find((review) => review.organization !== "Arbetsförmedlingen")).toMatchObject({ decision: "pending" });
    expect(again.notes.notes!.earlier).toEqual([expect.objectContaining({ version: 1, comment: "Skriv att Eva vill ha kortare dagar.", by: "Sara Lindqvist" })]);
    // An approval of the version one read, when there is a newer one, is refused.
    expect(await refusal(viaGate(sara, reviewNotes, evaCase, meetingId, { version: 1, decision: "approved" }))).toMatchObject({ code: "meetings.notes_changed", status: 409 });
    expect((await viaGate(eva, clientMeetingView, meetingId)).notes).toBeNull();
  });

  it("approved by all, they are locked with the hash of what was approved, and the client reads and comments on them", async () => {
    await viaGate(sara, reviewNotes, evaCase, meetingId, { version: 2, decision: "approved" });
    const row = (await notesOf())!;
    expect(row).toMatchObject({ state: "approved", version: 2 });
    expect(row.contentHash).toBe(notesHash(row));
    expect(row.contentHash).toMatch(/^[0-9a-f]{64}$/);
    expect(await refusal(viaGate(erik, saveNotes, evaCase, meetingId, notes({})))).toMatchObject({ status: 404 });
    expect(await refusal(viaGate(sara, reviewNotes, evaCase, meetingId, { version: 2, decision: "change_requested", comment: "x" }))).toMatchObject({ status: 404 });

    const client = await viaGate(eva, clientMeetingView, meetingId);
    expect(client.notes).toMatchObject({ state: "approved", language: "sv", content: { points: [expect.objectContaining({ said: "Eva trivs och vill fortsätta, med kortare dagar." })] } });
    await viaGate(eva, commentOnNotes, meetingId, "Jag vill börja klockan nio.");
    expect((await viaGate(sara, staffMeetingView, evaCase, meetingId)).notes.notes!.comments).toEqual([expect.objectContaining({ text: "Jag vill börja klockan nio." })]);
    const log = await viaGate(eva, accessLogPage, {}, 0);
    // Eva's log: Sara read the notes (Arbetsförmedlingen's meeting-notes category).
    expect(log.entries.some((entry) => entry.officer?.name === "Sara Lindqvist" && entry.categories.some((category) => category.code === "af.meeting_notes"))).toBe(true);
  });

  it("sends the next steps to the plan in one action: a proposal to the other organisation, an activity of its own", async () => {
    expect(await refusal(viaGate(sara, proposeNextSteps, evaCase, meetingId))).toMatchObject({ status: 404 });
    expect(await viaGate(erik, proposeNextSteps, evaCase, meetingId)).toBe(2);
    const activities = await db().select().from(planActivities).where(eq(planActivities.caseId, evaCase));
    expect(activities.find((activity) => activity.title === "Nytt beslut om försörjningsstöd")).toMatchObject({ proposal: "proposed", organizationId: organization.berg, endDate: "2027-04-20", categoryCode: "municipality.social_meeting_notes" });
    expect(activities.find((activity) => activity.title === "Förläng praktiken")).toMatchObject({ proposal: "accepted", organizationId: organization.af, categoryCode: "af.meeting_notes" });
    // Sent once: a second press sends nothing more, and says so.
    expect(await refusal(viaGate(erik, proposeNextSteps, evaCase, meetingId))).toMatchObject({ code: "meetings.no_new_steps", status: 409 });
    expect((await db().select().from(planActivities).where(eq(planActivities.caseId, evaCase))).length).toBe(activities.length);
  });

  it("an organisation that was not at the meeting sees it and its approved notes only under a grant of the note-taker's meeting-notes category", async () => {
    const [consent] = await db().select().from(consents).where(eq(consents.caseId, evaCase));
    // Försäkringskassan on the case, under Eva's consent for something else: the case, but not the notes.
    await db().insert(consentGrants).values({ consentId: consent!.id, discloserOrganizationId: organization.fk!, recipientOrganizationId: organization.berg!, categoryCode: "fk.sickness_benefit" });
    expect(await refusal(viaGate(karin, staffMeetingView, evaCase, meetingId))).toMatchObject({ status: 404 });
    await db().insert(consentGrants).values({ consentId: consent!.id, discloserOrganizationId: organization.af!, recipientOrganizationId: organization.fk!, categoryCode: "af.meeting_notes" });
    const seen = await viaGate(karin, staffMeetingView, evaCase, meetingId);
    expect(seen.notes.notes).toMatchObject({ state: "approved" });
    expect(seen.notes).toMatchObject({ canWrite: false, canReview: false, canPropose: false });
    expect(seen.canManage).toBe(false);
    expect(seen.myResponse).toBeNull();
    const log = await viaGate(eva, accessLogPage, {}, 0);
    expect(log.entries.some((entry) => entry.officer?.name === "Karin Sjöberg" && entry.categories.some((category) => category.code === "af.meeting_notes"))).toBe(true);
  });
});
