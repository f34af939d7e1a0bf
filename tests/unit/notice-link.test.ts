import { describe, expect, it } from "vitest";
import { noticeLink } from "~/services/notifications/notice-link";

const caseId = "c0000000-0000-4000-8000-000000000001";
const subjectId = "s0000000-0000-4000-8000-000000000002";

describe("noticeLink", () => {
  it.each([
    ["request.submitted", `/inbox/requests/${subjectId}`],
    ["request.withdrawn", `/inbox/requests/${subjectId}`],
    ["request.answered", `/cases/${caseId}/requests/${subjectId}`],
    ["request.partly_answered", `/cases/${caseId}/requests/${subjectId}`],
    ["request.declined", `/cases/${caseId}/requests/${subjectId}`],
    ["plan.follow_up_soon", `/cases/${caseId}/plan/activities/${subjectId}`],
    ["plan.follow_up_today", `/cases/${caseId}/plan/activities/${subjectId}`],
    ["plan.proposal_accepted", `/cases/${caseId}/plan/activities/${subjectId}`],
    ["plan.goal_comment", `/cases/${caseId}/plan/goals/${subjectId}`],
    ["plan.proposal", `/cases/${caseId}/plan`],
    ["consent.withdrawn", `/cases/${caseId}`],
  ])("%s leads to %s", (kind, link) => {
    expect(noticeLink({ kind, caseId, subjectId })).toBe(link);
  });

  it("leads to the case when the subject is missing, and nowhere without a case", () => {
    expect(noticeLink({ kind: "request.answered", caseId, subjectId: null })).toBe(`/cases/${caseId}`);
    expect(noticeLink({ kind: "consent.withdrawn", caseId: null, subjectId: null })).toBeNull();
    // A new request to the unit has no case of the receiver's to open, only the inbox item.
    expect(noticeLink({ kind: "request.submitted", caseId: null, subjectId })).toBe(`/inbox/requests/${subjectId}`);
  });
});
