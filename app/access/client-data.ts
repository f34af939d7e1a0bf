import {
  auditEvents,
  caseEntries,
  caseParticipants,
  cases,
  clients,
  consentGrants,
  consentRequestLines,
  consentRequests,
  consents,
  consentSignings,
  infoRequestDocuments,
  infoRequestItems,
  infoRequests,
  infoRequestTransitions,
  notifications,
  planActivities,
  planGoalComments,
  planGoals,
  planHistory,
} from "../../db/schema";

/**
 * The client-data tables, named once (docs/architecture.md, "The door"): every row is about one
 * person. Only app/access/ selects from them; everywhere else reads through the gate's reader and
 * writes only after the gate allowed it. tests/unit/client-data-access.test.ts enforces this,
 * with the exceptions listed there and justified in ADR 0015.
 */
export const clientDataTables = {
  clients,
  cases,
  caseParticipants,
  caseEntries,
  consents,
  consentGrants,
  consentRequests,
  consentRequestLines,
  consentSignings,
  planGoals,
  planGoalComments,
  planActivities,
  planHistory,
  infoRequests,
  infoRequestItems,
  infoRequestTransitions,
  infoRequestDocuments,
  notifications,
  auditEvents,
} as const;
