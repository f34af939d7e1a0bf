import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { appRoutes, callRoute, type AppRoute, type Outcome } from "../support/routes";
import { useTestDatabase } from "../support/database";
import { sampleForms, type SampleForm } from "../support/forms";
import { halfWritten } from "../support/invariants";
import { allIds, loadWorld, roles, type Role, type World } from "../support/world";

/**
 * Malformed input, property-based (fast-check): every action and every loader of every route,
 * as every demo role, with generated ids in the URL and generated bodies — non-UUID ids, ids of
 * other organisations' objects, control characters, lone surrogates, 100 kB fields, duplicate
 * keys, missing and extra fields, wrong content types, impossible dates, numbers out of range.
 * Nothing may answer 5xx, and no half-written row may be left (tests/support/invariants.ts).
 *
 * `npm test` runs it with a fixed seed; `npm run fuzz` runs it longer with a random seed
 * (FUZZ_SEED, FUZZ_RUNS) and prints the seed, so a failure can be replayed.
 */
useTestDatabase();

const seed = Number(process.env.FUZZ_SEED ?? 20261130);
const runs = Number(process.env.FUZZ_RUNS ?? 40);
if (process.env.FUZZ_SEED) console.log(`fuzz seed ${seed}, ${runs} runs per route and method`);

