import type { StaffRole } from "../../db/schema";

/**
 * The staff roles, named once (docs/architecture.md, "The door"). Officers work with clients;
 * administrators and auditors see no client data by virtue of their role. Pure and client-safe:
 * pages use it too (the type comes from the schema, the values are spelled here).
 */
export const staffRoles = ["case_officer", "rehab_coordinator", "auditor", "org_admin"] as const satisfies readonly StaffRole[];

export const officerRoles: readonly StaffRole[] = ["case_officer", "rehab_coordinator"];

export const isOfficer = (role: string | null | undefined): boolean => officerRoles.includes(role as StaffRole);
