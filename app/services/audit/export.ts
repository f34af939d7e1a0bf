/**
 * The client's access log ("who has looked at my data") as a CSV file and as an HL7 FHIR R4
 * Bundle of AuditEvent resources (https://hl7.org/fhir/R4/auditevent.html). Pure and
 * client-safe: the caller loads the log through the access gate and decides whether the
 * personnummer may be exported.
 */
import { cleanStrings, cleanText } from "~/lib/text";
import {
  coordinationOfCare,
  fhirString,
  PERSONNUMMER_SYSTEM,
  present,
  type FhirCodeableConcept,
  type FhirCoding,
  type FhirIdentifier,
} from "~/services/consent/fhir";

type Language = "sv" | "en";

export interface AccessLogEntry {
  /** Audit event id (a bigint as a string). */
  id: string;
  occurredAt: string;
  action: string;
  /** What the look was named by: "case", "plan", "case_list_item" (the case was one line of a list), "notice" … */
  resourceType: string | null;
  outcome: "allowed" | "denied" | "withheld" | "success" | "failure";
  organization: { id: string; name: string } | null;
  unit: { id: string; name: string } | null;
  officer: { id: string; name: string; title: string } | null;
  caseId: string | null;
  caseReference: string | null;
  /** The categories of information this look read (one look may read several parts of the case). */
  categories: { code: string; name: { sv: string; en: string }; plain: { sv: string; en: string } }[];
  /** "own_organization" | "own_data" | "consent:<uuid>" | "identity_lookup" | "legal:<reference>" | null */
  basis: string | null;
  consentId: string | null;
}

/** personnummer: 12 digits, or null when it must not be exported (e.g. protected identity). */
export interface AccessLogOwner {
  clientId: string;
  name: string;
  personnummer: string | null;
}

export interface AccessLogBundleOptions {
  baseUrl: string;
  language: Language;
  generatedAt: string;
}

// --- The R4 types we emit (only the elements we use) ---

/** Unlike the Consent's references, an audit reference may be a display or identifier alone. */
export interface FhirAuditReference {
  reference?: string;
  display?: string;
  identifier?: FhirIdentifier;
}

export interface FhirAuditEventAgent {
  type: FhirCodeableConcept;
  role?: FhirCodeableConcept[];
  who?: FhirAuditReference;
  name?: string;
  requestor: boolean;
}

export interface FhirAuditEventSource {
  observer: FhirAuditReference;
  type: FhirCoding[];
}

export interface FhirAuditEventEntity {
  what: FhirAuditReference;
  type: FhirCoding;
  role?: FhirCoding;
  name?: string;
}

export type FhirAuditEventAction = "C" | "R" | "U" | "D" | "E";

export interface FhirAuditEvent {
  resourceType: "AuditEvent";
  id: string;
  type: FhirCoding;
  subtype: FhirCoding[];
  action: FhirAuditEventAction;
  recorded: string;
  outcome: "0" | "4" | "8" | "12";
  outcomeDesc?: string;
  purposeOfEvent?: FhirCodeableConcept[];
  agent: FhirAuditEventAgent[];
  source: FhirAuditEventSource;
  entity: FhirAuditEventEntity[];
}

export interface FhirAuditEventBundle {
  resourceType: "Bundle";
  type: "collection";
  timestamp: string;
  identifier: FhirIdentifier;
  entry?: { fullUrl: string; resource: FhirAuditEvent }[];
}

// --- Plain words for the client ---

