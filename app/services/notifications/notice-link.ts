/**
 * Where a notice leads: to the thing it is about when there is a page for it, else to the case.
 * Every target is gated on its own; a link never shows more than its page would.
 */
export interface NoticeLinkFacts {
  kind: string;
  caseId: string | null;
  subjectId: string | null;
}

const toInbox = new Set(["request.submitted", "request.withdrawn"]);
const toAnsweredRequest = new Set(["request.answered", "request.partly_answered", "request.declined"]);
const toActivity = new Set(["plan.follow_up_soon", "plan.follow_up_today", "plan.proposal_accepted", "plan.proposal_declined"]);

export function noticeLink({ kind, caseId, subjectId }: NoticeLinkFacts): string | null {
  if (subjectId && toInbox.has(kind)) return `/inbox/requests/${subjectId}`;
  if (!caseId) return null;
  if (subjectId && toAnsweredRequest.has(kind)) return `/cases/${caseId}/requests/${subjectId}`;
  if (subjectId && toActivity.has(kind)) return `/cases/${caseId}/plan/activities/${subjectId}`;
  if (subjectId && kind === "plan.goal_comment") return `/cases/${caseId}/plan/goals/${subjectId}`;
  if (subjectId && kind.startsWith("meeting.")) return `/cases/${caseId}/meetings/${subjectId}`;
  // A proposal is accepted or declined in the plan's list of proposals.
  if (kind === "plan.proposal") return `/cases/${caseId}/plan`;
  return `/cases/${caseId}`;
}
