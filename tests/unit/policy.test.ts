import { describe, expect, it } from "vitest";
import { consentState, decide, type CaseFacts, type InfoRequestFacts, type MeetingFacts, type MessageFacts, type PolicyActor, type PolicyConsent, type Resource } from "~/access/policy";

// Bergs kommun (municipality) leads Eva's case; AF and FK take part through her consent.
const now = new Date("2026-11-21T12:00:00Z");
const org = { berg: "org-berg", af: "org-af", fk: "org-fk", region: "org-region" };
const kase = { caseId: "case-1", clientId: "eva", leadOrganizationId: org.berg, leadUnitId: "unit-berg-eb", status: "open" as const };

const staff = (organizationId: string, overrides: Partial<Extract<PolicyActor, { kind: "staff" }>> = {}): PolicyActor => ({
  kind: "staff",
  organizationId,
  organizationKind: organizationId === org.af ? "af" : organizationId === org.fk ? "fk" : organizationId === org.region ? "region_health" : "municipality_social",
  unitId: `unit-${organizationId}`,
  role: "case_officer",
  ...overrides,
});
const sara = staff(org.berg, { unitId: "unit-berg-eb" });
const erik = staff(org.af);
const karin = staff(org.fk);
const maria = staff(org.region, { role: "rehab_coordinator" });
const eva: PolicyActor = { kind: "client", clientId: "eva" };

const data = (ownerOrganizationId: string, category: string, ownerKind = ownerOrganizationId === org.af ? "af" : "municipality_social"): Resource => ({
  type: "case_data",
  case: kase,
  ownerOrganizationId,
  ownerKind: ownerKind as never,
  category,
});

const consent = (overrides: Partial<PolicyConsent> = {}): PolicyConsent => ({
  id: "consent-1",
  validFrom: new Date("2026-11-01T00:00:00Z"),
  validUntil: new Date("2027-05-01T00:00:00Z"),
  revokedAt: null,
  supersededAt: null,
  grants: [
    { discloserOrganizationId: org.af, recipientOrganizationId: org.berg, categoryCode: "af.days_used_job" },
    { discloserOrganizationId: org.berg, recipientOrganizationId: org.af, categoryCode: "municipality.income_support" },
  ],
  ...overrides,
});

describe("decide: information on the case (case.data.view)", () => {
  it.each([
    ["own organisation's data, no consent needed", erik, data(org.af, "af.days_used_job"), [], { allowed: true, basis: "own_organization" }],
    ["recipient with a matching grant", sara, data(org.af, "af.days_used_job"), [consent()], { allowed: true, basis: "consent:consent-1" }],
    ["recipient, wrong category", sara, data(org.af, "af.action_plan"), [consent()], { allowed: false, reason: "wrong_category" }],
    ["grant in the other direction only", erik, data(org.berg, "af.days_used_job"), [consent({ grants: [{ discloserOrganizationId: org.af, recipientOrganizationId: org.berg, categoryCode: "municipality.income_support" }] })], { allowed: false, reason: "no_consent" }],
    ["wrong direction", sara, data(org.af, "municipality.income_support"), [consent({ grants: [{ discloserOrganizationId: org.berg, recipientOrganizationId: org.af, categoryCode: "municipality.income_support" }] })], { allowed: false, reason: "wrong_direction" }],
    ["before valid-from", sara, data(org.af, "af.days_used_job"), [consent({ validFrom: new Date("2026-12-01T00:00:00Z") })], { allowed: false, reason: "not_yet_valid" }],
    ["after valid-until", sara, data(org.af, "af.days_used_job"), [consent({ validUntil: new Date("2026-11-21T11:59:59Z") })], { allowed: false, reason: "expired" }],
    // valid-until is the consent's last instant (a day's 23:59:59.999 Swedish time): it still holds then, not a millisecond later.
    ["exactly at valid-until", sara, data(org.af, "af.days_used_job"), [consent({ validUntil: now })], { allowed: true, basis: "consent:consent-1" }],
    ["a millisecond after valid-until", sara, data(org.af, "af.days_used_job"), [consent({ validUntil: new Date(now.getTime() - 1) })], { allowed: false, reason: "expired" }],
    ["revoked consent", sara, data(org.af, "af.days_used_job"), [consent({ revokedAt: new Date("2026-11-20T00:00:00Z") })], { allowed: false, reason: "revoked" }],
    ["superseded version", sara, data(org.af, "af.days_used_job"), [consent({ supersededAt: new Date("2026-11-20T00:00:00Z") })], { allowed: false, reason: "superseded" }],
    [
      "a single revoked grant (kept on the superseded version)",
      sara,
      data(org.af, "af.days_used_job"),
      [
        consent({ supersededAt: new Date("2026-11-20T00:00:00Z"), grants: [{ discloserOrganizationId: org.af, recipientOrganizationId: org.berg, categoryCode: "af.days_used_job", revokedAt: new Date("2026-11-20T00:00:00Z") }] }),
        consent({ id: "consent-2", grants: [{ discloserOrganizationId: org.berg, recipientOrganizationId: org.af, categoryCode: "municipality.income_support" }] }),
      ],
      { allowed: false, reason: "revoked" },
    ],
    [
      "the new version after a superseded one",
      sara,
      data(org.af, "af.days_used_job"),
      [consent({ supersededAt: new Date("2026-11-20T00:00:00Z") }), consent({ id: "consent-2" })],
      { allowed: true, basis: "consent:consent-2" },
    ],
    ["no consent at all", karin, data(org.af, "af.days_used_job"), [consent()], { allowed: false, reason: "no_consent" }],
    ["an organisation not named gets nothing", maria, data(org.berg, "municipality.income_support"), [consent()], { allowed: false, reason: "no_consent" }],
    ["the client's own data", eva, data(org.af, "af.days_used_job"), [], { allowed: true, basis: "own_data" }],
    ["another client's data", { kind: "client", clientId: "someone-else" } as PolicyActor, data(org.af, "af.days_used_job"), [consent()], { allowed: false, reason: "not_own_data" }],
    ["an organisation administrator", staff(org.berg, { role: "org_admin" }), data(org.berg, "municipality.income_support"), [], { allowed: false, reason: "role_without_client_access" }],
    ["an auditor", staff(org.af, { role: "auditor" }), data(org.af, "af.days_used_job"), [consent()], { allowed: false, reason: "role_without_client_access" }],
  ] as const)("%s", (_name, actor, resource, consents, expected) => {
    expect(decide(actor, "case.data.view", resource, consents, now)).toMatchObject(expected);
  });
});

