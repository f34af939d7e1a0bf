import type { OrganizationKind, StaffRole } from "../../db/schema";
import { isOfficer } from "./roles";

/**
 * THE decision (docs/architecture.md, "The door"): may this actor do this to this resource,
 * given the client's consents? Pure: no I/O and an explicit clock, so it is tested exhaustively
 * with tables. The reader (reader.server.ts) loads the inputs, calls it, and records every answer.
 */
export type PolicyActor =
  | { kind: "staff"; organizationId: string; organizationKind: OrganizationKind; unitId: string; role: StaffRole }
  | { kind: "client"; clientId: string };

export type Action =
  /** The case summary: who the client is (masked by protected identity), who takes part, consent status. */
  | "case.view"
  /** One category of information on the case, owned by one organisation. */
  | "case.data.view"
  /** Record information on the case under one of the actor's organisation's own categories. */
  | "case.data.record"
  /** Ask for or record consent, close the case: the lead organisation's officers. */
  | "case.manage"
  /** Find a client by personal identity number, register one, open a case. */
  | "client.lookup"
  /** Ask another organisation's unit for one catalogue item (information request), on a case the actor sees. */
  | "request.create"
  /** The requesting organisation: see its own request, edit a draft, withdraw it. */
  | "request.manage"
  /** The receiving unit: see a request addressed to it, claim it, decline items. */
  | "request.handle"
  /** The receiving unit releases an answer for one item, while the request's basis still holds. */
  | "request.release"
  /** Read a released answer: the requesting organisation while the basis holds; the client always. */
  | "request.read"
  /** The client's name and personal identity number (protected identities: only the unit that holds them). */
  | "identity.view"
  /** The client's own access log ("Vem har tittat på mina uppgifter?"). */
  | "access_log.view"
  /** An auditor reviews the audit trail of their own organisation. */
  | "audit.review"
  /** Send a message from the actor's unit to another unit's functional mailbox (disclosing a category, when about a client). */
  | "message.send"
  /** Open a message: the officers of the sending and of the receiving unit. */
  | "message.read"
  /** Claim, release, hand over or mark handled: the officers of the receiving unit. */
  | "message.handle"
  /** List a unit's functional mailbox: its own officers. */
  | "mailbox.view"
  /** Call a coordination meeting on a case the actor sees; the actor's unit organises it. */
  | "meeting.call"
  /** Invite a unit to a meeting: it discloses the client's situation to the unit's organisation. */
  | "meeting.invite"
  /** See a meeting: the organising and the participating units (and the client it is about). */
  | "meeting.view"
  /** Change, cancel or set the agenda of a meeting: the organising unit, until it starts. */
  | "meeting.manage"
  /** Answer the invitation and bring points to the agenda: a participating unit, or the client. */
  | "meeting.respond"
  /** Write, edit and circulate a meeting's notes, and send their next steps to the plan: the note-taking organisation's participating units. */
  | "notes.write"
  /** Read a meeting's notes: drafts the note-taker, circulated ones the participants, approved ones also others under consent and the client. */
  | "notes.view"
  /** Approve circulated notes, or ask for a change: the other participating organisations. */
  | "notes.review"
  /** The client comments on the approved notes. */
  | "notes.comment"
  /** Send the notes' next steps to the shared plan: the note-taking organisation's participating units. */
  | "notes.propose";

export interface CaseFacts {
  caseId: string;
  clientId: string;
  leadOrganizationId: string;
  leadUnitId: string;
  status: "open" | "closed";
}

/** An information request: who asks whom, and on what basis (a consent, or a statute named by the asker). */
export interface InfoRequestFacts {
  requestingOrganizationId: string;
  receivingOrganizationId: string;
  receivingKind: OrganizationKind;
  receivingUnitId: string;
  /** The consent relied on when the request was made ("consent" basis). */
  consentId: string | null;
  /** The statute relied on without consent ("legal" basis); null for a consent request. */
  legalReference: string | null;
}

/** An activity proposed by one organisation to another: not part of the plan until accepted. */
export interface ProposalFacts {
  state: "proposed" | "declined";
  proposedByOrganizationId: string | null;
}

