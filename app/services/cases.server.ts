import { and, asc, desc, eq, inArray, or } from "drizzle-orm";
import { caseEntries, caseParticipants, cases, clients, consents, infoCategories, organizations, orgUnits, type Case } from "../../db/schema";
import type { Actor, ClientActor, StaffActor } from "~/access/actor";
import { authorize, gated, inChainOrder, loadPolicyConsents, policyActorOf } from "~/access/gate.server";
import { consentState, decide, mayShowIdentity, type CaseFacts, type PolicyConsent } from "~/access/policy";
import { decrypt, encrypt, lookupHmac } from "~/lib/crypto.server";
import { db, type Queryable } from "~/lib/db.server";
import { DomainError } from "~/lib/errors";
import { formatPersonnummer, parsePersonnummer } from "~/lib/personnummer";
import { now } from "~/lib/time.server";
import { recordAudit } from "~/access/audit/record.server";

/**
 * Clients and collaboration cases. Every function that returns client data takes the actor and
 * passes the gate, which records the decision in the same transaction.
 */
export const caseFacts = (row: Case): CaseFacts => ({
  caseId: row.id,
  clientId: row.clientId,
  leadOrganizationId: row.leadOrganizationId,
  leadUnitId: row.leadUnitId,
  status: row.status,
});

export const caseReference = (number: number) => `SAM-${String(number).padStart(5, "0")}`;

/** A client as one viewer may see them: protected identities are masked (name and number null). */
export interface ClientDisplay {
  id: string;
  name: string | null;
  personnummer: string | null;
  protectedIdentity: boolean;
}

function displayClient(client: typeof clients.$inferSelect, showIdentity: boolean): ClientDisplay {
  const visible = !client.protectedIdentity || showIdentity;
  return {
    id: client.id,
    name: visible ? `${client.givenName} ${client.familyName}` : null,
    personnummer: visible ? formatPersonnummer(decrypt(client.personnummerEncrypted)) : null,
    protectedIdentity: client.protectedIdentity,
  };
}

export type LookupResult =
  | { status: "invalid"; reason: "format" | "date" | "checksum" }
  | { status: "not_found"; personnummer: string }
  | { status: "found"; client: ClientDisplay; cases: CaseListItem[] };

/** Finds a client by personal identity number through the HMAC; the number itself is never logged. */
export async function lookupClient(actor: StaffActor, input: string): Promise<LookupResult> {
  const parsed = parsePersonnummer(input);
  if (!parsed.ok) return { status: "invalid", reason: parsed.reason };
  const found = await gated(async (tx) => {
    const [client] = await tx.select().from(clients).where(eq(clients.personnummerHmac, lookupHmac(parsed.normalized)));
    await authorize(tx, actor, "client.lookup", { type: "client", clientId: client?.id }, { resourceType: "client" });
    if (!client) return null;
    const leads = await tx
      .select({ id: cases.id })
      .from(cases)
      .where(and(eq(cases.clientId, client.id), eq(cases.leadUnitId, actor.unitId)));
    return displayClient(client, leads.length > 0);
  });
  if (!found) return { status: "not_found", personnummer: formatPersonnummer(parsed.normalized) };
  // Only this client's cases are listed (and recorded as shown), never the officer's whole list.
  return { status: "found", client: found, cases: await listCasesForActor(actor, { clientId: found.id }) };
}

export interface NewClient {
  personnummer: string;
  givenName: string;
  familyName: string;
  protectedIdentity: boolean;
  preferredLanguage: "sv" | "en";
}

export async function registerClient(actor: StaffActor, input: NewClient): Promise<string> {
  const parsed = parsePersonnummer(input.personnummer);
  if (!parsed.ok) throw new DomainError("client.invalid_number");
  if (!input.givenName.trim() || !input.familyName.trim()) throw new DomainError("client.name_required");
  return gated(async (tx) => {
    await authorize(tx, actor, "client.lookup", { type: "client" }, { resourceType: "client" });
    const hmac = lookupHmac(parsed.normalized);
    const [existing] = await tx.select({ id: clients.id }).from(clients).where(eq(clients.personnummerHmac, hmac));
    if (existing) throw new DomainError("client.exists");
    const [client] = await tx
      .insert(clients)
      .values({
        personnummerEncrypted: encrypt(parsed.normalized),
        personnummerHmac: hmac,
        givenName: input.givenName.trim(),
        familyName: input.familyName.trim(),
        protectedIdentity: input.protectedIdentity,
        preferredLanguage: input.preferredLanguage,
      })
      .returning({ id: clients.id });
    await recordAudit(actor, actor.facts, { action: "client.register", outcome: "success", basis: "own_organization", clientId: client!.id, resourceType: "client", resourceId: client!.id }, tx);
    return client!.id;
  });
}

