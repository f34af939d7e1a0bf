import { describe, expect, it } from "vitest";
import {
  accessLogBundle,
  accessLogCsv,
  csvSeparator,
  describeAction,
  describeBasis,
  type AccessLogEntry,
  type AccessLogOwner,
  type FhirAuditEvent,
} from "~/services/audit/export";
import { PERSONNUMMER_SYSTEM } from "~/services/consent/fhir";
import enAudit from "~/i18n/locales/en/audit.json";
import svAudit from "~/i18n/locales/sv/audit.json";

const baseUrl = "https://samsyn.example.se";
const generatedAt = "2026-06-01T08:00:00.000Z";

const af = { id: "0b6c1c2e-5d0a-4c1e-9d7e-0a1f3b6a7c01", name: "Arbetsförmedlingen" };
const afOst = { id: "0b6c1c2e-5d0a-4c1e-9d7e-0a1f3b6a7c11", name: "Arbetsförmedlingen Östersund" };
const erik = { id: "e7f8a9b0-c1d2-4e3f-8a4b-5c6d7e8f9a01", name: "Erik Holm", title: "Arbetsförmedlare" };
const fatima = { id: "e7f8a9b0-c1d2-4e3f-8a4b-5c6d7e8f9a02", name: "Fatima Hassan", title: "Arbetsförmedlare" };
const caseId = "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d";
const consentId = "6f1d2c3b-4a59-4e8f-9b0a-1c2d3e4f5a60";
const daysUsed = {
  code: "af.days_used_job",
  name: { sv: "Förbrukade dagar i JOB", en: "Days used in the job and development guarantee" },
  plain: {
    sv: "Hur många dagar du har varit med i jobb- och utvecklingsgarantin.",
    en: "How many days you have taken part in the job and development guarantee.",
  },
};

const owner: AccessLogOwner = { clientId: "c1a2b3c4-d5e6-4f70-8192-a3b4c5d6e7f8", name: "Eva Andersson", personnummer: "198804129826" };

function entry(overrides: Partial<AccessLogEntry> = {}): AccessLogEntry {
  return {
    id: "1041",
    occurredAt: "2026-05-12T07:31:02.000Z",
    action: "case.view",
    resourceType: "case",
    outcome: "allowed",
    organization: af,
    unit: afOst,
    officer: erik,
    caseId,
    caseReference: "SAM-00001",
    categories: [],
    basis: `consent:${consentId}`,
    consentId,
    ...overrides,
  };
}

const entries: AccessLogEntry[] = [
  entry(),
  entry({ id: "1042", occurredAt: "2026-05-12T07:32:45.500Z", action: "case.data.view", categories: [daysUsed] }),
  entry({ id: "1043", occurredAt: "2026-05-13T12:00:00.000Z", officer: fatima, outcome: "denied", basis: null, consentId: null }),
];

// A minimal RFC 4180 reader (with the separator as a parameter), so the tests check records rather than raw lines.
function parseCsv(text: string, separator: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === separator) {
      record.push(field);
      field = "";
    } else if (c === "\r" && text[i + 1] === "\n") {
      record.push(field);
      records.push(record);
      record = [];
      field = "";
      i++;
    } else field += c;
  }
  if (field !== "" || record.length > 0) records.push([...record, field]);
  return records;
}

/** The records of a CSV file in the separator its language uses: ";" for Swedish, "," for English. */
const csvBody = (csv: string, separator = csv.startsWith("\uFEFFTid (UTC);") ? ";" : ",") => parseCsv(csv.replace(/^\uFEFF/, ""), separator);

/** Every path in the value that holds undefined, null, "" or []. */
function emptyPaths(value: unknown, path = "$"): string[] {
  if (value === undefined || value === null || value === "") return [path];
  if (Array.isArray(value)) {
    if (value.length === 0) return [path];
    return value.flatMap((item, i) => emptyPaths(item, `${path}[${i}]`));
  }
  if (typeof value === "object") {
    const keys = Object.keys(value);
    if (keys.length === 0) return [path];
    return keys.flatMap((key) => emptyPaths((value as Record<string, unknown>)[key], `${path}.${key}`));
  }
  return [];
}

