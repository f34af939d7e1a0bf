import { beforeAll, describe, expect, it } from "vitest";
import { useTestDatabase } from "../support/database";
import { sampleForms } from "../support/forms";
import { buildCells, consentStates, type Cell, type ConsentState } from "../support/matrix-world";
import { appRoutes, callRoute, type AppRoute } from "../support/routes";
import { loadWorld, type Role, type World } from "../support/world";

/**
 * The authorization matrix, generated: every page and file (every loader) × every demo role ×
 * consent state (active, one line withdrawn, all withdrawn, expired) × protected identity or not.
 *
 * The expected answer of each cell comes from the table below, written from the rules in
 * DOMAIN.md ("Consent", "The people who use Samsyn") and ADRs 0008 and 0015 — not from calling
 * the policy and not from recording today's answers:
 *  - a case is seen by its lead organisation always, and by another organisation while an active
 *    consent names it; an outsider's read of a case is "not found" (404), never 403 or 400;
 *  - an organisation sees another's information only through an active grant of that category;
 *  - a protected person's name and number are seen only by the unit that holds the identity
 *    (here the lead unit) and by the person; an administrator and an auditor see no case data by
 *    their role (a page for officers answers them 403, whatever the id);
 *  - the receiving unit of a sent information request sees that request, with the person's name
 *    and number unless the identity is protected, on the request's own basis (ADR 0011: it must
 *    find the person in its own records); the request page under the case is the asker's;
 *  - the client sees everything about themself and nothing about anyone else;
 *  - a coordination meeting (ADR 0022) is seen by the organising unit and the participating units
 *    while they see the case (the organiser leads it here: always), and by the client it is about;
 *    only the organising unit changes it; everyone else gets 404. Its calendar file (.ics) carries
 *    no one's name or number, whoever downloads it;
 *  - a meeting's notes (ADR 0022) are written by the note-taking organisation's participating
 *    units, never once approved: the notes editor of approved notes is "not found" (404) for every
 *    officer, the note-taker's included, and no one else writes them (404). Approved notes are read
 *    by the participating units while they see the case and by the client they are about (their
 *    own printable page, 404 for anyone else's and before approval), and by another organisation
 *    only under a grant of the note-taker's meeting-notes category (none here). The calendar file
 *    carries no notes.
 * Every answer is also checked for text it may not carry: the names, numbers and entries of
 * every cell, each allowed only where the rules allow it.
 */
useTestDatabase();

let world: World;
let cells: Cell[];

beforeAll(async () => {
  world = await loadWorld();
  cells = await buildCells(world);
}, 60_000);

const matrixRoles = ["sara", "erik", "karin", "ahmed", "maria", "adminEb", "lena", "client", "otherClient", "anonymous"] as const;
type Who = (typeof matrixRoles)[number];

const officers: Who[] = ["sara", "erik", "karin", "ahmed", "maria"];
const consentActive = (state: ConsentState) => state === "active" || state === "lineWithdrawn";

/** Does `who` see the case of this cell at all (DOMAIN.md: lead always, AF while an active consent names it)? */
function seesCase(who: Who, cell: Cell): boolean {
  if (who === "sara" || who === "client") return true;
  if (who === "erik") return consentActive(cell.state);
  return false;
}

