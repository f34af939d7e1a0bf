import type { StaffRole } from "../../db/schema";

/**
 * The staff roles, named once (docs/architecture.md, "The door"). Officers work with clients;
 * administrators and auditors see no client data by virtue of their role.
 */
export const officerRoles: readonly StaffRole[] = ["case_officer", "rehab_coordinator"];

export const isOfficer = (role: StaffRole): boolean => officerRoles.includes(role);