describe("decide: the case itself (case.view)", () => {
  const view = (actor: PolicyActor, consents: PolicyConsent[]) => decide(actor, "case.view", { type: "case", case: kase }, consents, now);

  it("lets the lead organisation see its case", () => {
    expect(view(sara, [])).toMatchObject({ allowed: true, basis: "own_organization" });
    expect(view(staff(org.berg, { unitId: "another-unit" }), [])).toMatchObject({ allowed: true });
  });
  it("lets an organisation named in an active consent see it, in either direction", () => {
    expect(view(erik, [consent()])).toMatchObject({ allowed: true, basis: "consent:consent-1" });
    const onlyRecipient = consent({ grants: [{ discloserOrganizationId: org.berg, recipientOrganizationId: org.fk, categoryCode: "municipality.income_support" }] });
    expect(view(karin, [onlyRecipient])).toMatchObject({ allowed: true });
  });
  it.each([
    ["not named", karin, [consent()], "no_consent"],
    ["revoked", erik, [consent({ revokedAt: now })], "revoked"],
    ["expired", erik, [consent({ validUntil: new Date("2026-01-01T00:00:00Z") })], "expired"],
    ["superseded with no successor naming it", erik, [consent({ supersededAt: now })], "superseded"],
    ["administrator of the lead organisation", staff(org.berg, { role: "org_admin" }), [], "role_without_client_access"],
  ] as const)("refuses an organisation whose consent is %s", (_name, actor, consents, reason) => {
    expect(view(actor, [...consents])).toEqual({ allowed: false, basis: null, reason });
  });
  it("lets the client see her own case and no one else's", () => {
    expect(view(eva, [])).toMatchObject({ allowed: true, basis: "own_data" });
    expect(view({ kind: "client", clientId: "other" }, [])).toMatchObject({ allowed: false, reason: "not_own_data" });
  });
});

describe("decide: recording and managing", () => {
  it("records information only under the actor's own organisation's categories, on an open case it can see", () => {
    expect(decide(erik, "case.data.record", data(org.af, "af.days_used_job"), [consent()], now)).toMatchObject({ allowed: true });
    expect(decide(erik, "case.data.record", data(org.berg, "municipality.income_support"), [consent()], now)).toMatchObject({ reason: "not_category_owner" });
    expect(decide(karin, "case.data.record", data(org.fk, "fk.sickness_benefit", "fk"), [consent()], now)).toMatchObject({ reason: "no_consent" });
    const closed = { ...data(org.af, "af.days_used_job"), case: { ...kase, status: "closed" as const } } as Resource;
    expect(decide(erik, "case.data.record", closed, [consent()], now)).toMatchObject({ reason: "case_closed" });
    expect(decide(eva, "case.data.record", data(org.af, "af.days_used_job"), [], now)).toMatchObject({ reason: "not_permitted" });
  });

  it("lets only the lead unit manage an open case", () => {
    const manage = (actor: PolicyActor, status: "open" | "closed" = "open") => decide(actor, "case.manage", { type: "case", case: { ...kase, status } }, [consent()], now);
    expect(manage(sara)).toMatchObject({ allowed: true });
    expect(manage(erik)).toMatchObject({ reason: "not_lead_unit" });
    expect(manage(staff(org.berg, { unitId: "unit-berg-other" }))).toMatchObject({ reason: "not_lead_unit" });
    expect(manage(sara, "closed")).toMatchObject({ reason: "case_closed" });
  });

  it("lets officers look clients up, not administrators or auditors", () => {
    expect(decide(sara, "client.lookup", { type: "client" }, [], now)).toMatchObject({ allowed: true, basis: "identity_lookup" });
    expect(decide(staff(org.af, { role: "auditor" }), "client.lookup", { type: "client" }, [], now)).toMatchObject({ allowed: false });
  });
});

