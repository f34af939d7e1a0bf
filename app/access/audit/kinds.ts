import type { Action, DenyReason } from "~/access/policy";

/**
 * Every kind of event the trail holds, and every reason or method an event may carry: the one
 * list the auditor's wording (audit:staff.*) is checked against. Client-safe (no I/O). A test
 * (tests/unit/audit-staff-wording.test.ts) scans the code for action names and fails when one
 * is missing here.
 */

/** The gate's decisions (app/access/policy.ts): a look is named by one of them when nothing changed. */
export const policyActions = [
  "case.view",
  "case.data.view",
  "case.data.record",
  "case.manage",
  "client.lookup",
  "request.create",
  "request.manage",
  "request.handle",
  "request.release",
  "request.read",
  "identity.view",
  "access_log.view",
  "audit.review",
  "message.send",
  "message.read",
  "message.handle",
  "mailbox.view",
  "meeting.call",
  "meeting.invite",
  "meeting.view",
  "meeting.manage",
  "meeting.respond",
  "notes.write",
  "notes.view",
  "notes.review",
  "notes.comment",
  "notes.propose",
] as const satisfies readonly Action[];

// Compile-time: a new Action in the policy without a place in this list fails `tsc`.
type MissingPolicyAction = Exclude<Action, (typeof policyActions)[number]>;
const allPolicyActionsListed: MissingPolicyAction extends never ? true : false = true;
void allPolicyActionsListed;

/** Changes recorded by services through the gate (`reader.changed`). */
export const changeActions = [
  "client.register",
  "case.open",
  "case.close",
  "case.entry.record",
  "plan.goal.create",
  "plan.goal.update",
  "plan.goal.comment",
  "plan.activity.create",
  "plan.activity.propose",
  "plan.activity.update",
  "plan.proposal.accept",
  "plan.proposal.decline",
  "request.submit",
  "request.save_draft",
  "request.withdraw",
  "request.claim",
  "request.unclaim",
  "request.answer",
  "consent.request",
  "consent.record",
  "consent.sign",
  "consent.decline",
  "consent.revoke",
  "consent.revoke_grant",
  "message.reply",
  "message.claim",
  "message.release",
  "message.hand_over",
  "message.mark_handled",
  "message.reopen",
  "meeting.create",
  "meeting.change",
  "meeting.cancel",
  "meeting.answer",
  "meeting.agenda.add",
  "notes.save",
  "notes.circulate",
  "notes.approve",
  "notes.request_change",
  "notes.propose_steps",
  "notes.client_comment",
] as const;

/** Sign-ins, administration and jobs (`recordAudit`). */
export const accountActions = [
  "auth.password",
  "auth.second_factor",
  "auth.sign_in",
  "auth.sign_out",
  "auth.sign_out_everywhere",
  "auth.client_sign_in",
  "auth.enrolled",
  "admin.user_access",
  "admin.user_created",
  "admin.enrolment_issued",
  "admin.role_changed",
  "admin.unit_changed",
  "admin.units_changed",
  "admin.user_deactivated",
  "plan.reminder",
] as const;

export const auditActions = [...policyActions, ...changeActions, ...accountActions] as const;
export type AuditAction = (typeof auditActions)[number];

/** The outcomes of db/schema/audit.ts (audit_outcome). */
export const auditOutcomes = ["allowed", "denied", "withheld", "success", "failure"] as const;

/** The gate's reasons for a refusal (policy.ts DenyReason). */
export const denyReasons = [
  "not_own_data",
  "role_without_client_access",
  "not_permitted",
  "no_consent",
  "wrong_category",
  "wrong_direction",
  "not_yet_valid",
  "expired",
  "revoked",
  "superseded",
  "not_lead_unit",
  "not_category_owner",
  "case_closed",
  "not_receiving_unit",
  "not_party_to_proposal",
  "protected_identity",
  "not_mailbox_member",
  "not_meeting_participant",
  "meeting_closed",
  "not_note_taker",
  "notes_not_circulated",
  "notes_not_approved",
  "notes_approved",
] as const satisfies readonly DenyReason[];

type MissingDenyReason = Exclude<DenyReason, (typeof denyReasons)[number]>;
const allDenyReasonsListed: MissingDenyReason extends never ? true : false = true;
void allDenyReasonsListed;

/**
 * Reasons and methods written by sign-in, e-ID, consent signing and administration: the second
 * factor used ("totp", "recovery_code"), why an attempt failed, the consent-signing error code.
 */
export const accountReasons = [
  "totp",
  "recovery_code",
  "rate_limited",
  "invalid_credentials",
  "invalid_credentials_locked",
  "invalid_totp",
  "invalid_recovery",
  "no_case",
  "unknown_person",
  "cancelled",
  "no_flow",
  "rejected",
  "not_own_organization",
  "consent.request_answered",
  "consent.no_lines_chosen",
  "consent.invalid_line",
  "consent.signing_expired",
  "consent.signer_mismatch",
  "consent.stale_signature",
] as const;

export const auditReasons = [...denyReasons, ...accountReasons] as const;

/** What a look or a change was named by (`resourceType`), as the gate's callers name it. */
export const auditResourceTypes = [
  "access_log",
  "audit_review_list_item",
  "audit_trail",
  "case",
  "case_entry",
  "case_feed",
  "case_list_item",
  "case_lookup",
  "case_section",
  "client",
  "client_identity",
  "consent",
  "consent_form",
  "consent_grant",
  "consent_list",
  "consent_request",
  "info_request",
  "info_request_document",
  "info_request_form",
  "info_request_item",
  "mailbox",
  "message",
  "message_attachment",
  "message_form",
  "meeting",
  "meeting_agenda_item",
  "meeting_calendar",
  "meeting_form",
  "meeting_list",
  "meeting_notes",
  "meeting_notes_comment",
  "notice",
  "overdue_request",
  "plan",
  "plan_activity",
  "plan_activity_proposal",
  "plan_form",
  "plan_goal",
  "plan_goal_comment",
  "plan_history",
  "request_list_item",
  "user",
] as const;

/** The named bases a decision may rest on; "consent:<id>" and "legal:<reference>" carry a value. */
export const auditBases = ["own_organization", "own_data", "identity_lookup", "audit_supervision", "own_proposal", "identity_holder", "no_client_data", "functional_mailbox", "case_lead", "consent", "legal"] as const;
