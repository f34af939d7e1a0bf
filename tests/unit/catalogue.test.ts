import { describe, expect, it } from "vitest";
import { catalogue, catalogueItem, meetingNotesCategory, type AnswerField, type CatalogueItem, type Text } from "../../db/catalogue";
import { organizationKind } from "../../db/schema/directory";

const afCodes = [
  "af.activity_report",
  "af.decision_reason",
  "af.deregistration_reason",
  "af.work_practice",
  "af.referral_decision",
  "af.disability_code",
  "af.days_used_job",
  "af.action_plan",
  "af.programme_history",
  "af.application_received",
  "af.application_completion",
  "af.planning_meeting",
  "af.programme_decision",
  "af.sius_eligibility",
];

const kindsForPrefix: Record<string, string[]> = {
  af: ["af"],
  fk: ["fk"],
  region: ["region_health"],
  municipality: ["municipality_social", "municipality_labour"],
};

const duplicates = (values: string[]) => values.filter((value, index) => values.indexOf(value) !== index);
const blank = (text: Text | undefined) => !text || text.sv.trim() === "" || text.en.trim() === "";

function textsOf(field: AnswerField): Text[] {
  const texts = [field.label];
  if (field.type === "number" && field.unit) texts.push(field.unit);
  if (field.type === "choice") texts.push(...field.options.map((option) => option.label));
  return texts;
}

/**
 * Each rule returns one line per violation, so a failure names the item and the field.
 * The rules are run both on the real catalogue and on broken copies, to prove they can fail.
 */
const rules: Record<string, (items: CatalogueItem[]) => string[]> = {
  "codes are unique and well-formed": (items) => [
    ...duplicates(items.map((item) => item.code)).map((code) => `${code}: duplicate code`),
    ...items
      .filter((item) => !/^(af|fk|region|municipality)\.[a-z_]+$/.test(item.code))
      .map((item) => `${item.code}: malformed code`),
  ],

  "the owner kind is a real organisation kind that matches the code's prefix": (items) =>
    items.flatMap((item) => {
      const prefix = item.code.split(".")[0] ?? "";
      const problems: string[] = [];
      if (!organizationKind.enumValues.includes(item.ownerKind)) problems.push(`${item.code}: unknown kind ${item.ownerKind}`);
      if (!kindsForPrefix[prefix]?.includes(item.ownerKind)) problems.push(`${item.code}: ${item.ownerKind} does not own ${prefix}.*`);
      return problems;
    }),

  "every text has Swedish and English": (items) =>
    items.flatMap((item) => {
      const texts: [string, Text][] = [
        ["name", item.name],
        ["help", item.help],
        ["plain", item.plain],
        ...item.answer.flatMap((field) => textsOf(field).map((text): [string, Text] => [field.key, text])),
      ];
      return texts.filter(([, text]) => blank(text)).map(([where]) => `${item.code}: empty text in ${where}`);
    }),

  // Field labels may legitimately coincide ("Period"), but the prose about an item never should.
  "name, help and plain text are actually translated": (items) =>
    items.flatMap((item) =>
      (["name", "help", "plain"] as const)
        .filter((part) => item[part].sv === item[part].en)
        .map((part) => `${item.code}: ${part} is the same in sv and en`),
    ),

  "each answer has 1–4 fields with unique camelCase keys": (items) =>
    items.flatMap((item) => {
      const keys = item.answer.map((field) => field.key);
      return [
        ...(keys.length < 1 || keys.length > 4 ? [`${item.code}: ${keys.length} answer fields`] : []),
        ...duplicates(keys).map((key) => `${item.code}: duplicate key ${key}`),
        ...keys.filter((key) => !/^[a-z][a-zA-Z0-9]*$/.test(key)).map((key) => `${item.code}: key ${key} is not camelCase`),
      ];
    }),

  "choice fields offer at least two options with unique snake_case values": (items) =>
    items.flatMap((item) =>
      item.answer.flatMap((field) => {
        if (field.type !== "choice") return [];
        const values = field.options.map((option) => option.value);
        return [
          ...(values.length < 2 ? [`${item.code}.${field.key}: fewer than two options`] : []),
          ...duplicates(values).map((value) => `${item.code}.${field.key}: duplicate option ${value}`),
          ...values
            .filter((value) => !/^[a-z][a-z0-9]*(_[a-z0-9]+)*$/.test(value))
            .map((value) => `${item.code}.${field.key}: option ${value} is not snake_case`),
        ];
      }),
    ),

  "number fields have a sensible range": (items) =>
    items.flatMap((item) =>
      item.answer.flatMap((field) => {
        if (field.type !== "number") return [];
        const { min, max } = field;
        if (min !== undefined && max !== undefined && min > max) return [`${item.code}.${field.key}: min ${min} > max ${max}`];
        return [];
      }),
    ),

  "text fields have a maximum length between 1 and 2000": (items) =>
    items.flatMap((item) =>
      item.answer.flatMap((field) =>
        field.type === "text" && !(Number.isInteger(field.maxLength) && field.maxLength >= 1 && field.maxLength <= 2000)
          ? [`${item.code}.${field.key}: maxLength ${field.maxLength}`]
          : [],
      ),
    ),
};