const actionWords: Record<string, { sv: string; en: string }> = {
  "case.view": { sv: "tittade på ditt ärende", en: "looked at your case" },
  "client.register": { sv: "registrerade dig i Samsyn", en: "registered you in Samsyn" },
  "case.open": { sv: "öppnade ett ärende", en: "opened a case" },
  "case.close": { sv: "avslutade ärendet", en: "closed the case" },
  "case.entry.record": { sv: "skrev in en uppgift", en: "recorded information" },
  "request.submit": { sv: "begärde uppgifter om dig från en annan myndighet", en: "asked another organisation for information about you" },
  "request.save_draft": { sv: "förberedde en begäran om uppgifter om dig", en: "prepared a request for information about you" },
  "request.withdraw": { sv: "drog tillbaka en begäran om uppgifter om dig", en: "withdrew a request for information about you" },
  "request.claim": { sv: "började handlägga en begäran om uppgifter om dig", en: "started handling a request for information about you" },
  "request.unclaim": { sv: "lämnade tillbaka en begäran om uppgifter om dig", en: "put back a request for information about you" },
  "request.answer": { sv: "svarade på en begäran om uppgifter om dig", en: "answered a request for information about you" },
  "case.data.view": { sv: "läste uppgifter", en: "read information" },
  "case.data.record": { sv: "skrev in en uppgift", en: "recorded information" },
  "client.lookup": { sv: "sökte på ditt personnummer", en: "searched for your personal identity number" },
  "case.manage": { sv: "ändrade i ärendet", en: "changed the case" },
  "consent.request": { sv: "bad om ditt samtycke", en: "asked for your consent" },
  "consent.record": { sv: "registrerade ditt samtycke", en: "recorded your consent" },
  "request.create": { sv: "begärde uppgifter om dig från en annan myndighet", en: "asked another organisation for information about you" },
  "request.manage": { sv: "hanterade en begäran om uppgifter om dig", en: "handled a request for information about you" },
  "request.handle": { sv: "granskade en begäran om uppgifter om dig", en: "reviewed a request for information about you" },
  "request.release": { sv: "lämnade ut uppgifter om dig", en: "released information about you" },
  "request.read": { sv: "läste svaret på en begäran om uppgifter", en: "read the answer to a request for information" },
  "plan.reminder": { sv: "påminde om en uppföljning i din plan", en: "reminded about a follow-up in your plan" },
  "audit.review": { sv: "granskade loggen över vem som har tittat på dina uppgifter", en: "reviewed the log of who has looked at your data" },
  "message.send": { sv: "skickade ett meddelande om dig till en annan myndighet", en: "sent a message about you to another organisation" },
  "message.reply": { sv: "svarade på ett meddelande om dig", en: "replied to a message about you" },
  "message.read": { sv: "öppnade ett meddelande om dig", en: "opened a message about you" },
  "message.handle": { sv: "hanterade ett meddelande om dig", en: "handled a message about you" },
  "message.claim": { sv: "började hantera ett meddelande om dig", en: "started handling a message about you" },
  "message.release": { sv: "lämnade tillbaka ett meddelande om dig", en: "put back a message about you" },
  "message.hand_over": { sv: "lämnade över ett meddelande om dig till en kollega", en: "handed a message about you to a colleague" },
  "message.mark_handled": { sv: "markerade ett meddelande om dig som hanterat", en: "marked a message about you as handled" },
  "message.reopen": { sv: "öppnade ett hanterat meddelande om dig igen", en: "reopened a handled message about you" },
  "meeting.call": { sv: "kallade till ett möte om dig", en: "called a meeting about you" },
  "meeting.invite": { sv: "bjöd in en myndighet till ett möte om dig", en: "invited an organisation to a meeting about you" },
  "meeting.view": { sv: "tittade på ett möte om dig", en: "looked at a meeting about you" },
  "meeting.manage": { sv: "ändrade ett möte om dig", en: "changed a meeting about you" },
  "meeting.respond": { sv: "svarade på en inbjudan till ett möte om dig", en: "answered an invitation to a meeting about you" },
  "meeting.create": { sv: "kallade till ett möte om dig", en: "called a meeting about you" },
  "meeting.change": { sv: "ändrade tid eller plats för ett möte om dig", en: "changed the time or place of a meeting about you" },
  "meeting.cancel": { sv: "ställde in ett möte om dig", en: "cancelled a meeting about you" },
  "meeting.answer": { sv: "svarade på en inbjudan till ett möte om dig", en: "answered an invitation to a meeting about you" },
  "notes.write": { sv: "skrev minnesanteckningar från ett möte om dig", en: "wrote the notes of a meeting about you" },
  "notes.view": { sv: "läste minnesanteckningar från ett möte om dig", en: "read the notes of a meeting about you" },
  "notes.review": { sv: "granskade minnesanteckningar från ett möte om dig", en: "reviewed the notes of a meeting about you" },
  "notes.comment": { sv: "kommenterade minnesanteckningar", en: "commented on meeting notes" },
  "notes.propose": { sv: "skickade nästa steg från ett möte om dig till din plan", en: "sent next steps from a meeting about you to your plan" },
  "notes.save": { sv: "skrev minnesanteckningar från ett möte om dig", en: "wrote the notes of a meeting about you" },
  "notes.circulate": { sv: "skickade minnesanteckningar från ett möte om dig för godkännande", en: "sent the notes of a meeting about you for approval" },
  "notes.approve": { sv: "godkände minnesanteckningar från ett möte om dig", en: "approved the notes of a meeting about you" },
  "notes.request_change": { sv: "bad om en ändring i minnesanteckningar från ett möte om dig", en: "asked for a change in the notes of a meeting about you" },
  "notes.propose_steps": { sv: "skickade nästa steg från ett möte om dig till din plan", en: "sent next steps from a meeting about you to your plan" },
  "notes.client_comment": { sv: "du kommenterade minnesanteckningar från ett möte", en: "you commented on the notes of a meeting" },
  "meeting.agenda.add": { sv: "lade till en punkt på dagordningen för ett möte om dig", en: "added a point to the agenda of a meeting about you" },
};
/** Opening an attachment is said as such (the message's own look is "message.read" too). */
const attachmentWords = { sv: "öppnade en bilaga till ett meddelande om dig", en: "opened an attachment to a message about you" };
/** Writing a reply shows the message's envelope, not its content. */
const replyFormWords = { sv: "började skriva ett svar på ett meddelande om dig", en: "started a reply to a message about you" };
const unknownAction = { sv: "hanterade dina uppgifter", en: "handled your information" };
const planChange = { sv: "ändrade i din plan", en: "changed your plan" };
/** Seeing a case as one line of a list, or in a notice, is less than opening it, and the client is told so. */
const glimpses: Record<string, { sv: string; en: string }> = {
  case_list_item: { sv: "såg ditt ärende i en ärendelista", en: "saw your case in a list of cases" },
  notice: { sv: "såg en notis om ditt ärende", en: "saw a notice about your case" },
  case_lookup: { sv: "sökte på ditt personnummer", en: "searched for your personal identity number" },
};

