/**
 * The client's consent receipt as an HL7 FHIR R4 Consent resource
 * (https://hl7.org/fhir/R4/consent.html). Pure and client-safe: the caller loads the
 * receipt through the access gate and decides whether the personnummer may be exported.
 */
import { formatDate } from "~/lib/format";
import { cleanStrings, cleanText } from "~/lib/text";

export interface ReceiptOrganization {
  id: string;
  name: string;
}

export type ConsentMethod = "eid_signed" | "recorded_oral" | "recorded_paper";
export type ConsentState = "active" | "expired" | "revoked" | "superseded" | "not_yet_valid";

export interface ReceiptGrant {
  discloser: ReceiptOrganization;
  recipient: ReceiptOrganization;
  category: { code: string; name: { sv: string; en: string } };
  revokedAt: string | null;
}

export interface ConsentReceipt {
  id: string;
  version: number;
  supersedesId: string | null;
  caseId: string;
  /** personnummer: 12 digits, or null when it must not be exported (e.g. protected identity). */
  client: { id: string; name: string; personnummer: string | null };
  purpose: string;
  method: ConsentMethod;
  givenAt: string;
  recordedAt: string;
  recordedBy: { id: string; name: string; organization: ReceiptOrganization } | null;
  idTokenRef: string | null;
  validFrom: string;
  validUntil: string;
  state: ConsentState;
  revokedAt: string | null;
  grants: ReceiptGrant[];
}

export interface FhirConsentOptions {
  baseUrl: string;
  language: "sv" | "en";
}

// --- The R4 data types we emit (only the elements we use) ---

export interface FhirCoding {
  system: string;
  code: string;
  display: string;
}

export interface FhirCodeableConcept {
  coding?: FhirCoding[];
  text?: string;
}

export interface FhirIdentifier {
  system: string;
  value: string;
}

export interface FhirReference {
  reference: string;
  display?: string;
  identifier?: FhirIdentifier;
}

export interface FhirPeriod {
  start?: string;
  end?: string;
}

export type FhirExtension = { url: string } & (
  | { valueCode: string }
  | { valueString: string }
  | { valueDateTime: string }
  | { valueReference: FhirReference }
);

export interface FhirNarrative {
  status: "generated";
  div: string;
}

export interface FhirConsentActor {
  role: FhirCodeableConcept;
  reference: FhirReference;
}

export interface FhirConsentProvision {
  extension?: FhirExtension[];
  type: "permit" | "deny";
  period?: FhirPeriod;
  actor?: FhirConsentActor[];
  action?: FhirCodeableConcept[];
  purpose?: FhirCoding[];
  class?: FhirCoding[];
  provision?: FhirConsentProvision[];
}

export interface FhirConsentPolicy {
  authority: string;
  uri: string;
}

export interface FhirConsent {
  resourceType: "Consent";
  id: string;
  meta: { versionId: string };
  text: FhirNarrative;
  extension: FhirExtension[];
  identifier: FhirIdentifier[];
  status: "active" | "inactive";
  scope: FhirCodeableConcept;
  category: FhirCodeableConcept[];
  patient: FhirReference;
  dateTime: string;
  performer: FhirReference[];
  organization?: FhirReference[];
  policy: FhirConsentPolicy[];
  policyRule: FhirCodeableConcept;
  provision: FhirConsentProvision;
}

// --- Terminology ---

/** OID of the Swedish personal identity number (personnummer). */
export const PERSONNUMMER_SYSTEM = "urn:oid:1.2.752.129.2.1.3.1";

const participationType = "http://terminology.hl7.org/CodeSystem/v3-ParticipationType";
const recipientRole: FhirCodeableConcept = {
  coding: [{ system: participationType, code: "PRCP", display: "primary information recipient" }],
};
const informantRole: FhirCodeableConcept = {
  coding: [{ system: participationType, code: "INF", display: "informant" }],
};
const discloseAction: FhirCodeableConcept = {
  coding: [{ system: "http://terminology.hl7.org/CodeSystem/consentaction", code: "disclose", display: "Disclose" }],
};
/** v3-ActReason COC: the purpose of a consent and of the disclosures it allows. */
export const coordinationOfCare: FhirCoding = {
  system: "http://terminology.hl7.org/CodeSystem/v3-ActReason",
  code: "COC",
  display: "coordination of care",
};

// Expired, revoked and superseded consents no longer permit anything; a consent that is not
// yet valid is in force as a decision, and its period says from when.
const statusByState: Record<ConsentState, FhirConsent["status"]> = {
  active: "active",
  not_yet_valid: "active",
  expired: "inactive",
  revoked: "inactive",
  superseded: "inactive",
};

// --- Text ---

