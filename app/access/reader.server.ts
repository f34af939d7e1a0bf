import { eq, getTableColumns, sql } from "drizzle-orm";
import type { AnyPgColumn, SubqueryWithSelection } from "drizzle-orm/pg-core";
import type { SelectResultFields } from "drizzle-orm/query-builders/select.types";
import { consentGrants, consents, type AuditRead } from "../../db/schema";

/** A consent version of a case with its grants, as stored. */
export type ConsentRow = typeof consents.$inferSelect & { grants: (typeof consentGrants.$inferSelect)[] };
import type { Actor } from "./actor";
import { recordLooks, type LookEvent } from "./audit/record.server";
import { decide, type Action, type Decision, type PolicyActor, type PolicyConsent, type Resource } from "./policy";
import type { Queryable } from "~/lib/db.server";
import { statement, type Preparable } from "~/lib/statement.server";
import { now } from "~/lib/time.server";

/**
 * The request-scoped reader the gate hands out (docs/architecture.md, "The door"; compare
 * Medplum's Repository). One per gated request and actor: it loads each case's consents once,
 * decides every read with the pure policy, and keeps every decision until the gate writes them
 * as one audit event per client ("one event per look") in the same transaction.
 *
 * Services receive a reader; the read modules in app/access/reads/ are the only code that
 * selects from client-data tables (app/access/client-data.ts). Writes go through `reader.tx`
 * after the gate has allowed them, and are recorded with `reader.changed()`.
 */
export type Allowed = Extract<Decision, { allowed: true }>;

/** What a decision is about, as the audit trail names it ("case", "plan_activity", "case_list_item" …). */
export interface Target {
  resourceType: string;
  resourceId?: string | null;
  /** What else the trail should keep about this decision (a search's filters …); never personal data. */
  details?: Record<string, unknown>;
}

/** A refusal of something the actor asked for by name: the gate answers 404 and records it. */
export class AccessDenied extends Error {
  constructor(readonly decision: Extract<Decision, { allowed: false }>) {
    super(`access denied: ${decision.reason}`);
    this.name = "AccessDenied";
  }
}

/** A change the gate allowed, for the audit trail (action names like "case.close", "consent.revoke"). */
export interface Change {
  action: string;
  clientId: string;
  caseId?: string | null;
  resourceType: string;
  resourceId?: string | null;
  category?: string | null;
  basis?: string | null;
  details?: Record<string, unknown>;
}

interface Entry extends Required<{ [K in keyof AuditRead]: Exclude<AuditRead[K], undefined> }> {
  clientId: string | null;
  /** A decision the actor asked for by name (`require`), or a change: it names the event. */
  main: boolean;
  details?: Record<string, unknown>;
}

export function policyActorOf(actor: Actor): PolicyActor {
  return actor.kind === "client"
    ? { kind: "client", clientId: actor.clientId }
    : { kind: "staff", organizationId: actor.organizationId, organizationKind: actor.organizationKind, unitId: actor.unitId, role: actor.role };
}

const caseOf = (resource: Resource) =>
  resource.type === "case" || resource.type === "case_data" || resource.type === "identity" || resource.type === "message" || resource.type === "meeting" || resource.type === "meeting_notes" ? resource.case : undefined;
const clientOf = (resource: Resource) =>
  resource.type === "case" || resource.type === "case_data" || resource.type === "meeting" || resource.type === "meeting_notes"
    ? resource.case.clientId
    : resource.type === "message"
      ? (resource.case?.clientId ?? null)
      : resource.type === "mailbox"
        ? null
        : (resource.clientId ?? null);

/**
 * One query: each consent version of the cases `$caseIds` with its grants (none for a consent with
 * every line withdrawn), oldest first, with the columns asked for.
 *
 * Looked up case by case, and each consent's grants consent by consent, by index, whatever the
 * planner's statistics say: each lookup is a lateral subquery with its own order, which PostgreSQL
 * never merges into the outer join. As a plain join of the two tables, a planner without
 * statistics (a new or bulk-loaded table autovacuum has not analysed yet, or PGlite, which has
 * none) took each case for 0.5 % of the table and scanned both tables whole: 6–8 ms for a page of
 * 25 cases at 10 000 cases, against 1–1.8 ms this way (0.6–0.8 ms as a join with statistics,
 * 0.9–1 ms this way; docs/bench.md).
 */