/** What an officer did, in words a client understands. */
export function describeAction(action: string, language: Language, resourceType?: string | null): string {
  if (action === "case.view" && resourceType && Object.hasOwn(glimpses, resourceType)) return glimpses[resourceType]![language];
  if (action === "message.read" && resourceType === "message_attachment") return attachmentWords[language];
  if (action === "message.read" && resourceType === "message_form") return replyFormWords[language];
  // Own keys only: an action named "toString" must not reach Object.prototype.
  if (Object.hasOwn(actionWords, action)) return actionWords[action]![language];
  if (action.startsWith("plan.")) return planChange[language];
  return unknownAction[language];
}

const basisWords = {
  sv: {
    consent: "ditt samtycke",
    own_organization: "organisationens egna uppgifter",
    own_data: "du själv",
    identity_lookup: "sökning på personnummer",
    audit_supervision: "granskning av att uppgifter används rätt",
    own_proposal: "organisationens eget förslag i din plan",
    identity_holder: "enheten som har dina skyddade uppgifter",
    functional_mailbox: "meddelandet kom till enhetens brevlåda",
    case_lead: "organisationen som har ansvar för ditt ärende",
    legal: (ref: string) => `lagstöd: ${ref}`,
    other: "annat skäl",
    none: "–",
  },
  en: {
    consent: "your consent",
    own_organization: "the organisation's own information",
    own_data: "you yourself",
    identity_lookup: "search by personal identity number",
    audit_supervision: "checking that information is used correctly",
    own_proposal: "the organisation's own proposal in your plan",
    identity_holder: "the unit that holds your protected details",
    functional_mailbox: "the message came to the unit's mailbox",
    case_lead: "the organisation responsible for your case",
    legal: (ref: string) => `legal basis: ${ref}`,
    other: "other reason",
    none: "–",
  },
};

