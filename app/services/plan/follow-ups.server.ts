import type { StaffActor } from "~/access/actor";
import type { Reader } from "~/access/gate.server";
import { readFollowUps } from "~/access/reads/plan.server";
import { swedishToday } from "~/lib/calendar";
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
 * "Mina uppföljningar": the live activities of the officer's unit, or assigned to them, that have
 * a follow-up date, earliest first, across all their cases (one decision per activity, one look).
 */
export async function listFollowUps(reader: Reader<StaffActor>): Promise<FollowUp[]> {
  const today = swedishToday(reader.at);
  return (await readFollowUps(reader)).map(({ row, kase }) => ({
    activityId: row.id,
    caseId: kase.id,
    reference: caseReference(kase.number),
    title: row.title,
    followUpDate: row.followUpDate!,
    overdue: isOverdue(row, today),
    status: row.status,
  }));
}
