import type { Answer, AnswerField, RawValue } from "./answers";
import type { ItemDecision, RequestStatus } from "./states";
import type { Statute } from "./statutes";

/** What the request pages render: plain, serialisable data (the services build it through the gate). */
export type Text = { sv: string; en: string };
export type DeclineReason = "does_not_exist" | "not_registered_here" | "secrecy_harm" | "consent_does_not_cover" | "other";

export interface ItemView {
  id: string;
  categoryCode: string;
  name: Text;
  help: Text;
  plain: Text;
  fields: AnswerField[];
  decision: ItemDecision | null;
  declineReason: DeclineReason | null;
  declineText: string | null;
  /** The released answer, or null (not released, or not shown to this viewer). */
  answer: Answer | null;
  /** Released, but the viewer's basis for reading it no longer holds (consent withdrawn). */
  withheld: boolean;
  answeredAt: string | null;
}

export interface RequestView {
  id: string;
  reference: string;
  caseId: string;
  caseReference: string;
  status: RequestStatus;
  basis: "consent" | "legal";
  legalReference: string | null;
  legalLabel: Text | null;
  legalJustification: string | null;
  purpose: string;
  desiredBy: string | null;
  overdue: boolean;
  createdAt: string;
  submittedAt: string | null;
  answeredAt: string | null;
  requester: { name: string; title: string; unit: string; mailbox: string; organization: string; organizationId: string };
  receiver: { unitId: string; unit: string; mailbox: string; organization: string; organizationId: string };
  claimedBy: { id: string; name: string } | null;
  items: ItemView[];
  transitions: { from: RequestStatus | null; to: RequestStatus; at: string; by: string | null }[];
}


/** What is shown of an item's outcome: its decision, and the answer when the viewer may read it. */
export type ItemOutcomeView = Pick<ItemView, "decision" | "declineReason" | "declineText" | "answer" | "withheld" | "fields">;

/**
 * A request as the case page lists it: made by the viewer's organisation or received by the
 * viewer's unit, who asked whom, its state and each item's outcome. The history and the people
 * who handled it are on the request's own page.
 */
export interface CaseRequestSummary {
  id: string;
  reference: string;
  role: "requester" | "receiver";
  status: RequestStatus;
  basis: "consent" | "legal";
  overdue: boolean;
  requester: Pick<RequestView["requester"], "unit" | "organization">;
  receiver: Pick<RequestView["receiver"], "unit" | "organization">;
  items: (ItemOutcomeView & Pick<ItemView, "id" | "name">)[];
}

export interface CaseRequests {
  caseId: string;
  /** The case is open, so the viewer may ask for information on it. */
  canAsk: boolean;
  requests: CaseRequestSummary[];
}

/** What the client sees of a request about them (no internal handling details). */
export type ClientRequestView = Omit<RequestView, "transitions" | "claimedBy">;

export interface RequestFormOptions {
  caseId: string;
  caseReference: string;
  units: { id: string; name: string; mailbox: string; organization: string }[];
  unitId: string | null;
  basis: "consent" | "legal";
  /** The receiving organisation's catalogue items; `covered` = the current consent lets it answer. */
  items: { code: string; name: Text; help: Text; covered: boolean }[];
  statutes: readonly Statute[];
  minDate: string;
  maxDate: string;
}


/** The request form's values, as the service takes them. */
export interface RequestInput {
  receivingUnitId: string;
  basis: "consent" | "legal";
  categoryCodes: string[];
  purpose: string;
  legalReference: string;
  legalJustification: string;
  desiredBy: string;
}

/** The receiving officer's decision and answer for one item, raw from the form. */
export interface ItemAnswerInput {
  decision: string;
  reason: string;
  reasonText: string;
  fields: Record<string, RawValue>;
}