describe("emptyPaths (the checker itself)", () => {
  it("finds undefined, null, empty strings, empty arrays and empty objects at any depth", () => {
    expect(emptyPaths({ a: [{ b: { c: "" } }], d: null, e: [], f: { g: undefined }, h: {}, ok: [0, false, "x"] })).toEqual([
      "$.a[0].b.c",
      "$.d",
      "$.e",
      "$.f.g",
      "$.h",
    ]);
  });
});

describe("accessLogCsv", () => {
  it("starts with a UTF-8 BOM and uses CRLF after every record", () => {
    const csv = accessLogCsv(entries, "sv");
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    expect(csv.endsWith("\r\n")).toBe(true);
    expect(csv.replace(/\r\n/g, "")).not.toMatch(/[\r\n]/);
    expect(csv.split("\r\n")).toHaveLength(entries.length + 2);
  });

  it("writes the header in the chosen language: semicolons for Swedish Excel, commas for English", () => {
    expect(csvBody(accessLogCsv(entries, "sv"))[0]).toEqual([
      "Tid (UTC)",
      "Organisation",
      "Enhet",
      "Handläggare",
      "Titel",
      "Vad gjordes",
      "Uppgifter",
      "Ärende",
      "Grund",
      "Samtyckes-id",
    ]);
    expect(csvBody(accessLogCsv(entries, "en"))[0]).toEqual([
      "Time (UTC)",
      "Organisation",
      "Unit",
      "Officer",
      "Title",
      "What was done",
      "Information",
      "Case",
      "Basis",
      "Consent id",
    ]);
    expect(accessLogCsv([], "sv")).toBe("\uFEFFTid (UTC);Organisation;Enhet;Handläggare;Titel;Vad gjordes;Uppgifter;Ärende;Grund;Samtyckes-id\r\n");
    expect(accessLogCsv([], "en")).toBe("\uFEFFTime (UTC),Organisation,Unit,Officer,Title,What was done,Information,Case,Basis,Consent id\r\n");
    expect(csvSeparator).toEqual({ sv: ";", en: "," });
  });

  it("is described on the download page with the separator it has, in each language", () => {
    // The page (me.access-log._index.tsx) shows audit:client.csvFormat beside the CSV link.
    expect(csvSeparator.sv).toBe(";");
    expect(svAudit.client.csvFormat).toBe("CSV med semikolon som avgränsare (öppnas som kolumner i svenska Excel).");
    expect(csvSeparator.en).toBe(",");
    expect(enAudit.client.csvFormat).toMatch(/^CSV, comma-separated /);
  });

  it("writes one row per entry, in plain words", () => {
    const [, ...rows] = csvBody(accessLogCsv(entries, "sv"));
    expect(rows).toHaveLength(3);
    expect(rows[0]).toEqual([
      "2026-05-12T07:31:02.000Z",
      "Arbetsförmedlingen",
      "Arbetsförmedlingen Östersund",
      "Erik Holm",
      "Arbetsförmedlare",
      "tittade på ditt ärende",
      "",
      "SAM-00001",
      "ditt samtycke",
      consentId,
    ]);
    expect(rows[1]?.[5]).toBe("läste uppgifter");
    expect(rows[1]?.[6]).toBe(daysUsed.plain.sv);
    expect(rows[2]?.slice(3, 10)).toEqual(["Fatima Hassan", "Arbetsförmedlare", "tittade på ditt ärende (nekades)", "", "SAM-00001", "–", ""]);

    const [, ...enRows] = csvBody(accessLogCsv(entries, "en"));
    expect(enRows[1]?.slice(5, 7)).toEqual(["read information", daysUsed.plain.en]);
    expect(enRows[2]?.[5]).toBe("looked at your case (refused)");
  });

  it("writes times as ISO in UTC", () => {
    const [, row] = csvBody(accessLogCsv([entry({ occurredAt: "2026-05-12T09:31:02+02:00" })], "sv"));
    expect(row?.[0]).toBe("2026-05-12T07:31:02.000Z");
  });

  it("quotes fields with commas, quotes and line breaks and doubles the quotes", () => {
    const tricky = entry({ officer: { id: erik.id, name: 'Holm, Erik "Ekan"', title: "Arbetsförmedlare\nhandläggare" } });
    const csv = accessLogCsv([tricky], "en");
    expect(csv).toContain(',"Holm, Erik ""Ekan""","Arbetsförmedlare\nhandläggare",');
    expect(csv).toContain(",Arbetsförmedlingen,");
    const [, row] = csvBody(csv);
    expect(row?.slice(3, 5)).toEqual(['Holm, Erik "Ekan"', "Arbetsförmedlare\nhandläggare"]);
    expect(row).toHaveLength(10);
  });

  it("quotes Swedish fields that hold a semicolon, a quote or a line break, and leaves commas as text", () => {
    const tricky = entry({
      officer: { id: erik.id, name: 'Holm; Erik "Ekan"', title: "Arbetsförmedlare\r\nhandläggare" },
      unit: { id: afOst.id, name: "Östersund, Krokom" },
      categories: [daysUsed, { ...daysUsed, code: "af.action_plan", plain: { sv: "Din handlingsplan", en: "Your action plan" } }],
    });
    const csv = accessLogCsv([tricky], "sv");
    expect(csv).toContain(';Östersund, Krokom;"Holm; Erik ""Ekan""";"Arbetsförmedlare\r\nhandläggare";');
    const [header, row] = csvBody(csv, ";");
    expect(header).toHaveLength(10);
    expect(row).toHaveLength(10);
    expect(row?.slice(2, 5)).toEqual(["Östersund, Krokom", 'Holm; Erik "Ekan"', "Arbetsförmedlare\r\nhandläggare"]);
    // Several categories are one field, joined with "; ", so the field is quoted.
    expect(row?.[6]).toBe(`${daysUsed.plain.sv}; Din handlingsplan`);
    expect(csv).toContain(`;"${daysUsed.plain.sv}; Din handlingsplan";`);
    // Read with commas, as an English Excel would, the same file does not split into the ten columns.
    expect(parseCsv(csv.slice(1), ",")[1]).not.toHaveLength(10);
  });

  it.each([
    ["NUL", "Erik\u0000 Holm", "Erik Holm"],
    ["U+0001 and U+001F", "\u0001Erik Holm\u001F", "Erik Holm"],
    ["vertical tab (Word's soft line break)", "Erik\u000BHolm", "Erik\nHolm"],
    ["DEL", "Erik\u007F Holm", "Erik Holm"],
    ["lone surrogates", "Erik \uD83D Holm\uDC00", "Erik \uFFFD Holm\uFFFD"],
    ["quotes, separators and line breaks", `"Erik"; Holm,\r\nrad två\n`, `"Erik"; Holm,\r\nrad två\n`],
    ["a formula behind a control character", "\u0000=1+2", "'=1+2"],
    ["very long text", "Arbetsförmedlare; ".repeat(20_000), "Arbetsförmedlare; ".repeat(20_000)],
  ])("keeps every record at ten columns and drops control characters: %s", (_name, text, expected) => {
    const hostile = entry({
      officer: { id: erik.id, name: text, title: text },
      organization: { id: af.id, name: text },
      unit: { id: afOst.id, name: text },
      caseReference: text,
      categories: [{ ...daysUsed, plain: { sv: text, en: text } }],
      basis: `legal:${text}`,
    });
    for (const language of ["sv", "en"] as const) {
      const csv = accessLogCsv([hostile, entries[0]!], language);
      expect(csv).not.toMatch(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/);
      expect(csv).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/);
      const records = csvBody(csv, csvSeparator[language]);
      expect(records).toHaveLength(3);
      expect(records.map((record) => record.length)).toEqual([10, 10, 10]);
      expect(records[1]?.slice(1, 5)).toEqual([expected, expected, expected, expected]);
      expect(records[1]?.[7]).toBe(expected);
      expect(records[2]?.[3]).toBe("Erik Holm");
    }
  });

  it("stops spreadsheet formulas by prefixing a single quote", () => {
    const evil = entry({
      officer: { id: erik.id, name: '=HYPERLINK("http://evil.example","klicka")', title: "+46701234567" },
      organization: { id: af.id, name: "@SUM(A1)" },
      unit: { id: afOst.id, name: "-2+3" },
      caseReference: "\tSAM-00001",
    });
    const csv = accessLogCsv([evil], "sv");
    expect(csv).toContain(`;"'=HYPERLINK(""http://evil.example"",""klicka"")";`);
    const [, row] = csvBody(csv);
    expect(row?.[1]).toBe("'@SUM(A1)");
    expect(row?.[2]).toBe("'-2+3");
    expect(row?.[3]).toBe(`'=HYPERLINK("http://evil.example","klicka")`);
    expect(row?.[4]).toBe("'+46701234567");
    expect(row?.[7]).toBe("'\tSAM-00001");
    // Ordinary text, and the dash for "no basis" (U+2013), is left alone.
    expect(row?.[5]).toBe("tittade på ditt ärende");
    expect(csvBody(accessLogCsv([entry({ basis: null, consentId: null, outcome: "denied" })], "sv"))[1]?.[8]).toBe("–");
    // A change recorded without a basis says why it was made, never "–" (as on the page).
    expect(csvBody(accessLogCsv([entry({ action: "plan.activity.create", basis: null, consentId: null, outcome: "success" })], "sv"))[1]?.[8]).toBe("för att hålla din plan aktuell");
  });
});