/** Opens a collaboration case; the officer's unit leads it. */
export async function openCase(actor: StaffActor, clientId: string): Promise<string> {
  return gated(async (tx) => {
    const [client] = await tx.select({ id: clients.id }).from(clients).where(eq(clients.id, clientId));
    await authorize(tx, actor, "client.lookup", { type: "client", clientId: client?.id }, { resourceType: "client" });
    if (!client) throw new DomainError("not_found", 404);
    const [created] = await tx
      .insert(cases)
      .values({ clientId, leadOrganizationId: actor.organizationId, leadUnitId: actor.unitId, openedBy: actor.userId })
      .returning();
    await tx.insert(caseParticipants).values({ caseId: created!.id, organizationId: actor.organizationId, unitId: actor.unitId, addedBy: actor.userId });
    await recordAudit(actor, actor.facts, { action: "case.open", outcome: "success", basis: "own_organization", clientId, caseId: created!.id, resourceType: "case", resourceId: created!.id }, tx);
    return created!.id;
  });
}

export interface CaseListItem {
  id: string;
  reference: string;
  clientId: string;
  client: ClientDisplay;
  status: "open" | "closed";
  leadUnit: string;
  leadOrganization: string;
  openedAt: string;
  lead: boolean;
}

/**
 * The cases the actor's organisation leads or takes part in through an active consent (of one
 * client, when given). Each case shown is recorded as a read, one event per case; cases the
 * policy refuses are not shown.
 */
export async function listCasesForActor(actor: StaffActor, { clientId }: { clientId?: string } = {}): Promise<CaseListItem[]> {
  return db().transaction(async (tx) => {
    const participating = tx.select({ id: caseParticipants.caseId }).from(caseParticipants).where(eq(caseParticipants.organizationId, actor.organizationId));
    const rows = await tx
      .select({ kase: cases, client: clients, unit: orgUnits.name, organization: organizations.name })
      .from(cases)
      .innerJoin(clients, eq(clients.id, cases.clientId))
      .innerJoin(orgUnits, eq(orgUnits.id, cases.leadUnitId))
      .innerJoin(organizations, eq(organizations.id, cases.leadOrganizationId))
      .where(and(or(eq(cases.leadOrganizationId, actor.organizationId), inArray(cases.id, participating)), clientId ? eq(cases.clientId, clientId) : undefined))
      .orderBy(desc(cases.openedAt));
    const consentsByCase = await loadPolicyConsents(tx, rows.map((row) => row.kase.id));
    const items = await inChainOrder(rows, (row) => row.kase.clientId, async (row): Promise<CaseListItem | null> => {
      const facts = caseFacts(row.kase);
      const consents = consentsByCase.get(row.kase.id) ?? [];
      if (!decide(policyActorOf(actor), "case.view", { type: "case", case: facts }, consents, now()).allowed) return null;
      await authorize(tx, actor, "case.view", { type: "case", case: facts }, { consents, resourceType: "case_list_item" });
      return {
        id: row.kase.id,
        reference: caseReference(row.kase.number),
        clientId: row.client.id,
        client: displayClient(row.client, mayShowIdentity(policyActorOf(actor), facts)),
        status: row.kase.status,
        leadUnit: row.unit,
        leadOrganization: row.organization,
        openedAt: row.kase.openedAt.toISOString(),
        lead: row.kase.leadOrganizationId === actor.organizationId,
      };
    });
    return items.filter((item): item is CaseListItem => item !== null);
  });
}

export interface CaseSection {
  ownerOrganizationId: string;
  ownerOrganization: string;
  categoryCode: string;
  name: { sv: string; en: string };
  plain: { sv: string; en: string };
  shared: boolean;
  /** Why it is visible: "own_organization", "own_data" or "consent:<id>". */
  basis: string | null;
  entries: { id: string; text: string; recordedAt: string; recordedBy: string; unit: string }[];
}

export interface CaseView {
  id: string;
  reference: string;
  status: "open" | "closed";
  openedAt: string;
  client: ClientDisplay;
  lead: { organizationId: string; organization: string; unitId: string; unit: string; mailbox: string };
  viewerIsLead: boolean;
  viewerOrganizationId: string | null;
  participants: { unitId: string; unit: string; mailbox: string; organizationId: string; organization: string; active: boolean }[];
  consents: ConsentSummary[];
  sections: CaseSection[];
}

export interface ConsentSummary {
  id: string;
  version: number;
  state: ReturnType<typeof consentState>;
  method: string;
  purpose: string;
  validFrom: string;
  validUntil: string;
  grants: { discloser: string; recipient: string; category: { sv: string; en: string } }[];
}

