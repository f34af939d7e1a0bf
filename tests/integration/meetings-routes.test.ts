import { eq } from "drizzle-orm";
import ICAL from "ical.js";
import { beforeAll, describe, expect, it } from "vitest";
import { meetingNotes, meetingParticipants, meetings } from "../../db/schema";
import { db } from "~/lib/db.server";
import { maxNotesText } from "~/services/meetings/forms";
import { useTestDatabase } from "../support/database";
import { appRoutes, callRoute } from "../support/routes";
import { loadWorld, type World } from "../support/world";

/**
 * The meeting pages as the browser posts to them: a long form of notes the schema accepts is
 * saved (not refused for its size), a place typed over several lines stays one line, a named
 * officer of a unit left out is no choice, the organising unit comes to its own meeting, a date
 * years ahead is a typing mistake, and the downloaded .ics invites no one and keeps its link whole.
 */
useTestDatabase();

let world: World;

beforeAll(async () => {
  world = await loadWorld();
});

const route = (file: string) => appRoutes.find((candidate) => candidate.file === file)!;
const post = async (file: string, params: Record<string, string>, fields: [string, string][], who: "sara" | "erik" = "sara") => {
  const body = new URLSearchParams(fields).toString();
  return callRoute(route(file), { method: "POST", params, cookie: await world.cookie(who), body });
};

const afUnit = () => world.ids.units["ostersund@af.samsyn.example"]!;
const bergOrganization = () => world.ids.organizations["Bergs kommun, socialtjänsten"]!;

async function callOne(extra: [string, string][] = [], date = "2027-06-07"): Promise<string> {
  const fields: [string, string][] = [
    ["kind", "samordningsmote"],
    ["date", date],
    ["start", "09:00"],
    ["end", "10:00"],
    ["noteTaker", bergOrganization()],
    ["unit", afUnit()],
    ["clientTakesPart", "yes"],
    ...extra,
  ];
  if (!fields.some(([name]) => name === "place")) fields.push(["place", "Rum 1"]);
  const outcome = await post("cases.$caseId.meetings.new.tsx", { caseId: world.ids.evaCase }, fields);
  expect(outcome.status, outcome.text?.slice(0, 200)).toBe(302);
  return /\/meetings\/([0-9a-f-]{36})/.exec(outcome.location!)![1]!;
}

describe("calling a meeting through its page", () => {
  it("keeps a place typed over several lines on one line, and the organising unit comes", async () => {
    const id = await callOne([["place", "Storgatan 1\r\nRum 3\r\nSvara här: http://example.com"]]);
    const [row] = await db().select().from(meetings).where(eq(meetings.id, id));
    expect(row!.place).toBe("Storgatan 1, Rum 3, Svara här: http://example.com");
    const own = (await db().select().from(meetingParticipants).where(eq(meetingParticipants.meetingId, id))).find((participant) => participant.organizationId === bergOrganization());
    expect(own).toMatchObject({ response: "yes", respondedBy: "demo-sara" });
  });

  it("ignores a named officer of a unit left out", async () => {
    const fkUnit = world.ids.units["ostersund@fk.samsyn.example"]!;
    const id = await callOne([["officer", `${afUnit()}:demo-erik`], ["officer", `${fkUnit}:demo-karin`]]);
    const participants = await db().select().from(meetingParticipants).where(eq(meetingParticipants.meetingId, id));
    expect(participants.map((participant) => participant.unitId).sort()).toEqual([afUnit(), world.ids.units["ekonomiskt.bistand@berg.samsyn.example"]!].sort());
  });

  it("refuses a date more than two years ahead with a translated message", async () => {
    const outcome = await post("cases.$caseId.meetings.new.tsx", { caseId: world.ids.evaCase }, [
      ["kind", "sip"],
      ["date", "9999-12-31"],
      ["start", "09:00"],
      ["end", "10:00"],
      ["place", "Rum 1"],
      ["noteTaker", bergOrganization()],
      ["unit", afUnit()],
    ]);
    expect(outcome.status).toBe(400);
    expect(outcome.text).toContain("meetings.too_far_ahead");
  });

  it("the downloaded .ics invites no one (PUBLISH) and keeps a video link with ; , and \\ a working address", async () => {
    const id = await callOne([["videoLink", "https://meet.example/a;b,c\\d?x=1"]]);
    const outcome = await callRoute(route("cases.$caseId.meetings.$meetingId.calendar[.]ics.tsx"), { params: { caseId: world.ids.evaCase, meetingId: id }, cookie: await world.cookie("erik") });
    expect(outcome.status).toBe(200);
    const calendar = new ICAL.Component(ICAL.parse(outcome.text!));
    expect(calendar.getFirstPropertyValue("method")).toBe("PUBLISH");
    const url = String(calendar.getFirstSubcomponent("vevent")!.getFirstPropertyValue("url"));
    expect(url).toBe("https://meet.example/a%3Bb%2Cc%5Cd?x=1");
    expect(url).not.toContain("\\\\");
  });
});

describe("the notes form", () => {
  it("saves twenty points of long Swedish text, which the form's own limits allow", async () => {
    const id = await callOne([], "2027-06-08");
    const text = "åäö ".repeat(Math.floor(maxNotesText / 4));
    const fields: [string, string][] = [["intent", "save"], ["language", "sv"]];
    for (let point = 0; point < 20; point++) fields.push(["topic", `Punkt ${point + 1}`], ["said", text], ["decided", text]);
    const outcome = await post("cases.$caseId.meetings.$meetingId.notes.tsx", { caseId: world.ids.evaCase, meetingId: id }, fields);
    expect(outcome.status, outcome.text?.slice(0, 200)).toBe(302);
    const [notes] = await db().select().from(meetingNotes).where(eq(meetingNotes.meetingId, id));
    expect(notes!.content.points).toHaveLength(20);
    expect(notes!.content.points[19]!.said).toBe(text.trim());
  });
});