/** The marks of a cell that `who` may be shown, anywhere in Samsyn. */
function allowedMarks(who: Who, cell: Cell): string[] {
  const { marks } = cell;
  if (who === "client") return [...marks.name, ...marks.number, marks.afEntry, marks.municipalityEntry, marks.meetingPoint, marks.meetingNotes];
  // Every cell has a request sent to Arbetsförmedlingen Östersund, Erik's unit (ADR 0011).
  const receivedRequest = who === "erik" && !cell.protectedIdentity ? [...marks.name, ...marks.number] : [];
  if (!seesCase(who, cell)) return receivedRequest;
  const identity = cell.protectedIdentity && who !== "sara" ? [] : [...marks.name, ...marks.number];
  // The meeting's agenda and its approved notes: Ekonomiskt bistånd organises it and takes the notes,
  // Arbetsförmedlingen Östersund takes part (both while they see the case).
  if (who === "sara") return [...identity, marks.municipalityEntry, marks.meetingPoint, marks.meetingNotes, ...(consentActive(cell.state) ? [marks.afEntry] : [])];
  // erik, Arbetsförmedlingen: its own entry, and the municipality's income support while that line stands.
  return [...identity, ...receivedRequest, marks.afEntry, marks.meetingPoint, marks.meetingNotes, ...(cell.state === "active" ? [marks.municipalityEntry] : [])];
}

/** The marks no answer to `who` may carry: every cell's, less what `who` may see of it. */
function forbiddenMarks(who: Who, cellOfClient: Cell | undefined): string[] {
  return cells.flatMap((cell) => {
    const as: Who = who === "client" && cell !== cellOfClient ? "otherClient" : who;
    const allowed = new Set(allowedMarks(as, cell));
    return [...cell.marks.name, ...cell.marks.number, cell.marks.afEntry, cell.marks.municipalityEntry, cell.marks.meetingPoint, cell.marks.meetingNotes].filter((mark) => !allowed.has(mark));
  });
}

const kindOf = (route: AppRoute) =>
  route.file.startsWith("cases.$caseId")
    ? "case"
    : route.file.startsWith("me.") || route.file.startsWith("requests.documents")
      ? "client"
      : /^(_index|\$|login|logout|healthz|locales\.|auth\.|enrol\.|diagnostics\.|session\.)/.test(route.file)
        ? "public"
        : "staff";

/**
 * The statuses the design allows for a GET of `route` by `who` on `cell`'s ids. One number where
 * the design says exactly one; a few where the page may also redirect on purpose.
 */
function expectedStatus(route: AppRoute, who: Who, cell: Cell): number[] {
  const kind = kindOf(route);
  const resource = !route.isPage;
  if (kind === "public") return [200, 302, 400, 401, 404];
  if (route.file.startsWith("requests.documents")) return who === "anonymous" ? [401] : [404]; // staff and clients alike; no such document
  if (kind === "client") {
    if (who === "anonymous" || !["client", "otherClient"].includes(who)) return [resource ? 401 : 302];
    if (route.params.includes("requestId") || route.params.includes("documentId")) return [404]; // no such consent request or document for anyone
    // The client's own meeting (this cell's); another client's is "not found".
    if (route.params.includes("meetingId")) return who === "client" ? [200] : [404];
    if (route.params.includes("consentId")) return who === "client" ? (route.file.includes("revoke") && cell.state === "allWithdrawn" ? [200, 302, 404] : [200]) : [404];
    return [200];
  }
  // Pages for staff.
  if (who === "anonymous" || who === "client" || who === "otherClient") return [resource ? 401 : 302];
  if (kind === "staff") {
    if (/^admin\./.test(route.file)) return who === "adminEb" ? (route.params.includes("userId") ? [200, 404] : [200]) : [403];
    if (route.file === "audit.tsx") return who === "lena" ? [200] : [403];
    if (route.file === "account.tsx" || route.file === "directory.tsx" || route.file === "notifications.tsx") return [200];
    // Administrators and auditors have no case list: it sends them to their own start page.
    if (route.file === "cases._index.tsx" && (who === "adminEb" || who === "lena")) return [302];
    if (who === "adminEb" || who === "lena") return [403];
    if (route.file === "inbox.requests.$requestId.tsx") return who === "erik" ? [200] : [404];
    // A message is the sending and the receiving unit's record, whatever became of the consent since.
    if (route.params.includes("messageId") || route.params.includes("attachmentId")) return who === "sara" || who === "erik" ? [200] : [404];
    return [200];
  }
  // A case's pages: officers only; an officer outside the case, or not entitled to this part, gets 404.
  if (who === "adminEb" || who === "lena") return [403];
  // The notes editor: every cell's notes are approved, so locked: no one writes them, the note-taker included.
  if (isNotesEditor(route)) return [404];
  if (!officers.includes(who) || !seesCase(who, cell)) return [404];
  const lead = who === "sara";
  if (/consents\.(new|record)/.test(route.file)) return lead ? [200] : [404];
  if (/requests\.\$requestId\.edit/.test(route.file)) return lead ? [200, 302, 404] : [404]; // the request is sent: nothing to edit
  // The activity is the municipality's, in its social plan category, which no cell shares with AF:
  // its page and its history are the municipality's alone. Goals are edited by the lead.
  if (/plan\.(activities\.\$activityId|history\.\$itemId|goals\.\$goalId)/.test(route.file)) return lead ? [200] : [404];
  if (/requests\.\$requestId\._index/.test(route.file)) return lead ? [200] : [404]; // the asker's page; the receiver reads it in the inbox
  // The meeting: Ekonomiskt bistånd organises it (Sara), Arbetsförmedlingen Östersund takes part (Erik);
  // only the organiser changes it. (Karin, Ahmed and Maria see no cell's case: 404 above.)
  if (/meetings\.\$meetingId\.change/.test(route.file)) return who === "sara" ? [200] : [404];
  if (route.params.includes("meetingId")) return who === "sara" || who === "erik" ? [200] : [404];
  return [200];
}