describe("accessLogBundle", () => {
  const bundle = accessLogBundle(entries, owner, { baseUrl: `${baseUrl}/`, language: "sv", generatedAt });
  const events = (bundle.entry ?? []).map((e) => e.resource);
  const event = (id: string): FhirAuditEvent => {
    const found = events.find((e) => e.id === id);
    if (!found) throw new Error(`no AuditEvent ${id}`);
    return found;
  };

  it("is a collection Bundle with a timestamp, an identifier and no total", () => {
    expect(bundle.resourceType).toBe("Bundle");
    expect(bundle.type).toBe("collection");
    expect(bundle.timestamp).toBe(generatedAt);
    expect(bundle.identifier).toEqual({ system: `${baseUrl}/fhir/access-log`, value: `${owner.clientId}:${generatedAt}` });
    expect(bundle).not.toHaveProperty("total");
  });

  it("has one entry per log event, each with a fullUrl matching its id", () => {
    expect(bundle.entry?.map((e) => e.fullUrl)).toEqual([
      `${baseUrl}/fhir/AuditEvent/1041`,
      `${baseUrl}/fhir/AuditEvent/1042`,
      `${baseUrl}/fhir/AuditEvent/1043`,
    ]);
    expect(events.every((e) => e.resourceType === "AuditEvent")).toBe(true);
  });

  it("codes the event type, subtype and action for each of our actions", () => {
    for (const e of events) {
      expect(e.type).toEqual({ system: "http://dicom.nema.org/resources/ontology/DCM", code: "110110", display: "Patient Record" });
    }
    expect(event("1042").subtype).toEqual([
      { system: `${baseUrl}/fhir/CodeSystem/audit-action`, code: "case.data.view", display: "läste uppgifter" },
    ]);

    const codeFor = (action: string) => accessLogBundle([entry({ action })], owner, { baseUrl, language: "en", generatedAt }).entry?.[0]?.resource;
    expect(codeFor("case.view")?.action).toBe("R");
    expect(codeFor("case.data.view")?.action).toBe("R");
    expect(codeFor("case.data.record")?.action).toBe("C");
    expect(codeFor("consent.request")?.action).toBe("C");
    expect(codeFor("consent.record")?.action).toBe("C");
    expect(codeFor("case.manage")?.action).toBe("U");
    expect(codeFor("client.lookup")?.action).toBe("E");
    expect(codeFor("client.lookup")?.subtype[0]?.display).toBe("searched for your personal identity number");
  });

  it("records when it happened and whether it was allowed", () => {
    expect(event("1041").recorded).toBe("2026-05-12T07:31:02.000Z");
    expect(event("1041").outcome).toBe("0");
    expect(event("1041")).not.toHaveProperty("outcomeDesc");
    expect(event("1043").outcome).toBe("4");
    expect(event("1043").outcomeDesc).toBe("nekades");
    const en = accessLogBundle([entries[2]!], owner, { baseUrl, language: "en", generatedAt }).entry?.[0]?.resource;
    expect(en?.outcomeDesc).toBe("refused");
    const success = accessLogBundle([entry({ action: "consent.record", outcome: "success" })], owner, { baseUrl, language: "sv", generatedAt });
    expect(success.entry?.[0]?.resource.outcome).toBe("0");
  });

  it("gives coordination of care as the purpose when the basis is a consent", () => {
    expect(event("1041").purposeOfEvent).toEqual([
      {
        coding: [{ system: "http://terminology.hl7.org/CodeSystem/v3-ActReason", code: "COC", display: "coordination of care" }],
        text: "ditt samtycke",
      },
    ]);
    const own = accessLogBundle([entry({ basis: "own_organization", consentId: null })], owner, { baseUrl, language: "sv", generatedAt });
    expect(own.entry?.[0]?.resource.purposeOfEvent).toEqual([{ text: "organisationens egna uppgifter" }]);
    expect(event("1043")).not.toHaveProperty("purposeOfEvent");
  });

  it("names the officer as requestor and the organisation as a second agent", () => {
    expect(event("1041").agent).toEqual([
      {
        type: {
          coding: [{ system: "http://terminology.hl7.org/CodeSystem/extra-security-role-type", code: "humanuser", display: "human user" }],
        },
        role: [{ text: "Arbetsförmedlare" }],
        who: { reference: `Practitioner/${erik.id}`, display: "Erik Holm, Arbetsförmedlare" },
        name: "Erik Holm",
        requestor: true,
      },
      {
        type: { coding: [{ system: "http://terminology.hl7.org/CodeSystem/v3-RoleClass", code: "ASSIGNED", display: "assigned entity" }] },
        who: { reference: `Organization/${af.id}`, display: "Arbetsförmedlingen, Arbetsförmedlingen Östersund" },
        requestor: false,
      },
    ]);
    expect(event("1043").agent[0]?.who?.reference).toBe(`Practitioner/${fatima.id}`);

    const noOfficer = accessLogBundle([entry({ officer: null, unit: null })], owner, { baseUrl, language: "sv", generatedAt }).entry?.[0]?.resource;
    expect(noOfficer?.agent[0]).toEqual({
      type: { coding: [{ system: "http://terminology.hl7.org/CodeSystem/extra-security-role-type", code: "humanuser", display: "human user" }] },
      who: { display: "Arbetsförmedlingen" },
      requestor: true,
    });
    expect(noOfficer?.agent[1]?.who).toEqual({ reference: `Organization/${af.id}`, display: "Arbetsförmedlingen" });
    expect(noOfficer?.agent.filter((a) => a.requestor)).toHaveLength(1);
  });

  it("says Samsyn observed it", () => {
    for (const e of events) {
      expect(e.source).toEqual({
        observer: { display: "Samsyn" },
        type: [{ system: "http://terminology.hl7.org/CodeSystem/security-source-type", code: "4", display: "Application Server" }],
      });
    }
  });

  it("points at the client, with the personnummer only when it may be exported", () => {
    const patient = event("1041").entity[0];
    expect(patient).toEqual({
      what: {
        reference: `Patient/${owner.clientId}`,
        display: "Eva Andersson",
        identifier: { system: PERSONNUMMER_SYSTEM, value: "198804129826" },
      },
      type: { system: "http://terminology.hl7.org/CodeSystem/audit-entity-type", code: "1", display: "Person" },
      role: { system: "http://terminology.hl7.org/CodeSystem/object-role", code: "1", display: "Patient" },
    });
    expect(PERSONNUMMER_SYSTEM).toBe("urn:oid:1.2.752.129.2.1.3.1");

    const hidden = accessLogBundle(entries, { ...owner, personnummer: null }, { baseUrl, language: "sv", generatedAt });
    const json = JSON.stringify(hidden);
    expect(json).not.toContain("198804129826");
    expect(json).not.toContain(PERSONNUMMER_SYSTEM);
    expect(hidden.entry?.[0]?.resource.entity[0]?.what).toEqual({ reference: `Patient/${owner.clientId}`, display: "Eva Andersson" });
  });

  it("points at the case, the information and the consent", () => {
    const systemObject = { system: "http://terminology.hl7.org/CodeSystem/audit-entity-type", code: "2", display: "System Object" };
    expect(event("1041").entity.slice(1)).toEqual([
      { what: { reference: `EpisodeOfCare/${caseId}`, display: "SAM-00001" }, type: systemObject },
      { what: { reference: `Consent/${consentId}` }, type: systemObject },
    ]);
    const category = event("1042").entity.find((e) => e.name !== undefined);
    expect(category).toEqual({
      what: { identifier: { system: `${baseUrl}/fhir/CodeSystem/information-category`, value: "af.days_used_job" }, display: "Förbrukade dagar i JOB" },
      type: systemObject,
      name: "Förbrukade dagar i JOB",
    });
    // No consent was used for the refused look, so nothing points at one.
    expect(event("1043").entity.map((e) => e.what.reference)).toEqual([`Patient/${owner.clientId}`, `EpisodeOfCare/${caseId}`]);

    const lookup = accessLogBundle(
      [entry({ action: "client.lookup", caseId: null, caseReference: null, basis: "identity_lookup", consentId: null })],
      owner,
      { baseUrl, language: "sv", generatedAt },
    ).entry?.[0]?.resource;
    expect(lookup?.entity).toHaveLength(1);
  });

  it("has no undefined, null, empty strings or empty arrays anywhere, even from sparse entries", () => {
    expect(emptyPaths(JSON.parse(JSON.stringify(bundle)))).toEqual([]);
    expect(emptyPaths(bundle)).toEqual([]);

    const sparse: AccessLogEntry = {
      id: "2001",
      occurredAt: "2026-05-14T10:00:00.000Z",
      action: "something.new",
      resourceType: null,
      outcome: "failure",
      organization: null,
      unit: { id: afOst.id, name: "" },
      officer: null,
      caseId: null,
      caseReference: "",
      categories: [],
      basis: null,
      consentId: null,
    };
    const partial: AccessLogEntry = entry({ officer: { id: erik.id, name: "Erik Holm", title: "" }, caseReference: null, unit: null });
    const other = accessLogBundle([sparse, partial], { ...owner, personnummer: null, name: "" }, { baseUrl, language: "en", generatedAt });
    expect(emptyPaths(other)).toEqual([]);
    expect(other.entry?.[0]?.resource.agent).toHaveLength(1);
    expect(other.entry?.[0]?.resource.outcomeDesc).toBe("failed");
    expect(other.entry?.[1]?.resource.agent[0]?.who).toEqual({ reference: `Practitioner/${erik.id}`, display: "Erik Holm" });

    const empty = accessLogBundle([], owner, { baseUrl, language: "sv", generatedAt });
    expect(emptyPaths(empty)).toEqual([]);
  });
});