/**
 * A message between two units' functional mailboxes (SDK style). About a client it discloses one
 * category of the sender's organisation, under the client's consent or a named statute.
 */
export interface MessageFacts {
  senderOrganizationId: string;
  senderUnitId: string;
  recipientOrganizationId: string;
  recipientUnitId: string;
  /** The category disclosed and the kind of organisation that owns it; null for a general message. */
  categoryCode: string | null;
  categoryOwnerKind: OrganizationKind | null;
  /** The statute relied on without consent (message.send with a legal basis). */
  legalReference: string | null;
  /** A sent message's basis as stored ("consent:<id>", "legal:<statute>", "own_organization"; null when general). */
  basis: string | null;
  /** message.send of a reply: the actor's unit received the message it answers. */
  replyToReceived?: boolean;
}

/** A coordination meeting on a case: who organises it, who takes part, and where it stands. */
export interface MeetingFacts {
  organizerOrganizationId: string;
  organizerUnitId: string;
  /** The units taking part, each with its organisation (the organiser's own unit among them). */
  participants: readonly { unitId: string; organizationId: string }[];
  status: "planned" | "cancelled";
  /** UTC instant; changing and answering end when the meeting starts. */
  startsAt: Date;
  clientTakesPart: boolean;
  /** The organisation that takes the notes, and its meeting-notes category (db/catalogue.ts; null when it has none). */
  noteTakerOrganizationId: string;
  noteTakerKind: OrganizationKind;
  notesCategory: string | null;
}

export type Resource =
  | { type: "case"; case: CaseFacts; request?: InfoRequestFacts }
  | {
      type: "case_data";
      case: CaseFacts;
      ownerOrganizationId: string;
      ownerKind: OrganizationKind;
      category: string;
      request?: InfoRequestFacts;
      proposal?: ProposalFacts;
    }
  | { type: "client"; clientId?: string }
  /**
   * Who the client is. `identityUnitId` is the unit that holds a protected identity (the one that
   * registered it); `case` is the case the name would be shown on, if any.
   */
  | {
      type: "identity";
      clientId: string;
      protectedIdentity: boolean;
      identityUnitId: string | null;
      case?: CaseFacts;
      /** The information request the name is shown on: the receiving unit finds the person in its own records by it. */
      request?: InfoRequestFacts;
      /** The message the name is shown on: its sending and receiving units know whom it is about. */
      message?: MessageFacts;
    }
  /** An organisation's audit trail; `clientId` when the review shows events about that person. */
  | { type: "audit_trail"; organizationId: string; clientId?: string }
  /** A message; `case` when it is about a client (the case it is linked to). */
  | { type: "message"; message: MessageFacts; case?: CaseFacts }
  /** A unit's functional mailbox (its list of messages). */
  | { type: "mailbox"; unitId: string }
  /** A meeting on a case; `invitedOrganizationId` for meeting.invite (the organisation it would be disclosed to). */
  | { type: "meeting"; meeting: MeetingFacts; case: CaseFacts; invitedOrganizationId?: string }
  /** A meeting's notes, where they stand. */
  | { type: "meeting_notes"; meeting: MeetingFacts; case: CaseFacts; state: "draft" | "circulated" | "approved" };

export interface PolicyGrant {
  discloserOrganizationId: string;
  recipientOrganizationId: string;
  categoryCode: string;
  revokedAt?: Date | null;
}

export interface PolicyConsent {
  id: string;
  /** The first instant the consent holds (UTC instant). */
  validFrom: Date;
  /** The last instant the consent holds, inclusive, like FHIR's Period.end: a typed day's 23:59:59.999 Swedish time (ADR 0017). */
  validUntil: Date;
  revokedAt: Date | null;
  supersededAt: Date | null;
  grants: PolicyGrant[];
}

export type DenyReason =
  | "not_own_data"
  | "role_without_client_access"
  | "not_permitted"
  | "no_consent"
  | "wrong_category"
  | "wrong_direction"
  | "not_yet_valid"
  | "expired"
  | "revoked"
  | "superseded"
  | "not_lead_unit"
  | "not_category_owner"
  | "case_closed"
  | "not_receiving_unit"
  | "not_party_to_proposal"
  | "protected_identity"
  | "not_mailbox_member"
  | "not_meeting_participant"
  | "meeting_closed"
  | "not_note_taker"
  | "notes_not_circulated"
  | "notes_not_approved"
  | "notes_approved";

