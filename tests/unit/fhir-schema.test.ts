import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { accessLogBundle, type AccessLogEntry, type AccessLogOwner } from "~/services/audit/export";
import { consentToFhir, type ConsentReceipt, type FhirConsent } from "~/services/consent/fhir";
import { controlCharacterPaths, fhirSchemaProblems } from "../support/fhir-schema";

// The two FHIR exports checked against the HL7 FHIR R4 JSON schema, with ordinary text and with
// text no form should let through but old rows, paste from Word and bugs can hold (ADR 0016).

const baseUrl = "https://samsyn.example.se";
const generatedAt = "2026-06-01T08:00:00.000Z";
const af = { id: "0b6c1c2e-5d0a-4c1e-9d7e-0a1f3b6a7c01", name: "Arbetsförmedlingen" };
const afOst = { id: "0b6c1c2e-5d0a-4c1e-9d7e-0a1f3b6a7c11", name: "Arbetsförmedlingen Östersund" };
const berg = { id: "0b6c1c2e-5d0a-4c1e-9d7e-0a1f3b6a7c03", name: "Bergs kommun, socialtjänsten" };
const officer = { id: "e7f8a9b0-c1d2-4e3f-8a4b-5c6d7e8f9a0b", name: "Sara Lind", title: "Socialsekreterare" };
const consentId = "6f1d2c3b-4a59-4e8f-9b0a-1c2d3e4f5a60";
const caseId = "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d";
const category = (code: string, text: string) => ({ code, name: { sv: text, en: text }, plain: { sv: text, en: text } });

/** A receipt whose every piece of free text is `text`. */
function receipt(text = "Eva Andersson", overrides: Partial<ConsentReceipt> = {}): ConsentReceipt {
  const org = (base: { id: string }) => ({ id: base.id, name: text });
  return {
    id: consentId,
    version: 2,
    supersedesId: "6f1d2c3b-4a59-4e8f-9b0a-1c2d3e4f5a5f",
    caseId,
    client: { id: "c1a2b3c4-d5e6-4f70-8192-a3b4c5d6e7f8", name: text, personnummer: "198804129826" },
    purpose: text,
    method: "recorded_paper",
    givenAt: "2026-03-02T09:14:05.000Z",
    recordedAt: "2026-03-02T09:14:06.123Z",
    recordedBy: { id: officer.id, name: text, organization: org(berg) },
    idTokenRef: null,
    validFrom: "2026-03-02T09:14:05.000Z",
    validUntil: "2027-03-02T09:14:05.000Z",
    state: "revoked",
    revokedAt: "2026-05-20T13:00:00.000Z",
    grants: [
      { discloser: org(af), recipient: org(berg), category: category("af.action_plan", text), revokedAt: null },
      { discloser: org(af), recipient: org(berg), category: category("af.days_used_job", text), revokedAt: "2026-05-20T13:00:00.000Z" },
    ],
    ...overrides,
  };
}

/** Log entries whose every piece of free text is `text`. */
function entries(text = "Erik Holm"): AccessLogEntry[] {
  const base: AccessLogEntry = {
    id: "1041",
    occurredAt: "2026-05-12T07:31:02.000Z",
    action: "case.data.view",
    resourceType: "case",
    outcome: "allowed",
    organization: { id: af.id, name: text },
    unit: { id: afOst.id, name: text },
    officer: { id: officer.id, name: text, title: text },
    caseId,
    caseReference: text,
    categories: [category("af.action_plan", text), category("af.days_used_job", text)],
    basis: `consent:${consentId}`,
    consentId,
  };
  return [
    base,
    { ...base, id: "1042", outcome: "denied", basis: `legal:${text}`, consentId: null },
    { ...base, id: "1043", officer: null, unit: null, basis: text, consentId: null },
    { ...base, id: "1044", action: "client.lookup", officer: null, organization: null, unit: null, caseId: null, caseReference: null, categories: [], basis: null, consentId: null },
  ];
}
const owner = (text = "Eva Andersson"): AccessLogOwner => ({ clientId: "c1a2b3c4-d5e6-4f70-8192-a3b4c5d6e7f8", name: text, personnummer: "198804129826" });

/** The client's own words for the purpose, as the Consent carries them (an extension on the provision). */
const purposeOf = (consent: FhirConsent) => (consent.provision.extension?.[0] as { valueString?: string } | undefined)?.valueString;
const consentIn = (text: string, language: "sv" | "en" = "sv") => consentToFhir(receipt(text), { baseUrl, language });
const bundleIn = (text: string, language: "sv" | "en" = "sv") => accessLogBundle(entries(text), owner(text), { baseUrl, language, generatedAt });

