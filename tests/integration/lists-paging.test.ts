import { and, eq, ne, sql, type SQLWrapper } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { auditEvents, infoRequests, mailboxUnopened, messages, notifications, planActivities } from "../../db/schema";
import type { StaffActor } from "~/access/actor";
import { flaggedOfficersQuery, reviewKeys, trailQuery } from "~/access/reads/audit.server";
import { pageOfCases } from "~/access/reads/cases.server";
import { mailboxPage, unopenedPage } from "~/access/reads/messages.server";
import { noticePage } from "~/access/reads/notifications.server";
import { followUpPage } from "~/access/reads/plan.server";
import { latestDonePage, queuePage } from "~/access/reads/requests.server";
import { db } from "~/lib/db.server";
import { afterKeyset, linesPerPage } from "~/lib/paging";
import { reviewAuditTrail } from "~/services/audit/review.server";
import { listNotifications } from "~/services/notifications/notifications.server";
import { listFollowUps } from "~/services/plan/follow-ups.server";
import { listInbox } from "~/services/requests/inbox.server";
import { useTestDatabase } from "../support/database";
import { staffActor } from "../support/fixtures";
import { viaGate } from "../support/gate";
import { appRoutes, callRoute } from "../support/routes";
import { loadWorld, type Role, type World } from "../support/world";

/**
 * The long lists a page at a time (issue 14; ADR 0023): the request inbox, the notices, the
 * follow-ups and the auditor's search read `linesPerPage` rows after a keyset, every filter in
 * the statement. Walked page by page over more rows than a page, with ties in every sort key
 * (times that share a millisecond but not a microsecond among them), each shows every row in
 * scope once and nothing out of scope; a malformed page link answers 400; and a page's reads
 * are recorded in one INSERT (one event per client).
 */
const database = useTestDatabase();

let world: World;
let erik: StaffActor;
let sara: StaffActor;
let lena: StaffActor;

/** Walks a list from its first page to its last. */
async function walk<T>(page: (after: string | null) => Promise<{ lines: T[]; next: string | null }>): Promise<T[][]> {
  const pages: T[][] = [];
  let after: string | null = null;
  do {
    const { lines, next } = await page(after);
    pages.push(lines);
    after = next;
  } while (after && pages.length < 50);
  return pages;
}

const withRequestId = (actor: StaffActor, requestId: string): StaffActor => ({ ...actor, http: { ...actor.http, requestId } });

/** How many events a request wrote, and in how many statements (rows of one INSERT share its command id). */
async function writesOf(requestId: string): Promise<{ events: number; statements: number }> {
  const [row] = await database.current().rows<{ events: number; statements: number }>(
    sql`select count(*)::int as events, count(distinct cmin::text)::int as statements from ${auditEvents} where ${auditEvents.requestId} = ${requestId}`,
  );
  return row!;
}