/** Field names as the app's forms and schemas spell them (read from the source, so new forms are covered). */
function formVocabulary() {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (/\.(ts|tsx)$/.test(entry.name)) files.push(full);
    }
  };
  walk(path.resolve(__dirname, "../../app"));
  const names = new Set<string>();
  const prefixes = new Set<string>();
  const literals = new Set<string>();
  for (const file of files) {
    const source = readFileSync(file, "utf8");
    for (const match of source.matchAll(/name="([A-Za-z][\w-]*)"/g)) names.add(match[1]!);
    for (const match of source.matchAll(/name=\{`([A-Za-z]+):/g)) prefixes.add(match[1]!);
    if (/forms?\.ts$/.test(file)) {
      for (const match of source.matchAll(/^\s*([a-z][A-Za-z]*):\s*[A-Za-z]/gm)) names.add(match[1]!);
      for (const match of source.matchAll(/z\.(?:literal|enum)\(\[?([^)\]]*)/g)) for (const word of match[1]!.matchAll(/"([^"]+)"/g)) literals.add(word[1]!);
    }
    for (const match of source.matchAll(/name="intent" value="([^"]+)"/g)) literals.add(match[1]!);
  }
  return { names: [...names], prefixes: [...prefixes], literals: [...literals] };
}

const vocabulary = formVocabulary();
let world: World;

beforeAll(async () => {
  world = await loadWorld();
});

const hostileText = fc.constantFrom(
  "",
  " ",
  "\u0000",
  "a\u0000b",
  "rad ett\u000brad två",
  "\u0001\u001f\u007f",
  "\ud800",
  "x\udfffy",
  "\ufeff",
  "'; drop table cases; --",
  "<script>alert(1)</script>",
  "x".repeat(100_000),
  "å".repeat(3_000),
  "0000-00-00",
  "2025-02-30",
  "2026-13-01",
  "2026-06-31",
  "99999-01-01",
  "-1",
  "0",
  "1e309",
  "NaN",
  "9".repeat(30),
  "on",
  "true",
  "19880412-9826",
  "000000-0000",
  "../../etc/passwd",
  "%00",
);
const idText = () => fc.oneof(fc.constantFrom(...allIds(world)), fc.uuid(), fc.constantFrom("not-a-uuid", "", "1", "00000000-0000-0000-0000-000000000000", "demo-sara", "x".repeat(5_000)), fc.string());
const value = () => fc.oneof({ weight: 3, arbitrary: hostileText }, { weight: 3, arbitrary: idText() }, { weight: 2, arbitrary: fc.constantFrom(...vocabulary.literals) }, { weight: 2, arbitrary: fc.string({ unit: "binary", maxLength: 40 }) });
const key = () =>
  fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom(...vocabulary.names) },
    { weight: 2, arbitrary: fc.tuple(fc.constantFrom(...vocabulary.prefixes), idText()).map(([prefix, id]) => `${prefix}:${id}`) },
    { weight: 1, arbitrary: fc.string({ maxLength: 12 }) },
  );
const fields = () => fc.array(fc.tuple(key(), value()), { maxLength: 14 });
const contentType = fc.constantFrom<string | null>("application/x-www-form-urlencoded", "application/x-www-form-urlencoded", "application/x-www-form-urlencoded", "multipart/form-data", "application/json", "text/plain", null);

function bodyOf(pairs: [string, string][], type: string | null): { body: BodyInit | null; contentType: string | null | undefined } {
  if (type === "multipart/form-data") {
    const form = new FormData();
    for (const [name, text] of pairs) form.append(name, text);
    return { body: form, contentType: undefined };
  }
  if (type === "application/json") return { body: JSON.stringify(Object.fromEntries(pairs)), contentType: type };
  const params = new URLSearchParams();
  for (const [name, text] of pairs) params.append(name, text);
  return { body: params.toString(), contentType: type };
}

/** A path param: mostly an id of the kind the route expects (so the fuzz gets past "not found"), sometimes anything. */
function paramText(name: string) {
  const { ids } = world;
  const kinds: Record<string, string[]> = {
    caseId: [ids.evaCase, ids.samCase],
    goalId: [ids.goal],
    activityId: ids.activities,
    itemId: [...ids.history, ids.goal, ...ids.activities],
    requestId: [ids.request, ids.consentRequest],
    consentId: [ids.consent],
    userId: ["demo-sara", "demo-erik", "demo-admin-eb"],
    meetingId: [ids.meeting, ids.heldMeeting],
  };
  const expected = kinds[name];
  return expected ? fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...expected) }, { weight: 1, arbitrary: idText() }) : idText();
}
const paramsOf = (route: AppRoute) => fc.tuple(...route.params.map(paramText)).map((values) => Object.fromEntries(route.params.map((name, i) => [name, values[i]!])));
/** A role: the lead's officer, a participant's officer and the client most often (they reach the most). */
const role = () => fc.oneof({ weight: 3, arbitrary: fc.constantFrom<Role>("sara", "erik", "eva") }, { weight: 2, arbitrary: fc.constantFrom(...roles) });

/** Statuses seen per route and method, to show (and check) that the fuzz gets past the guards. */
const seen = new Map<string, Map<number, number>>();
function tally(label: string, status: number) {
  const counts = seen.get(label) ?? new Map<number, number>();
  counts.set(status, (counts.get(status) ?? 0) + 1);
  seen.set(label, counts);
}

function explain(route: AppRoute, outcome: Outcome) {
  const { error: thrown } = outcome;
  const cause = thrown instanceof Error && thrown.cause instanceof Error ? `\ncaused by ${thrown.cause.message}` : "";
  const error = thrown instanceof Error ? `${thrown.name}: ${thrown.message.slice(0, 300)}${cause}\n${thrown.stack?.split("\n").slice(1, 6).join("\n")}` : String(thrown ?? outcome.text);
  return `${route.file} answered ${outcome.status}: ${error}`;
}

describe("malformed input never answers 5xx", () => {
  it("finds the routes and the forms' vocabulary", () => {
    expect(appRoutes.filter((route) => route.action).length).toBeGreaterThan(15);
    expect(vocabulary.names).toEqual(expect.arrayContaining(["intent", "grantId", "goalId", "givenAt", "text"]));
    expect(vocabulary.prefixes).toEqual(expect.arrayContaining(["unit"]));
  });

  const actions = appRoutes.filter((route) => route.action);
  it("has a sample form for every action", () => {
    expect(actions.map((route) => route.file).filter((file) => !sampleForms(world)[file])).toEqual([]);
  });

  /** Null three times in four, else a value of `arbitrary`. */
  const sometimes = <T,>(arbitrary: fc.Arbitrary<T>) => fc.oneof({ weight: 3, arbitrary: fc.constant(null) }, { weight: 1, arbitrary });

  /**
   * A sample form broken a little: some values replaced with hostile ones, some fields dropped,
   * others added or sent twice, now and then another role, other ids in the URL, another content type.
   */
  function broken(route: AppRoute, sample: SampleForm) {
    const size = Math.max(sample.fields.length, 1);
    return fc
      .record({
        replace: fc.array(fc.tuple(fc.nat(size - 1), value()), { minLength: 1, maxLength: 2 }),
        drop: fc.array(fc.nat(size - 1), { maxLength: 1 }),
        extra: fc.array(fc.tuple(key(), value()), { maxLength: 1 }),
        twice: sometimes(fc.tuple(fc.nat(size - 1), value())),
        role: sometimes(role()),
        params: sometimes(paramsOf(route)),
        type: sometimes(contentType),
      })
      .map(({ replace, drop, extra, twice, role: other, params, type }) => {
        const pairs = sample.fields.map(([name, text]) => [name, text] as [string, string]);
        for (const [index, text] of replace) if (pairs[index]) pairs[index]![1] = text;
        if (twice && pairs[twice[0]]) pairs.push([pairs[twice[0]]![0], twice[1]]);
        const kept = pairs.filter((_, index) => !drop.includes(index));
        return { role: other ?? sample.role, params: params ?? sample.params, pairs: [...kept, ...extra], type: type ?? "application/x-www-form-urlencoded" };
      });
  }

  it.each(actions.map((route) => [route.file, route] as const))("POST %s", async (_file, route) => {
    const random = fc.record({ role: role(), params: paramsOf(route), pairs: fields(), type: contentType });
    const sample = sampleForms(world)[route.file];
    const attempts = sample ? fc.oneof({ weight: 3, arbitrary: broken(route, sample) }, { weight: 1, arbitrary: random }) : random;
    await fc.assert(
      fc.asyncProperty(attempts, async ({ role, params, pairs, type }) => {
        const { body, contentType: sent } = bodyOf(pairs, type);
        const outcome = await callRoute(route, { method: "POST", params, cookie: await world.cookie(role), body, contentType: sent });
        tally(`POST ${route.file}`, outcome.status);
        if (outcome.status >= 500) throw new Error(explain(route, outcome));
      }),
      { seed, numRuns: runs, endOnFailure: true },
    );
  });

  const loaders = appRoutes.filter((route) => route.loader);
  it.each(loaders.map((route) => [route.file, route] as const))("GET %s", async (_file, route) => {
    const search = fc.array(fc.tuple(key(), value().map((text) => text.slice(0, 2_000))), { maxLength: 6 }).map((pairs) => `?${new URLSearchParams(pairs)}`);
    await fc.assert(
      fc.asyncProperty(role(), paramsOf(route), search, async (role, params, query) => {
        const outcome = await callRoute(route, { params, cookie: await world.cookie(role), search: query });
        tally(`GET ${route.file}`, outcome.status);
        if (outcome.status >= 500) throw new Error(explain(route, outcome));
      }),
      { seed, numRuns: runs, endOnFailure: true },
    );
  });

  it("gets past the guards: most routes answered something other than a refusal", () => {
    if (process.env.FUZZ_SEED || process.env.FUZZ_TALLY) for (const [label, counts] of seen) console.log(label, Object.fromEntries(counts));
    const reached = [...seen.values()].filter((counts) => [...counts.keys()].some((status) => status < 400 || status === 400 || status === 409 || status === 422)).length;
    expect(reached).toBeGreaterThan(seen.size * 0.8);
  });

  it("leaves no half-written rows", async () => {
    expect(await halfWritten()).toEqual([]);
  });
});