const longText = "Att socialtjänsten ska kunna planera mitt stöd tillsammans med Arbetsförmedlingen. ".repeat(2_500);

/** Text that has reached databases like ours: named so a failure says which. */
const hostile: [string, string][] = [
  ["NUL alone", "\u0000"],
  ["NUL inside", "Eva\u0000Andersson"],
  ["U+0001", "\u0001Eva Andersson"],
  ["vertical tab (Word's soft line break)", "Rad ett\u000BRad två"],
  ["U+001F", "Eva Andersson\u001F"],
  ["DEL", "Eva\u007F Andersson"],
  ["every C0 control and DEL", Array.from({ length: 32 }, (_, c) => String.fromCharCode(c)).join("") + "\u007F"],
  ["lone high surrogate", "Eva \uD83D Andersson"],
  ["lone low surrogate", "\uDE00Eva"],
  ["surrogates only", "\uDBFF\uDC00\uDC00\uD800"],
  ["quotes, markup and newlines", `Holm, Erik "Ekan" <b>fet</b> & 'citat'\n\r\nrad\r`],
  ["only whitespace", " \t\r\n "],
  ["formula", '=HYPERLINK("http://evil.example","klicka")'],
  ["no-break and other Unicode spaces", "Eva\u00A0Andersson\u2028ny rad\u2029\u3000\uFEFF12\u202F000"],
  ["noncharacters", "\uFFFE\uFFFF"],
  ["very long text", longText],
  ["long text with controls", `${longText}\u0000\u000B`.repeat(2)],
];

beforeAll(() => {
  // Compile the schema once, with time to spare, before the first test asks for it.
  expect(fhirSchemaProblems({ resourceType: "Basic", code: { text: "warm-up" } } as { resourceType: string })).toEqual([]);
}, 120_000);

describe("the FHIR R4 schema check (the checker itself)", () => {
  it("rejects what R4 forbids, so a passing export means something", () => {
    const good = consentIn("Eva Andersson");
    expect(fhirSchemaProblems(good)).toEqual([]);
    expect(fhirSchemaProblems({ ...good, status: "withdrawn" } as never)).toEqual([expect.stringContaining("/status: must be equal to one of the allowed values")]);
    expect(fhirSchemaProblems({ ...good, policyRule: { text: "" } } as never)).toEqual([expect.stringContaining("/policyRule/text: must match pattern")]);
    expect(fhirSchemaProblems({ ...good, policyRule: { text: "a\u000Bb" } } as never)).toEqual([expect.stringContaining("/policyRule/text: must match pattern")]);
    expect(fhirSchemaProblems({ ...good, patient: { ...good.patient, display: "Eva\u00A0Andersson" } } as never)).not.toEqual([]);
    expect(fhirSchemaProblems({ ...good, colour: "red" } as never)).toEqual([expect.stringContaining("must NOT have additional properties")]);
    const { scope: _scope, ...noScope } = good;
    expect(fhirSchemaProblems(noScope as never)).toEqual([expect.stringContaining("must have required property 'scope'")]);

    const bundle = bundleIn("Erik Holm");
    expect(fhirSchemaProblems(bundle)).toEqual([]);
    const broken = structuredClone(bundle);
    (broken.entry![0]!.resource as { outcome: string }).outcome = "9";
    expect(fhirSchemaProblems(broken)).toContainEqual(expect.stringContaining("/entry/0/resource/outcome: must be equal to one of the allowed values"));
  });

  it("finds control characters and lone surrogates anywhere, keys included", () => {
    expect(controlCharacterPaths({ a: ["ok\t\r\n", { b: "x\u000By" }], c: "\uD800", d: "😀", ["k\u0000"]: "v" })).toEqual([
      "$.a[1].b",
      "$.c",
      '$ key "k\\u0000"',
    ]);
  });
});