function paramsFor(route: AppRoute, cell: Cell): Record<string, string> {
  const values: Record<string, string> = {
    caseId: cell.caseId,
    consentId: cell.consentId,
    goalId: cell.goalId,
    activityId: cell.activityId,
    itemId: cell.activityId, // the history of one plan item
    requestId: route.file.startsWith("me.") ? "00000000-0000-4000-8000-000000000000" : cell.requestId,
    messageId: cell.messageId,
    attachmentId: cell.attachmentId,
    meetingId: cell.meetingId,
    documentId: "00000000-0000-4000-8000-000000000001",
    userId: "demo-elin",
    token: "no-such-token",
    "*": "no/such/page",
  };
  return Object.fromEntries(route.params.map((name) => [name, values[name] ?? ""]));
}

async function cookieOf(who: Who, cell: Cell): Promise<string> {
  if (who === "client") return cell.clientCookie();
  if (who === "otherClient") return world.cookie("eva");
  return world.cookie(who as Role);
}

/** The notes editor of a meeting on the case (GET the editor, POST save or circulate). */
const isNotesEditor = (route: AppRoute) => route.file === "cases.$caseId.meetings.$meetingId.notes.tsx";

/**
 * Marks an answer must carry (so the checks above read pages that really show the notes): the
 * approved notes on the meeting page for the organiser (Sara) and the participant (Erik, while he
 * sees the case), and on the client's meeting page and printable notes for the client.
 */
function requiredMarks(route: AppRoute, who: Who, cell: Cell): string[] {
  if (route.file === "cases.$caseId.meetings.$meetingId._index.tsx" && (who === "sara" || who === "erik") && seesCase(who, cell)) return [cell.marks.meetingNotes];
  if ((route.file === "me.meetings.$meetingId._index.tsx" || route.file === "me.meetings.$meetingId.notes.tsx") && who === "client") return [cell.marks.meetingNotes];
  return [];
}

const loaders = appRoutes.filter((route) => route.loader && route.file !== "diagnostics.fault.tsx");

/** A meeting's calendar file: it goes into mail programs and shared calendars, so it names no one (ADR 0022). */
const isCalendarFile = (route: AppRoute) => route.file.includes("meetings.$meetingId.calendar[.]ics");