beforeAll(async () => {
  world = await loadWorld();
  erik = await staffActor("erik.holm@af.samsyn.example");
  sara = await staffActor("sara.lindqvist@berg.samsyn.example");
  lena = await staffActor("lena.aberg@af.samsyn.example");
  const q = db();
  const afUnit = world.ids.units["ostersund@af.samsyn.example"]!;
  const bergUnit = world.ids.units["ekonomiskt.bistand@berg.samsyn.example"]!;

  // 130 notices to Erik's unit, three to an instant; and some to Sara's, which Erik must never see.
  const base = Date.UTC(2026, 5, 1, 8);
  await q.insert(notifications).values(
    Array.from({ length: 130 }, (_, i) => ({ unitId: afUnit, kind: "plan.changed", caseId: i % 2 ? world.ids.evaCase : undefined, createdAt: new Date(base + Math.floor(i / 3) * 1000) })),
  );
  await q.insert(notifications).values(Array.from({ length: 5 }, (_, i) => ({ unitId: bergUnit, kind: "plan.changed", createdAt: new Date(base + i * 1000) })));

  // 70 requests in Erik's unit's queue (copies of the demo request): desired dates shared by five,
  // every seventh undated, sent at shared instants; drafts and requests to Sara's unit beside them.
  const [template] = await q.select().from(infoRequests).where(eq(infoRequests.id, world.ids.request));
  const { id: _id, number: _number, ...request } = template!;
  const day = (n: number) => new Date(Date.UTC(2026, 6, 1) + n * 86_400_000).toISOString().slice(0, 10);
  await q.insert(infoRequests).values([
    ...Array.from({ length: 70 }, (_, i) => ({
      ...request,
      status: i % 4 ? ("submitted" as const) : ("in_review" as const),
      desiredBy: i % 7 === 0 ? null : day(Math.floor(i / 5)),
      submittedAt: new Date(base + Math.floor(i / 2) * 60_000),
    })),
    ...Array.from({ length: 4 }, () => ({ ...request, status: "draft" as const, submittedAt: null })),
    ...Array.from({ length: 4 }, () => ({ ...request, receivingUnitId: bergUnit, receivingOrganizationId: sara.organizationId })),
  ]);

  // 70 live follow-ups of Sara's unit on Eva's case, five to a date; closed and proposed ones beside them.
  const [activity] = await q.select().from(planActivities).where(eq(planActivities.unitId, bergUnit));
  const { id: _activityId, ...live } = activity!;
  await q.insert(planActivities).values([
    ...Array.from({ length: 70 }, (_, i) => ({ ...live, title: `Uppföljning ${i}`, followUpDate: day(Math.floor(i / 5)) })),
    ...Array.from({ length: 3 }, () => ({ ...live, title: "Klar", status: "done" as const, followUpDate: day(0) })),
    ...Array.from({ length: 3 }, () => ({ ...live, title: "Föreslagen", proposal: "proposed" as const, followUpDate: day(0) })),
  ]);

  // 130 events in AF's trail: many at one microsecond, others a microsecond apart inside one millisecond.
  const afOrganization = lena.organizationId;
  await q.execute(sql`
    insert into audit_events (occurred_at, actor_type, actor_user_id, organization_id, unit_id, role, action, outcome, client_id, request_id)
    select timestamptz '2026-06-02 10:00:00.123000+00' + (n / 4) * interval '1 microsecond', 'staff', 'demo-david', ${afOrganization}::uuid, ${afUnit}::uuid, 'case_officer',
      'case.view', (case when n % 3 = 0 then 'denied' else 'allowed' end)::audit_outcome, (case when n % 2 = 0 then ${world.ids.eva} else ${world.ids.sam} end)::uuid, 'seeded'
    from generate_series(1, 130) as n`);
  await q.execute(sql`
    insert into audit_events (occurred_at, actor_type, actor_user_id, organization_id, action, outcome, request_id)
    select timestamptz '2026-06-02 10:00:00.123000+00', 'staff', 'demo-sara', ${sara.organizationId}::uuid, 'case.view', 'allowed', 'seeded-elsewhere'
    from generate_series(1, 5)`);
});

describe("the request inbox, a page at a time", () => {
  it("shows the open queue once, in its order, a page of linesPerPage at a time; never a draft or another unit's request", async () => {
    const pages = await walk(async (after) => {
      const inbox = await viaGate(erik, listInbox, after);
      return { lines: inbox.open, next: inbox.next };
    });
    expect(pages.length).toBeGreaterThan(1);
    expect(pages.every((page) => page.length <= linesPerPage)).toBe(true);
    const seen = pages.flat();
    const queue = await db()
      .select({ id: infoRequests.id })
      .from(infoRequests)
      .where(and(eq(infoRequests.receivingUnitId, erik.unitId), sql`${infoRequests.status} in ('submitted', 'in_review')`));
    expect(queue.length).toBeGreaterThan(70);
    expect(seen.map((row) => row.id).sort()).toEqual(queue.map((row) => row.id).sort());
    // By desired date, undated last, then by when sent.
    const keys = seen.map((row) => `${row.desiredBy ?? "9999-12-31"} ${row.submittedAt}`);
    expect([...keys].sort()).toEqual(keys);
  });

  it("records a page's lines in one statement, one event per client", async () => {
    await viaGate(withRequestId(erik, "inbox-page"), listInbox, null);
    expect(await writesOf("inbox-page")).toEqual({ events: 1, statements: 1 });
  });
});

