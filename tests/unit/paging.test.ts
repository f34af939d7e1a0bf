import { describe, expect, it } from "vitest";
import { DomainError } from "~/lib/errors";
import { keysetLink, keysetOf } from "~/lib/paging";

/** Page links (app/lib/paging.ts): what a list's keys look like in a link, and what is refused. */
describe("keysetOf", () => {
  const kinds = ["date", "time", "uuid"] as const;
  const good = ["2026-06-01", "2026-06-01T08:00:00.123456Z", "0f0e0d0c-0b0a-4908-8706-050403020100"];

  it("is the first page without a link, and reads back the keys of a link it wrote", () => {
    expect(keysetOf(null, kinds)).toBeUndefined();
    expect(keysetOf("", kinds)).toBeUndefined();
    expect(keysetOf(keysetLink(good), kinds)).toEqual(good);
    expect(keysetOf("2026-06-01T08:00:00.000000Z_123", ["time", "serial"])).toEqual(["2026-06-01T08:00:00.000000Z", "123"]);
  });

  it.each([
    ["too few keys", "2026-06-01_2026-06-01T08:00:00.123456Z"],
    ["a time cut to milliseconds", `2026-06-01_2026-06-01T08:00:00.123Z_${good[2]}`],
    ["a day that does not exist", `2026-02-30_${good[1]}_${good[2]}`],
    ["an hour that does not exist", `2026-06-01_2026-06-01T24:00:00.000000Z_${good[2]}`],
    ["year 0, a JavaScript date but no PostgreSQL one", `0000-01-01_${good[1]}_${good[2]}`],
    ["not an id", `2026-06-01_${good[1]}_not-an-id`],
    ["SQL", "'; drop table notifications; --"],
  ])("refuses %s with 400 page.invalid_cursor", (_, after) => {
    const refused = (() => {
      try {
        keysetOf(after, kinds);
      } catch (error) {
        return error;
      }
    })();
    expect(refused).toBeInstanceOf(DomainError);
    expect(refused).toMatchObject({ code: "page.invalid_cursor", status: 400 });
  });
});
