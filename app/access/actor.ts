import type { OrganizationKind, StaffRole } from "../../db/schema";

/**
 * Who is asking (docs/architecture.md, "The door"). The guards build one per HTTP request;
 * the gate hands out a reader for it, and every read of client data goes through that reader.
 */
export interface StaffActor {
  kind: "staff";
  userId: string;
  sessionId: string;
  name: string;
  title: string;
  email: string;
  role: StaffRole;
  organizationId: string;
  organizationKind: OrganizationKind;
  /** The unit they act in for this request: their own, or one of `workUnitIds` they chose (requireOfficerIn). */
  unitId: string;
  /** Every unit they work in, their own first (users.unit_id, then staff_unit_memberships); absent means only `unitId`. */
  workUnitIds?: readonly string[];
  /** The HTTP request this actor is acting in, for the audit trail. */
  http: HttpFacts;
}

export interface ClientActor {
  kind: "client";
  clientId: string;
  sessionId: string;
  name: string;
  givenName: string;
  http: HttpFacts;
}

export type Actor = StaffActor | ClientActor;

/**
 * Facts about the HTTP request that the audit trail records (not to be confused with an
 * information request's facts, `InfoRequestFacts` in policy.ts).
 */
export interface HttpFacts {
  requestId: string | undefined;
  clientIp: string | undefined;
}