describe("the notices, a page at a time", () => {
  it("shows the unit's notices once, newest first, and no other unit's", async () => {
    const pages = await walk(async (after) => {
      const { notices, next } = await viaGate(erik, listNotifications, { after });
      return { lines: notices, next };
    });
    const total = await countFor(erik.unitId);
    expect(total).toBeGreaterThan(2 * linesPerPage);
    expect(pages.map((page) => page.length)).toEqual(pageLengths(total));
    const seen = pages.flat();
    expect(new Set(seen.map((notice) => notice.id)).size).toBe(seen.length);
    expect(seen).toHaveLength(await countFor(erik.unitId));
    const times = seen.map((notice) => notice.createdAt);
    expect([...times].sort().reverse()).toEqual(times);
  });
});

/** The lengths of the pages a walk of `total` lines shows: full pages, then the rest. */
const pageLengths = (total: number) => Array.from({ length: Math.ceil(total / linesPerPage) }, (_, i) => Math.min(linesPerPage, total - i * linesPerPage));

async function countFor(unitId: string): Promise<number> {
  return (await db().select({ id: notifications.id }).from(notifications).where(eq(notifications.unitId, unitId))).length;
}

describe("the follow-ups, a page at a time", () => {
  it("shows every live follow-up of the unit and the officer once, earliest first; never a closed or proposed one", async () => {
    const pages = await walk(async (after) => {
      const { followUps, next } = await viaGate(sara, listFollowUps, after);
      return { lines: followUps, next };
    });
    const seen = pages.flat();
    expect(new Set(seen.map((item) => item.activityId)).size).toBe(seen.length);
    const live = await db()
      .select({ id: planActivities.id })
      .from(planActivities)
      .where(and(eq(planActivities.organizationId, sara.organizationId), sql`(${planActivities.unitId} = ${sara.unitId} or ${planActivities.assigneeId} = ${sara.userId})`, sql`${planActivities.proposal} = 'accepted' and ${planActivities.followUpDate} is not null and ${planActivities.status} not in ('done', 'cancelled')`));
    expect(seen.map((item) => item.activityId).sort()).toEqual(live.map((row) => row.id).sort());
    expect(pages.length).toBeGreaterThan(1);
    expect(pages.map((page) => page.length)).toEqual(pageLengths(live.length));
    expect(seen.some((item) => item.title === "Klar" || item.title === "Föreslagen")).toBe(false);
    const dates = seen.map((item) => item.followUpDate);
    expect([...dates].sort()).toEqual(dates);
  });
});

describe("the auditor's search, a page at a time", () => {
  it("walks the organisation's trail with a filter, keyed to the microsecond: no gaps, no repeats, no other organisation", async () => {
    const pages = await walk(async (after) => {
      const { events, next } = await viaGate(lena, reviewAuditTrail, { officerId: "demo-david", outcome: "allowed", after });
      return { lines: events, next };
    });
    const seen = pages.flat();
    const expected = await db()
      .select({ id: auditEvents.id })
      .from(auditEvents)
      .where(and(eq(auditEvents.organizationId, lena.organizationId), eq(auditEvents.actorUserId, "demo-david"), eq(auditEvents.outcome, "allowed")));
    expect(seen.map((event) => Number(event.id)).sort((a, b) => a - b)).toEqual(expected.map((row) => row.id).sort((a, b) => a - b));
    expect(pages.length).toBeGreaterThan(1);
    expect(pages.map((page) => page.length)).toEqual(pageLengths(expected.length));
    expect(seen.every((event) => event.outcome === "allowed" && event.officer?.id === "demo-david")).toBe(true);
    const order = seen.map((event) => [event.occurredAt, Number(event.id)] as const);
    expect(order.every(([at, id], i) => i === 0 || at < order[i - 1]![0] || (at === order[i - 1]![0] && id < order[i - 1]![1]))).toBe(true);
    const everything = (await walk(async (after) => {
      const { events, next } = await viaGate(lena, reviewAuditTrail, { after });
      return { lines: events, next };
    })).flat();
    expect(everything.some((event) => event.officer?.id === "demo-sara")).toBe(false);
  });

  it("records the people a page shows in one statement", async () => {
    await viaGate(withRequestId(lena, "review-page"), reviewAuditTrail, { officerId: "demo-david" });
    const writes = await writesOf("review-page");
    // The search itself, Eva and Sam.
    expect(writes.events).toBe(3);
    expect(writes.statements).toBe(1);
  });
});

