import { redirect } from "@remix-run/node";
import { eq, sql } from "drizzle-orm";
import { clients, organizations, orgUnits, staffUnitMemberships, users, type OrganizationKind, type StaffRole } from "../../db/schema";
import type { ClientActor, StaffActor } from "./actor";
import { readSession } from "~/lib/auth/session.server";
import { db } from "~/lib/db.server";
import { failure, unlessOutage } from "~/lib/http.server";
import { httpFactsOf } from "~/lib/load-context";
import { oncePerRequest } from "~/lib/per-request.server";
import { returnToOf } from "~/lib/safe-redirect";
import { now } from "~/lib/time.server";
import { officerRoles } from "./roles";

/**
 * The guards: who is signed in (not what they may see — that is the gate's decision). One opens
 * every loader and action, through the route frame (docs/architecture.md, "A route"). Deny by
 * default: a route that calls none is refused by the route test. Pages send the anonymous to the
 * right sign-in with a safe return URL; resource routes (`resource: true`) answer 401 instead.
 */
export async function publicRoute(): Promise<void> {}

interface GateOptions {
  /** A resource route (JSON, files): answer 401 rather than redirecting to a sign-in page. */
  resource?: boolean;
}

interface StaffGateOptions extends GateOptions {
  roles?: readonly StaffRole[];
  /** "forbid" (default): 403 for other roles; "home": send them to their own start page instead. */
  others?: "forbid" | "home";
}

// The root loader (the page frame) and the route's guard read the same staff member: once per request.
function staffRowOf(request: Request, userId: string): Promise<{ user: typeof users.$inferSelect; organizationKind: OrganizationKind; furtherUnits: string[] | null } | undefined> {
  return oncePerRequest(request, `staff:${userId}`, () =>
    db()
      .select({
        user: users,
        organizationKind: organizations.kind,
        // The further units they work in, in the same query (units of their own organisation only).
        furtherUnits: sql<string[] | null>`(select array_agg(m.unit_id::text order by m.unit_id) from ${staffUnitMemberships} m join ${orgUnits} u on u.id = m.unit_id where m.user_id = ${users.id} and u.organization_id = ${users.organizationId} and m.unit_id <> ${users.unitId})`,
      })
      .from(users)
      .innerJoin(organizations, eq(organizations.id, users.organizationId))
      .where(eq(users.id, userId))
      .then((rows) => rows[0]),
  );
}

/** Where each role starts: administrators and auditors see no client data by their role. */
const homeOf: Record<StaffRole, string> = { case_officer: "/cases", rehab_coordinator: "/cases", auditor: "/audit", org_admin: "/account" };

export async function requireStaff(request: Request, options: StaffGateOptions = {}): Promise<StaffActor> {
  // The database unreachable: 503 "try again", the cookie kept (never a sign-out).
  const read = await unlessOutage(request, () => readSession(request, "staff"));
  const returnTo = encodeURIComponent(returnToOf(request));
  if (read.status !== "ok") {
    const headers = read.status === "invalid" ? { "Set-Cookie": read.clearCookie } : undefined;
    if (options.resource) throw failure(401, "auth.required", headers);
    throw redirect(`/login?returnTo=${returnTo}`, { headers });
  }
  if (!read.session.mfaVerified) {
    if (options.resource) throw failure(401, "auth.required");
    throw redirect(`/login/second-factor?returnTo=${returnTo}`);
  }
  const row = await unlessOutage(request, () => staffRowOf(request, read.session.userId));
  const user = row?.user;
  if (!row || !user || !user.active) throw redirect("/login");
  if (options.roles && !options.roles.includes(user.role)) {
    if (options.others === "home") throw redirect(homeOf[user.role]);
    throw failure(403, "auth.forbidden");
  }
  return {
    kind: "staff",
    userId: user.id,
    sessionId: read.session.id,
    name: user.name,
    title: user.title,
    email: user.email,
    role: user.role,
    organizationId: user.organizationId,
    organizationKind: row.organizationKind,
    unitId: user.unitId,
    workUnitIds: [user.unitId, ...(row.furtherUnits ?? [])],
    http: httpFactsOf(request),
  };
}