describe("describeAction", () => {
  it.each([
    ["case.view", "tittade på ditt ärende", "looked at your case"],
    ["case.data.view", "läste uppgifter", "read information"],
    ["case.data.record", "skrev in en uppgift", "recorded information"],
    ["client.lookup", "sökte på ditt personnummer", "searched for your personal identity number"],
    ["case.manage", "ändrade i ärendet", "changed the case"],
    ["consent.request", "bad om ditt samtycke", "asked for your consent"],
    ["consent.record", "registrerade ditt samtycke", "recorded your consent"],
    ["case.open", "öppnade ett ärende", "opened a case"],
    ["plan.activity.update", "ändrade i din plan", "changed your plan"],
    ["unknown.action", "hanterade dina uppgifter", "handled your information"],
  ])("%s", (action, sv, en) => {
    expect(describeAction(action, "sv")).toBe(sv);
    expect(describeAction(action, "en")).toBe(en);
  });

  it("tells a case seen as a line of a list from a case opened", () => {
    expect(describeAction("case.view", "sv", "case_list_item")).toBe("såg ditt ärende i en ärendelista");
    expect(describeAction("case.view", "en", "case_list_item")).toBe("saw your case in a list of cases");
    expect(describeAction("case.view", "sv", "plan")).toBe("tittade på ditt ärende");
    expect(describeAction("case.view", "sv", "notice")).toBe("såg en notis om ditt ärende");
  });

  it("does not fall back for names inherited from Object", () => {
    expect(describeAction("toString", "sv")).toBe("hanterade dina uppgifter");
    expect(describeAction("__proto__", "en")).toBe("handled your information");
  });
});

describe("describeBasis", () => {
  it.each([
    [`consent:${consentId}`, "ditt samtycke", "your consent"],
    ["own_organization", "organisationens egna uppgifter", "the organisation's own information"],
    ["own_data", "du själv", "you yourself"],
    ["identity_lookup", "sökning på personnummer", "search by personal identity number"],
    ["legal:OSL 10 kap. 2 §", "lagstöd: OSL 10 kap. 2 §", "legal basis: OSL 10 kap. 2 §"],
    [null, "–", "–"],
  ])("%s", (basis, sv, en) => {
    expect(describeBasis(basis, "sv")).toBe(sv);
    expect(describeBasis(basis, "en")).toBe(en);
  });

  it("never shows a raw policy code to the client", () => {
    expect(describeBasis("break_glass", "sv")).toBe("annat skäl");
    expect(describeBasis("break_glass", "en")).toBe("other reason");
  });
});