describe("identity (identity.view)", () => {
  const identity = (protectedIdentity: boolean, identityUnitId: string | null = "unit-berg-eb", overrides: Partial<Extract<Resource, { type: "identity" }>> = {}): Resource => ({
    type: "identity",
    clientId: "eva",
    protectedIdentity,
    identityUnitId,
    case: kase,
    ...overrides,
  });
  const request: InfoRequestFacts = { requestingOrganizationId: org.berg, receivingOrganizationId: org.af, receivingKind: "af", receivingUnitId: "unit-org-af", consentId: null, legalReference: "OSL 10 kap. 28 §" };

  it.each([
    ["an ordinary identity, to anyone who sees the case", erik, identity(false), [consent()], { allowed: true, basis: "consent:consent-1" }],
    ["an ordinary identity, not to an organisation that does not see the case", karin, identity(false), [consent()], { allowed: false, reason: "no_consent" }],
    ["a protected identity, to the unit that holds it", sara, identity(true), [], { allowed: true, basis: "identity_holder" }],
    ["a protected identity, not to another unit of the lead organisation", staff(org.berg, { unitId: "unit-berg-ame" }), identity(true), [], { allowed: false, reason: "protected_identity" }],
    ["a protected identity, not to a unit that leads a case it opened itself", erik, identity(true, "unit-berg-eb", { case: { ...kase, leadOrganizationId: org.af, leadUnitId: "unit-org-af" } }), [], { allowed: false, reason: "protected_identity" }],
    ["a protected identity, not to another organisation that sees the case", erik, identity(true), [consent()], { allowed: false, reason: "protected_identity" }],
    ["a protected identity with no holder, to no one", sara, identity(true, null), [], { allowed: false, reason: "protected_identity" }],
    ["an ordinary identity, to the unit receiving a request about the person", erik, identity(false, null, { request }), [], { allowed: true, basis: "legal:OSL 10 kap. 28 §" }],
    ["a protected identity, not to the unit receiving a request", erik, identity(true, "unit-berg-eb", { request }), [], { allowed: false, reason: "protected_identity" }],
    ["the client's own", eva, identity(true), [], { allowed: true, basis: "own_data" }],
    ["another client's", { kind: "client", clientId: "someone-else" } as PolicyActor, identity(false), [], { allowed: false, reason: "not_own_data" }],
    ["an administrator", staff(org.berg, { role: "org_admin", unitId: "unit-berg-eb" }), identity(false), [], { allowed: false, reason: "role_without_client_access" }],
    ["an auditor reviewing the trail (no case): ordinary identity", staff(org.af, { role: "auditor" }), identity(false, null, { case: undefined }), [], { allowed: true, basis: "audit_supervision" }],
    ["an auditor reviewing the trail (no case): protected identity", staff(org.af, { role: "auditor" }), identity(true, null, { case: undefined }), [], { allowed: false, reason: "protected_identity" }],
    ["an officer without a case", erik, identity(false, null, { case: undefined }), [], { allowed: false, reason: "not_permitted" }],
  ] as const)("%s", (_name, actor, resource, consents, expected) => {
    expect(decide(actor, "identity.view", resource, [...consents], now)).toMatchObject(expected);
  });
});

describe("proposals (case.data.view with a proposal)", () => {
  const proposal = (proposedBy: string | null, state: "proposed" | "declined" = "proposed"): Resource => ({
    ...(data(org.af, "af.action_plan") as Extract<Resource, { type: "case_data" }>),
    proposal: { state, proposedByOrganizationId: proposedBy },
  });
  it.each([
    ["the organisation asked to take it on", erik, proposal(org.berg), [consent()], { allowed: true, basis: "own_organization" }],
    ["the organisation that proposed it", sara, proposal(org.berg), [consent()], { allowed: true, basis: "own_proposal" }],
    ["a third organisation that sees the case", maria, proposal(org.berg), [consent({ grants: [{ discloserOrganizationId: org.region, recipientOrganizationId: org.berg, categoryCode: "region.rehab_plan" }] })], { allowed: false, reason: "not_party_to_proposal" }],
    ["even with a grant for the category", sara, proposal(org.fk), [consent()], { allowed: false, reason: "not_party_to_proposal" }],
    ["the organisation asked, once it no longer sees the case", erik, proposal(org.berg), [consent({ revokedAt: now })], { allowed: false, reason: "revoked" }],
    ["the client", eva, proposal(org.berg, "declined"), [], { allowed: true, basis: "own_data" }],
  ] as const)("%s", (_name, actor, resource, consents, expected) => {
    expect(decide(actor, "case.data.view", resource, [...consents], now)).toMatchObject(expected);
  });
});

describe("the audit trail (audit.review, access_log.view)", () => {
  const auditor = staff(org.af, { role: "auditor" });
  it("lets an auditor review their own organisation's trail, and no one else", () => {
    expect(decide(auditor, "audit.review", { type: "audit_trail", organizationId: org.af }, [], now)).toMatchObject({ allowed: true, basis: "audit_supervision" });
    expect(decide(auditor, "audit.review", { type: "audit_trail", organizationId: org.berg }, [], now)).toMatchObject({ allowed: false, reason: "not_permitted" });
    expect(decide(erik, "audit.review", { type: "audit_trail", organizationId: org.af }, [], now)).toMatchObject({ allowed: false, reason: "not_permitted" });
    expect(decide(eva, "audit.review", { type: "audit_trail", organizationId: org.af }, [], now)).toMatchObject({ allowed: false, reason: "not_permitted" });
  });
  it("lets a client read only their own access log", () => {
    expect(decide(eva, "access_log.view", { type: "client", clientId: "eva" }, [], now)).toMatchObject({ allowed: true, basis: "own_data" });
    expect(decide(eva, "access_log.view", { type: "client", clientId: "sam" }, [], now)).toMatchObject({ allowed: false, reason: "not_own_data" });
    expect(decide(erik, "access_log.view", { type: "client", clientId: "eva" }, [], now)).toMatchObject({ allowed: false });
  });
});

describe("consentState", () => {
  it("is evaluated at the time asked", () => {
    const c = consent();
    expect(consentState(c, new Date("2026-10-31T23:59:59Z"))).toBe("not_yet_valid");
    expect(consentState(c, now)).toBe("active");
    // valid-until (2027-05-01T00:00:00Z here) is the last instant that still counts.
    expect(consentState(c, new Date("2027-05-01T00:00:00Z"))).toBe("active");
    expect(consentState(c, new Date("2027-05-01T00:00:00.001Z"))).toBe("expired");
    expect(consentState({ ...c, revokedAt: new Date("2026-12-01T00:00:00Z") }, now)).toBe("active");
    expect(consentState({ ...c, revokedAt: new Date("2026-12-01T00:00:00Z") }, new Date("2026-12-02T00:00:00Z"))).toBe("revoked");
  });
});