/**
 * Why the officer did it, in words a client understands: the basis when there was one; "–" for a
 * refused attempt (nothing was let through, so there is no why); else (a change recorded without
 * a basis, e.g. a new plan activity) the reason such a change serves, never "–". The access-log
 * page and both downloads use it, so they say the same.
 */
export function describeWhy({ action, basis, outcome }: Pick<AccessLogEntry, "action" | "basis" | "outcome">, language: Language): string {
  if (basis || outcome === "denied" || outcome === "failure") return describeBasis(basis, language);
  const family = action === "identity.view" ? "identity" : action.startsWith("request.") ? "request" : action.startsWith("plan.") ? "plan" : action.startsWith("consent.") ? "consent" : action.startsWith("message.") ? "message" : action.startsWith("meeting.") || action.startsWith("notes.") ? "meeting" : "case";
  return whyWithoutBasis[language][family];
}

const whyWithoutBasis = {
  sv: {
    identity: "för att veta vem ärendet gäller",
    request: "för att hantera en begäran om uppgifter om dig",
    plan: "för att hålla din plan aktuell",
    consent: "för att hantera ditt samtycke",
    message: "för att hantera ett meddelande om dig",
    meeting: "för att planera ett möte om dig",
    case: "ditt ärende uppdaterades",
  },
  en: {
    identity: "to know who the case is about",
    request: "to handle a request for information about you",
    plan: "to keep your plan up to date",
    consent: "to handle your consent",
    message: "to handle a message about you",
    meeting: "to plan a meeting about you",
    case: "your case was updated",
  },
} as const;

/** Why the access was allowed, in words a client understands; "–" when there was none. */
export function describeBasis(basis: string | null, language: Language): string {
  const t = basisWords[language];
  if (basis === null || basis === "") return t.none;
  if (basis.startsWith("consent:")) return t.consent;
  if (basis.startsWith("legal:")) {
    const ref = basis.slice("legal:".length).trim();
    return ref ? t.legal(ref) : t.other;
  }
  const named = ["own_organization", "own_data", "identity_lookup", "audit_supervision", "own_proposal", "identity_holder", "functional_mailbox", "case_lead"] as const;
  if ((named as readonly string[]).includes(basis)) return t[basis as (typeof named)[number]];
  // A raw policy code means nothing to a client, so an unknown basis stays vague rather than cryptic.
  return t.other;
}

const outcomeWords = {
  sv: { denied: "nekades", failure: "misslyckades" },
  en: { denied: "refused", failure: "failed" },
};

const isFailed = (entry: AccessLogEntry) => entry.outcome === "denied" || entry.outcome === "failure";

// --- CSV (RFC 4180) ---

const csvHeader: Record<Language, string[]> = {
  sv: ["Tid (UTC)", "Organisation", "Enhet", "Handläggare", "Titel", "Vad gjordes", "Uppgifter", "Ärende", "Grund", "Samtyckes-id"],
  en: ["Time (UTC)", "Organisation", "Unit", "Officer", "Title", "What was done", "Information", "Case", "Basis", "Consent id"],
};

const BOM = "\uFEFF";

/**
 * The field separator Excel expects in each language: Swedish Excel uses the comma as decimal
 * mark and so lists with ";", English Excel with ",". Opened with the wrong one, every record
 * lands in a single column.
 */
export const csvSeparator: Record<Language, ";" | ","> = { sv: ";", en: "," };

/**
 * The access log as CSV per RFC 4180 (https://www.rfc-editor.org/rfc/rfc4180) with the
 * language's separator (csvSeparator: ";" for Swedish, "," for English): UTF-8 with a BOM, CRLF
 * after every record, a header record, and a field in double quotes (quotes doubled) when it
 * holds the separator, a quote, CR or LF. Text is cleaned (cleanText) and a field that would
 * start a formula is defused, so Excel opens the file as columns and runs nothing in it.
 */