/** The shared case view, for staff and for the client: every section passes the gate on its own. */
export async function getCaseView(actor: Actor, caseId: string): Promise<CaseView> {
  return gated(async (tx) => {
    const [row] = await tx.select().from(cases).where(eq(cases.id, caseId));
    if (!row) throw new DomainError("not_found", 404);
    const facts = caseFacts(row);
    const consentsForCase = (await loadPolicyConsents(tx, [caseId])).get(caseId)!;
    await authorize(tx, actor, "case.view", { type: "case", case: facts }, { consents: consentsForCase });

    const [client] = await tx.select().from(clients).where(eq(clients.id, row.clientId));
    const orgs = new Map((await tx.select().from(organizations)).map((org) => [org.id, org]));
    const units = await tx.select().from(orgUnits);
    const unitsById = new Map(units.map((unit) => [unit.id, unit]));
    const lead = unitsById.get(row.leadUnitId)!;
    const at = now();
    const named = activeOrganizations(consentsForCase, at);
    named.add(row.leadOrganizationId);

    const participants = (await tx.select().from(caseParticipants).where(eq(caseParticipants.caseId, caseId)).orderBy(asc(caseParticipants.addedAt))).map(
      (participant) => {
        const unit = unitsById.get(participant.unitId)!;
        return {
          unitId: unit.id,
          unit: unit.name,
          mailbox: unit.mailbox,
          organizationId: participant.organizationId,
          organization: orgs.get(participant.organizationId)!.name,
          active: named.has(participant.organizationId),
        };
      },
    );

    const categories = new Map((await tx.select().from(infoCategories)).map((category) => [category.code, category]));
    const entries = await tx.select().from(caseEntries).where(eq(caseEntries.caseId, caseId)).orderBy(desc(caseEntries.recordedAt));
    const sections = await sectionsFor(tx, actor, facts, consentsForCase, entries, categories, orgs, unitsById);

    return {
      id: row.id,
      reference: caseReference(row.number),
      status: row.status,
      openedAt: row.openedAt.toISOString(),
      client: displayClient(client!, mayShowIdentity(policyActorOf(actor), facts)),
      lead: { organizationId: row.leadOrganizationId, organization: orgs.get(row.leadOrganizationId)!.name, unitId: lead.id, unit: lead.name, mailbox: lead.mailbox },
      viewerIsLead: actor.kind === "staff" && actor.unitId === row.leadUnitId,
      viewerOrganizationId: actor.kind === "staff" ? actor.organizationId : null,
      participants,
      consents: await summarizeConsents(tx, consentsForCase.filter((consent) => consent.supersededAt === null), at, orgs, categories),
      sections,
    };
  });
}

function activeOrganizations(consents: PolicyConsent[], at: Date): Set<string> {
  const named = new Set<string>();
  for (const consent of consents) {
    if (consentState(consent, at) !== "active") continue;
    for (const grant of consent.grants) named.add(grant.discloserOrganizationId).add(grant.recipientOrganizationId);
  }
  return named;
}

type CategoryRow = typeof infoCategories.$inferSelect;
type OrgRow = typeof organizations.$inferSelect;

async function summarizeConsents(
  tx: Queryable,
  current: PolicyConsent[],
  at: Date,
  orgs: Map<string, OrgRow>,
  categories: Map<string, CategoryRow>,
): Promise<ConsentSummary[]> {
  const rows = current.length ? await tx.select().from(consents).where(inArray(consents.id, current.map((consent) => consent.id))) : [];
  const details = new Map(rows.map((row) => [row.id, row]));
  return current.map((consent) => ({
    id: consent.id,
    version: details.get(consent.id)?.version ?? 1,
    state: consentState(consent, at),
    method: details.get(consent.id)?.method ?? "",
    purpose: details.get(consent.id)?.purpose ?? "",
    validFrom: consent.validFrom.toISOString(),
    validUntil: consent.validUntil.toISOString(),
    grants: consent.grants.map((grant) => ({
      discloser: orgs.get(grant.discloserOrganizationId)?.name ?? "",
      recipient: orgs.get(grant.recipientOrganizationId)?.name ?? "",
      category: { sv: categories.get(grant.categoryCode)?.nameSv ?? grant.categoryCode, en: categories.get(grant.categoryCode)?.nameEn ?? grant.categoryCode },
    })),
  }));
}

