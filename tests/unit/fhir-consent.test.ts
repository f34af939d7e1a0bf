import { describe, expect, it } from "vitest";
import {
  consentToFhir,
  PERSONNUMMER_SYSTEM,
  type ConsentReceipt,
  type FhirConsent,
  type FhirConsentProvision,
} from "~/services/consent/fhir";

const baseUrl = "https://samsyn.example.se";
const sd = (name: string) => `${baseUrl}/fhir/StructureDefinition/${name}`;

const af = { id: "0b6c1c2e-5d0a-4c1e-9d7e-0a1f3b6a7c01", name: "Arbetsförmedlingen" };
const fk = { id: "0b6c1c2e-5d0a-4c1e-9d7e-0a1f3b6a7c02", name: "Försäkringskassan" };
const berg = { id: "0b6c1c2e-5d0a-4c1e-9d7e-0a1f3b6a7c03", name: "Bergs kommun, socialtjänsten" };

const daysUsed = { code: "af.days_used_job", name: { sv: "Förbrukade dagar i JOB", en: "Days used in the job and development guarantee" } };
const actionPlan = { code: "af.action_plan", name: { sv: "Handlingsplan", en: "Action plan" } };
const sickness = { code: "fk.sickness_benefit", name: { sv: "Sjukpenning", en: "Sickness benefit" } };

function receipt(overrides: Partial<ConsentReceipt> = {}): ConsentReceipt {
  return {
    id: "6f1d2c3b-4a59-4e8f-9b0a-1c2d3e4f5a60",
    version: 2,
    supersedesId: "6f1d2c3b-4a59-4e8f-9b0a-1c2d3e4f5a5f",
    caseId: "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d",
    client: { id: "c1a2b3c4-d5e6-4f70-8192-a3b4c5d6e7f8", name: "Eva Andersson", personnummer: "198804129826" },
    purpose: "Att socialtjänsten ska kunna planera mitt stöd tillsammans med Arbetsförmedlingen",
    method: "eid_signed",
    givenAt: "2026-03-02T09:14:05.000Z",
    recordedAt: "2026-03-02T09:14:06.123Z",
    recordedBy: null,
    idTokenRef: "3f79bb7b435b05321651daefd374cdc681dc06faa65e374e38337b88ca046dea",
    validFrom: "2026-03-02T09:14:05.000Z",
    validUntil: "2027-03-02T09:14:05.000Z",
    state: "active",
    revokedAt: null,
    grants: [
      { discloser: af, recipient: berg, category: daysUsed, revokedAt: null },
      { discloser: af, recipient: berg, category: actionPlan, revokedAt: null },
      { discloser: fk, recipient: berg, category: sickness, revokedAt: "2026-05-20T13:00:00.000Z" },
    ],
    ...overrides,
  };
}

const recorded: Partial<ConsentReceipt> = {
  method: "recorded_oral",
  idTokenRef: null,
  recordedBy: { id: "e7f8a9b0-c1d2-4e3f-8a4b-5c6d7e8f9a0b", name: "Sara Lind", organization: berg },
};

const toFhir = (r: ConsentReceipt = receipt(), language: "sv" | "en" = "sv") => consentToFhir(r, { baseUrl, language });
const nested = (c: FhirConsent) => c.provision.provision ?? [];
const byClass = (c: FhirConsent, code: string) => nested(c).find((p) => p.class?.[0]?.code === code);
const extension = (c: FhirConsent, name: string) => c.extension.find((x) => x.url === sd(name));

// FHIR R4 dateTime (https://hl7.org/fhir/R4/datatypes.html#dateTime).
const fhirDateTime =
  /^([0-9]([0-9]([0-9][1-9]|[1-9]0)|[1-9]00)|[1-9]000)(-(0[1-9]|1[0-2])(-(0[1-9]|[1-2][0-9]|3[0-1])(T([01][0-9]|2[0-3]):[0-5][0-9]:([0-5][0-9]|60)(\.[0-9]{1,9})?)?)?(Z|(\+|-)((0[0-9]|1[0-3]):[0-5][0-9]|14:00)?)?)?$/;

/** FHIR JSON never carries undefined, null, empty strings or empty arrays; every Coding is complete. */
function structuralProblems(value: unknown, path = "$"): string[] {
  if (value === undefined || value === null) return [`${path} is ${String(value)}`];
  if (typeof value === "string") return value.trim() === "" ? [`${path} is an empty string`] : [];
  if (Array.isArray(value)) {
    if (value.length === 0) return [`${path} is an empty array`];
    return value.flatMap((item, i) => structuralProblems(item, `${path}[${i}]`));
  }
  if (typeof value === "object") {
    const object = value as Record<string, unknown>;
    const problems = Object.entries(object).flatMap(([key, item]) => structuralProblems(item, `${path}.${key}`));
    if ("code" in object && "system" in object && typeof object.display !== "string") {
      problems.push(`${path} is a Coding without display`);
    }
    return problems;
  }
  return [];
}