describe("decide: information requests", () => {
  // Bergs kommun (Sara's unit) asks AF Östersund; Erik is an officer of that AF unit.
  const afUnit = "unit-org-af";
  const request = (overrides: Partial<InfoRequestFacts> = {}): InfoRequestFacts => ({
    requestingOrganizationId: org.berg,
    receivingOrganizationId: org.af,
    receivingKind: "af",
    receivingUnitId: afUnit,
    consentId: "consent-1",
    legalReference: null,
    ...overrides,
  });
  const item = (category: string, facts: InfoRequestFacts = request(), overrides: Partial<CaseFacts> = {}): Resource => ({
    type: "case_data",
    case: { ...kase, ...overrides },
    ownerOrganizationId: facts.receivingOrganizationId,
    ownerKind: facts.receivingKind,
    category,
    request: facts,
  });
  const whole = (facts: InfoRequestFacts = request()): Resource => ({ type: "case", case: kase, request: facts });
  const legal = request({ consentId: null, legalReference: "OSL 10 kap. 28 §" });
  const revoked = consent({ revokedAt: new Date("2026-11-20T00:00:00Z") });

  it.each([
    ["asking for an item the consent covers", "request.create", sara, item("af.days_used_job"), [consent()], { allowed: true, basis: "consent:consent-1" }],
    ["asking for an item the consent does not cover", "request.create", sara, item("af.action_plan"), [consent()], { allowed: false, reason: "wrong_category" }],
    ["asking with no consent at all", "request.create", sara, item("af.days_used_job"), [], { allowed: false, reason: "no_consent" }],
    ["asking under a revoked consent", "request.create", sara, item("af.days_used_job"), [revoked], { allowed: false, reason: "revoked" }],
    ["asking under a statute: any item of the receiver, flagged as legal", "request.create", sara, item("af.action_plan", legal), [], { allowed: true, basis: "legal:OSL 10 kap. 28 §" }],
    ["asking for an item another kind of organisation owns", "request.create", sara, { ...(item("fk.sgi", legal) as object), ownerKind: "fk" } as Resource, [], { allowed: false, reason: "not_category_owner" }],
    ["asking on a closed case", "request.create", sara, item("af.days_used_job", request(), { status: "closed" }), [consent()], { allowed: false, reason: "case_closed" }],
    ["asking on behalf of another organisation", "request.create", karin, item("af.days_used_job"), [consent()], { allowed: false, reason: "not_permitted" }],
    ["asking without seeing the case", "request.create", staff(org.fk), item("af.days_used_job", request({ requestingOrganizationId: org.fk })), [consent()], { allowed: false, reason: "no_consent" }],
    ["asking one's own organisation", "request.create", erik, item("af.days_used_job", request({ requestingOrganizationId: org.af })), [consent()], { allowed: false, reason: "not_permitted" }],
    ["an administrator asking", "request.create", staff(org.berg, { role: "org_admin" }), item("af.days_used_job"), [consent()], { allowed: false, reason: "role_without_client_access" }],
    ["the receiving unit handles the request, under its basis", "request.handle", erik, whole(), [], { allowed: true, basis: "consent:consent-1" }],
    ["the receiving unit handles a legal request", "request.handle", erik, whole(legal), [], { allowed: true, basis: "legal:OSL 10 kap. 28 §" }],
    ["another unit of the receiving organisation", "request.handle", staff(org.af, { unitId: "unit-af-other" }), whole(), [consent()], { allowed: false, reason: "not_receiving_unit" }],
    ["the requester cannot handle its own request", "request.handle", sara, whole(), [consent()], { allowed: false, reason: "not_receiving_unit" }],
    ["an auditor of the receiving unit", "request.handle", staff(org.af, { role: "auditor" }), whole(), [consent()], { allowed: false, reason: "role_without_client_access" }],
    ["releasing while the consent holds", "request.release", erik, item("af.days_used_job"), [consent()], { allowed: true, basis: "consent:consent-1" }],
    ["releasing after the consent was revoked", "request.release", erik, item("af.days_used_job"), [revoked], { allowed: false, reason: "revoked" }],
    ["releasing after the consent expired", "request.release", erik, item("af.days_used_job"), [consent({ validUntil: new Date(now.getTime() - 1) })], { allowed: false, reason: "expired" }],
    ["releasing under a statute needs no consent", "request.release", erik, item("af.days_used_job", legal), [], { allowed: true, basis: "legal:OSL 10 kap. 28 §" }],
    ["releasing from another unit", "request.release", staff(org.af, { unitId: "unit-af-other" }), item("af.days_used_job"), [consent()], { allowed: false, reason: "not_receiving_unit" }],
    ["the requester reads the answer while the consent holds", "request.read", sara, item("af.days_used_job"), [consent()], { allowed: true, basis: "consent:consent-1" }],
    ["the requester reads no more once it is withdrawn", "request.read", sara, item("af.days_used_job"), [revoked], { allowed: false, reason: "revoked" }],
    ["the requester reads a legal answer", "request.read", sara, item("af.days_used_job", legal), [], { allowed: true, basis: "legal:OSL 10 kap. 28 §" }],
    ["another organisation reads the answer", "request.read", karin, item("af.days_used_job"), [consent()], { allowed: false, reason: "not_permitted" }],
    ["the client reads answers about herself", "request.read", eva, item("af.days_used_job"), [], { allowed: true, basis: "own_data" }],
    ["another client", "request.read", { kind: "client", clientId: "someone-else" } as PolicyActor, item("af.days_used_job"), [consent()], { allowed: false, reason: "not_own_data" }],
    ["the requester manages its request while it sees the case", "request.manage", sara, whole(), [], { allowed: true, basis: "own_organization" }],
    ["the receiver cannot manage the requester's request", "request.manage", erik, whole(), [consent()], { allowed: false, reason: "not_permitted" }],
    ["a request action without request facts", "request.handle", erik, { type: "case", case: kase } as Resource, [consent()], { allowed: false, reason: "not_permitted" }],
  ] as const)("%s", (_name, action, actor, resource, consents, expected) => {
    expect(decide(actor, action, resource, [...consents], now)).toMatchObject(expected);
  });

  it("leaves the client out of asking, handling and releasing", () => {
    for (const action of ["request.create", "request.handle", "request.release", "request.manage"] as const) {
      expect(decide(eva, action, item("af.days_used_job"), [consent()], now)).toMatchObject({ allowed: false, reason: "not_permitted" });
    }
  });
});