type Breakage = [rule: string, what: string, breakIt: (items: CatalogueItem[]) => void];

const at = (items: CatalogueItem[], code: string) => {
  const item = items.find((candidate) => candidate.code === code);
  if (!item) throw new Error(`no ${code} in the copy`);
  return item;
};
const fieldOf = (items: CatalogueItem[], code: string, type: AnswerField["type"]) => {
  const field = at(items, code).answer.find((candidate) => candidate.type === type);
  if (!field) throw new Error(`no ${type} field in ${code}`);
  return field;
};

const breakages: Breakage[] = [
  ["codes are unique and well-formed", "a duplicate code", (items) => void (at(items, "fk.sgi").code = "fk.rehab_chain_day")],
  ["codes are unique and well-formed", "an upper-case code", (items) => void (at(items, "fk.sgi").code = "fk.SGI")],
  ["codes are unique and well-formed", "an unknown owner prefix", (items) => void (at(items, "fk.sgi").code = "akassa.sgi")],
  [
    "the owner kind is a real organisation kind that matches the code's prefix",
    "an fk item owned by af",
    (items) => void (at(items, "fk.sgi").ownerKind = "af"),
  ],
  [
    "the owner kind is a real organisation kind that matches the code's prefix",
    "a municipal item owned by the region",
    (items) => void (at(items, "municipality.social_plan").ownerKind = "region_health"),
  ],
  [
    "the owner kind is a real organisation kind that matches the code's prefix",
    "a kind that does not exist",
    (items) => void Object.assign(at(items, "region.rehab_plan"), { ownerKind: "region" }),
  ],
  ["every text has Swedish and English", "an empty Swedish name", (items) => void (at(items, "af.action_plan").name.sv = "")],
  ["every text has Swedish and English", "a blank English help", (items) => void (at(items, "af.action_plan").help.en = "  ")],
  [
    "every text has Swedish and English",
    "an untranslated option label",
    (items) => {
      const field = fieldOf(items, "municipality.labour_activity", "choice");
      if (field.type === "choice" && field.options[0]) field.options[0].label.en = "";
    },
  ],
  [
    "name, help and plain text are actually translated",
    "Swedish copied into English",
    (items) => {
      const item = at(items, "af.days_used_job");
      item.plain.en = item.plain.sv;
    },
  ],
  ["each answer has 1–4 fields with unique camelCase keys", "no fields", (items) => void (at(items, "af.sius_eligibility").answer = [])],
  [
    "each answer has 1–4 fields with unique camelCase keys",
    "five fields",
    (items) => {
      const answer = at(items, "af.decision_reason").answer;
      answer.push({ key: "extra", type: "boolean", label: { sv: "Extra", en: "Extra" } });
    },
  ],
  [
    "each answer has 1–4 fields with unique camelCase keys",
    "a repeated key",
    (items) => {
      const [first, second] = at(items, "af.programme_decision").answer;
      if (first && second) second.key = first.key;
    },
  ],
  [
    "each answer has 1–4 fields with unique camelCase keys",
    "a snake_case key",
    (items) => void (fieldOf(items, "af.days_used_job", "number").key = "days_used"),
  ],
  [
    "choice fields offer at least two options with unique snake_case values",
    "a single option",
    (items) => {
      const field = fieldOf(items, "af.deregistration_reason", "choice");
      if (field.type === "choice") field.options = field.options.slice(0, 1);
    },
  ],
  [
    "choice fields offer at least two options with unique snake_case values",
    "a repeated option value",
    (items) => {
      const field = fieldOf(items, "af.deregistration_reason", "choice");
      if (field.type === "choice" && field.options[1]) field.options[1].value = field.options[0]?.value ?? "";
    },
  ],
  [
    "choice fields offer at least two options with unique snake_case values",
    "an option value with a capital",
    (items) => {
      const field = fieldOf(items, "af.deregistration_reason", "choice");
      if (field.type === "choice" && field.options[0]) field.options[0].value = "Self";
    },
  ],
  [
    "number fields have a sensible range",
    "min above max",
    (items) => {
      const field = fieldOf(items, "af.days_used_job", "number");
      if (field.type === "number") field.min = 451;
    },
  ],
  [
    "text fields have a maximum length between 1 and 2000",
    "maxLength 0",
    (items) => {
      const field = fieldOf(items, "region.contact_person", "text");
      if (field.type === "text") field.maxLength = 0;
    },
  ],
  [
    "text fields have a maximum length between 1 and 2000",
    "maxLength 5000",
    (items) => {
      const field = fieldOf(items, "region.contact_person", "text");
      if (field.type === "text") field.maxLength = 5000;
    },
  ],
];