describe("page links through the routes", () => {
  const pages: { file: string; role: Role }[] = [
    { file: "inbox.requests._index.tsx", role: "erik" },
    { file: "notifications.tsx", role: "erik" },
    { file: "follow-ups.tsx", role: "sara" },
    { file: "audit.tsx", role: "lena" },
  ];
  const malformed = [
    "x",
    "2026-06-01",
    "2026-06-01T08:00:00.000Z_00000000-0000-4000-8000-000000000000",
    "2026-02-30_00000000-0000-4000-8000-000000000000",
    "2026-06-01T08:00:00.000000Z_2026-06-01T08:00:00.000000Z_1_1",
    "2026-06-01T25:00:00.000000Z_1",
    "'; drop table audit_events; --",
  ];

  it.each(pages)("$file follows its next-page link, and answers 400 with a translated code to a tampered one", async ({ file, role }) => {
    const route = appRoutes.find((candidate) => candidate.file === file)!;
    const cookie = await world.cookie(role);
    const first = await callRoute(route, { cookie });
    expect(first.status).toBe(200);
    const next = (JSON.parse(first.text!) as { next?: string | null; result?: { next: string | null } });
    const link = next.next ?? next.result?.next;
    expect(link).toBeTruthy();
    expect((await callRoute(route, { cookie, search: `?after=${encodeURIComponent(link!)}` })).status).toBe(200);
    for (const after of malformed) {
      const outcome = await callRoute(route, { cookie, search: `?after=${encodeURIComponent(after)}` });
      expect(outcome.status, after).toBe(400);
      expect(outcome.text, after).toContain("page.invalid_cursor");
    }
  });

  it("answers a posted search with a tampered page link with 400 and what was typed", async () => {
    const route = appRoutes.find((candidate) => candidate.file === "audit.tsx")!;
    const outcome = await callRoute(route, { method: "POST", cookie: await world.cookie("lena"), body: new URLSearchParams({ officer: "demo-david", after: "2026-06-01_1" }) });
    expect(outcome.status).toBe(400);
    expect(JSON.parse(outcome.text!)).toMatchObject({ ok: false, error: "page.invalid_cursor", values: { officer: "demo-david" } });
  });

  it("keeps another unit's rows out of a page however the link is made", async () => {
    const route = appRoutes.find((candidate) => candidate.file === "notifications.tsx")!;
    const outcome = await callRoute(route, { cookie: await world.cookie("erik"), search: `?after=${encodeURIComponent("2099-01-01T00:00:00.000000Z_ffffffff-ffff-4fff-bfff-ffffffffffff")}` });
    const { notifications: shown } = JSON.parse(outcome.text!) as { notifications: { id: string }[] };
    const others = await db().select({ id: notifications.id }).from(notifications).where(ne(notifications.unitId, erik.unitId));
    expect(shown.length).toBe(linesPerPage);
    expect(shown.some((notice) => others.some((other) => other.id === notice.id))).toBe(false);
  });
});

/** The plan of a statement when nothing but an index may answer it and sorting is a last resort. */
async function planOf(query: SQLWrapper): Promise<string> {
  return db().transaction(async (tx) => {
    for (const setting of ["enable_seqscan", "enable_bitmapscan", "enable_sort"]) await tx.execute(sql`select set_config(${setting}, 'off', true)`);
    const result = (await tx.execute(sql`explain ${query}`)) as unknown as Record<string, string>[] | { rows: Record<string, string>[] };
    return (Array.isArray(result) ? result : result.rows).map((row) => Object.values(row)[0]).join("\n");
  });
}

/** Whether the plan walks `index` backwards with a Limit above the scan (before the branches are merged). */
function underLimit(plan: string, index: string): boolean {
  const lines = plan.split("\n");
  const at = lines.findIndex((line) => line.includes(`Index Only Scan Backward using ${index} `) || line.includes(`Index Scan Backward using ${index} `));
  if (at < 0) return false;
  let indent = lines[at]!.search(/\S/);
  for (let i = at - 1; i >= 0; i--) {
    const depth = lines[i]!.search(/\S/);
    if (depth >= indent) continue;
    if (/Limit/.test(lines[i]!)) return true;
    if (/Append|Join|Loop/.test(lines[i]!)) return false;
    indent = depth;
  }
  return false;
}

