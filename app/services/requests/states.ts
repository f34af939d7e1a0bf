/**
 * The life of an information request, as a pure state machine: which event may happen in which
 * state, what comes next, and which error code explains a refusal. The services store every
 * transition with its time (info_request_transitions) and use these rules inside a row lock.
 */
export const requestStatuses = ["draft", "submitted", "in_review", "answered", "partly_answered", "declined", "withdrawn"] as const;
export type RequestStatus = (typeof requestStatuses)[number];

export type RequestEvent = "submit" | "claim" | "unclaim" | "answer" | "withdraw";

export type ItemDecision = "released" | "released_partly" | "declined";
export type AnswerOutcome = "answered" | "partly_answered" | "declined";

/** Waiting for the receiving unit: counted as open, and overdue after the desired date. */
export const openStatuses: readonly RequestStatus[] = ["submitted", "in_review"];
export const closedStatuses: readonly RequestStatus[] = ["answered", "partly_answered", "declined"];

const from: Record<RequestEvent, readonly RequestStatus[]> = {
  submit: ["draft"],
  claim: ["submitted"],
  unclaim: ["in_review"],
  answer: ["in_review"],
  withdraw: ["draft", "submitted", "in_review"],
};

/** The state after the event, or null when the event is not allowed in this state. */
export function nextStatus(status: RequestStatus, event: RequestEvent, outcome?: AnswerOutcome): RequestStatus | null {
  if (!from[event].includes(status)) return null;
  switch (event) {
    case "submit":
      return "submitted";
    case "claim":
      return "in_review";
    case "unclaim":
      return "submitted";
    case "answer":
      return outcome ?? null;
    case "withdraw":
      return "withdrawn";
  }
}

/** Why the event is refused in this state, as an i18n code (`requests:errors.request.*`). */
export function refusalCode(status: RequestStatus, event: RequestEvent): string {
  if (status === "withdrawn") return "request.withdrawn";
  if (closedStatuses.includes(status)) return "request.already_answered";
  if (status === "draft") return "request.not_submitted";
  if (event === "claim" && status === "in_review") return "request.already_claimed";
  if (event === "submit") return "request.not_draft";
  return "request.not_claimed";
}

/** All released → answered; all declined → declined; anything in between → partly answered. */
export function outcomeOf(decisions: readonly ItemDecision[]): AnswerOutcome {
  if (decisions.length > 0 && decisions.every((decision) => decision === "released")) return "answered";
  if (decisions.every((decision) => decision === "declined")) return "declined";
  return "partly_answered";
}

/** Past the desired answer date (YYYY-MM-DD, compared with today's date in the same form) and still open. */
export function isOverdue(status: RequestStatus, desiredBy: string | null, today: string): boolean {
  return desiredBy !== null && openStatuses.includes(status) && desiredBy < today;
}