/** What a calendar file may not carry, for anyone, the client included: every cell's names, numbers and notes. */
function calendarFailures(route: AppRoute, cell: Cell, outcome: { status: number; text?: string }): string[] {
  if (!isCalendarFile(route)) return [];
  const failures: string[] = [];
  const text = (outcome.text ?? "").replace(/\r?\n[ \t]/g, ""); // unfolded (RFC 5545 §3.1)
  // A 200 is this cell's meeting as iCalendar text, so the check below reads what is really sent.
  if (outcome.status === 200 && !(text.startsWith("BEGIN:VCALENDAR") && text.includes(`UID:${cell.meetingId}@`))) failures.push(`answered 200 without this cell's meeting as iCalendar: ${text.slice(0, 80)}`);
  const named = cells.flatMap((other) => [...other.marks.name, ...other.marks.number, other.marks.meetingNotes]).filter((mark) => text.includes(mark));
  if (named.length > 0) failures.push(`the calendar file names ${named.join(", ")}`);
  return failures;
}

describe("the authorization matrix", () => {
  it("covers every loader and builds every cell", () => {
    expect(loaders.length).toBeGreaterThan(40);
    expect(cells.map((cell) => `${cell.state}/${cell.protectedIdentity}`).sort()).toEqual([...consentStates.flatMap((state) => [`${state}/false`, `${state}/true`])].sort());
  });

  it.each(loaders.map((route) => [route.file, route] as const))("GET %s", async (_file, route) => {
    const failures: string[] = [];
    // Routes without a case's ids answer the same for every cell: one pass per role is enough.
    const cellsToTry = route.params.some((name) => ["caseId", "consentId", "goalId", "activityId", "itemId", "requestId", "meetingId"].includes(name)) ? cells : cells.slice(0, 1);
    for (const cell of cellsToTry) {
      for (const who of matrixRoles) {
        const outcome = await callRoute(route, { params: paramsFor(route, cell), cookie: await cookieOf(who, cell) });
        const label = `${who} on ${cell.state}${cell.protectedIdentity ? " (protected)" : ""}`;
        const allowed = expectedStatus(route, who, cell);
        if (!allowed.includes(outcome.status)) failures.push(`${label}: ${outcome.status}, expected ${allowed.join(" or ")} ${outcome.error instanceof Error ? outcome.error.message.slice(0, 120) : ""}`);
        const shown = forbiddenMarks(who, who === "client" ? cell : undefined).filter((mark) => outcome.text?.includes(mark));
        if (shown.length > 0) failures.push(`${label}: shows ${shown.join(", ")}`);
        const missing = requiredMarks(route, who, cell).filter((mark) => !outcome.text?.includes(mark));
        if (missing.length > 0) failures.push(`${label}: ${outcome.status} without ${missing.join(", ")}`);
        failures.push(...calendarFailures(route, cell, outcome).map((failure) => `${label}: ${failure}`));
      }
    }
    expect(failures).toEqual([]);
  }, 60_000);

  it("finds the meeting routes and their calendar files", () => {
    const files = loaders.map((route) => route.file);
    expect(files).toEqual(
      expect.arrayContaining(["cases.$caseId.meetings.new.tsx", "cases.$caseId.meetings.$meetingId._index.tsx", "cases.$caseId.meetings.$meetingId.change.tsx", "cases.$caseId.meetings.$meetingId.notes.tsx", "me.meetings.$meetingId._index.tsx", "me.meetings.$meetingId.notes.tsx"]),
    );
    expect(loaders.filter(isCalendarFile).map((route) => route.file).sort()).toEqual(["cases.$caseId.meetings.$meetingId.calendar[.]ics.tsx", "me.meetings.$meetingId.calendar[.]ics.tsx"]);
  });
});

/**
 * Writes by someone the cell does not let in: the same answers as reads (ADR 0008: "the gate
 * first: someone outside the case learns nothing from validation messages"), with each action's
 * sample form (tests/support/forms.ts) pointed at the cell's ids. Only refusals are tried, so no
 * cell changes.
 */