export type Decision =
  | { allowed: true; basis: string; reason: "allowed" }
  | { allowed: false; basis: null; reason: DenyReason };

export type ConsentState = "active" | "not_yet_valid" | "expired" | "revoked" | "superseded";

/** Where a consent stands at `now`; expiry is decided here, at read time, never by a timer. */
export function consentState(consent: Omit<PolicyConsent, "grants" | "id">, now: Date): ConsentState {
  if (consent.supersededAt && consent.supersededAt <= now) return "superseded";
  if (consent.revokedAt && consent.revokedAt <= now) return "revoked";
  if (now < consent.validFrom) return "not_yet_valid";
  if (now > consent.validUntil) return "expired";
  return "active";
}

const allow = (basis: string): Decision => ({ allowed: true, basis, reason: "allowed" });
const deny = (reason: DenyReason): Decision => ({ allowed: false, basis: null, reason });

export function decide(actor: PolicyActor, action: Action, resource: Resource, consents: readonly PolicyConsent[], now: Date): Decision {
  if (actor.kind === "client") return decideForClient(actor, action, resource, now);
  if (action === "audit.review") {
    // The auditor (the data-protection officer) reads their own organisation's trail, nothing else.
    if (actor.role !== "auditor" || resource.type !== "audit_trail") return deny("not_permitted");
    return resource.organizationId === actor.organizationId ? allow("audit_supervision") : deny("not_permitted");
  }
  if (action === "identity.view" && actor.role === "auditor" && resource.type === "identity" && !resource.case) {
    // Reviewing the trail names the people in it, except those whose identity is protected.
    return resource.protectedIdentity ? deny("protected_identity") : allow("audit_supervision");
  }
  if (!isOfficer(actor.role)) return deny("role_without_client_access");

  switch (action) {
    case "client.lookup":
      return allow("identity_lookup");
    case "case.view":
      if (resource.type !== "case" && resource.type !== "case_data") return deny("not_permitted");
      return caseView(actor, resource.case, consents, now);
    case "case.manage":
      if (resource.type !== "case" && resource.type !== "case_data") return deny("not_permitted");
      // The lead unit runs the case (consent, goals, closing); other units of its organisation take
      // part like any other participant.
      if (resource.case.leadUnitId !== actor.unitId) return deny("not_lead_unit");
      if (resource.case.status === "closed") return deny("case_closed");
      return allow("own_organization");
    case "case.data.record": {
      if (resource.type !== "case_data") return deny("not_permitted");
      if (resource.ownerOrganizationId !== actor.organizationId || resource.ownerKind !== actor.organizationKind) {
        return deny("not_category_owner");
      }
      if (resource.case.status === "closed") return deny("case_closed");
      const view = caseView(actor, resource.case, consents, now);
      return view.allowed ? allow("own_organization") : view;
    }
    case "case.data.view":
      if (resource.type !== "case_data") return deny("not_permitted");
      if (resource.proposal) return proposalView(actor, resource, resource.proposal, consents, now);
      return dataView(actor, resource, consents, now);
    case "identity.view":
      if (resource.type !== "identity" || !resource.case || resource.case.clientId !== resource.clientId) return deny("not_permitted");
      return identityView(actor, resource, resource.case, consents, now);
    case "access_log.view":
      return deny("not_permitted");
    case "request.create":
    case "request.manage":
    case "request.handle":
    case "request.release":
    case "request.read":
      return decideRequest(actor, action, resource, consents, now);
    case "message.send":
    case "message.read":
    case "message.handle":
    case "mailbox.view":
      return decideMessage(actor, action, resource, consents, now);
    case "meeting.call":
    case "meeting.invite":
    case "meeting.view":
    case "meeting.manage":
    case "meeting.respond":
      return decideMeeting(actor, action, resource, consents, now);
    case "notes.write":
    case "notes.view":
    case "notes.review":
    case "notes.comment":
    case "notes.propose":
      return decideNotes(actor, action, resource, consents, now);
  }
}