describe("the information catalogue", () => {
  it.each(Object.keys(rules))("%s", (rule) => {
    expect(rules[rule]!(catalogue)).toEqual([]);
  });

  it.each(breakages)("rule '%s' catches %s", (rule, _what, breakIt) => {
    const copy = structuredClone(catalogue);
    breakIt(copy);
    expect(rules[rule]!(copy)).not.toEqual([]);
  });

  it("holds SKR's fourteen Arbetsförmedlingen items, in their order, and Arbetsförmedlingen's meeting notes", () => {
    expect(catalogue.filter((item) => item.ownerKind === "af").map((item) => item.code)).toEqual([...afCodes, "af.meeting_notes"]);
  });

  it("has one meeting-notes item for every kind of organisation that takes notes, owned by that kind", () => {
    for (const kind of ["af", "fk", "region_health", "municipality_social", "municipality_labour"] as const) {
      const code = meetingNotesCategory(kind);
      expect(catalogue.find((item) => item.code === code)).toMatchObject({ ownerKind: kind, name: { sv: "Minnesanteckningar från möten" } });
    }
    expect(meetingNotesCategory("unemployment_fund")).toBeNull();
  });

  it("covers Försäkringskassan, the region and both municipal units", () => {
    const codes = catalogue.map((item) => item.code);
    expect(codes).toEqual(
      expect.arrayContaining([
        "fk.sickness_benefit",
        "fk.rehab_chain_day",
        "fk.sgi",
        "fk.pending_application",
        "fk.activity_compensation",
        "region.sick_leave_period",
        "region.rehab_plan",
        "region.contact_person",
        "municipality.income_support",
        "municipality.social_plan",
        "municipality.labour_plan",
        "municipality.labour_activity",
      ]),
    );
    expect(catalogueItem("municipality.income_support")?.ownerKind).toBe("municipality_social");
    expect(catalogueItem("municipality.labour_activity")?.ownerKind).toBe("municipality_labour");
  });

  it("counts days in JOB as whole days within the 450-day limit", () => {
    expect(catalogueItem("af.days_used_job")?.answer[0]).toMatchObject({ type: "number", integer: true, min: 0, max: 450 });
  });

  it("finds an item by its code and nothing for an unknown code", () => {
    expect(catalogueItem("af.planning_meeting")?.name.sv).toBe("Planeringssamtal");
    expect(catalogueItem("fk.sgi")).toBe(catalogue.find((item) => item.code === "fk.sgi"));
    expect(catalogueItem("af.unknown")).toBeUndefined();
    expect(catalogueItem("AF.PLANNING_MEETING")).toBeUndefined();
    expect(catalogueItem("")).toBeUndefined();
  });
});