function outsiders(route: AppRoute, cell: Cell): { who: Who; status: number }[] {
  const staffPage = [
    { who: "anonymous" as Who, status: 302 },
    { who: "client" as Who, status: 302 },
    { who: "otherClient" as Who, status: 302 },
    { who: "adminEb" as Who, status: 403 },
    { who: "lena" as Who, status: 403 },
  ];
  if (route.file.startsWith("cases.$caseId")) {
    const strangers = (["erik", "karin", "ahmed", "maria"] as Who[]).filter((who) => !seesCase(who, cell));
    // Parts of the case that are the lead's alone: consent, goals, the municipality's activity, its requests.
    // And changing a meeting, the organising unit's alone (Sara's; Erik's unit only takes part).
    const leadOnly = /consents\.(new|record)|plan\.goals|plan\.activities\.\$activityId|requests\.\$requestId|meetings\.\$meetingId\.change/.test(route.file);
    // Writing the notes: the note-taking organisation's (the municipality's); Erik's unit takes part but does not take them.
    const notLead = (leadOnly || isNotesEditor(route)) && seesCase("erik", cell) ? (["erik"] as Who[]) : [];
    // And every cell's notes are approved, so locked: the note-taker (Sara) no longer writes them either.
    const locked = isNotesEditor(route) ? (["sara"] as Who[]) : [];
    return [...staffPage, ...[...strangers, ...notLead, ...locked].map((who) => ({ who, status: 404 }))];
  }
  if (route.file === "inbox.requests.$requestId.tsx") return [...staffPage, ...(["sara", "karin", "ahmed", "maria"] as Who[]).map((who) => ({ who, status: 404 }))];
  if (route.file === "me.consents.$consentId.revoke.tsx" || route.file === "me.meetings.$meetingId._index.tsx") return [{ who: "otherClient", status: 404 }, { who: "anonymous", status: 302 }, { who: "sara", status: 302 }];
  // Only the receiving unit handles a message; the sender reads it but does not claim it.
  if (route.file === "messages.$messageId.tsx") return [...staffPage, ...(["sara", "karin", "ahmed", "maria"] as Who[]).map((who) => ({ who, status: 404 }))];
  return [];
}

const writes = appRoutes.filter(
  (route) => route.action && (route.file.startsWith("cases.$caseId") || ["inbox.requests.$requestId.tsx", "me.consents.$consentId.revoke.tsx", "me.meetings.$meetingId._index.tsx", "messages.$messageId.tsx"].includes(route.file)),
);

describe("the authorization matrix, writes", () => {
  it("has case writes to try", () => {
    expect(writes.length).toBeGreaterThan(10);
    expect(writes.map((route) => route.file)).toContain("cases.$caseId.meetings.$meetingId.notes.tsx");
  });

  it.each(writes.map((route) => [route.file, route] as const))("POST %s by those the cell keeps out", async (_file, route) => {
    const sample = sampleForms(world)[route.file]!;
    const failures: string[] = [];
    for (const cell of cells) {
      const params = paramsFor(route, cell);
      for (const { who, status } of outsiders(route, cell)) {
        const outcome = await callRoute(route, { method: "POST", params, cookie: await cookieOf(who, cell), body: new URLSearchParams(sample.fields).toString() });
        if (outcome.status !== status) failures.push(`${who} on ${cell.state}${cell.protectedIdentity ? " (protected)" : ""}: ${outcome.status}, expected ${status} ${outcome.text?.slice(0, 100) ?? ""}`);
        const shown = forbiddenMarks(who, undefined).filter((mark) => outcome.text?.includes(mark));
        if (shown.length > 0) failures.push(`${who} on ${cell.state}: shows ${shown.join(", ")}`);
      }
    }
    expect(failures).toEqual([]);
  }, 60_000);
});