function consentsWithGrants<C extends Record<string, AnyPgColumn>, G extends Record<string, AnyPgColumn>>(
  db: Queryable,
  consent: C,
  grant: G,
): Preparable<{ consent: SelectResultFields<C>; grant: SelectResultFields<G> | null }[]> {
  // Built on plain column records: drizzle's subquery types do not carry generic selections.
  type Lateral = SubqueryWithSelection<Record<string, AnyPgColumn>, string>;
  const versions = db
    .select({ ...(consent as Record<string, AnyPgColumn>), oldestFirst: sql<Date>`${consents.createdAt}`.as("oldest_first") })
    .from(consents)
    .where(sql`${consents.caseId} = wanted.case_id`)
    .orderBy(consents.createdAt)
    .as("versions") as unknown as Lateral;
  const grants = db
    .select({ ...(grant as Record<string, AnyPgColumn>), grantOrder: sql<string>`${consentGrants.id}`.as("grant_order") })
    .from(consentGrants)
    .where(eq(consentGrants.consentId, versions.id!))
    .orderBy(consentGrants.id)
    .as("grants") as unknown as Lateral;
  const fields = (from: Lateral, keys: Record<string, unknown>) => Object.fromEntries(Object.keys(keys).map((key) => [key, from[key]!]));
  const query = db
    .select({ consent: fields(versions, consent), grant: fields(grants, grant) })
    .from(sql`unnest(${sql.placeholder("caseIds")}::uuid[]) as wanted(case_id)`)
    .innerJoinLateral(versions, sql`true`)
    .leftJoinLateral(grants, sql`true`)
    .orderBy(versions.oldestFirst!, grants.grantOrder!);
  return query as unknown as Preparable<{ consent: SelectResultFields<C>; grant: SelectResultFields<G> | null }[]>;
}

/** What a decision reads of a consent: validity, revocation, each grant's parties and category. */
const policyConsentsOf = statement((db) =>
  consentsWithGrants(
    db,
    { id: consents.id, caseId: consents.caseId, validFrom: consents.validFrom, validUntil: consents.validUntil, revokedAt: consents.revokedAt, supersededAt: consents.supersededAt },
    { discloserOrganizationId: consentGrants.discloserOrganizationId, recipientOrganizationId: consentGrants.recipientOrganizationId, categoryCode: consentGrants.categoryCode, revokedAt: consentGrants.revokedAt },
  ),
);
/** The whole rows, for a page that shows them. */
const consentRowsOf = statement((db) => consentsWithGrants(db, getTableColumns(consents), getTableColumns(consentGrants)));

export class Reader<A extends Actor = Actor> {
  /** One clock per look: every decision of a request is taken at the same instant. */
  readonly at: Date = now();
  readonly policyActor: PolicyActor;
  /** Each case's consents as decisions read them (whole rows when the look loaded those). */
  private readonly policyConsents = new Map<string, PolicyConsent[]>();
  private readonly consentRows = new Map<string, ConsentRow[]>();
  private readonly consentLoads = new Map<string, Promise<void>>();
  private readonly memos = new Map<string, Promise<unknown>>();
  private readonly entries: Entry[] = [];
  private readonly seen = new Map<string, Entry>();

  constructor(
    readonly actor: A,
    /** The request's transaction: for writes the gate allowed, and for the read modules. */
    readonly tx: Queryable,
  ) {
    this.policyActor = policyActorOf(actor);
  }

  /**
   * Makes sure the gate can decide on these cases: their consents loaded once per look. A list
   * (several cases) loads only what a decision reads (validity, revocation, each grant's
   * parties and category); a single case, which its page then shows, loads the whole rows.
   */
  async consentsFor(caseIds: readonly string[]): Promise<void> {
    const missing = await this.notLoaded(this.policyConsents, "policy", caseIds);
    if (missing.length === 1) await this.consentRowsFor(missing);
    else if (missing.length > 1) {
      await this.loading("policy", missing, async () => {
        const rows = await policyConsentsOf(this.tx, { caseIds: missing });
        for (const [id, list] of byCase(rows, missing)) this.policyConsents.set(id, list);
      });
    }
  }

  /**
   * The stored consent versions of these cases with their grants (one query for those not loaded
   * yet), for pages that show them. Only for cases the look has already passed the gate for.
   */
  async consentRowsFor(caseIds: readonly string[]): Promise<Map<string, ConsentRow[]>> {
    const missing = await this.notLoaded(this.consentRows, "rows", caseIds);
    if (missing.length > 0) {
      await this.loading("rows", missing, async () => {
        const rows = await consentRowsOf(this.tx, { caseIds: missing });
        for (const [id, list] of byCase(rows, missing)) {
          this.consentRows.set(id, list);
          this.policyConsents.set(id, list);
        }
      });
    }
    return new Map(caseIds.map((id) => [id, this.consentRows.get(id)!]));
  }