/** Sections: every (organisation, category) named in a consent of the case or holding an entry. */
async function sectionsFor(
  tx: Queryable,
  actor: Actor,
  facts: CaseFacts,
  consents: PolicyConsent[],
  entries: (typeof caseEntries.$inferSelect)[],
  categories: Map<string, CategoryRow>,
  orgs: Map<string, OrgRow>,
  units: Map<string, typeof orgUnits.$inferSelect>,
): Promise<CaseSection[]> {
  const keys = new Map<string, { owner: string; category: string }>();
  const add = (owner: string, category: string) => keys.set(`${owner}|${category}`, { owner, category });
  for (const consent of consents) for (const grant of consent.grants) add(grant.discloserOrganizationId, grant.categoryCode);
  for (const entry of entries) add(entry.organizationId, entry.categoryCode);

  const sections: CaseSection[] = [];
  for (const { owner, category } of keys.values()) {
    const info = categories.get(category);
    const ownerOrg = orgs.get(owner);
    if (!info || !ownerOrg) continue;
    const resource = { type: "case_data" as const, case: facts, ownerOrganizationId: owner, ownerKind: info.ownerKind, category };
    const decision = decide(policyActorOf(actor), "case.data.view", resource, consents, now());
    // Only what is shown is read, and each read is recorded; a section that is not shared reads nothing.
    if (decision.allowed) await authorize(tx, actor, "case.data.view", resource, { consents, resourceType: "case_section", resourceId: `${facts.caseId}:${owner}:${category}` });
    sections.push({
      ownerOrganizationId: owner,
      ownerOrganization: ownerOrg.name,
      categoryCode: category,
      name: { sv: info.nameSv, en: info.nameEn },
      plain: { sv: info.plainSv, en: info.plainEn },
      shared: decision.allowed,
      basis: decision.basis,
      entries: decision.allowed
        ? entries
            .filter((entry) => entry.organizationId === owner && entry.categoryCode === category)
            .map((entry) => ({
              id: entry.id,
              text: entry.text,
              recordedAt: entry.recordedAt.toISOString(),
              recordedBy: entry.recordedBy,
              unit: units.get(entry.unitId)?.name ?? "",
            }))
        : [],
    });
  }
  return sections.sort((a, b) => a.ownerOrganization.localeCompare(b.ownerOrganization, "sv") || a.name.sv.localeCompare(b.name.sv, "sv"));
}

/** Records information on the case under one of the actor's organisation's own categories. */
export async function recordCaseEntry(actor: StaffActor, caseId: string, input: { categoryCode: string; text: string }): Promise<void> {
  const text = input.text.trim();
  if (text.length === 0) throw new DomainError("entry.text_required");
  if (text.length > 2000) throw new DomainError("entry.text_too_long");
  await gated(async (tx) => {
    const [row] = await tx.select().from(cases).where(eq(cases.id, caseId));
    if (!row) throw new DomainError("not_found", 404);
    const [category] = await tx.select().from(infoCategories).where(eq(infoCategories.code, input.categoryCode));
    if (!category) throw new DomainError("entry.unknown_category");
    await authorize(tx, actor, "case.data.record", {
      type: "case_data",
      case: caseFacts(row),
      ownerOrganizationId: actor.organizationId,
      ownerKind: category.ownerKind,
      category: category.code,
    });
    await tx.insert(caseEntries).values({
      caseId,
      clientId: row.clientId,
      organizationId: actor.organizationId,
      unitId: actor.unitId,
      categoryCode: category.code,
      text,
      recordedBy: actor.userId,
    });
  });
}

/** The categories the actor's organisation may record information under. */
export async function ownCategories(actor: StaffActor) {
  return db().select().from(infoCategories).where(eq(infoCategories.ownerKind, actor.organizationKind)).orderBy(asc(infoCategories.nameSv));
}

export async function closeCase(actor: StaffActor, caseId: string): Promise<void> {
  await gated(async (tx) => {
    const [row] = await tx.select().from(cases).where(eq(cases.id, caseId));
    if (!row) throw new DomainError("not_found", 404);
    await authorize(tx, actor, "case.manage", { type: "case", case: caseFacts(row) });
    await tx.update(cases).set({ status: "closed", closedAt: now(), closedBy: actor.userId }).where(eq(cases.id, caseId));
    await recordAudit(actor, actor.facts, { action: "case.close", outcome: "success", basis: "own_organization", clientId: row.clientId, caseId, resourceType: "case", resourceId: caseId }, tx);
  });
}

/** The client's own cases (for /me). */
export async function listOwnCases(actor: ClientActor): Promise<CaseView[]> {
  const own = await db().select({ id: cases.id }).from(cases).where(eq(cases.clientId, actor.clientId)).orderBy(desc(cases.openedAt));
  const views: CaseView[] = [];
  for (const { id } of own) views.push(await getCaseView(actor, id));
  return views;
}