// What a Unicode-aware reading of R4's string regex "[ \r\n\t\S]+" takes for whitespace, besides
// space, tab, CR and LF (the JavaScript \s class, as Ajv and others read the JSON schema).
const lineSeparators = /[\u2028\u2029]/g;
const zeroWidthNoBreak = /\uFEFF/g;
const otherSpaces = /[\u00A0\u1680\u2000-\u200A\u202F\u205F\u3000]/g;

/**
 * Free text as an R4 string (https://hl7.org/fhir/R4/datatypes.html#string) that every reading
 * of the R4 JSON schema accepts: cleanText (no C0 controls but tab, LF and CR, no DEL, no lone
 * surrogates), then the line and paragraph separators (U+2028, U+2029) become "\n", U+FEFF goes,
 * and the other Unicode spaces (no-break space and the like) become a plain space. R4 means its
 * regex in XML Schema terms, where they are allowed; Unicode-aware validators reject them.
 */
export function fhirString(value: string): string {
  return cleanText(value).replace(lineSeparators, "\n").replace(zeroWidthNoBreak, "").replace(otherSpaces, " ");
}

/** The value when it has something besides whitespace in it, else null: FHIR has no empty strings. */
export function present(value: string | null | undefined): string | null {
  return value && value.trim() ? value : null;
}

/** Builds the FHIR R4 Consent for one consent version; never emits undefined or empty arrays. */
export function consentToFhir(stored: ConsentReceipt, options: FhirConsentOptions): FhirConsent {
  // Every text, whatever was stored, is made a valid R4 string before anything is built from it.
  const receipt = cleanStrings(stored, fhirString);
  const base = options.baseUrl.replace(/\/+$/, "");
  const structure = (name: string) => `${base}/fhir/StructureDefinition/${name}`;
  const categorySystem = `${base}/fhir/CodeSystem/information-category`;

  const reference = (ref: string, name: string | null): FhirReference => ({ reference: ref, ...(name ? { display: name } : {}) });
  const patientRef = reference(`Patient/${receipt.client.id}`, present(receipt.client.name));
  const orgRef = (org: ReceiptOrganization) => reference(`Organization/${org.id}`, present(org.name));

  const performer: FhirReference[] = [patientRef];
  if (receipt.method !== "eid_signed" && receipt.recordedBy) {
    const officer = receipt.recordedBy;
    const name = present(officer.name);
    const org = present(officer.organization.name);
    performer.push(reference(`Practitioner/${officer.id}`, name && org ? `${name} (${org})` : (name ?? org)));
  }

  const organizations = new Map<string, FhirReference>();
  for (const grant of receipt.grants) {
    for (const org of [grant.discloser, grant.recipient]) {
      if (!organizations.has(org.id)) organizations.set(org.id, orgRef(org));
    }
  }

  const nested = receipt.grants.map((grant): FhirConsentProvision => {
    const actor: FhirConsentActor[] = [
      { role: recipientRole, reference: orgRef(grant.recipient) },
      { role: informantRole, reference: orgRef(grant.discloser) },
    ];
    const cls: FhirCoding[] = [
      // A Coding always has a display here; a category with no name is shown by its code.
      { system: categorySystem, code: grant.category.code, display: present(grant.category.name[options.language]) ?? grant.category.code },
    ];
    // A withdrawn grant becomes a deny from the moment of withdrawal, for any purpose,
    // so the receipt shows both that it existed and that it no longer permits anything.
    if (grant.revokedAt !== null) {
      return { type: "deny", period: { start: grant.revokedAt }, actor, action: [discloseAction], class: cls };
    }
    return { type: "permit", actor, action: [discloseAction], purpose: [coordinationOfCare], class: cls };
  });

  // R4 provision.purpose is a Coding, so the client's own words travel in an extension.
  const purposeText = receipt.purpose.trim();
  const provision: FhirConsentProvision = {
    ...(purposeText ? { extension: [{ url: structure("consent-purpose-text"), valueString: receipt.purpose }] } : {}),
    type: "permit",
    period: { start: receipt.validFrom, end: receipt.validUntil },
    purpose: [coordinationOfCare],
    ...(nested.length > 0 ? { provision: nested } : {}),
  };

  const extension: FhirExtension[] = [
    { url: structure("consent-method"), valueCode: receipt.method },
    ...(receipt.idTokenRef ? [{ url: structure("consent-id-token-ref"), valueString: receipt.idTokenRef }] : []),
    { url: structure("consent-recorded-at"), valueDateTime: receipt.recordedAt },
    { url: structure("consent-case"), valueReference: { reference: `EpisodeOfCare/${receipt.caseId}` } },
    ...(receipt.supersedesId
      ? [{ url: structure("consent-supersedes"), valueReference: { reference: `Consent/${receipt.supersedesId}` } }]
      : []),
    ...(receipt.revokedAt ? [{ url: structure("consent-revoked-at"), valueDateTime: receipt.revokedAt }] : []),
  ];

  return {
    resourceType: "Consent",
    id: receipt.id,
    meta: { versionId: String(receipt.version) },
    text: { status: "generated", div: narrative(receipt, options.language) },
    extension,
    identifier: [{ system: `${base}/fhir/consent`, value: receipt.id }],
    status: statusByState[receipt.state],
    scope: {
      coding: [
        {
          system: "http://terminology.hl7.org/CodeSystem/consentscope",
          code: "patient-privacy",
          display: "Privacy Consent",
        },
      ],
    },
    category: [
      { coding: [{ system: "http://loinc.org", code: "59284-0", display: "Patient Consent" }] },
      {
        coding: [
          { system: "http://terminology.hl7.org/CodeSystem/v3-ActCode", code: "INFA", display: "information access" },
        ],
      },
    ],
    patient: {
      ...patientRef,
      ...(receipt.client.personnummer !== null
        ? { identifier: { system: PERSONNUMMER_SYSTEM, value: receipt.client.personnummer } }
        : {}),
    },
    dateTime: receipt.givenAt,
    performer,
    ...(organizations.size > 0 ? { organization: [...organizations.values()] } : {}),
    policy: [
      {
        authority: "https://www.riksdagen.se",
        uri: "https://www.riksdagen.se/sv/dokument-och-lagar/dokument/svensk-forfattningssamling/offentlighets-och-sekretesslag-2009400_sfs-2009-400/",
      },
    ],
    policyRule: { text: "OSL 12 kap. 2 §" },
    provision,
  };
}