const clientActions: readonly Action[] = ["case.view", "case.data.view", "request.read", "identity.view", "access_log.view", "meeting.view", "meeting.respond", "notes.view", "notes.comment"];

function decideForClient(actor: Extract<PolicyActor, { kind: "client" }>, action: Action, resource: Resource, now: Date): Decision {
  if (resource.type === "audit_trail" || resource.type === "message" || resource.type === "mailbox") return deny("not_permitted");
  if (resource.type === "meeting_notes") {
    if (resource.case.clientId !== actor.clientId) return deny("not_own_data");
    // Drafts are the organisations' work: the client reads the notes once they are approved.
    if (action !== "notes.view" && action !== "notes.comment") return deny("not_permitted");
    return resource.state === "approved" ? allow("own_data") : deny("notes_not_approved");
  }
  if (resource.type === "meeting") {
    if (resource.case.clientId !== actor.clientId) return deny("not_own_data");
    if (action === "meeting.view") return allow("own_data");
    if (action !== "meeting.respond") return deny("not_permitted");
    // The client answers and brings points while they take part and the meeting has not started.
    if (!resource.meeting.clientTakesPart) return deny("not_meeting_participant");
    return meetingOpen(resource.meeting, now) ? allow("own_data") : deny("meeting_closed");
  }
  const clientId = resource.type === "client" || resource.type === "identity" ? resource.clientId : resource.case.clientId;
  if (clientId !== actor.clientId) return deny("not_own_data");
  if (!clientActions.includes(action)) return deny("not_permitted");
  return allow("own_data");
}

/**
 * A proposal is still between the organisation that proposed it and the one asked to take it on
 * (and the client it is about); others see it only once it is accepted into the plan.
 */
function proposalView(
  actor: Extract<PolicyActor, { kind: "staff" }>,
  resource: Extract<Resource, { type: "case_data" }>,
  proposal: ProposalFacts,
  consents: readonly PolicyConsent[],
  now: Date,
): Decision {
  const view = caseView(actor, resource.case, consents, now);
  if (!view.allowed) return view;
  if (resource.ownerOrganizationId === actor.organizationId) return allow("own_organization");
  if (proposal.proposedByOrganizationId === actor.organizationId) return allow("own_proposal");
  return deny("not_party_to_proposal");
}

/**
 * Name and number of the person on a case the actor may see, or on an information request
 * addressed to the actor's unit (it must find the person in its own records). A protected
 * identity (skyddade personuppgifter) is shown only to the unit that holds it, however the case
 * was opened: leading a case or receiving a request is not enough (ADR 0015).
 */
function identityView(
  actor: Extract<PolicyActor, { kind: "staff" }>,
  resource: Extract<Resource, { type: "identity" }>,
  kase: CaseFacts,
  consents: readonly PolicyConsent[],
  now: Date,
): Decision {
  const receiving = resource.request && resource.request.receivingUnitId === actor.unitId;
  const message = resource.message && [resource.message.senderUnitId, resource.message.recipientUnitId].includes(actor.unitId) ? resource.message : null;
  const view = receiving ? allow(requestBasis(resource.request!)) : message ? messageView(actor, message) : caseView(actor, kase, consents, now);
  if (!view.allowed) return view;
  if (!resource.protectedIdentity) return view;
  return resource.identityUnitId !== null && resource.identityUnitId === actor.unitId ? allow("identity_holder") : deny("protected_identity");
}

/**
 * Information requests. The asker must see the case; an item is asked for and released under the
 * client's consent (a live grant "receiving organisation → requesting organisation" for exactly that
 * category, as for case.data.view) or under a named statute, which is always recorded as the basis.
 * Only the officers of the receiving unit handle the request.
 */
