import { describe, expect, it } from "vitest";
import { isOverdue, nextStatus, outcomeOf, refusalCode, requestStatuses, type RequestEvent } from "~/services/requests/states";
import { median, percentile, weekOf, weeklyRows, weeksBetween } from "~/services/requests/stats";
import { statutes, statuteByReference } from "~/services/requests/statutes";

describe("the request state machine", () => {
  // Every (state, event) pair: the table is the specification.
  const table: Record<RequestEvent, Partial<Record<(typeof requestStatuses)[number], string>>> = {
    submit: { draft: "submitted" },
    claim: { submitted: "in_review" },
    unclaim: { in_review: "submitted" },
    answer: { in_review: "answered" },
    withdraw: { draft: "withdrawn", submitted: "withdrawn", in_review: "withdrawn" },
  };
  for (const [event, allowed] of Object.entries(table) as [RequestEvent, Record<string, string>][]) {
    it.each(requestStatuses.map((status) => [status]))(`${event} from %s`, (status) => {
      expect(nextStatus(status, event, "answered")).toBe(allowed[status] ?? null);
    });
  }

  it("ends an answer in the outcome of its items", () => {
    expect(nextStatus("in_review", "answer", "partly_answered")).toBe("partly_answered");
    expect(outcomeOf(["released", "released"])).toBe("answered");
    expect(outcomeOf(["released", "declined"])).toBe("partly_answered");
    expect(outcomeOf(["released_partly"])).toBe("partly_answered");
    expect(outcomeOf(["declined", "declined"])).toBe("declined");
  });

  it("explains each refusal with its own code", () => {
    expect(refusalCode("in_review", "claim")).toBe("request.already_claimed");
    expect(refusalCode("withdrawn", "answer")).toBe("request.withdrawn");
    expect(refusalCode("answered", "withdraw")).toBe("request.already_answered");
    expect(refusalCode("declined", "claim")).toBe("request.already_answered");
    expect(refusalCode("submitted", "answer")).toBe("request.not_claimed");
    expect(refusalCode("submitted", "submit")).toBe("request.not_draft");
    expect(refusalCode("draft", "claim")).toBe("request.not_submitted");
  });

  it("is overdue only while open and after the desired date", () => {
    expect(isOverdue("submitted", "2026-11-20", "2026-11-21")).toBe(true);
    expect(isOverdue("in_review", "2026-11-20", "2026-11-21")).toBe(true);
    expect(isOverdue("submitted", "2026-11-21", "2026-11-21")).toBe(false);
    expect(isOverdue("answered", "2026-11-01", "2026-11-21")).toBe(false);
    expect(isOverdue("submitted", null, "2026-11-21")).toBe(false);
  });
});

describe("lead-time arithmetic", () => {
  it("takes medians and nearest-rank percentiles", () => {
    expect(median([])).toBeNull();
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(percentile([], 90)).toBeNull();
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 90)).toBe(9);
    expect(percentile([10, 1], 90)).toBe(10);
    expect(percentile([7], 90)).toBe(7);
  });

  it("groups by ISO week (Monday) in Swedish time", () => {
    expect(weekOf(new Date("2026-11-21T12:00:00Z"))).toBe("2026-11-16");
    expect(weekOf(new Date("2026-11-16T00:00:00Z"))).toBe("2026-11-16");
    // Sunday 23:30 UTC is already Monday in Sweden (CET), 22:30 UTC is not.
    expect(weekOf(new Date("2026-11-22T23:30:00Z"))).toBe("2026-11-23");
    expect(weekOf(new Date("2026-11-22T22:30:00Z"))).toBe("2026-11-16");
    expect(weeksBetween(new Date("2026-11-04T00:00:00Z"), new Date("2026-11-21T00:00:00Z"))).toEqual(["2026-11-02", "2026-11-09", "2026-11-16"]);
  });

  it("counts each week's submitted and answered requests, with the median lead time of those answered", () => {
    const at = (iso: string) => new Date(iso);
    const rows = weeklyRows(
      [
        { submittedAt: at("2026-11-09T08:00:00Z"), answeredAt: at("2026-11-09T12:00:00Z") },
        { submittedAt: at("2026-11-10T08:00:00Z"), answeredAt: at("2026-11-17T08:00:00Z") },
        { submittedAt: at("2026-11-18T08:00:00Z"), answeredAt: null },
      ],
      at("2026-11-09T00:00:00Z"),
      at("2026-11-21T00:00:00Z"),
    );
    expect(rows).toEqual([
      { week: "2026-11-09", weekNumber: 46, submitted: 2, answered: 1, medianHours: 4 },
      { week: "2026-11-16", weekNumber: 47, submitted: 1, answered: 1, medianHours: 168 },
    ]);
  });
});

describe("statutes for requests without consent", () => {
  it("is a fixed list with labels in both languages and unique references", () => {
    expect(new Set(statutes.map((statute) => statute.reference)).size).toBe(statutes.length);
    for (const statute of statutes) expect(statute.label.sv && statute.label.en).toBeTruthy();
    expect(statuteByReference("OSL 10 kap. 28 §")).toBeDefined();
    expect(statuteByReference("Något jag hittar på")).toBeUndefined();
  });
});