/** An officer acting in the unit the URL names (`?unit=`), or in their own unit: see requireOfficerIn. */
export function requireMailboxOfficer(request: Request, options: Omit<StaffGateOptions, "roles"> = {}): Promise<StaffActor> {
  return requireOfficerIn(request, new URL(request.url).searchParams.get("unit"), options);
}

/**
 * An officer acting in one of the units they work in (`unitId`, from the page's `?unit=`; their
 * own unit when absent): the actor's unit for this request, so the gate decides and the trail
 * records as that unit. A unit they do not work in is "not found" (404), like any other.
 */
export async function requireOfficerIn(request: Request, unitId: string | null | undefined, options: Omit<StaffGateOptions, "roles"> = {}): Promise<StaffActor> {
  const actor = await requireOfficer(request, options);
  if (!unitId || unitId === actor.unitId) return actor;
  if (!actor.workUnitIds?.includes(unitId)) throw failure(404, "not_found");
  return { ...actor, unitId };
}

/** Staff who work with clients (case officers, rehab coordinators); others get 403. */
export function requireOfficer(request: Request, options: Omit<StaffGateOptions, "roles"> = {}): Promise<StaffActor> {
  return requireStaff(request, { ...options, roles: officerRoles });
}

/** An organisation's administrator (users and units of their own organisation; no client data). */
export function requireOrgAdmin(request: Request, options: GateOptions = {}): Promise<StaffActor> {
  return requireStaff(request, { ...options, roles: ["org_admin"] });
}

/** An auditor (their own organisation's audit trail). */
export function requireAuditor(request: Request, options: GateOptions = {}): Promise<StaffActor> {
  return requireStaff(request, { ...options, roles: ["auditor"] });
}

export async function requireClient(request: Request, options: GateOptions = {}): Promise<ClientActor> {
  const read = await unlessOutage(request, () => readSession(request, "client"));
  if (read.status !== "ok") {
    const headers = read.status === "invalid" ? { "Set-Cookie": read.clearCookie } : undefined;
    if (options.resource) throw failure(401, "auth.required", headers);
    throw redirect(`/auth/eid/start?returnTo=${encodeURIComponent(returnToOf(request))}`, { headers });
  }
  const [client] = await unlessOutage(request, () => db().select().from(clients).where(eq(clients.id, read.session.userId)));
  if (!client) throw redirect("/");
  return {
    kind: "client",
    clientId: client.id,
    sessionId: read.session.id,
    name: `${client.givenName} ${client.familyName}`,
    givenName: client.givenName,
    http: httpFactsOf(request),
  };
}

/** Anyone signed in (staff past the second factor, or a client): for their own session's endpoints. */
export async function requireUser(request: Request, options: GateOptions = {}) {
  const viewer = await viewerOf(request);
  if (!viewer) {
    if (options.resource) throw failure(401, "auth.required");
    throw redirect(`/login?returnTo=${encodeURIComponent(returnToOf(request))}`);
  }
  return viewer;
}

/** Who is signed in, for the page frame (name, sign-out, idle warning); never a gate. */
export function viewerOf(request: Request) {
  return unlessOutage(request, () => signedInViewer(request));
}

async function signedInViewer(request: Request) {
  for (const kind of ["staff", "client"] as const) {
    const read = await readSession(request, kind);
    if (read.status !== "ok" || !read.session.mfaVerified) continue;
    const staff = kind === "staff" ? await staffRowOf(request, read.session.userId) : undefined;
    const person = kind === "staff" ? staff?.user : (await db().select({ name: clients.givenName }).from(clients).where(eq(clients.id, read.session.userId)))[0];
    if (!person) continue;
    return {
      kind,
      name: person.name,
      role: (person as { role?: string }).role ?? null,
      /** The unit whose functional mailbox the header's notices count (staff only). */
      unitId: "unitId" in person ? (person.unitId as string) : null,
      /** Every functional mailbox they work in (their own unit first): the header counts unopened messages in all. */
      mailboxUnitIds: staff ? [staff.user.unitId, ...(staff.furtherUnits ?? [])] : [],
      idleExpiresAt: read.session.expiresAt.toISOString(),
      // Relative, so that a browser whose clock differs from the server's still warns on time.
      idleSecondsLeft: Math.max(0, Math.floor((read.session.expiresAt.getTime() - now().getTime()) / 1000)),
    };
  }
  return null;
}