describe("the consent receipt as FHIR R4 Consent", () => {
  it.each(["sv", "en"] as const)("is valid in %s, for a consent given by e-ID and for one recorded by an officer", (language) => {
    expect(fhirSchemaProblems(consentIn("Eva Andersson", language))).toEqual([]);
    const signed = receipt("Eva Andersson", { method: "eid_signed", recordedBy: null, idTokenRef: "3f79bb7b", state: "active", revokedAt: null, grants: [] });
    expect(fhirSchemaProblems(consentToFhir(signed, { baseUrl, language }))).toEqual([]);
  });

  it.each(hostile)("stays valid, and free of control characters, with %s in every text", (_name, text) => {
    for (const language of ["sv", "en"] as const) {
      const resource = consentIn(text, language);
      expect(fhirSchemaProblems(resource)).toEqual([]);
      expect(controlCharacterPaths(resource)).toEqual([]);
      expect(JSON.stringify(resource)).not.toMatch(/\\u00[01][0-9a-f]|\\u007f|\\ud[89a-f][0-9a-f]{2}/i);
    }
  });

  it("keeps what the text says: Word's line break as a line break, quotes, markup escaped in the narrative", () => {
    const lines = consentIn("Rad ett\u000BRad två");
    expect(purposeOf(lines)).toBe("Rad ett\nRad två");
    expect(lines.patient.display).toBe("Rad ett\nRad två");

    const tricky = consentIn(`Holm, Erik "Ekan" <b>fet</b> & 'citat'`);
    expect(tricky.patient.display).toBe(`Holm, Erik "Ekan" <b>fet</b> & 'citat'`);
    expect(tricky.text.div).toContain("Holm, Erik &quot;Ekan&quot; &lt;b&gt;fet&lt;/b&gt; &amp; &#39;citat&#39;");
    expect(tricky.text.div).not.toContain("<b>fet");

    expect(consentIn("Eva\u0000\u0001 Andersson\u007F").patient.display).toBe("Eva Andersson");
    expect(consentIn("Eva \uD83D Andersson").patient.display).toBe("Eva \uFFFD Andersson");
    expect(consentIn("Eva\u00A0Andersson").patient.display).toBe("Eva Andersson");
    expect(purposeOf(consentIn(longText))).toBe(longText);
  });

  it("leaves out a name that was nothing but control characters, and names a category by its code", () => {
    const c = consentIn("\u0000\u0001");
    expect(c.patient).not.toHaveProperty("display");
    expect(c.provision).not.toHaveProperty("extension");
    expect(c.organization?.every((org) => !("display" in org))).toBe(true);
    expect(c.provision.provision?.[0]?.class).toEqual([
      { system: `${baseUrl}/fhir/CodeSystem/information-category`, code: "af.action_plan", display: "af.action_plan" },
    ]);
  });
});

describe("the access log as a FHIR R4 Bundle of AuditEvents", () => {
  it.each(["sv", "en"] as const)("is valid in %s, and so is an empty log", (language) => {
    expect(fhirSchemaProblems(bundleIn("Erik Holm", language))).toEqual([]);
    expect(fhirSchemaProblems(accessLogBundle([], owner(), { baseUrl, language, generatedAt }))).toEqual([]);
  });

  it.each(hostile)("stays valid, and free of control characters, with %s in every text", (_name, text) => {
    for (const language of ["sv", "en"] as const) {
      const bundle = bundleIn(text, language);
      expect(bundle.entry).toHaveLength(4);
      expect(fhirSchemaProblems(bundle)).toEqual([]);
      expect(controlCharacterPaths(bundle)).toEqual([]);
      expect(JSON.stringify(bundle)).not.toMatch(/\\u00[01][0-9a-f]|\\u007f|\\ud[89a-f][0-9a-f]{2}/i);
    }
  });

  it("keeps what the text says", () => {
    const event = bundleIn("Rad ett\u000BRad två").entry![0]!.resource;
    expect(event.agent[0]?.name).toBe("Rad ett\nRad två");
    const quoted = bundleIn(`Holm, Erik "Ekan"`).entry![0]!.resource;
    expect(quoted.agent[0]?.who?.display).toBe(`Holm, Erik "Ekan", Holm, Erik "Ekan"`);
    const legal = bundleIn("OSL\u0000 10 kap.\u000B2 §").entry![1]!.resource;
    expect(legal.purposeOfEvent).toEqual([{ text: "lagstöd: OSL 10 kap.\n2 §" }]);
  });
});

// Any UTF-16 code unit at all, lone surrogates and every control included, weighted towards trouble.
const anyText = fc.string({
  unit: fc.oneof(
    fc.integer({ min: 0, max: 0xffff }).map((code) => String.fromCharCode(code)),
    fc.constantFrom("\u0000", "\u000B", "\u001F", "\u007F", "\uD800", "\uDFFF", "\u00A0", "\u2028", "\uFEFF", '"', "\r\n", " ", "å"),
    fc.string({ unit: "binary", maxLength: 3 }),
  ),
  maxLength: 40,
});

describe("any text at all", () => {
  it("gives a valid Consent and a valid Bundle", () => {
    fc.assert(
      fc.property(anyText, fc.constantFrom("sv" as const, "en" as const), (text, language) => {
        const consent = consentIn(text, language);
        const bundle = bundleIn(text, language);
        expect(fhirSchemaProblems(consent)).toEqual([]);
        expect(fhirSchemaProblems(bundle)).toEqual([]);
        expect(controlCharacterPaths([consent, bundle])).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });
});
