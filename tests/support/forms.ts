import { demoPassword } from "../../db/seed";
import { swedishToday } from "~/lib/calendar";
import type { Role, World } from "./world";

/**
 * One form per action that the app would accept from the right person (or nearly: the fuzz
 * starts from it and breaks it field by field). The fuzz test fails when an action has no form
 * here, so a new form is fuzzed from the day it exists.
 */
export interface SampleForm {
  role: Role;
  params: Record<string, string>;
  fields: [string, string][];
}

export function sampleForms(world: World): Record<string, SampleForm> {
  const { ids } = world;
  const berg = ids.organizations["Bergs kommun, socialtjänsten"]!;
  const af = ids.organizations["Arbetsförmedlingen"]!;
  const bergUnit = ids.units["ekonomiskt.bistand@berg.samsyn.example"]!;
  const afUnit = ids.units["ostersund@af.samsyn.example"]!;
  const terms: [string, string][] = [
    ["line", `${af}|${berg}|af.action_plan`],
    ["line", `${berg}|${af}|municipality.income_support`],
    [`unit:${af}`, afUnit],
    [`unit:${berg}`, bergUnit],
    ["purpose", "Planera vägen till arbete tillsammans."],
    ["validUntil", "2027-05-31"],
  ];
  const activity: [string, string][] = [
    ["title", "Praktik i butik"],
    ["typeCode", "arbetspraktik"],
    ["goalId", ids.goal],
    ["organizationId", berg],
    ["unitId", bergUnit],
    ["assigneeId", "demo-sara"],
    ["startDate", "2026-12-01"],
    ["endDate", "2027-01-31"],
    ["extent", "40"],
    ["status", "planned"],
    ["followUpDate", "2026-12-15"],
    ["note", "Börjar kl. 9."],
    ["categoryCode", "municipality.social_plan"],
  ];
  const request: [string, string][] = [
    ["intent", "draft"],
    ["receivingUnitId", afUnit],
    ["basis", "consent"],
    ["item", "af.action_plan"],
    ["purpose", "Planera försörjningen."],
    ["legalReference", ""],
    ["legalJustification", ""],
    ["desiredBy", "2026-12-20"],
  ];
  // A meeting three weeks ahead (Swedish date, ordinary working hours: never in a clock change).
  const when: [string, string][] = [
    ["date", swedishToday(new Date(Date.now() + 21 * 86_400_000))],
    ["start", "09:00"],
    ["end", "10:30"],
    ["place", "Ekonomiskt bistånd, Storgatan 1, rum 3"],
    ["videoLink", ""],
  ];
  const meeting: [string, string][] = [
    ["kind", "samordningsmote"],
    ...when,
    ["noteTaker", berg],
    ["unit", afUnit],
    ["officer", `${afUnit}:demo-erik`],
    ["clientTakesPart", "yes"],
    ["clientAbsenceReason", ""],
    ["agendaText", "Hur går det med praktiken?"],
    ["agendaOwner", afUnit],
    ["agendaText", "Det Eva vill ta upp"],
    ["agendaOwner", "client"],
  ];
  // The notes of Eva's meeting as the note-taking municipality saves them: one point, one next step of its own a month ahead.
  const notes: [string, string][] = [
    ["language", "sv"],
    ["topic", "Hur går det med praktiken?"],
    ["said", "Eva trivs på praktiken."],
    ["decided", "Praktiken fortsätter."],
    ["stepText", "Boka ett uppföljningsmöte."],
    ["stepOrganization", berg],
    ["stepDue", swedishToday(new Date(Date.now() + 30 * 86_400_000))],
    ["intent", "save"],
  ];
  const evaCase = { caseId: ids.evaCase };
  const evaMeeting = { ...evaCase, meetingId: ids.meeting };
  return {
    "admin.users.$userId.tsx": { role: "adminEb", params: { userId: "demo-elin" }, fields: [["intent", "update"], ["role", "case_officer"], ["unitId", bergUnit]] },
    "admin.users._index.tsx": { role: "adminEb", params: {}, fields: [["name", "Ny Person"], ["title", "Socialsekreterare"], ["email", "ny.person@berg.samsyn.example"], ["role", "case_officer"], ["unitId", bergUnit]] },
    "audit.tsx": { role: "lena", params: {}, fields: [["personnummer", "19880412-9826"], ["officer", "demo-erik"], ["from", "2026-01-01"], ["to", "2026-12-31"], ["outcome", "allowed"], ["after", "2026-01-01T00:00:00.000000Z_1"]] },
    "cases._index.tsx": { role: "sara", params: {}, fields: [["intent", "open"], ["personnummer", "19900101-0017"], ["givenName", "Ny"], ["familyName", "Klient"], ["preferredLanguage", "sv"]] },
    "cases.$caseId._index.tsx": { role: "sara", params: evaCase, fields: [["intent", "entry"], ["categoryCode", "municipality.income_support"], ["text", "Försörjningsstöd beviljat för december."]] },
    "cases.$caseId.consents.new.tsx": { role: "sara", params: evaCase, fields: terms },
    "cases.$caseId.consents.record.tsx": { role: "sara", params: evaCase, fields: [...terms, ["method", "recorded_paper"], ["givenAt", "2026-11-29"], ["where", "Besök"], ["information", "Informerad om vad som delas."]] },
    "cases.$caseId.meetings.$meetingId._index.tsx": { role: "erik", params: evaMeeting, fields: [["intent", "answer"], ["response", "yes"]] },
    "cases.$caseId.meetings.$meetingId.change.tsx": { role: "sara", params: evaMeeting, fields: when },
    "cases.$caseId.meetings.new.tsx": { role: "sara", params: evaCase, fields: meeting },
    "cases.$caseId.meetings.$meetingId.notes.tsx": { role: "sara", params: evaMeeting, fields: notes },
    "cases.$caseId.plan._index.tsx": { role: "erik", params: evaCase, fields: [["intent", "accept"], ["activityId", ids.activities[0]!]] },
    "cases.$caseId.plan.activities.$activityId.tsx": { role: "sara", params: { ...evaCase, activityId: ids.activities[1]! }, fields: [...activity, ["version", "1"]] },
    "cases.$caseId.plan.activities.new.tsx": { role: "sara", params: evaCase, fields: activity },
    "cases.$caseId.plan.goals.$goalId.tsx": { role: "sara", params: { ...evaCase, goalId: ids.goal }, fields: [["text", "Egen försörjning"], ["clientWords", "Ett jobb nära hemmet."], ["targetDate", "2027-10-01"], ["status", "active"], ["version", "1"]] },
    "cases.$caseId.requests.$requestId._index.tsx": { role: "sara", params: { ...evaCase, requestId: ids.request }, fields: [["intent", "withdraw"]] },
    "cases.$caseId.requests.$requestId.edit.tsx": { role: "sara", params: { ...evaCase, requestId: ids.request }, fields: request },
    "cases.$caseId.requests.new.tsx": { role: "sara", params: evaCase, fields: request },
    "enrol.$token.tsx": { role: "anonymous", params: { token: "a".repeat(43) }, fields: [["step", "password"], ["password", "Ett-långt-lösenord-2026"], ["repeat", "Ett-långt-lösenord-2026"]] },
    "inbox.requests.$requestId.tsx": { role: "erik", params: { requestId: ids.request }, fields: [["intent", "claim"]] },
    "login._index.tsx": { role: "anonymous", params: {}, fields: [["email", "sara.lindqvist@berg.samsyn.example"], ["password", demoPassword], ["returnTo", "/cases"]] },
    "login.second-factor.tsx": { role: "anonymous", params: {}, fields: [["code", "123456"], ["method", "totp"], ["returnTo", "/"]] },
    "logout.tsx": { role: "sara", params: {}, fields: [["scope", "here"]] },
    "me._index.tsx": { role: "eva", params: {}, fields: [["intent", "comment"], ["goalId", ids.goal], ["text", "Jag vill börja till våren."]] },
    "me.consents.$consentId.revoke.tsx": { role: "eva", params: { consentId: ids.consent }, fields: [["grantId", ids.grants[0]!]] },
    "me.consents.requests.$requestId.tsx": { role: "eva", params: { requestId: ids.consentRequest }, fields: [["intent", "accept"], ...ids.consentRequestLines.map((line): [string, string] => ["line", line])] },
    "me.meetings.$meetingId._index.tsx": { role: "eva", params: { meetingId: ids.meeting }, fields: [["intent", "answer"], ["response", "yes"]] },
    "messages.$messageId.tsx": { role: "sara", params: { messageId: ids.message }, fields: [["intent", "claim"]] },
    "messages.new.tsx": {
      role: "sara",
      params: {},
      fields: [
        ["recipientUnitId", afUnit],
        ["subject", "Inför planeringssamtalet"],
        ["senderReference", "Dnr 2026/88"],
        ["content", "Hej!\nEva har fått försörjningsstöd för december."],
        ["caseId", ids.evaCase],
        ["categoryCode", "municipality.income_support"],
        ["basis", "consent"],
      ],
    },
    "notifications.tsx": { role: "sara", params: {}, fields: [] },
    "session.keepalive.tsx": { role: "sara", params: {}, fields: [] },
  };
}