describe("decide: messages between functional mailboxes", () => {
  const message = (overrides: Partial<MessageFacts> = {}): MessageFacts => ({
    senderOrganizationId: org.berg,
    senderUnitId: "unit-berg-eb",
    recipientOrganizationId: org.af,
    recipientUnitId: `unit-${org.af}`,
    categoryCode: "municipality.income_support",
    categoryOwnerKind: "municipality_social",
    legalReference: null,
    basis: null,
    ...overrides,
  });
  const send = (facts: MessageFacts, onCase: CaseFacts | null = kase): Resource => ({ type: "message", message: facts, case: onCase ?? undefined });
  const elsewhere = { ...kase, leadOrganizationId: org.region, leadUnitId: "unit-region" };

  it.each([
    ["a general message needs no consent", sara, send(message({ categoryCode: null, categoryOwnerKind: null }), null), [], { allowed: true, basis: "no_client_data" }],
    ["the consent's category to the consent's recipient", sara, send(message()), [consent()], { allowed: true, basis: "consent:consent-1" }],
    ["another category of the sender's", sara, send(message({ categoryCode: "municipality.social_plan" })), [consent()], { allowed: false, reason: "wrong_category" }],
    ["to an organisation the consent does not name", sara, send(message({ recipientOrganizationId: org.fk, recipientUnitId: "unit-org-fk" })), [consent()], { allowed: false, reason: "no_consent" }],
    ["a category the sender's organisation does not own", sara, send(message({ categoryCode: "af.action_plan", categoryOwnerKind: "af" })), [consent()], { allowed: false, reason: "not_category_owner" }],
    ["after the consent was withdrawn", sara, send(message()), [consent({ revokedAt: new Date("2026-11-20T00:00:00Z") })], { allowed: false, reason: "revoked" }],
    ["after it expired", sara, send(message()), [consent({ validUntil: new Date("2026-11-20T00:00:00Z") })], { allowed: false, reason: "expired" }],
    ["under a named statute, without consent", sara, send(message({ recipientOrganizationId: org.fk, recipientUnitId: "unit-org-fk", legalReference: "SFB 110 kap. 31 §" })), [], { allowed: true, basis: "legal:SFB 110 kap. 31 §" }],
    ["within the own organisation", sara, send(message({ recipientOrganizationId: org.berg, recipientUnitId: "unit-berg-ame" })), [], { allowed: true, basis: "own_organization" }],
    ["from a unit not the actor's", sara, send(message({ senderUnitId: "unit-berg-ame" })), [consent()], { allowed: false, reason: "not_permitted" }],
    ["to the actor's own unit", sara, send(message({ recipientOrganizationId: org.berg, recipientUnitId: "unit-berg-eb" })), [], { allowed: false, reason: "not_permitted" }],
    ["about a case the sender may not see", sara, send(message({ legalReference: "OSL 10 kap. 28 §" }), elsewhere), [], { allowed: false, reason: "no_consent" }],
    ["an administrator sends nothing", staff(org.berg, { unitId: "unit-berg-eb", role: "org_admin" }), send(message()), [consent()], { allowed: false, reason: "role_without_client_access" }],
    ["a client sends nothing", eva, send(message()), [consent()], { allowed: false, reason: "not_permitted" }],
  ] as const)("message.send: %s", (_name, actor, resource, consents, expected) => {
    expect(decide(actor, "message.send", resource, consents, now)).toMatchObject(expected);
  });

  it("lets the receiving unit reply under a statute about a case it does not see; a new message needs the case in view", () => {
    const reply = message({ senderOrganizationId: org.af, senderUnitId: `unit-${org.af}`, recipientOrganizationId: org.berg, recipientUnitId: "unit-berg-eb", categoryCode: "af.days_used_job", categoryOwnerKind: "af", legalReference: "OSL 10 kap. 28 §", replyToReceived: true });
    expect(decide(erik, "message.send", { type: "message", message: reply, case: elsewhere }, [], now)).toMatchObject({ allowed: true, basis: "legal:OSL 10 kap. 28 §" });
    expect(decide(erik, "message.send", { type: "message", message: { ...reply, replyToReceived: false }, case: elsewhere }, [], now)).toMatchObject({ allowed: false, reason: "no_consent" });
    // A reply under the consent still needs the grant for its own category.
    expect(decide(erik, "message.send", { type: "message", message: { ...reply, legalReference: null }, case: elsewhere }, [consent()], now)).toMatchObject({ allowed: true, basis: "consent:consent-1" });
    expect(decide(erik, "message.send", { type: "message", message: { ...reply, legalReference: null, categoryCode: "af.action_plan" }, case: elsewhere }, [consent()], now)).toMatchObject({ allowed: false, reason: "wrong_category" });
  });

  it("lets the two units read a message, each on its own basis, and handle it only the receiving one", () => {
    const sent = send(message({ basis: "consent:consent-1" }));
    expect(decide(sara, "message.read", sent, [], now)).toMatchObject({ allowed: true, basis: "own_organization" });
    expect(decide(erik, "message.read", sent, [], now)).toMatchObject({ allowed: true, basis: "consent:consent-1" });
    // A withdrawn consent does not take back what was delivered: it is the receiving unit's record.
    expect(decide(erik, "message.read", sent, [consent({ revokedAt: new Date("2026-11-20T00:00:00Z") })], now)).toMatchObject({ allowed: true });
    expect(decide(karin, "message.read", sent, [consent()], now)).toMatchObject({ allowed: false, reason: "not_mailbox_member" });
    expect(decide(staff(org.af, { role: "auditor" }), "message.read", sent, [], now)).toMatchObject({ allowed: false, reason: "role_without_client_access" });
    expect(decide(eva, "message.read", sent, [], now)).toMatchObject({ allowed: false });
    expect(decide(erik, "message.handle", sent, [], now)).toMatchObject({ allowed: true });
    expect(decide(sara, "message.handle", sent, [], now)).toMatchObject({ allowed: false, reason: "not_receiving_unit" });
    expect(decide(erik, "mailbox.view", { type: "mailbox", unitId: `unit-${org.af}` }, [], now)).toMatchObject({ allowed: true });
    expect(decide(erik, "mailbox.view", { type: "mailbox", unitId: "unit-berg-eb" }, [], now)).toMatchObject({ allowed: false, reason: "not_mailbox_member" });
  });

  it("shows the person a message is about to its two units, a protected identity only to the unit that holds it", () => {
    const facts = message({ basis: "consent:consent-1" });
    const identity = (protectedIdentity: boolean): Resource => ({ type: "identity", clientId: "eva", protectedIdentity, identityUnitId: "unit-berg-eb", case: kase, message: facts });
    expect(decide(erik, "identity.view", identity(false), [], now)).toMatchObject({ allowed: true });
    expect(decide(erik, "identity.view", identity(true), [], now)).toMatchObject({ allowed: false, reason: "protected_identity" });
    expect(decide(sara, "identity.view", identity(true), [], now)).toMatchObject({ allowed: true, basis: "identity_holder" });
    expect(decide(karin, "identity.view", identity(false), [], now)).toMatchObject({ allowed: false });
  });
});