function decideRequest(
  actor: Extract<PolicyActor, { kind: "staff" }>,
  action: Extract<Action, `request.${string}`>,
  resource: Resource,
  consents: readonly PolicyConsent[],
  now: Date,
): Decision {
  if ((resource.type !== "case" && resource.type !== "case_data") || !resource.request) return deny("not_permitted");
  const request = resource.request;
  const item = resource.type === "case_data" ? resource : null;
  if (item && (item.ownerOrganizationId !== request.receivingOrganizationId || item.ownerKind !== request.receivingKind)) {
    return deny("not_category_owner");
  }
  switch (action) {
    case "request.handle":
      if (actor.unitId !== request.receivingUnitId) return deny("not_receiving_unit");
      return allow(requestBasis(request));
    case "request.release":
      if (actor.unitId !== request.receivingUnitId) return deny("not_receiving_unit");
      return item ? basisHolds(actor, item, request, consents, now) : deny("not_permitted");
    case "request.create":
    case "request.manage":
    case "request.read": {
      if (actor.organizationId !== request.requestingOrganizationId || request.receivingOrganizationId === actor.organizationId) {
        return deny("not_permitted");
      }
      if (action === "request.create" && resource.case.status === "closed") return deny("case_closed");
      const view = caseView(actor, resource.case, consents, now);
      if (!view.allowed || action === "request.manage") return view;
      return item ? basisHolds(actor, item, request, consents, now) : deny("not_permitted");
    }
  }
}

/**
 * Messages between functional mailboxes (SDK style): sent from the actor's own unit; about a
 * client, the sender's organisation discloses one of its own categories to the recipient's, under
 * a live grant of the client's consent (sender → recipient, exactly that category), a named statute,
 * or within its own organisation. A new message needs the case in view; a reply needs only the
 * message it answers. Read by the two units' officers — a delivered message stays the receiving
 * unit's record after the consent is withdrawn (OSL: what was lawfully disclosed stays).
 */
function decideMessage(
  actor: Extract<PolicyActor, { kind: "staff" }>,
  action: Extract<Action, `message.${string}` | "mailbox.view">,
  resource: Resource,
  consents: readonly PolicyConsent[],
  now: Date,
): Decision {
  if (action === "mailbox.view") return resource.type === "mailbox" && resource.unitId === actor.unitId ? allow("functional_mailbox") : deny("not_mailbox_member");
  if (resource.type !== "message") return deny("not_permitted");
  const message = resource.message;
  switch (action) {
    case "message.read":
      return [message.senderUnitId, message.recipientUnitId].includes(actor.unitId) ? messageView(actor, message) : deny("not_mailbox_member");
    case "message.handle":
      return message.recipientUnitId === actor.unitId ? allow("functional_mailbox") : deny("not_receiving_unit");
    case "message.send": {
      if (message.senderUnitId !== actor.unitId || message.senderOrganizationId !== actor.organizationId) return deny("not_permitted");
      if (message.recipientUnitId === actor.unitId) return deny("not_permitted");
      if (!resource.case) return allow("no_client_data");
      if (!message.categoryCode || message.categoryOwnerKind !== actor.organizationKind) return deny("not_category_owner");
      if (!message.replyToReceived) {
        const view = caseView(actor, resource.case, consents, now);
        if (!view.allowed) return view;
      }
      if (message.recipientOrganizationId === actor.organizationId) return allow("own_organization");
      if (message.legalReference) return allow(`legal:${message.legalReference}`);
      const disclosure = { type: "case_data", case: resource.case, ownerOrganizationId: actor.organizationId, ownerKind: actor.organizationKind, category: message.categoryCode } as const;
      return dataView({ ...actor, organizationId: message.recipientOrganizationId }, disclosure, consents, now);
    }
  }
}

/**
 * Coordination meetings. Calling one and everything after it need the case in view (the client's
 * consent still covering the actor's organisation, or its own case). Inviting a unit discloses the
 * client's situation to its organisation, so the consent for this case must name that organisation
 * (or it is the organiser's own, or it leads the case). The meeting is seen by the organising and
 * the participating units; the organising unit changes and cancels it, the participants answer,
 * both only until it starts.
 */
