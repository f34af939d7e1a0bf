/** The staff roles in the order an administrator picks from (client-safe copy of the enum). */
export const staffRoles = ["case_officer", "rehab_coordinator", "auditor", "org_admin"] as const;