describe("meetings", () => {
  // Sara's unit (the lead unit) calls a meeting on Eva's case with Erik's AF unit; it starts an hour after `now`.
  const afUnit = `unit-${org.af}`;
  const meeting = (overrides: Partial<MeetingFacts> = {}): MeetingFacts => ({
    organizerOrganizationId: org.berg,
    organizerUnitId: "unit-berg-eb",
    noteTakerOrganizationId: org.berg,
    noteTakerKind: "municipality_social",
    notesCategory: "municipality.social_meeting_notes",
    participants: [
      { unitId: "unit-berg-eb", organizationId: org.berg },
      { unitId: afUnit, organizationId: org.af },
    ],
    status: "planned",
    startsAt: new Date("2026-11-21T13:00:00Z"),
    clientTakesPart: true,
    ...overrides,
  });
  const on = (facts: MeetingFacts = meeting(), overrides: Partial<Extract<Resource, { type: "meeting" }>> = {}): Resource => ({ type: "meeting", meeting: facts, case: kase, ...overrides });
  const invite = (invitedOrganizationId: string, facts: MeetingFacts = meeting()): Resource => on(facts, { invitedOrganizationId });
  // The same meeting organised by Erik's AF unit (or Karin's FK unit), on the case Bergs kommun leads.
  const byAf = meeting({ organizerOrganizationId: org.af, organizerUnitId: afUnit });
  const byFk = meeting({ organizerOrganizationId: org.fk, organizerUnitId: "unit-org-fk", participants: [{ unitId: "unit-org-fk", organizationId: org.fk }] });
  const closedCase = { ...kase, status: "closed" as const };
  const started = meeting({ startsAt: new Date(now.getTime() - 60_000) });
  const startingNow = meeting({ startsAt: now });
  const cancelled = meeting({ status: "cancelled" });
  const revoked = consent({ revokedAt: new Date("2026-11-20T00:00:00Z") });
  const expired = consent({ validUntil: new Date("2026-11-20T00:00:00Z") });
  const grant = (discloserOrganizationId: string, recipientOrganizationId: string) => ({ discloserOrganizationId, recipientOrganizationId, categoryCode: "municipality.income_support" });
  const notesGrant = (recipientOrganizationId: string) => ({ discloserOrganizationId: org.berg, recipientOrganizationId, categoryCode: "municipality.social_meeting_notes" });
  const otherBergUnit = staff(org.berg, { unitId: "unit-berg-ame" });
  const otherAfUnit = staff(org.af, { unitId: "unit-af-other" });

  it.each([
    ["the lead unit, on its own organisation's case", sara, on(), [], { allowed: true, basis: "own_organization" }],
    ["another organisation's unit named by an active consent", erik, on(byAf), [consent()], { allowed: true, basis: "consent:consent-1" }],
    ["another unit of the organiser's organisation", otherBergUnit, on(), [consent()], { allowed: false, reason: "not_permitted" }],
    ["an officer of another organisation, for the organiser's unit", erik, on(), [consent()], { allowed: false, reason: "not_permitted" }],
    ["on a closed case", sara, on(meeting(), { case: closedCase }), [], { allowed: false, reason: "case_closed" }],
    ["an organisation the consent does not name", karin, on(byFk), [consent()], { allowed: false, reason: "no_consent" }],
    ["after the consent was withdrawn", erik, on(byAf), [revoked], { allowed: false, reason: "revoked" }],
    ["after the consent expired", erik, on(byAf), [expired], { allowed: false, reason: "expired" }],
    ["an administrator of the lead unit", staff(org.berg, { unitId: "unit-berg-eb", role: "org_admin" }), on(), [], { allowed: false, reason: "role_without_client_access" }],
    ["an auditor of the organising unit", staff(org.af, { role: "auditor" }), on(byAf), [consent()], { allowed: false, reason: "role_without_client_access" }],
  ] as const)("meeting.call: %s", (_name, actor, resource, consents, expected) => {
    expect(decide(actor, "meeting.call", resource, consents, now)).toMatchObject(expected);
  });

  it.each([
    ["a unit of the organiser's own organisation", erik, invite(org.af, byAf), [consent()], { allowed: true, basis: "own_organization" }],
    // The consent names AF and FK only: Bergs kommun is invited because it leads the case.
    ["the case's lead organisation, by another organisation under consent", erik, invite(org.berg, byAf), [consent({ grants: [grant(org.af, org.fk)] })], { allowed: true, basis: "case_lead" }],
    ["an organisation a live grant names as recipient", sara, invite(org.fk), [consent({ grants: [grant(org.berg, org.fk)] })], { allowed: true, basis: "consent:consent-1" }],
    ["an organisation a live grant names as discloser", sara, invite(org.fk), [consent({ grants: [grant(org.fk, org.berg)] })], { allowed: true, basis: "consent:consent-1" }],
    ["an organisation the consent does not name", sara, invite(org.region), [consent()], { allowed: false, reason: "no_consent" }],
    ["an organisation not named, by another organisation under consent", erik, invite(org.fk, byAf), [consent()], { allowed: false, reason: "no_consent" }],
    ["an organisation named only by a withdrawn consent", sara, invite(org.fk), [consent(), consent({ id: "consent-2", revokedAt: new Date("2026-11-20T00:00:00Z"), grants: [grant(org.berg, org.fk)] })], { allowed: false, reason: "revoked" }],
    ["without saying which organisation", sara, on(), [consent()], { allowed: false, reason: "not_permitted" }],
    ["from a unit that does not organise the meeting", erik, invite(org.af), [consent()], { allowed: false, reason: "not_permitted" }],
  ] as const)("meeting.invite: %s", (_name, actor, resource, consents, expected) => {
    expect(decide(actor, "meeting.invite", resource, consents, now)).toMatchObject(expected);
  });

  it.each([
    ["the organising unit of the lead organisation", sara, on(), [], { allowed: true, basis: "own_organization" }],
    ["the organising unit of another organisation, under consent", erik, on(byAf), [consent()], { allowed: true, basis: "consent:consent-1" }],
    ["a participating unit, under consent", erik, on(), [consent()], { allowed: true, basis: "consent:consent-1" }],
    ["a participating unit of the lead organisation", sara, on(byAf), [consent()], { allowed: true, basis: "own_organization" }],
    ["a participating unit, after the meeting started", erik, on(started), [consent()], { allowed: true, basis: "consent:consent-1" }],
    // Others on the case: as far as the consent lets the note-taker (Bergs kommun) disclose its meeting notes to them.
    ["another unit of a participant's organisation, without a grant of the notes", otherAfUnit, on(), [consent()], { allowed: false, reason: "wrong_category" }],
    ["another unit of a participant's organisation, under a grant of the note-taker's meeting notes", otherAfUnit, on(), [consent({ grants: [notesGrant(org.af)] })], { allowed: true, basis: "consent:consent-1" }],
    ["an organisation not at the meeting, under a grant of the notes", karin, on(), [consent({ grants: [notesGrant(org.fk)] })], { allowed: true, basis: "consent:consent-1" }],
    ["an organisation not at the meeting, the grant withdrawn", karin, on(), [consent({ revokedAt: new Date("2026-11-20T00:00:00Z"), grants: [notesGrant(org.fk)] })], { allowed: false, reason: "revoked" }],
    ["another unit of the note-taking organisation (its own notes)", otherBergUnit, on(), [], { allowed: true, basis: "own_organization" }],
    ["a participating unit whose consent was withdrawn", erik, on(), [revoked], { allowed: false, reason: "revoked" }],
  ] as const)("meeting.view: %s", (_name, actor, resource, consents, expected) => {
    expect(decide(actor, "meeting.view", resource, consents, now)).toMatchObject(expected);
  });

  it.each([
    ["the organising unit, before it starts", sara, on(), [], { allowed: true, basis: "own_organization" }],
    ["the organising unit, a millisecond before it starts", sara, on(meeting({ startsAt: new Date(now.getTime() + 1) })), [], { allowed: true, basis: "own_organization" }],
    ["a participating unit", erik, on(), [consent()], { allowed: false, reason: "not_permitted" }],
    ["a unit not taking part", otherBergUnit, on(), [], { allowed: false, reason: "not_meeting_participant" }],
    ["a cancelled meeting", sara, on(cancelled), [], { allowed: false, reason: "meeting_closed" }],
    ["a meeting that has started", sara, on(started), [], { allowed: false, reason: "meeting_closed" }],
    ["exactly when it starts", sara, on(startingNow), [], { allowed: false, reason: "meeting_closed" }],
    ["an organising unit whose consent was withdrawn", erik, on(byAf), [revoked], { allowed: false, reason: "revoked" }],
  ] as const)("meeting.manage: %s", (_name, actor, resource, consents, expected) => {
    expect(decide(actor, "meeting.manage", resource, consents, now)).toMatchObject(expected);
  });

  it.each([
    ["a participating unit, while open", erik, on(), [consent()], { allowed: true, basis: "consent:consent-1" }],
    ["the organising unit, which takes part", sara, on(), [], { allowed: true, basis: "own_organization" }],
    ["after it started", erik, on(started), [consent()], { allowed: false, reason: "meeting_closed" }],
    ["exactly when it starts", erik, on(startingNow), [consent()], { allowed: false, reason: "meeting_closed" }],
    ["a cancelled meeting", erik, on(cancelled), [consent()], { allowed: false, reason: "meeting_closed" }],
    ["a unit not taking part", otherAfUnit, on(), [consent()], { allowed: false, reason: "not_meeting_participant" }],
    ["a participating unit whose consent was withdrawn", erik, on(), [revoked], { allowed: false, reason: "revoked" }],
  ] as const)("meeting.respond: %s", (_name, actor, resource, consents, expected) => {
    expect(decide(actor, "meeting.respond", resource, consents, now)).toMatchObject(expected);
  });

  const sam: PolicyActor = { kind: "client", clientId: "sam" };
  it.each([
    ["sees her own meeting", "meeting.view", eva, on(), { allowed: true, basis: "own_data" }],
    ["sees her own meeting she does not take part in", "meeting.view", eva, on(meeting({ clientTakesPart: false })), { allowed: true, basis: "own_data" }],
    ["does not see another client's meeting", "meeting.view", sam, on(), { allowed: false, reason: "not_own_data" }],
    ["answers while it is open and she takes part", "meeting.respond", eva, on(), { allowed: true, basis: "own_data" }],
    ["does not answer when she does not take part", "meeting.respond", eva, on(meeting({ clientTakesPart: false })), { allowed: false, reason: "not_meeting_participant" }],
    ["does not answer a cancelled meeting", "meeting.respond", eva, on(cancelled), { allowed: false, reason: "meeting_closed" }],
    ["does not answer once it started", "meeting.respond", eva, on(started), { allowed: false, reason: "meeting_closed" }],
    ["does not answer exactly when it starts", "meeting.respond", eva, on(startingNow), { allowed: false, reason: "meeting_closed" }],
    ["does not answer another client's meeting", "meeting.respond", sam, on(), { allowed: false, reason: "not_own_data" }],
    ["does not manage her meeting", "meeting.manage", eva, on(), { allowed: false, reason: "not_permitted" }],
    ["does not call a meeting", "meeting.call", eva, on(), { allowed: false, reason: "not_permitted" }],
    ["does not invite", "meeting.invite", eva, invite(org.fk), { allowed: false, reason: "not_permitted" }],
  ] as const)("the client: %s", (_name, action, actor, resource, expected) => {
    expect(decide(actor, action, resource, [consent()], now)).toMatchObject(expected);
  });

  const notesOn = (state: "draft" | "circulated" | "approved", facts: MeetingFacts = meeting()): Resource => ({ type: "meeting_notes", meeting: facts, case: kase, state });

  it.each([
    ["the note-taking organisation's participating unit, a draft", sara, "notes.write", notesOn("draft"), [], { allowed: true, basis: "own_organization" }],
    ["a participant of another organisation", erik, "notes.write", notesOn("draft"), [consent()], { allowed: false, reason: "not_note_taker" }],
    ["a unit of the note-taking organisation that does not take part", otherBergUnit, "notes.write", notesOn("draft"), [], { allowed: false, reason: "not_note_taker" }],
    ["circulated notes (a new version)", sara, "notes.write", notesOn("circulated"), [], { allowed: true, basis: "own_organization" }],
    ["approved notes", sara, "notes.write", notesOn("approved"), [], { allowed: false, reason: "notes_approved" }],
    ["a cancelled meeting", sara, "notes.write", notesOn("draft", cancelled), [], { allowed: false, reason: "meeting_closed" }],
    ["a draft, by the note-taker", sara, "notes.view", notesOn("draft"), [], { allowed: true, basis: "own_organization" }],
    ["a draft, by another participant", erik, "notes.view", notesOn("draft"), [consent()], { allowed: false, reason: "notes_not_circulated" }],
    ["circulated, by a participant", erik, "notes.view", notesOn("circulated"), [consent()], { allowed: true, basis: "consent:consent-1" }],
    ["circulated, by an organisation not at the meeting even with a grant", karin, "notes.view", notesOn("circulated"), [consent({ grants: [notesGrant(org.fk)] })], { allowed: false, reason: "not_meeting_participant" }],
    ["approved, by an organisation not at the meeting with a grant", karin, "notes.view", notesOn("approved"), [consent({ grants: [notesGrant(org.fk)] })], { allowed: true, basis: "consent:consent-1" }],
    ["approved, by an organisation not at the meeting without one", karin, "notes.view", notesOn("approved"), [consent()], { allowed: false, reason: "no_consent" }],
    ["approved, by a participant whose consent was withdrawn", erik, "notes.view", notesOn("approved"), [revoked], { allowed: false, reason: "revoked" }],
    ["circulated, by another participating organisation", erik, "notes.review", notesOn("circulated"), [consent()], { allowed: true, basis: "consent:consent-1" }],
    ["circulated, by the note-taker (it approves by circulating)", sara, "notes.review", notesOn("circulated"), [], { allowed: false, reason: "not_permitted" }],
    ["a draft", erik, "notes.review", notesOn("draft"), [consent()], { allowed: false, reason: "notes_not_circulated" }],
    ["approved notes", erik, "notes.review", notesOn("approved"), [consent()], { allowed: false, reason: "notes_approved" }],
    ["by an organisation not at the meeting", karin, "notes.review", notesOn("circulated"), [consent({ grants: [notesGrant(org.fk)] })], { allowed: false, reason: "not_meeting_participant" }],
    ["staff never comment as the client", sara, "notes.comment", notesOn("approved"), [], { allowed: false, reason: "not_permitted" }],
    ["the note-taker sends the next steps to the plan", sara, "notes.propose", notesOn("approved"), [], { allowed: true, basis: "own_organization" }],
    ["another participant does not send them", erik, "notes.propose", notesOn("approved"), [consent()], { allowed: false, reason: "not_note_taker" }],
    ["a unit of the note-taking organisation that did not take part does not", otherBergUnit, "notes.propose", notesOn("approved"), [], { allowed: false, reason: "not_note_taker" }],
    ["the client does not", eva, "notes.propose", notesOn("approved"), [], { allowed: false, reason: "not_permitted" }],
    ["the client reads approved notes", eva, "notes.view", notesOn("approved"), [], { allowed: true, basis: "own_data" }],
    ["the client never reads a draft", eva, "notes.view", notesOn("draft"), [], { allowed: false, reason: "notes_not_approved" }],
    ["the client never reads circulated notes", eva, "notes.view", notesOn("circulated"), [], { allowed: false, reason: "notes_not_approved" }],
    ["the client comments on approved notes", eva, "notes.comment", notesOn("approved"), [], { allowed: true, basis: "own_data" }],
    ["the client does not write them", eva, "notes.write", notesOn("draft"), [], { allowed: false, reason: "not_permitted" }],
    ["another client reads nothing", { kind: "client", clientId: "sam" } as PolicyActor, "notes.view", notesOn("approved"), [], { allowed: false, reason: "not_own_data" }],
  ] as const)("%s (%s)", (_name, actor, action, resource, consents, expected) => {
    expect(decide(actor, action, resource, consents, now)).toMatchObject(expected);
  });
});