  /**
   * The ids of `caseIds` not in `cache`, after waiting for loads of them already under way (a
   * page may read its parts concurrently: a decision must never see a case's consents half-loaded).
   */
  private async notLoaded(cache: Map<string, unknown>, kind: string, caseIds: readonly string[]): Promise<string[]> {
    const wanted = [...new Set(caseIds)];
    const underWay = wanted.map((id) => this.consentLoads.get(`${kind}:${id}`)).filter((load) => load !== undefined);
    if (underWay.length > 0) await Promise.allSettled(underWay);
    return wanted.filter((id) => !cache.has(id));
  }

  /** Runs one consent load for these cases, marked as under way for each until it ends. */
  private async loading(kind: string, caseIds: string[], load: () => Promise<void>): Promise<void> {
    const running = load();
    for (const id of caseIds) this.consentLoads.set(`${kind}:${id}`, running);
    try {
      await running;
    } finally {
      for (const id of caseIds) if (this.consentLoads.get(`${kind}:${id}`) === running) this.consentLoads.delete(`${kind}:${id}`);
    }
  }

  /** The stored consent versions of one case the look has passed the gate for, for a page that shows them. */
  async consentRowsOf(caseId: string): Promise<ConsentRow[]> {
    return (await this.consentRowsFor([caseId])).get(caseId)!;
  }

  async consentsOf(caseId: string): Promise<PolicyConsent[]> {
    await this.consentsFor([caseId]);
    return this.policyConsents.get(caseId)!;
  }

  /** After this request changed a case's consents: the next decision reads them anew. */
  forgetConsents(caseId: string): void {
    this.policyConsents.delete(caseId);
    this.consentRows.delete(caseId);
  }

  /** Loads something once per look under `key` (a case row, a client row, the directory). */
  memo<T>(key: string, load: () => Promise<T>): Promise<T> {
    // Promise.resolve: a query builder is a thenable that runs again on every await; this runs it once.
    if (!this.memos.has(key)) this.memos.set(key, Promise.resolve(load()));
    return this.memos.get(key) as Promise<T>;
  }

  /** Keeps a value loaded in bulk, so that a later `memo(key)` does not load it again. */
  remember<T>(key: string, value: T): void {
    this.memos.set(key, Promise.resolve(value));
  }

  remembers(key: string): boolean {
    return this.memos.has(key);
  }

  /**
   * Rows by id, once per look: `load` gets only the ids not loaded yet (one query for all of
   * them); ids it does not find are remembered as missing and left out of the answer.
   */
  async memoMany<T>(prefix: string, ids: readonly string[], load: (missing: string[]) => Promise<Map<string, T>>): Promise<Map<string, T>> {
    const wanted = [...new Set(ids)];
    const missing = wanted.filter((id) => !this.memos.has(`${prefix}:${id}`));
    if (missing.length > 0) {
      // Marked before the query runs, so that a part of the page reading the same rows meanwhile waits for this load.
      // A failed load fails whoever awaits its rows; the rows nobody awaits must not end the process.
      const loading = load(missing);
      for (const id of missing) {
        const row = loading.then((loaded) => loaded.get(id));
        row.catch(() => {});
        this.memos.set(`${prefix}:${id}`, row);
      }
    }
    const found = new Map<string, T>();
    for (const id of wanted) {
      const row = (await this.memos.get(`${prefix}:${id}`)) as T | undefined;
      if (row !== undefined) found.set(id, row);
    }
    return found;
  }

  /**
   * Decides something the actor asked for by name (the case they opened, the request they
   * claim) and records it. Refused: throws AccessDenied, which the gate turns into 404.
   */
  async require(action: Action, resource: Resource, target: Target): Promise<Allowed> {
    const decision = await this.decide(action, resource, target, true);
    if (!decision.allowed) throw new AccessDenied(decision);
    return decision;
  }

  /**
   * Decides a part of what the actor looks at (a section, a line of a list, an answer) and
   * records it; a refusal withholds that part only and is recorded as withheld.
   */
  async check(action: Action, resource: Resource, target: Target): Promise<Decision> {
    return this.decide(action, resource, target, false);
  }

  /** Records a change the gate allowed; it names the client's event for this request. */
  changed(change: Change): void {
    this.push({
      clientId: change.clientId,
      main: true,
      action: change.action,
      outcome: "success",
      resourceType: change.resourceType,
      resourceId: change.resourceId ?? null,
      caseId: change.caseId ?? null,
      category: change.category ?? null,
      basis: change.basis ?? null,
      reason: null,
      details: change.details,
    });
  }

