import type { ClientActor } from "~/access/actor";
import { directoryOf } from "~/access/directory.server";
import type { Reader } from "~/access/gate.server";
import { readOwnIdentity } from "~/access/reads/cases.server";
import { readOwnTrail, readOwnTrailOrganizations, type TrailFilters, type TrailRow } from "~/access/reads/audit.server";
import { swedishDays } from "~/lib/calendar";
import { isUuid } from "~/lib/ids";
import { caseReference } from "~/services/cases/references";
import type { AccessLogEntry, AccessLogOwner } from "./export";

/**
 * "Vem har tittat på mina uppgifter?": every look staff took at the client's information, and
 * every change, newest first — one line per look, with who, where, what and on what basis.
 */
export const accessLogPageSize = 20;
/** An export holds at most this many looks (years of an ordinary case). */
const exportLimit = 10_000;

export type AccessLogFilters = TrailFilters;

async function entriesOf(reader: Reader, rows: TrailRow[]): Promise<AccessLogEntry[]> {
  const { categories } = await directoryOf(reader);
  return rows.map(({ event, officer, organization, unit, caseNumber }) => {
    // What the look read: the categories of the parts shown (withheld parts were not read).
    const read = new Set((event.reads ?? []).filter((entry) => entry.outcome === "allowed" && entry.category).map((entry) => entry.category!));
    if (event.category) read.add(event.category);
    return {
      id: String(event.id),
      occurredAt: event.occurredAt.toISOString(),
      action: event.action,
      resourceType: event.resourceType,
      outcome: event.outcome,
      organization,
      unit,
      officer,
      caseId: event.caseId,
      caseReference: caseNumber === null ? null : caseReference(caseNumber),
      categories: [...read].flatMap((code) => {
        const category = categories.get(code);
        return category ? [{ code, name: { sv: category.nameSv, en: category.nameEn }, plain: { sv: category.plainSv, en: category.plainEn } }] : [];
      }),
      basis: event.basis,
      consentId: event.basis?.startsWith("consent:") ? event.basis.slice("consent:".length) : null,
    };
  });
}

/** One page of the log, and the organisations that appear in it (for the filter). */
export async function accessLogPage(reader: Reader<ClientActor>, filters: AccessLogFilters, page: number) {
  const rows = await readOwnTrail(reader, filters, { limit: accessLogPageSize + 1, offset: page * accessLogPageSize });
  const organizations = await readOwnTrailOrganizations(reader);
  return {
    entries: await entriesOf(reader, rows.slice(0, accessLogPageSize)),
    hasMore: rows.length > accessLogPageSize,
    organizations: organizations.sort((a, b) => a.name.localeCompare(b.name, "sv")),
  };
}

/** Everything matching the filters (at most 10 000 looks), for the CSV and FHIR downloads, with the owner for the FHIR patient. */
export async function accessLogExport(reader: Reader<ClientActor>, filters: AccessLogFilters): Promise<{ entries: AccessLogEntry[]; owner: AccessLogOwner }> {
  const entries = await entriesOf(reader, await readOwnTrail(reader, filters, { limit: exportLimit, offset: 0 }));
  const identity = await readOwnIdentity(reader);
  return {
    entries,
    owner: {
      clientId: identity.id,
      name: identity.name ?? "",
      // A protected identity's number is never written into a file that may travel.
      personnummer: identity.protectedIdentity || !identity.personnummer ? null : identity.personnummer.replace("-", ""),
    },
  };
}

/** Reads the filter fields of the access-log form (and download links). */
export function accessLogFiltersFrom(params: URLSearchParams): AccessLogFilters & { page: number } {
  const organizationId = params.get("organization") ?? "";
  return {
    organizationId: isUuid(organizationId) ? organizationId : undefined,
    ...swedishDays(params.get("from"), params.get("to")),
    page: Math.max(0, Math.min(10_000, Number.parseInt(params.get("page") ?? "0", 10) || 0)),
  };
}