function decideMeeting(
  actor: Extract<PolicyActor, { kind: "staff" }>,
  action: Extract<Action, `meeting.${string}`>,
  resource: Resource,
  consents: readonly PolicyConsent[],
  now: Date,
): Decision {
  if (resource.type !== "meeting") return deny("not_permitted");
  const { meeting, case: kase } = resource;
  const organiser = meeting.organizerUnitId === actor.unitId && meeting.organizerOrganizationId === actor.organizationId;
  const participant = meeting.participants.some((unit) => unit.unitId === actor.unitId);
  if (action === "meeting.call" || action === "meeting.invite") {
    if (!organiser) return deny("not_permitted");
    if (kase.status === "closed") return deny("case_closed");
    const view = caseView(actor, kase, consents, now);
    if (!view.allowed || action === "meeting.call") return view;
    if (!resource.invitedOrganizationId) return deny("not_permitted");
    if (resource.invitedOrganizationId === actor.organizationId) return allow("own_organization");
    // The organisation that leads the case already knows the client's situation.
    if (resource.invitedOrganizationId === kase.leadOrganizationId) return allow("case_lead");
    return caseView({ ...actor, organizationId: resource.invitedOrganizationId }, kase, consents, now);
  }
  if (!(organiser || participant)) {
    // Others on the case see the meeting as far as the consent lets the note-taker disclose its notes to them.
    return action === "meeting.view" ? notesDisclosed(actor, meeting, kase, consents, now) : deny("not_meeting_participant");
  }
  if (action === "meeting.manage" && !organiser) return deny("not_permitted");
  if ((action === "meeting.manage" || action === "meeting.respond") && !meetingOpen(meeting, now)) return deny("meeting_closed");
  return caseView(actor, kase, consents, now);
}

/**
 * A meeting's notes (minnesanteckningar, ADR 0022). The note-taking organisation's participating
 * units write them (never once approved, never for a cancelled meeting); a draft is theirs alone;
 * circulated notes are read and reviewed by the participating units — the other organisations
 * approve or ask for a change, the note-taker's circulation is its own approval; approved notes are
 * read by the participants and, under the client's consent for the note-taker's meeting-notes
 * category, by other organisations on the case. The note-taker sends the next steps to the plan
 * (notes.propose). Everything needs the case in view.
 */
function decideNotes(
  actor: Extract<PolicyActor, { kind: "staff" }>,
  action: Extract<Action, `notes.${string}`>,
  resource: Resource,
  consents: readonly PolicyConsent[],
  now: Date,
): Decision {
  if (resource.type !== "meeting_notes") return deny("not_permitted");
  const { meeting, case: kase, state } = resource;
  const participant = meeting.organizerUnitId === actor.unitId || meeting.participants.some((unit) => unit.unitId === actor.unitId);
  const noteTaker = participant && meeting.noteTakerOrganizationId === actor.organizationId;
  switch (action) {
    case "notes.comment":
      return deny("not_permitted");
    case "notes.propose":
      // Whether there is anything approved to send is the service's answer (409), not a refusal.
      return noteTaker ? caseView(actor, kase, consents, now) : deny("not_note_taker");
    case "notes.write":
      if (!noteTaker) return deny("not_note_taker");
      if (state === "approved") return deny("notes_approved");
      if (meeting.status === "cancelled") return deny("meeting_closed");
      return caseView(actor, kase, consents, now);
    case "notes.review":
      if (!participant) return deny("not_meeting_participant");
      if (meeting.noteTakerOrganizationId === actor.organizationId) return deny("not_permitted");
      if (state !== "circulated") return deny(state === "approved" ? "notes_approved" : "notes_not_circulated");
      return caseView(actor, kase, consents, now);
    case "notes.view":
      if (state === "draft") return noteTaker ? caseView(actor, kase, consents, now) : deny("notes_not_circulated");
      if (participant) return caseView(actor, kase, consents, now);
      if (state !== "approved") return deny("not_meeting_participant");
      return notesDisclosed(actor, meeting, kase, consents, now);
  }
}

/** An organisation that was not at the meeting: the case in view, and a live grant of the note-taker's meeting-notes category to it. */
function notesDisclosed(actor: Extract<PolicyActor, { kind: "staff" }>, meeting: MeetingFacts, kase: CaseFacts, consents: readonly PolicyConsent[], now: Date): Decision {
  const view = caseView(actor, kase, consents, now);
  if (!view.allowed) return view;
  if (!meeting.notesCategory) return deny("not_meeting_participant");
  return dataView(actor, { type: "case_data", case: kase, ownerOrganizationId: meeting.noteTakerOrganizationId, ownerKind: meeting.noteTakerKind, category: meeting.notesCategory }, consents, now);
}