  private async decide(action: Action, resource: Resource, target: Target, asked: boolean): Promise<Decision> {
    const kase = caseOf(resource);
    const consentsForCase = kase ? await this.consentsOf(kase.caseId) : [];
    const decision = decide(this.policyActor, action, resource, consentsForCase, this.at);
    this.push({
      clientId: clientOf(resource),
      main: asked,
      action,
      outcome: decision.allowed ? "allowed" : asked ? "denied" : "withheld",
      resourceType: target.resourceType,
      resourceId: target.resourceId ?? kase?.caseId ?? null,
      caseId: kase?.caseId ?? null,
      category: resource.type === "case_data" ? resource.category : resource.type === "message" ? resource.message.categoryCode : resource.type === "meeting_notes" ? resource.meeting.notesCategory : null,
      basis: decision.basis,
      reason: decision.allowed ? null : decision.reason,
      details: target.details,
    });
    return decision;
  }

  private push(entry: Entry) {
    // The same decision twice in one look (the case page and its plan both pass case.view) is one line.
    const key = JSON.stringify([entry.clientId, entry.action, entry.outcome, entry.resourceType, entry.resourceId, entry.caseId, entry.category, entry.basis]);
    const earlier = this.seen.get(key);
    if (earlier && entry.outcome !== "success") {
      earlier.main ||= entry.main;
      return;
    }
    this.seen.set(key, entry);
    this.entries.push(entry);
  }

  /** The look as audit events: one per client (and one for decisions about no client). */
  looks({ refusalsOnly = false } = {}): LookEvent[] {
    const groups = new Map<string | null, Entry[]>();
    for (const entry of this.entries) {
      if (refusalsOnly && (entry.outcome === "allowed" || entry.outcome === "success")) continue;
      groups.set(entry.clientId, [...(groups.get(entry.clientId) ?? []), entry]);
    }
    return [...groups].map(([clientId, entries]) => lookEvent(clientId, entries));
  }
}

/**
 * Parts of one look read concurrently: their statements travel together on the request's
 * connection (postgres.js pipelines them) instead of one round trip after another. Waits for
 * every part, then answers their values in order, or throws the first part's error: no part is
 * still reading when the gate ends the transaction.
 */
export async function together<T extends readonly unknown[]>(parts: readonly [...{ [K in keyof T]: Promise<T[K]> }]): Promise<T> {
  const settled = await Promise.allSettled(parts);
  const failed = settled.find((part): part is PromiseRejectedResult => part.status === "rejected");
  if (failed) throw failed.reason;
  return settled.map((part) => (part as PromiseFulfilledResult<unknown>).value) as unknown as T;
}

/** Consent-and-grant join rows as each case's consents with their grants (an empty list for a case without any). */
function byCase<C extends { id: string; caseId: string }, G>(rows: { consent: C; grant: G | null }[], caseIds: readonly string[]): Map<string, (C & { grants: G[] })[]> {
  const cases = new Map<string, (C & { grants: G[] })[]>(caseIds.map((id) => [id, []]));
  const byId = new Map<string, C & { grants: G[] }>();
  for (const { consent, grant } of rows) {
    let row = byId.get(consent.id);
    if (!row) {
      row = { ...consent, grants: [] };
      byId.set(consent.id, row);
      cases.get(consent.caseId)!.push(row);
    }
    if (grant) row.grants.push(grant);
  }
  return cases;
}

/**
 * One event for one client's part of a look. It is named by the first change, else the first
 * refusal of something asked for, else the first thing asked for, else the first decision; its
 * outcome says how the look ended for that client; `reads` lists every decision and change.
 */
function lookEvent(clientId: string | null, entries: Entry[]): LookEvent {
  const refused = entries.find((entry) => entry.main && entry.outcome === "denied");
  const change = entries.find((entry) => entry.outcome === "success");
  const main = change ?? refused ?? entries.find((entry) => entry.main) ?? entries[0]!;
  const outcome = refused ? "denied" : change ? "success" : entries.some((entry) => entry.outcome === "allowed") ? "allowed" : "withheld";
  const categories = [...new Set(entries.filter((entry) => entry.outcome === "allowed" && entry.category).map((entry) => entry.category!))];
  return {
    clientId,
    action: main.action,
    outcome,
    reason: refused?.reason ?? (outcome === "withheld" ? main.reason : null),
    caseId: main.caseId,
    resourceType: main.resourceType,
    resourceId: main.resourceId,
    category: main.category ?? (categories.length === 1 ? categories[0]! : null),
    basis: main.basis,
    details: main.details,
    reads: entries.map(compact),
  };
}

/** A decision as stored in `reads`: fields without a value are left out. */
function compact({ clientId: _client, main: _main, details: _details, ...read }: Entry): AuditRead {
  const stored: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(read)) if (value !== null && value !== undefined) stored[key] = value;
  return stored as unknown as AuditRead;
}

/** Writes the reader's look into `q` (the request's transaction, or a new one after a refusal). */
export async function writeLooks(reader: Reader, q: Queryable, options?: { refusalsOnly?: boolean }): Promise<void> {
  await recordLooks(reader.actor, reader.looks(options), q);
}
