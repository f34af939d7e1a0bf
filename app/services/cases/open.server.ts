import { caseParticipants, cases, clients } from "../../../db/schema";
import type { StaffActor } from "~/access/actor";
import type { Reader } from "~/access/gate.server";
import { lookupClientId, readCaseList } from "~/access/reads/cases.server";
import { encrypt, lookupHmac } from "~/lib/crypto.server";
import { DomainError } from "~/lib/errors";
import { formatPersonnummer, parsePersonnummer, type PersonnummerError } from "~/lib/personnummer";
import { listCasesForActor, type CaseListItem } from "./list.server";

/**
 * Finding a person and opening a case. A lookup answers only with the cases the officer's own
 * organisation already has with the person, and the same way whether Samsyn knows them or not:
 * no name, no protected-identity flag, no other organisation's case (ADR 0015).
 */
export type LookupResult =
  | { status: "invalid"; reason: PersonnummerError }
  /** `cases`: the organisation's own cases with the person that the gate lets it see (maybe none). */
  | { status: "searched"; personnummer: string; cases: CaseListItem[] };

/** Looks a personal identity number up (the number itself is never logged, only its HMAC is used). */
export async function lookupClient(reader: Reader<StaffActor>, input: string): Promise<LookupResult> {
  const parsed = parsePersonnummer(input);
  if (!parsed.ok) return { status: "invalid", reason: parsed.reason };
  const clientId = await lookupClientId(reader, lookupHmac(parsed.normalized));
  const cases = clientId ? await listCasesForActor(reader, { clientId }) : [];
  return { status: "searched", personnummer: formatPersonnummer(parsed.normalized), cases };
}

export interface NewCase {
  personnummer: string;
  givenName: string;
  familyName: string;
  protectedIdentity: boolean;
  preferredLanguage: "sv" | "en";
}

/**
 * Opens a collaboration case led by the officer's unit. The name is required unless the
 * organisation already has a case with the person it may see — never depending on whether
 * Samsyn knows the person, which would tell. A person Samsyn does not know is registered with
 * the name given; for one it knows, the name given is not used (nor compared, for the same
 * reason). A protected identity stays held by the unit that registered it (ADR 0015).
 */
export async function openCase(reader: Reader<StaffActor>, input: NewCase): Promise<string> {
  const actor = reader.actor;
  const parsed = parsePersonnummer(input.personnummer);
  if (!parsed.ok) throw new DomainError("client.invalid_number");
  const givenName = input.givenName.trim();
  const familyName = input.familyName.trim();
  const hmac = lookupHmac(parsed.normalized);
  let clientId = await lookupClientId(reader, hmac);
  const knownToOrganization = clientId !== null && (await readCaseList(reader, { clientId, resourceType: "case_lookup" })).length > 0;
  if (!knownToOrganization && (!givenName || !familyName)) throw new DomainError("client.name_required");
  if (!clientId) {
    const [client] = await reader.tx
      .insert(clients)
      .values({
        personnummerEncrypted: encrypt(parsed.normalized),
        personnummerHmac: hmac,
        givenName,
        familyName,
        protectedIdentity: input.protectedIdentity,
        identityUnitId: actor.unitId,
        preferredLanguage: input.preferredLanguage,
      })
      .returning({ id: clients.id });
    clientId = client!.id;
    reader.changed({ action: "client.register", clientId, resourceType: "client", resourceId: clientId, basis: "own_organization" });
  }
  const [created] = await reader.tx
    .insert(cases)
    .values({ clientId, leadOrganizationId: actor.organizationId, leadUnitId: actor.unitId, openedBy: actor.userId })
    .returning();
  await reader.tx.insert(caseParticipants).values({ caseId: created!.id, organizationId: actor.organizationId, unitId: actor.unitId, addedBy: actor.userId, caseOpenedAt: created!.openedAt });
  reader.changed({ action: "case.open", clientId, caseId: created!.id, resourceType: "case", resourceId: created!.id, basis: "own_organization" });
  return created!.id;
}