/** A meeting can be changed and answered while it is planned and has not started. */
const meetingOpen = (meeting: MeetingFacts, now: Date) => meeting.status === "planned" && now < meeting.startsAt;

/** A message as its units see it: the sender's own record, the recipient's under the basis it came on. */
function messageView(actor: Extract<PolicyActor, { kind: "staff" }>, message: MessageFacts): Decision {
  if (message.senderUnitId === actor.unitId) return allow("own_organization");
  return allow(message.basis ?? "functional_mailbox");
}

const requestBasis = (request: InfoRequestFacts) =>
  request.legalReference ? `legal:${request.legalReference}` : `consent:${request.consentId ?? ""}`;

/** A statute holds by itself (and is flagged); a consent must have a live grant to the requester now. */
function basisHolds(
  actor: Extract<PolicyActor, { kind: "staff" }>,
  item: Extract<Resource, { type: "case_data" }>,
  request: InfoRequestFacts,
  consents: readonly PolicyConsent[],
  now: Date,
): Decision {
  if (request.legalReference) return allow(`legal:${request.legalReference}`);
  return dataView({ ...actor, organizationId: request.requestingOrganizationId }, item, consents, now);
}

/** The lead organisation sees its case; another sees it while an active consent names it. */
function caseView(actor: Extract<PolicyActor, { kind: "staff" }>, kase: CaseFacts, consents: readonly PolicyConsent[], now: Date): Decision {
  if (kase.leadOrganizationId === actor.organizationId) return allow("own_organization");
  const names = (grant: PolicyGrant) =>
    grant.discloserOrganizationId === actor.organizationId || grant.recipientOrganizationId === actor.organizationId;
  return bestConsent(consents, names, now);
}

/** Own organisation's data, or a grant from its owner to the actor's organisation for exactly this category. */
function dataView(
  actor: Extract<PolicyActor, { kind: "staff" }>,
  resource: Extract<Resource, { type: "case_data" }>,
  consents: readonly PolicyConsent[],
  now: Date,
): Decision {
  if (resource.ownerOrganizationId === actor.organizationId) return allow("own_organization");
  const exact = (grant: PolicyGrant) =>
    grant.discloserOrganizationId === resource.ownerOrganizationId &&
    grant.recipientOrganizationId === actor.organizationId &&
    grant.categoryCode === resource.category;
  const found = bestConsent(consents, exact, now);
  if (found.allowed || found.reason !== "no_consent") return found;

  const active = consents.filter((consent) => consentState(consent, now) === "active");
  const liveGrants = active.flatMap((consent) => consent.grants.filter((grant) => !grant.revokedAt));
  if (
    liveGrants.some(
      (grant) =>
        grant.discloserOrganizationId === actor.organizationId &&
        grant.recipientOrganizationId === resource.ownerOrganizationId &&
        grant.categoryCode === resource.category,
    )
  ) {
    return deny("wrong_direction");
  }
  if (liveGrants.some((grant) => grant.discloserOrganizationId === resource.ownerOrganizationId && grant.recipientOrganizationId === actor.organizationId)) {
    return deny("wrong_category");
  }
  return deny("no_consent");
}

// When no active consent has a matching grant, the most telling reason among those that do.
const staleOrder: ConsentState[] = ["revoked", "superseded", "expired", "not_yet_valid"];

function bestConsent(consents: readonly PolicyConsent[], matches: (grant: PolicyGrant) => boolean, now: Date): Decision {
  const states = new Set<ConsentState>();
  for (const consent of consents) {
    for (const grant of consent.grants.filter(matches)) {
      // A grant revoked on its own lives on only in the superseded version, marked revoked.
      const state = grant.revokedAt && grant.revokedAt <= now ? "revoked" : consentState(consent, now);
      if (state === "active") return allow(`consent:${consent.id}`);
      states.add(state);
    }
  }
  const reason = staleOrder.find((state) => states.has(state));
  return deny((reason as DenyReason | undefined) ?? "no_consent");
}