describe("consentToFhir", () => {
  it("emits a Consent with id, version and business identifier", () => {
    const c = toFhir();
    expect(c.resourceType).toBe("Consent");
    expect(c.id).toBe("6f1d2c3b-4a59-4e8f-9b0a-1c2d3e4f5a60");
    expect(c.meta).toEqual({ versionId: "2" });
    expect(c.identifier).toEqual([{ system: `${baseUrl}/fhir/consent`, value: c.id }]);
  });

  it("has every element R4 requires, and a patient because the scope is privacy (ppc-2)", () => {
    const c = toFhir();
    expect(c.status).toBeTruthy();
    expect(c.scope.coding?.length).toBe(1);
    expect(c.category.length).toBeGreaterThanOrEqual(1);
    expect(c.patient.reference).toMatch(/^Patient\//);
    expect(c.policy.length > 0 || c.policyRule !== undefined).toBe(true); // ppc-1
    expect(structuralProblems(c)).toEqual([]);
    expect(JSON.parse(JSON.stringify(c))).toStrictEqual(c);
  });

  it.each([
    ["active", "active"],
    ["not_yet_valid", "active"],
    ["expired", "inactive"],
    ["revoked", "inactive"],
    ["superseded", "inactive"],
  ] as const)("maps state %s to status %s", (state, status) => {
    expect(toFhir(receipt({ state })).status).toBe(status);
  });

  it("codes scope and category", () => {
    const c = toFhir();
    expect(c.scope).toEqual({
      coding: [{ system: "http://terminology.hl7.org/CodeSystem/consentscope", code: "patient-privacy", display: "Privacy Consent" }],
    });
    expect(c.category).toEqual([
      { coding: [{ system: "http://loinc.org", code: "59284-0", display: "Patient Consent" }] },
      { coding: [{ system: "http://terminology.hl7.org/CodeSystem/v3-ActCode", code: "INFA", display: "information access" }] },
    ]);
  });

  it("names the patient with the personnummer, and leaves it out when it must not be exported", () => {
    expect(toFhir().patient).toEqual({
      reference: "Patient/c1a2b3c4-d5e6-4f70-8192-a3b4c5d6e7f8",
      display: "Eva Andersson",
      identifier: { system: "urn:oid:1.2.752.129.2.1.3.1", value: "198804129826" },
    });
    expect(PERSONNUMMER_SYSTEM).toBe("urn:oid:1.2.752.129.2.1.3.1");

    const hidden = receipt({ client: { id: "c1a2b3c4-d5e6-4f70-8192-a3b4c5d6e7f8", name: "Eva Andersson", personnummer: null } });
    const c = toFhir(hidden);
    expect(c.patient).toEqual({ reference: "Patient/c1a2b3c4-d5e6-4f70-8192-a3b4c5d6e7f8", display: "Eva Andersson" });
    expect("identifier" in c.patient).toBe(false);
    expect(JSON.stringify(c)).not.toContain("198804129826");
  });

  it("dates the consent when it was given, in R4 dateTime form", () => {
    const c = toFhir();
    expect(c.dateTime).toBe("2026-03-02T09:14:05.000Z");
    for (const value of [c.dateTime, c.provision.period?.start, c.provision.period?.end]) {
      expect(value).toMatch(fhirDateTime);
    }
  });

  it("has the client alone as performer of an e-ID signed consent", () => {
    expect(toFhir().performer).toEqual([{ reference: "Patient/c1a2b3c4-d5e6-4f70-8192-a3b4c5d6e7f8", display: "Eva Andersson" }]);
  });

  it("adds the recording officer as performer of a recorded consent", () => {
    expect(toFhir(receipt(recorded)).performer).toEqual([
      { reference: "Patient/c1a2b3c4-d5e6-4f70-8192-a3b4c5d6e7f8", display: "Eva Andersson" },
      { reference: "Practitioner/e7f8a9b0-c1d2-4e3f-8a4b-5c6d7e8f9a0b", display: "Sara Lind (Bergs kommun, socialtjänsten)" },
    ]);
  });

  it("lists each organisation once", () => {
    const refs = toFhir().organization?.map((o) => o.reference);
    expect(refs).toEqual([`Organization/${af.id}`, `Organization/${berg.id}`, `Organization/${fk.id}`]);
    expect(toFhir().organization?.[1]).toEqual({ reference: `Organization/${berg.id}`, display: "Bergs kommun, socialtjänsten" });
    expect("organization" in toFhir(receipt({ grants: [] }))).toBe(false);
  });

  it("cites OSL 12 kap. 2 § as the policy", () => {
    const c = toFhir();
    expect(c.policy).toEqual([
      {
        authority: "https://www.riksdagen.se",
        uri: "https://www.riksdagen.se/sv/dokument-och-lagar/dokument/svensk-forfattningssamling/offentlighets-och-sekretesslag-2009400_sfs-2009-400/",
      },
    ]);
    expect(c.policyRule).toEqual({ text: "OSL 12 kap. 2 §" });
  });

  it("permits for the consent's period and purpose, carrying the client's own words", () => {
    const p = toFhir().provision;
    expect(p.type).toBe("permit");
    expect(p.period).toEqual({ start: "2026-03-02T09:14:05.000Z", end: "2027-03-02T09:14:05.000Z" });
    expect(p.purpose).toEqual([
      { system: "http://terminology.hl7.org/CodeSystem/v3-ActReason", code: "COC", display: "coordination of care" },
    ]);
    expect(p.extension).toEqual([
      { url: sd("consent-purpose-text"), valueString: "Att socialtjänsten ska kunna planera mitt stöd tillsammans med Arbetsförmedlingen" },
    ]);
  });

  it("has one nested permit per active grant, with recipient and informant", () => {
    const c = toFhir();
    const permits = nested(c).filter((p) => p.type === "permit");
    expect(permits.map((p) => p.class?.[0]?.code)).toEqual(["af.days_used_job", "af.action_plan"]);

    const days = byClass(c, "af.days_used_job") as FhirConsentProvision;
    expect(days.type).toBe("permit");
    expect(days.actor).toEqual([
      {
        role: { coding: [{ system: "http://terminology.hl7.org/CodeSystem/v3-ParticipationType", code: "PRCP", display: "primary information recipient" }] },
        reference: { reference: `Organization/${berg.id}`, display: "Bergs kommun, socialtjänsten" },
      },
      {
        role: { coding: [{ system: "http://terminology.hl7.org/CodeSystem/v3-ParticipationType", code: "INF", display: "informant" }] },
        reference: { reference: `Organization/${af.id}`, display: "Arbetsförmedlingen" },
      },
    ]);
    expect(days.action).toEqual([
      { coding: [{ system: "http://terminology.hl7.org/CodeSystem/consentaction", code: "disclose", display: "Disclose" }] },
    ]);
    expect(days.purpose).toEqual([
      { system: "http://terminology.hl7.org/CodeSystem/v3-ActReason", code: "COC", display: "coordination of care" },
    ]);
  });

  it("names the information category in the chosen language", () => {
    const system = `${baseUrl}/fhir/CodeSystem/information-category`;
    expect(byClass(toFhir(receipt(), "sv"), "af.days_used_job")?.class).toEqual([
      { system, code: "af.days_used_job", display: "Förbrukade dagar i JOB" },
    ]);
    expect(byClass(toFhir(receipt(), "en"), "af.days_used_job")?.class).toEqual([
      { system, code: "af.days_used_job", display: "Days used in the job and development guarantee" },
    ]);
  });

  it("turns a withdrawn grant into a deny from the moment it was withdrawn", () => {
    const c = toFhir();
    const denies = nested(c).filter((p) => p.type === "deny");
    expect(denies).toHaveLength(1);
    const deny = denies[0] as FhirConsentProvision;
    expect(deny.class?.[0]?.code).toBe("fk.sickness_benefit");
    expect(deny.period).toEqual({ start: "2026-05-20T13:00:00.000Z" });
    expect(deny.actor?.map((a) => [a.role.coding?.[0]?.code, a.reference.reference])).toEqual([
      ["PRCP", `Organization/${berg.id}`],
      ["INF", `Organization/${fk.id}`],
    ]);
    expect(deny.action?.[0]?.coding?.[0]?.code).toBe("disclose");
    expect(nested(c).some((p) => p.type === "permit" && p.class?.[0]?.code === "fk.sickness_benefit")).toBe(false);
  });

  it("omits nested provisions when there are no grants", () => {
    const c = toFhir(receipt({ grants: [] }));
    expect("provision" in c.provision).toBe(false);
    expect(structuralProblems(c)).toEqual([]);
  });

  it("carries the signing evidence of an e-ID signed new version in extensions", () => {
    const c = toFhir();
    expect(c.extension).toEqual([
      { url: sd("consent-method"), valueCode: "eid_signed" },
      { url: sd("consent-id-token-ref"), valueString: "3f79bb7b435b05321651daefd374cdc681dc06faa65e374e38337b88ca046dea" },
      { url: sd("consent-recorded-at"), valueDateTime: "2026-03-02T09:14:06.123Z" },
      { url: sd("consent-case"), valueReference: { reference: "EpisodeOfCare/9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d" } },
      { url: sd("consent-supersedes"), valueReference: { reference: "Consent/6f1d2c3b-4a59-4e8f-9b0a-1c2d3e4f5a5f" } },
    ]);
    expect(extension(c, "consent-revoked-at")).toBeUndefined();
    for (const x of c.extension) expect(x.url).toMatch(/\/StructureDefinition\/[a-z]+(-[a-z]+)*$/);
  });

  it("leaves out the token, the predecessor and the revocation when there are none", () => {
    const c = toFhir(receipt({ ...recorded, version: 1, supersedesId: null }));
    expect(extension(c, "consent-method")).toEqual({ url: sd("consent-method"), valueCode: "recorded_oral" });
    expect(extension(c, "consent-id-token-ref")).toBeUndefined();
    expect(extension(c, "consent-supersedes")).toBeUndefined();
    expect(extension(c, "consent-revoked-at")).toBeUndefined();
    expect(JSON.parse(JSON.stringify(c))).toStrictEqual(c);
  });

  it("records when a revoked consent was withdrawn", () => {
    const c = toFhir(receipt({ state: "revoked", revokedAt: "2026-06-01T08:00:00.000Z" }));
    expect(c.status).toBe("inactive");
    expect(extension(c, "consent-revoked-at")).toEqual({ url: sd("consent-revoked-at"), valueDateTime: "2026-06-01T08:00:00.000Z" });
  });

  it("has no undefined anywhere for any state and method", () => {
    for (const state of ["active", "expired", "revoked", "superseded", "not_yet_valid"] as const) {
      for (const overrides of [{}, recorded, { ...recorded, method: "recorded_paper" as const, recordedBy: null }]) {
        for (const language of ["sv", "en"] as const) {
          const c = toFhir(receipt({ state, ...overrides }), language);
          expect(JSON.parse(JSON.stringify(c))).toStrictEqual(c);
          expect(structuralProblems(c)).toEqual([]);
        }
      }
    }
  });

  it("does not double the slash when the base URL ends with one", () => {
    const c = consentToFhir(receipt(), { baseUrl: `${baseUrl}/`, language: "sv" });
    expect(c.identifier[0]?.system).toBe(`${baseUrl}/fhir/consent`);
    expect(JSON.stringify(c)).not.toContain("se//fhir");
  });

  describe("narrative", () => {
    it("says who may give what to whom, in Swedish", () => {
      const { text } = toFhir(receipt(), "sv");
      expect(text.status).toBe("generated");
      expect(text.div).toMatch(/^<div xmlns="http:\/\/www\.w3\.org\/1999\/xhtml">.*<\/div>$/s);
      expect(text.div).toContain("Arbetsförmedlingen får lämna Förbrukade dagar i JOB till Bergs kommun, socialtjänsten.");
      expect(text.div).toContain("Försäkringskassan får inte längre lämna Sjukpenning till Bergs kommun, socialtjänsten");
      expect(text.div).toContain("Gäller från");
      expect(text.div).toContain("2027");
    });

    it("says it in English when asked", () => {
      const { div } = toFhir(receipt(), "en").text;
      expect(div).toContain("Arbetsförmedlingen may give Days used in the job and development guarantee to Bergs kommun, socialtjänsten.");
      expect(div).toContain("Valid from");
      expect(div).not.toContain("får lämna");
    });

    it("escapes markup in every inserted string", () => {
      const hostile = receipt({
        client: { id: "c1a2b3c4-d5e6-4f70-8192-a3b4c5d6e7f8", name: "<script>alert(1)</script>", personnummer: null },
        purpose: `Stöd & "hjälp" <b>nu</b>`,
        grants: [{ discloser: { id: af.id, name: "A<F>" }, recipient: berg, category: { code: "x", name: { sv: "<i>x</i>", en: "x" } }, revokedAt: null }],
      });
      const { div } = toFhir(hostile, "sv").text;
      expect(div).not.toContain("<script>");
      expect(div).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
      expect(div).toContain("Stöd &amp; &quot;hjälp&quot; &lt;b&gt;nu&lt;/b&gt;");
      expect(div).toContain("A&lt;F&gt;");
      expect(div).not.toContain("<i>");
      // Only the tags the narrative itself writes remain.
      const tags = new Set([...div.matchAll(/<\/?([a-z]+)/g)].map((m) => m[1]));
      expect([...tags].sort()).toEqual(["b", "div", "li", "p", "ul"]);
    });
  });
});