// --- Narrative ---

const narrativeText = {
  sv: {
    heading: (name: string, version: number) => `Samtycke från ${name}, version ${version}`,
    purpose: "Ändamål",
    state: {
      active: "Gäller",
      not_yet_valid: "Gäller inte ännu",
      expired: "Har slutat gälla",
      revoked: "Återkallat",
      superseded: "Ersatt av en nyare version",
    } satisfies Record<ConsentState, string>,
    permit: (from: string, what: string, to: string) => `${from} får lämna ${what} till ${to}.`,
    deny: (from: string, what: string, to: string, when: string) =>
      `${from} får inte längre lämna ${what} till ${to} (återkallat ${when}).`,
    period: (from: string, until: string) => `Gäller från ${from} till och med ${until}.`,
    none: "Samtycket omfattar inga uppgifter.",
  },
  en: {
    heading: (name: string, version: number) => `Consent from ${name}, version ${version}`,
    purpose: "Purpose",
    state: {
      active: "In force",
      not_yet_valid: "Not yet in force",
      expired: "Expired",
      revoked: "Withdrawn",
      superseded: "Replaced by a newer version",
    } satisfies Record<ConsentState, string>,
    permit: (from: string, what: string, to: string) => `${from} may give ${what} to ${to}.`,
    deny: (from: string, what: string, to: string, when: string) =>
      `${from} may no longer give ${what} to ${to} (withdrawn ${when}).`,
    period: (from: string, until: string) => `Valid from ${from} up to and including ${until}.`,
    none: "The consent covers no information.",
  },
};

// Every inserted value is escaped here, once, so the div stays well-formed XHTML.
function narrative(receipt: ConsentReceipt, language: "sv" | "en"): string {
  const t = narrativeText[language];
  const e = escapeXml;
  // Dates in Sweden, the month spelt out: a consent valid until 2027-06-30 reads "30 juni 2027" / "30 June 2027".
  const date = (value: string) => e(formatDate(value, language, "long"));

  const items = receipt.grants.map((grant) => {
    const what = e(grant.category.name[language]);
    const from = e(grant.discloser.name);
    const to = e(grant.recipient.name);
    const line = grant.revokedAt === null ? t.permit(from, what, to) : t.deny(from, what, to, date(grant.revokedAt));
    return `<li>${line}</li>`;
  });

  return [
    `<div xmlns="http://www.w3.org/1999/xhtml">`,
    `<p><b>${t.heading(e(receipt.client.name), receipt.version)}</b>. ${e(t.state[receipt.state])}.</p>`,
    receipt.purpose.trim() ? `<p>${t.purpose}: ${e(receipt.purpose)}</p>` : "",
    items.length > 0 ? `<ul>${items.join("")}</ul>` : `<p>${t.none}</p>`,
    `<p>${t.period(date(receipt.validFrom), date(receipt.validUntil))}</p>`,
    `</div>`,
  ].join("");
}

function escapeXml(value: string): string {
  return value
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}