describe("each list's index", () => {
  // Each page's very statement is answered by its index in the list's order: a page is read and
  // the scan stops, with or without statistics, never a read and a sort of everything in scope.
  const time = "2026-06-01T08:00:00.000000Z";
  const uuid = "00000000-0000-4000-8000-000000000000";
  const cases = (): [string, () => SQLWrapper, string][] => [
    ["notices", () => noticePage(db(), { unitId: erik.unitId }, { after: [time, uuid], limit: linesPerPage }), "notifications_unit_idx"],
    ["a client's notices", () => noticePage(db(), { clientId: world.ids.eva }, { after: [time, uuid], limit: linesPerPage }), "notifications_client_idx"],
    ["the open queue", () => queuePage(db(), erik.unitId, { after: ["2026-06-01", time, uuid], limit: linesPerPage }), "info_requests_open_queue_idx"],
    ["the latest handled", () => latestDonePage(db(), erik.unitId), "info_requests_done_idx"],
    ["the unit's follow-ups", () => followUpPage(db(), sara, "unit", { after: ["2026-06-01", uuid], limit: linesPerPage }), "plan_activities_follow_up_unit_idx"],
    ["the officer's follow-ups", () => followUpPage(db(), sara, "assigned", { after: ["2026-06-01", uuid], limit: linesPerPage }), "plan_activities_follow_up_assignee_idx"],
    [
      "the auditor's search",
      () => trailQuery(db(), and(eq(auditEvents.organizationId, lena.organizationId), afterKeyset([auditEvents.occurredAt, auditEvents.id], [time, "1000"], reviewKeys, "desc"))!, linesPerPage + 1, 0),
      "audit_events_org_idx",
    ],
  ];

  it.each(cases().map(([name], index) => ({ name, index })))("reads $name through its index, in order, without a sort", async ({ index }) => {
    const [, query, name] = cases()[index]!;
    const plan = await planOf(query());
    expect(plan).toContain(`using ${name}`);
    expect(plan).not.toMatch(/Sort/);
  });

  it("counts the auditor's flagged officers from the refused looks' own index, not the organisation's whole trail", async () => {
    // Nearly every event is a look let through: the count reads only the refused ones.
    const plan = await planOf(flaggedOfficersQuery(db(), lena.organizationId, {}, 5));
    expect(plan).toContain("using audit_events_denied_idx");
    expect(plan).not.toContain("audit_events_org_idx");
  });

  it.each(["inbox", "unread"] as const)("cuts the mailbox's %s page first and looks each line's case and holder up by key, joining neither table", async (view) => {
    // A join would leave the planner free to hash the whole of cases or users (a prepared
    // statement's generic plan did, docs/bench.md); a lookup per line is one probe in any plan.
    const plan = await planOf(view === "inbox" ? mailboxPage(db(), eq(messages.recipientUnitId, erik.unitId), linesPerPage) : unopenedPage(db(), eq(mailboxUnopened.recipientUnitId, erik.unitId), linesPerPage));
    expect(plan.match(/SubPlan/g)).toHaveLength(2);
    // The unread page joins its queue to the envelopes it cut, and nothing else.
    expect(plan.match(/Join|Nested Loop/g) ?? []).toHaveLength(view === "inbox" ? 0 : 1);
    for (const table of ["cases", "users"]) expect(plan).toMatch(new RegExp(`SubPlan \\d\\n.*Scan using ${table}_pkey on ${table}`));
  });

  it.each([undefined, [time, uuid]])("reads a page of the case list (after %s) through two indexes, each scan stopped by a limit", async (after) => {
    // The cases an organisation leads and those it takes part in, each walked newest first and cut
    // at a page and one line; only those (at most twice a page) are merged and sorted.
    const plan = await planOf(pageOfCases(sara.organizationId, { after, limit: linesPerPage }));
    for (const index of ["cases_lead_org_idx", "case_participants_org_idx"]) expect(underLimit(plan, index)).toBe(true);
    expect(plan).not.toMatch(/Seq Scan/);
  });
});
