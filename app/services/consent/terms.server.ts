import { inArray } from "drizzle-orm";
import { caseParticipants, openedAtOfCase, orgUnits } from "../../../db/schema";
import { directoryOf } from "~/access/directory.server";
import type { Reader } from "~/access/gate.server";
import { addMonths, swedishEndOfDay, swedishToday, type IsoDate } from "~/lib/calendar";
import { DomainError } from "~/lib/errors";

/**
 * A consent's terms: "organisation A may disclose category C to organisation B" on one case, for
 * a purpose and a period of at most twelve months (GDPR art. 7: specific, informed, provable).
 */
export const maxConsentMonths = 12;

export interface ConsentLine {
  discloserOrganizationId: string;
  recipientOrganizationId: string;
  categoryCode: string;
}

export interface ConsentTerms {
  purpose: string;
  /** The last instant the consent holds (inclusive): a typed day's 23:59:59.999 Swedish time. */
  validUntil: Date;
  lines: ConsentLine[];
  /** Units of the other organisations that take part (their functional mailboxes). */
  unitIds: string[];
}

/**
 * The dates the consent forms offer on `at` (YYYY-MM-DD, Swedish days): today, the default last
 * day (six months on) and the latest last day allowed (twelve months on, see latestAllowedEnd).
 */
export function consentFormDates(at: Date): { today: IsoDate; defaultUntil: IsoDate; maxUntil: IsoDate } {
  const today = swedishToday(at);
  return { today, defaultUntil: addMonths(today, 6), maxUntil: addMonths(today, maxConsentMonths) };
}

/** The latest end a consent made at `from` may have: the end of the Swedish day twelve months on (23:59:59.999 Swedish time). */
export function latestAllowedEnd(from: Date): Date {
  return swedishEndOfDay(consentFormDates(from).maxUntil);
}

/**
 * Checks the terms against the case: every line runs between the lead organisation and a named
 * unit's organisation, in a category the disclosing organisation owns, once. Errors: consent.*.
 */
export async function validateTerms(reader: Reader, leadOrganizationId: string, terms: ConsentTerms): Promise<ConsentLine[]> {
  const purpose = terms.purpose.trim();
  if (purpose.length < 5) throw new DomainError("consent.purpose_required");
  if (purpose.length > 1000) throw new DomainError("consent.purpose_too_long");
  if (!(terms.validUntil > reader.at) || terms.validUntil > latestAllowedEnd(reader.at)) throw new DomainError("consent.valid_until_invalid");
  if (terms.lines.length === 0) throw new DomainError("consent.no_lines");
  const { organizations, units, categories } = await directoryOf(reader);
  const named = terms.unitIds.map((id) => units.get(id));
  if (named.some((unit) => !unit) || new Set(terms.unitIds).size !== terms.unitIds.length) throw new DomainError("consent.invalid_line");
  const others = new Set(named.map((unit) => unit!.organizationId));
  const seen = new Set<string>();
  for (const line of terms.lines) {
    const other = line.discloserOrganizationId === leadOrganizationId ? line.recipientOrganizationId : line.discloserOrganizationId;
    const leadSide = line.discloserOrganizationId === leadOrganizationId || line.recipientOrganizationId === leadOrganizationId;
    const discloserKind = organizations.get(line.discloserOrganizationId)?.kind;
    const category = categories.get(line.categoryCode);
    if (!leadSide || other === leadOrganizationId || !others.has(other) || !category || category.ownerKind !== discloserKind) {
      throw new DomainError("consent.invalid_line");
    }
    const key = `${line.discloserOrganizationId}|${line.recipientOrganizationId}|${line.categoryCode}`;
    if (seen.has(key)) throw new DomainError("consent.invalid_line");
    seen.add(key);
  }
  return terms.lines;
}

/** Names the units on the case (once each). */
export async function addParticipants(reader: Reader, caseId: string, unitIds: string[], addedBy: string) {
  if (unitIds.length === 0) return;
  const units = await reader.tx.select().from(orgUnits).where(inArray(orgUnits.id, unitIds));
  await reader.tx
    .insert(caseParticipants)
    .values(units.map((unit) => ({ caseId, unitId: unit.id, organizationId: unit.organizationId, addedBy, caseOpenedAt: openedAtOfCase(caseId) })))
    .onConflictDoNothing();
}
