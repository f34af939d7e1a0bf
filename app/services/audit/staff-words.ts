import { auditActions, auditBases, auditReasons, auditResourceTypes } from "~/access/audit/kinds";

/**
 * The auditor's words for the trail (audit:staff.*): staff language, never the client's ("handled
 * your information") and never a raw code. Each function returns an i18n key in the audit
 * namespace and its values; the page translates. An unknown code (an event older or newer than
 * this list) gets a wording that names the code, so nothing is hidden from the auditor.
 */
export interface StaffWords {
  key: string;
  values?: Record<string, string>;
}

const known = <T extends string>(list: readonly T[]) => new Set<string>(list);
const actions = known(auditActions);
const reasons = known(auditReasons);
const resources = known(auditResourceTypes);
/** A case seen as one line of a list, in a notice or in a search is less than opening it. */
const glimpses = known(["case_list_item", "notice", "case_lookup"]);

export function staffAction(action: string, resourceType?: string | null): StaffWords {
  if (action === "case.view" && resourceType && glimpses.has(resourceType)) return { key: `staff.glimpses.${resourceType}` };
  if (actions.has(action)) return { key: `staff.actions.${action}` };
  return { key: "staff.unknownAction", values: { code: action } };
}

export function staffResource(resourceType: string): StaffWords {
  if (resources.has(resourceType)) return { key: `staff.resources.${resourceType}` };
  return { key: "staff.unknownResource", values: { code: resourceType } };
}

/** A refusal's reason, a failure's cause, or the method of a sign-in ("totp", "recovery_code"). */
export function staffReason(reason: string): StaffWords {
  if (reasons.has(reason)) return { key: `staff.reasons.${reason}` };
  return { key: "staff.unknownReason", values: { code: reason } };
}

/** The bases that are a word alone (the gate's list); "consent" and "legal" come with a value. */
const namedBases = known(auditBases.filter((basis) => basis !== "consent" && basis !== "legal"));

/** Why a read or change was allowed, for staff: "consent:<id>" and "legal:<reference>" carry a value. */
export function staffBasis(basis: string | null): StaffWords {
  if (basis === null || basis === "") return { key: "staff.bases.none" };
  if (basis.startsWith("consent:")) return { key: "staff.bases.consent" };
  if (basis.startsWith("legal:")) {
    const reference = basis.slice("legal:".length).trim();
    return reference ? { key: "staff.bases.legal", values: { reference } } : { key: "staff.bases.other", values: { code: basis } };
  }
  if (namedBases.has(basis)) return { key: `staff.bases.${basis}` };
  return { key: "staff.bases.other", values: { code: basis } };
}
