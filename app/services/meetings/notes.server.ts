import { createHash, randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { meetingNotesCategory } from "../../../db/catalogue";
import { meetingNoteComments, meetingNoteReviews, meetingNotes, type MeetingNotes, type MeetingNotesContent } from "../../../db/schema";
import type { NotesInput } from "./forms";
import type { ClientActor, StaffActor } from "~/access/actor";
import { directoryOf, staffNamesOf, type Directory } from "~/access/directory.server";
import type { Reader } from "~/access/gate.server";
import { approvingOrganizations, readMeeting, readNotes, type MeetingScope, type NotesScope } from "~/access/reads/meetings.server";
import { swedishToday } from "~/lib/calendar";
import { DomainError } from "~/lib/errors";
import { notifyClient, notifyUnits } from "~/services/notifications/notifications.server";
import { createActivity } from "~/services/plan/edit.server";

/**
 * A meeting's notes (minnesanteckningar, ADR 0022): the note-taking organisation writes a draft
 * and circulates it; every other participating organisation approves it or asks for a change with
 * a comment; an edit after circulation is a new version, and only reviews of the current version
 * count; when every participating organisation has approved the current version the notes are
 * approved and locked, with the SHA-256 of what was approved. The client reads and comments on
 * approved notes only. Next steps go to the shared plan as proposals to their organisations.
 */

/** SHA-256 (hex) of the approved version: its number, language and content, as JSON in a fixed key order. */
export function notesHash(row: Pick<MeetingNotes, "version" | "language" | "content">): string {
  const content = {
    points: row.content.points.map(({ position, topic, said, decided }) => ({ position, topic, said, decided })),
    nextSteps: row.content.nextSteps.map(({ id, text, responsibleOrganizationId, due }) => ({ id, text, responsibleOrganizationId, due })),
  };
  return createHash("sha256").update(JSON.stringify({ version: row.version, language: row.language, content })).digest("hex");
}

/** The organisations taking part in the meeting (each approves the notes once per version). */
const participatingOrganizations = (scope: MeetingScope) => [...new Set(scope.participants.map((participant) => participant.organizationId))];
const unitsOf = (scope: MeetingScope) => scope.participants.map((participant) => participant.unitId);

export interface NotesView {
  state: MeetingNotes["state"];
  version: number;
  language: "sv" | "en";
  content: MeetingNotesContent;
  /** SHA-256 of the approved version (hex); null before approval. */
  contentHash: string | null;
  approvedAt: string | null;
  /** The current version's reviews, and every participating organisation's standing on it. */
  reviews: { organization: string; decision: "approved" | "change_requested" | "pending"; comment: string | null; by: string | null; at: string | null }[];
  /** Change requests on earlier versions (the history of the round). */
  earlier: { version: number; organization: string; comment: string | null; by: string; at: string }[];
  /** Next steps with the responsible organisation's name, and the plan activity each became, if sent. */
  steps: { id: string; text: string; organization: string; due: string; activityId: string | null }[];
  comments: { text: string; at: string }[];
}

async function notesView(reader: Reader, scope: MeetingScope, notes: NotesScope, directory: Directory): Promise<NotesView> {
  const { row, reviews } = notes;
  const people = await staffNamesOf(reader, reviews.map((review) => review.byUser));
  const orgName = (id: string) => directory.organizations.get(id)?.name ?? "";
  const current = reviews.filter((review) => review.version === row.version);
  return {
    state: row.state,
    version: row.version,
    language: row.language,
    content: row.content,
    contentHash: row.contentHash,
    approvedAt: row.approvedAt?.toISOString() ?? null,
    reviews: participatingOrganizations(scope).map((organizationId) => {
      const review = current.find((candidate) => candidate.organizationId === organizationId);
      return {
        organization: orgName(organizationId),
        decision: review?.decision ?? "pending",
        comment: review?.comment ?? null,
        by: review ? (people.get(review.byUser)?.name ?? null) : null,
        at: review?.at.toISOString() ?? null,
      };
    }),
    earlier: reviews
      .filter((review) => review.version < row.version && review.decision === "change_requested")
      .map((review) => ({ version: review.version, organization: orgName(review.organizationId), comment: review.comment, by: people.get(review.byUser)?.name ?? "", at: review.at.toISOString() })),
    steps: row.content.nextSteps.map((step) => ({ id: step.id, text: step.text, organization: orgName(step.responsibleOrganizationId), due: step.due, activityId: row.stepActivities[step.id] ?? null })),
    comments: notes.comments.map((comment) => ({ text: comment.text, at: comment.at.toISOString() })),
  };
}

/**
 * The notes as the meeting page shows them to an officer, with what they may do: null notes when
 * there are none yet or the actor may not read them (a refusal is recorded as withheld).
 */
export async function staffNotes(reader: Reader<StaffActor>, scope: MeetingScope) {
  const actor = reader.actor;
  const participant = scope.participants.some((unit) => unit.unitId === actor.unitId);
  const noteTaker = participant && scope.row.noteTakerOrganizationId === actor.organizationId;
  const notes = await readNotes(reader, scope, "notes.view", { require: false });
  const directory = await directoryOf(reader);
  const view = notes ? await notesView(reader, scope, notes, directory) : null;
  const mine = view && notes ? notes.reviews.find((review) => review.version === notes.row.version && review.organizationId === actor.organizationId) : undefined;
  return {
    notes: view,
    noteTaker: directory.organizations.get(scope.row.noteTakerOrganizationId)?.name ?? "",
    canWrite: noteTaker && scope.row.status === "planned" && view?.state !== "approved",
    canReview: participant && !noteTaker && view?.state === "circulated" && mine?.decision !== "approved",
    canPropose: noteTaker && view?.state === "approved" && view.steps.some((step) => !step.activityId),
  };
}

/** What the notes editor starts from: the notes so far, or one point per agenda item (404 unless the actor's organisation takes the notes). */
export async function notesEditor(reader: Reader<StaffActor>, caseId: string, meetingId: string) {
  const scope = await readMeeting(reader, meetingId, { caseId, resourceType: "meeting_notes" });
  const notes = await readNotes(reader, scope, "notes.write");
  const directory = await directoryOf(reader);
  const content: MeetingNotesContent = notes?.row.content ?? { points: scope.agenda.map((item) => ({ position: item.position, topic: item.text, said: "", decided: "" })), nextSteps: [] };
  return {
    meetingId: scope.row.id,
    caseId: scope.row.caseId,
    kind: scope.row.kind,
    state: notes?.row.state ?? "draft",
    version: notes?.row.version ?? 1,
    language: notes?.row.language ?? "sv",
    content,
    organizations: participatingOrganizations(scope).map((id) => ({ id, name: directory.organizations.get(id)?.name ?? "" })),
  };
}

/**
 * Saves the notes (a draft, or — once circulated — a new version whose reviews start over) and,
 * with `intent` circulate, circulates them; returns the state. Refused: 404 unless the actor's
 * organisation takes the notes and its unit takes part; meetings.step_organization_required (400)
 * for a next step of an organisation not at the meeting. Approved notes are locked: 404 (the gate's
 * notes.write refuses them, as the editor page does).
 */
export async function saveNotes(reader: Reader<StaffActor>, caseId: string, meetingId: string, input: NotesInput): Promise<MeetingNotes["state"]> {
  const actor = reader.actor;
  const scope = await readMeeting(reader, meetingId, { caseId, resourceType: "meeting_notes", lock: true });
  const existing = await readNotes(reader, scope, "notes.write", { lock: true });
  const organizations = participatingOrganizations(scope);
  const content: MeetingNotesContent = {
    points: input.topic.flatMap((topic, index) => (topic || input.said[index] || input.decided[index] ? [{ position: index + 1, topic, said: input.said[index] ?? "", decided: input.decided[index] ?? "" }] : [])),
    nextSteps: input.stepText.flatMap((text, index) => (text ? [{ id: existing?.row.content.nextSteps[index]?.id ?? randomUUID(), text, responsibleOrganizationId: input.stepOrganization[index]!, due: input.stepDue[index]! }] : [])),
  };
  if (content.nextSteps.some((step) => !organizations.includes(step.responsibleOrganizationId))) throw new DomainError("meetings.step_organization_required");
  const circulated = existing?.row.state === "circulated" || input.intent === "circulate";
  // An edit after circulation is a new version: the reviews of the one before no longer count.
  const version = existing ? (existing.row.state === "circulated" ? existing.row.version + 1 : existing.row.version) : 1;
  const values = { state: circulated ? ("circulated" as const) : ("draft" as const), version, language: input.language, content, writtenBy: actor.userId, updatedAt: reader.at, circulatedAt: circulated ? (existing?.row.circulatedAt ?? reader.at) : null };
  const [row] = existing
    ? await reader.tx.update(meetingNotes).set(values).where(eq(meetingNotes.id, existing.row.id)).returning()
    : await reader.tx.insert(meetingNotes).values({ meetingId: scope.row.id, caseId: scope.row.caseId, clientId: scope.row.clientId, noteTakerOrganizationId: scope.row.noteTakerOrganizationId, ...values }).returning();
  if (circulated) {
    // Circulating is the note-taker's own approval of this version.
    await reader.tx.insert(meetingNoteReviews).values({ noteId: row!.id, version, organizationId: actor.organizationId, decision: "approved", byUser: actor.userId, at: reader.at }).onConflictDoNothing();
    const kind = existing?.row.state === "circulated" ? "meeting.notes_revised" : "meeting.notes_circulated";
    await notifyUnits(reader.tx, unitsOf(scope).filter((unitId) => unitId !== actor.unitId), { kind, caseId: scope.row.caseId, subjectId: scope.row.id, dedupeKey: `${kind}:${row!.id}:${version}` });
    await approveIfAll(reader, scope, row!);
  }
  reader.changed({
    action: circulated && existing?.row.state !== "circulated" ? "notes.circulate" : "notes.save",
    clientId: scope.row.clientId,
    caseId: scope.row.caseId,
    resourceType: "meeting_notes",
    resourceId: row!.id,
    category: scope.facts.notesCategory,
    basis: "own_organization",
    details: { version },
  });
  return circulated ? "circulated" : "draft";
}

/**
 * A participating organisation approves the circulated notes or asks for a change with a comment,
 * for the version it read (`version`); meetings.notes_changed (409) when the notes have a newer
 * version since. Refused with 404 for anyone else (the note-taker approves by circulating).
 */
export async function reviewNotes(reader: Reader<StaffActor>, caseId: string, meetingId: string, review: { version: number; decision: "approved" | "change_requested"; comment?: string }): Promise<void> {
  const actor = reader.actor;
  const scope = await readMeeting(reader, meetingId, { caseId, resourceType: "meeting_notes", lock: true });
  const notes = await readNotes(reader, scope, "notes.review", { lock: true });
  if (!notes) throw new DomainError("not_found", 404);
  if (notes.row.version !== review.version) throw new DomainError("meetings.notes_changed", 409);
  await reader.tx
    .insert(meetingNoteReviews)
    .values({ noteId: notes.row.id, version: notes.row.version, organizationId: actor.organizationId, decision: review.decision, comment: review.comment ?? null, byUser: actor.userId, at: reader.at })
    .onConflictDoUpdate({
      target: [meetingNoteReviews.noteId, meetingNoteReviews.version, meetingNoteReviews.organizationId],
      set: { decision: review.decision, comment: review.comment ?? null, byUser: actor.userId, at: reader.at },
    });
  if (review.decision === "change_requested") {
    const noteTakerUnits = scope.participants.filter((participant) => participant.organizationId === scope.row.noteTakerOrganizationId).map((participant) => participant.unitId);
    await notifyUnits(reader.tx, noteTakerUnits, { kind: "meeting.notes_change_requested", caseId: scope.row.caseId, subjectId: scope.row.id });
  } else await approveIfAll(reader, scope, notes.row);
  reader.changed({
    action: review.decision === "approved" ? "notes.approve" : "notes.request_change",
    clientId: scope.row.clientId,
    caseId: scope.row.caseId,
    resourceType: "meeting_notes",
    resourceId: notes.row.id,
    category: scope.facts.notesCategory,
    basis: notes.decision.basis,
    details: { version: notes.row.version },
  });
}

/** When every participating organisation has approved the current version: approved, locked, hashed; everyone is told. */
async function approveIfAll(reader: Reader, scope: MeetingScope, row: MeetingNotes): Promise<void> {
  const approved = await approvingOrganizations(reader, row.id, row.version);
  if (!participatingOrganizations(scope).every((organizationId) => approved.has(organizationId))) return;
  await reader.tx.update(meetingNotes).set({ state: "approved", approvedAt: reader.at, contentHash: notesHash(row) }).where(eq(meetingNotes.id, row.id));
  await notifyUnits(reader.tx, unitsOf(scope), { kind: "meeting.notes_approved", caseId: scope.row.caseId, subjectId: scope.row.id, dedupeKey: `meeting.notes_approved:${row.id}` });
  if (scope.row.clientTakesPart) await notifyClient(reader.tx, scope.row.clientId, { kind: "meeting.notes_approved", caseId: scope.row.caseId, subjectId: scope.row.id, dedupeKey: `meeting.notes_approved:${row.id}` });
}

/**
 * Sends the approved notes' next steps to the shared plan in one action: each step not yet sent
 * becomes an activity proposed to its responsible organisation (or, for the note-taker's own, an
 * activity of its own), from the meeting's date to the step's date, followed up then; returns how
 * many were sent. 404 unless the actor's organisation took the notes; meetings.notes_not_approved
 * (409) before approval; meetings.no_new_steps (409) when every step has been sent already.
 */
export async function proposeNextSteps(reader: Reader<StaffActor>, caseId: string, meetingId: string): Promise<number> {
  const scope = await readMeeting(reader, meetingId, { caseId, resourceType: "meeting_notes", lock: true });
  const notes = await readNotes(reader, scope, "notes.propose", { lock: true });
  if (!notes || notes.row.state !== "approved") throw new DomainError("meetings.notes_not_approved", 409);
  const directory = await directoryOf(reader);
  const sent: Record<string, string> = { ...notes.row.stepActivities };
  const from = swedishToday(scope.row.startsAt);
  let count = 0;
  for (const step of notes.row.content.nextSteps) {
    if (sent[step.id]) continue;
    const unit = scope.participants.find((participant) => participant.organizationId === step.responsibleOrganizationId);
    const kind = directory.organizations.get(step.responsibleOrganizationId)?.kind;
    // The step is the responsible organisation's activity, in its own meeting-notes category.
    const category = kind ? meetingNotesCategory(kind) : null;
    if (!unit || !category) continue;
    sent[step.id] = await createActivity(reader, caseId, {
      title: step.text,
      typeCode: "annat",
      goalId: null,
      organizationId: step.responsibleOrganizationId,
      unitId: unit.unitId,
      assigneeId: null,
      startDate: from <= step.due ? from : step.due,
      endDate: step.due,
      extent: 0,
      status: "planned",
      followUpDate: step.due,
      note: null,
      categoryCode: category,
    });
    count++;
  }
  if (count === 0) throw new DomainError("meetings.no_new_steps", 409);
  await reader.tx.update(meetingNotes).set({ stepActivities: sent }).where(eq(meetingNotes.id, notes.row.id));
  reader.changed({ action: "notes.propose_steps", clientId: scope.row.clientId, caseId: scope.row.caseId, resourceType: "meeting_notes", resourceId: notes.row.id, category: scope.facts.notesCategory, basis: "own_organization", details: { steps: count } });
  return count;
}

/** The client's approved notes of their meeting, or null when there are none approved (drafts are never shown to the client). */
export async function clientNotes(reader: Reader<ClientActor>, scope: MeetingScope): Promise<NotesView | null> {
  const notes = await readNotes(reader, scope, "notes.view", { require: false });
  return notes ? notesView(reader, scope, notes, await directoryOf(reader)) : null;
}

/** The client comments on the approved notes of their meeting (404 before approval or for anyone else's). */
export async function commentOnNotes(reader: Reader<ClientActor>, meetingId: string, text: string): Promise<void> {
  const scope = await readMeeting(reader, meetingId, { resourceType: "meeting_notes" });
  const notes = await readNotes(reader, scope, "notes.comment");
  if (!notes) throw new DomainError("not_found", 404);
  const [comment] = await reader.tx.insert(meetingNoteComments).values({ noteId: notes.row.id, version: notes.row.version, clientId: reader.actor.clientId, text, at: reader.at }).returning({ id: meetingNoteComments.id });
  await notifyUnits(reader.tx, unitsOf(scope), { kind: "meeting.notes_commented", caseId: scope.row.caseId, subjectId: scope.row.id });
  reader.changed({ action: "notes.client_comment", clientId: reader.actor.clientId, caseId: scope.row.caseId, resourceType: "meeting_notes_comment", resourceId: comment!.id, basis: "own_data" });
}