export function accessLogCsv(entries: AccessLogEntry[], language: Language): string {
  const rows = entries.map((entry) => [
    utc(entry.occurredAt),
    entry.organization?.name ?? "",
    entry.unit?.name ?? "",
    entry.officer?.name ?? "",
    entry.officer?.title ?? "",
    // A refused look is still worth showing, but it must not read as if the officer saw the data.
    isFailed(entry)
      ? `${describeAction(entry.action, language, entry.resourceType)} (${outcomeWords[language][entry.outcome as "denied" | "failure"]})`
      : describeAction(entry.action, language, entry.resourceType),
    entry.categories.map((category) => category.plain[language]).join("; "),
    entry.caseReference ?? "",
    describeWhy(entry, language),
    entry.consentId ?? "",
  ]);
  const separator = csvSeparator[language];
  const lines = [csvHeader[language], ...rows].map((fields) => fields.map((field) => csvField(field, separator)).join(separator));
  return BOM + lines.map((line) => `${line}\r\n`).join("");
}

// Names and titles are typed by people, so a leading "=" must not become a spreadsheet formula
// (OWASP "CSV injection": = + - @ tab CR); the check runs on the cleaned text, so "\u0000=…" is caught too.
function csvField(value: string, separator: string): string {
  const text = cleanText(value);
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return safe.includes(separator) || /["\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

function utc(value: string): string {
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? value : date.toISOString();
}

// --- FHIR ---

const dcm = "http://dicom.nema.org/resources/ontology/DCM";
const patientRecord: FhirCoding = { system: dcm, code: "110110", display: "Patient Record" };
const humanUser: FhirCodeableConcept = {
  coding: [{ system: "http://terminology.hl7.org/CodeSystem/extra-security-role-type", code: "humanuser", display: "human user" }],
};
const application: FhirCodeableConcept = { coding: [{ system: dcm, code: "110150", display: "Application" }] };
const assignedEntity: FhirCodeableConcept = {
  coding: [{ system: "http://terminology.hl7.org/CodeSystem/v3-RoleClass", code: "ASSIGNED", display: "assigned entity" }],
};
const source: FhirAuditEventSource = {
  observer: { display: "Samsyn" },
  type: [{ system: "http://terminology.hl7.org/CodeSystem/security-source-type", code: "4", display: "Application Server" }],
};
const entityType = "http://terminology.hl7.org/CodeSystem/audit-entity-type";
const person: FhirCoding = { system: entityType, code: "1", display: "Person" };
const systemObject: FhirCoding = { system: entityType, code: "2", display: "System Object" };
const patientRole: FhirCoding = { system: "http://terminology.hl7.org/CodeSystem/object-role", code: "1", display: "Patient" };

/** The R4 AuditEvent.action code for one of our audit actions. */
function actionCode(action: string): FhirAuditEventAction {
  if (action.endsWith(".record") || action === "consent.request") return "C";
  if (action === "case.manage") return "U";
  if (action === "client.lookup") return "E";
  return "R";
}

/** Builds a FHIR R4 collection Bundle with one AuditEvent per log entry; never emits empty values. */
export function accessLogBundle(
  storedEntries: AccessLogEntry[],
  storedOwner: AccessLogOwner,
  options: AccessLogBundleOptions,
): FhirAuditEventBundle {
  // Every text, whatever was stored, is made a valid R4 string before anything is built from it.
  const entries = cleanStrings(storedEntries, fhirString);
  const owner = cleanStrings(storedOwner, fhirString);
  const base = options.baseUrl.replace(/\/+$/, "");
  const events = entries.map((entry) => auditEvent(entry, owner, base, options.language));
  // Bundle.total is only allowed on searchset and history bundles (bdl-1).
  return {
    resourceType: "Bundle",
    type: "collection",
    timestamp: options.generatedAt,
    identifier: { system: `${base}/fhir/access-log`, value: `${owner.clientId}:${options.generatedAt}` },
    ...(events.length > 0
      ? { entry: events.map((resource) => ({ fullUrl: `${base}/fhir/AuditEvent/${resource.id}`, resource })) }
      : {}),
  };
}

function auditEvent(entry: AccessLogEntry, owner: AccessLogOwner, base: string, language: Language): FhirAuditEvent {
  const basisText = describeWhy(entry, language);
  const purposeOfEvent: FhirCodeableConcept[] | null = entry.consentId
    ? [{ coding: [coordinationOfCare], text: basisText }]
    : entry.basis
      ? [{ text: basisText }]
      : null;

  return {
    resourceType: "AuditEvent",
    id: entry.id,
    type: patientRecord,
    subtype: [
      { system: `${base}/fhir/CodeSystem/audit-action`, code: entry.action, display: describeAction(entry.action, language, entry.resourceType) },
    ],
    action: actionCode(entry.action),
    recorded: entry.occurredAt,
    outcome: isFailed(entry) ? "4" : "0",
    ...(isFailed(entry) ? { outcomeDesc: outcomeWords[language][entry.outcome as "denied" | "failure"] } : {}),
    ...(purposeOfEvent ? { purposeOfEvent } : {}),
    agent: agents(entry),
    source,
    entity: entities(entry, owner, base, language),
  };
}

function agents(entry: AccessLogEntry): FhirAuditEventAgent[] {
  const { officer, organization, unit } = entry;
  const officerName = present(officer?.name);
  const officerTitle = present(officer?.title);
  const orgName = present(organization?.name);
  const result: FhirAuditEventAgent[] = [];

  if (officer) {
    const display = [officerName, officerTitle].filter(Boolean).join(", ");
    result.push({
      type: humanUser,
      ...(officerTitle ? { role: [{ text: officerTitle }] } : {}),
      who: { reference: `Practitioner/${officer.id}`, ...(display ? { display } : {}) },
      ...(officerName ? { name: officerName } : {}),
      requestor: true,
    });
  } else if (organization) {
    result.push({ type: humanUser, ...(orgName ? { who: { display: orgName } } : {}), requestor: true });
  } else {
    // R4 needs at least one agent; with no person or organisation the system itself acted.
    result.push({ type: application, who: { display: "Samsyn" }, requestor: true });
  }

  if (organization) {
    const unitName = present(unit?.name);
    const display = [orgName, unitName].filter(Boolean).join(", ");
    result.push({
      type: assignedEntity,
      who: { reference: `Organization/${organization.id}`, ...(display ? { display } : {}) },
      requestor: false,
    });
  }
  return result;
}

function entities(entry: AccessLogEntry, owner: AccessLogOwner, base: string, language: Language): FhirAuditEventEntity[] {
  const ownerName = present(owner.name);
  const result: FhirAuditEventEntity[] = [
    {
      what: {
        reference: `Patient/${owner.clientId}`,
        ...(ownerName ? { display: ownerName } : {}),
        ...(owner.personnummer ? { identifier: { system: PERSONNUMMER_SYSTEM, value: owner.personnummer } } : {}),
      },
      type: person,
      role: patientRole,
    },
  ];

  if (entry.caseId) {
    const caseReference = present(entry.caseReference);
    result.push({
      what: { reference: `EpisodeOfCare/${entry.caseId}`, ...(caseReference ? { display: caseReference } : {}) },
      type: systemObject,
    });
  }

  for (const category of entry.categories) {
    const name = present(category.name[language]);
    // Same code system as the Consent's provision.class, so the two exports can be joined.
    result.push({
      what: {
        identifier: { system: `${base}/fhir/CodeSystem/information-category`, value: category.code },
        ...(name ? { display: name } : {}),
      },
      type: systemObject,
      ...(name ? { name } : {}),
    });
  }

  if (entry.consentId) {
    result.push({ what: { reference: `Consent/${entry.consentId}` }, type: systemObject });
  }
  return result;
}
