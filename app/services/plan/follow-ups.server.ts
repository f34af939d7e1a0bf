import type { StaffActor } from "~/access/actor";
import type { Reader } from "~/access/gate.server";
import { followUpKeys, readFollowUps } from "~/access/reads/plan.server";
import { swedishToday } from "~/lib/calendar";
import { keysetOf, linesPerPage } from "~/lib/paging";
import { caseReference } from "~/services/cases/references";
import { isOverdue } from "./view.server";

export interface FollowUp {
  activityId: string;
  caseId: string;
  reference: string;
  title: string;
  /** YYYY-MM-DD. */
  followUpDate: string;
  overdue: boolean;
  status: string;
}

/**
 * "Mina uppföljningar": a page of the live activities of the officer's unit, or assigned to them,
 * that have a follow-up date, earliest first (so the overdue ones lead), across all their cases
 * (one decision per activity, one look). `after` is the page link (none: the first page;
 * malformed: DomainError page.invalid_cursor, 400); `next` that of the following page.
 */
export async function listFollowUps(reader: Reader<StaffActor>, after?: string | null): Promise<{ followUps: FollowUp[]; next: string | null }> {
  const today = swedishToday(reader.at);
  const { shown, next } = await readFollowUps(reader, { after: keysetOf(after, followUpKeys), limit: linesPerPage });
  const followUps = shown.map(({ row, kase }) => ({
    activityId: row.id,
    caseId: kase.id,
    reference: caseReference(kase.number),
    title: row.title,
    followUpDate: row.followUpDate!,
    overdue: isOverdue(row, today),
    status: row.status,
  }));
  return { followUps, next };
}
