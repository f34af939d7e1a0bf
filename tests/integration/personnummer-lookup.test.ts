import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import type { StaffActor } from "~/access/actor";
import type { PersonnummerError } from "~/lib/personnummer";
import { lookupClient, openCase, type NewCase } from "~/services/cases/open.server";
import { getCaseView } from "~/services/cases/view.server";
import { useTestDatabase } from "../support/database";
import { demoCaseOf, seedDemo, staffActor } from "../support/fixtures";
import { viaGate } from "../support/gate";

/**
 * The written forms of one number find the same person, a coordination number with an unknown
 * birth date opens a case and is found again, and a refused number says why in both languages.
 */
useTestDatabase();
let sara: StaffActor;
let evaCase: string;

beforeAll(async () => {
  await seedDemo();
  sara = await staffActor("sara.lindqvist@berg.samsyn.example");
  evaCase = (await demoCaseOf("Eva")).id;
});

describe("finding a client by personal identity number", () => {
  it.each(["198804129826", "19880412-9826", "880412-9826", "8804129826", "  880412 - 9826 "])(
    "finds Eva's case from %j",
    async (typed) => {
      const found = await viaGate(sara, lookupClient, typed);
      expect(found).toMatchObject({ status: "searched", personnummer: "19880412-9826" });
      expect(found.status === "searched" && found.cases.map((item) => item.id)).toContain(evaCase);
    },
  );

  it.each([
    ["880412-0007", "serial"],
    ["880230-9826", "date"],
    ["880412-9827", "checksum"],
    ["880412 9826", "format"],
  ] as const)("refuses %s (%s) and opens no case with it", async (typed, reason) => {
    expect(await viaGate(sara, lookupClient, typed)).toEqual({ status: "invalid", reason });
    const input: NewCase = { personnummer: typed, givenName: "Test", familyName: "Testsson", protectedIdentity: false, preferredLanguage: "sv" };
    await expect(viaGate(sara, openCase, input)).rejects.toMatchObject({ code: "client.invalid_number" });
  });

  it("opens a case for a coordination number with an unknown birth month and day, and finds it again in another form", async () => {
    const input: NewCase = { personnummer: "700060-2396", givenName: "Okänd", familyName: "Födelsedag", protectedIdentity: false, preferredLanguage: "sv" };
    const caseId = await viaGate(sara, openCase, input);
    expect((await viaGate(sara, getCaseView, caseId)).client).toMatchObject({ personnummer: "19700060-2396" });
    const found = await viaGate(sara, lookupClient, "197000602396");
    expect(found.status === "searched" && found.cases.map((item) => item.id)).toEqual([caseId]);
  });
});

describe("the refusal's message", () => {
  const reasons = Object.keys({ format: 1, serial: 1, date: 1, checksum: 1 } satisfies Record<PersonnummerError, 1>);
  it.each(["sv", "en"])("exists for every reason in %s", (lang) => {
    const texts = JSON.parse(readFileSync(`app/i18n/locales/${lang}/cases.json`, "utf8")) as { find: { invalid: Record<string, string> } };
    for (const reason of reasons) expect(texts.find.invalid[reason], reason).toMatch(/\S/);
  });
});
