import type { OrganizationKind, StaffRole } from "../../db/schema";

/** Who is asking. Every service that touches client data takes one as its first argument. */
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
  unitId: string;
  /** The request this actor is acting in, for the audit trail. */
  facts: RequestFacts;
}

export interface ClientActor {
  kind: "client";
  clientId: string;
  sessionId: string;
  name: string;
  givenName: string;
  facts: RequestFacts;
}

export type Actor = StaffActor | ClientActor;

/** Facts about the request that the audit trail records. */
export interface RequestFacts {
  requestId: string | undefined;
  clientIp: string | undefined;
}
