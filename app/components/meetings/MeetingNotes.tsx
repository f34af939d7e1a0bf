import { Form, Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { formatDate, formatDateTime } from "~/lib/format";
import type { NotesView } from "~/services/meetings/notes.server";

/** The notes' content: per point what was said and decided, then the next steps. In the language they were written in. */
export function NotesContent({ notes }: { notes: NotesView }) {
  const { t, i18n } = useTranslation("meetings");
  return (
    <div lang={notes.language}>
      <ol className="mt-3 space-y-4">
        {notes.content.points.map((point) => (
          <li key={point.position}>
            <h3 className="font-semibold">{t("notes.point", { number: point.position, topic: point.topic })}</h3>
            {point.said ? (
              <>
                <p className="mt-1 text-sm font-semibold">{t("notes.said")}</p>
                <p className="whitespace-pre-line">{point.said}</p>
              </>
            ) : null}
            {point.decided ? (
              <>
                <p className="mt-1 text-sm font-semibold">{t("notes.decided")}</p>
                <p className="whitespace-pre-line">{point.decided}</p>
              </>
            ) : null}
          </li>
        ))}
      </ol>
      <h3 className="mt-4 font-semibold">{t("notes.nextSteps")}</h3>
      {notes.steps.length === 0 ? <p>{t("notes.noSteps")}</p> : null}
      <ul className="mt-1 list-disc space-y-1 pl-6">
        {notes.steps.map((step) => (
          <li key={step.id}>
            {step.text} — {t("notes.responsible")}: {step.organization}, {t("notes.due")} {formatDate(step.due, i18n.language)}
            {step.activityId ? <span className="text-sm text-ink-muted"> ({t("notes.sentToPlan")})</span> : null}
          </li>
        ))}
      </ul>
    </div>
  );
}

interface StaffNotesProps {
  base: string;
  noteTaker: string;
  notes: NotesView | null;
  canWrite: boolean;
  canReview: boolean;
  canPropose: boolean;
}

/** The notes on the meeting page for officers: where they stand, their content, the approvals, and what this officer may do. */
export function StaffMeetingNotes({ base, noteTaker, notes, canWrite, canReview, canPropose }: StaffNotesProps) {
  const { t, i18n } = useTranslation("meetings");
  return (
    <section aria-labelledby="notes-heading" className="mb-section max-w-3xl">
      <h2 id="notes-heading" className="text-xl font-semibold">{t("notes.heading")}</h2>
      {!notes ? <p className="mt-2">{canWrite ? t("notes.noneYet", { organization: noteTaker }) : t("notes.notVisible")}</p> : null}
      {notes ? (
        <>
          <p className="mt-2 font-semibold" data-testid="notes-state">{t(`notes.state.${notes.state}`, { version: notes.version })}</p>
          <NotesContent notes={notes} />
          <h3 className="mt-4 font-semibold">{t("notes.reviews")}</h3>
          <ul className="mt-1 space-y-1" data-testid="notes-reviews">
            {notes.reviews.map((review) => (
              <li key={review.organization}>
                {review.organization}: {t(`notes.review.${review.decision}`)}
                {review.by && review.at ? ` (${t("notes.reviewBy", { name: review.by, time: formatDateTime(review.at, i18n.language) })})` : null}
                {review.comment ? <span className="block whitespace-pre-line text-sm">{review.comment}</span> : null}
              </li>
            ))}
          </ul>
          {notes.earlier.length > 0 ? (
            <>
              <h3 className="mt-4 font-semibold">{t("notes.earlier")}</h3>
              <ul className="mt-1 space-y-1 text-sm">
                {notes.earlier.map((item) => (
                  <li key={`${item.version}-${item.organization}`}>{t("notes.earlierItem", item)}</li>
                ))}
              </ul>
            </>
          ) : null}
          {notes.state === "approved" && notes.contentHash && notes.approvedAt ? (
            <p className="mt-3 break-all text-sm">
              {t("notes.approvedAt", { time: formatDateTime(notes.approvedAt, i18n.language) })}. {t("notes.hash", { hash: notes.contentHash })}
            </p>
          ) : null}
          {notes.comments.length > 0 ? (
            <>
              <h3 className="mt-4 font-semibold">{t("notes.clientComments")}</h3>
              <ul className="mt-1 space-y-1">
                {notes.comments.map((comment) => (
                  <li key={comment.at} className="whitespace-pre-line">{`${formatDateTime(comment.at, i18n.language)}: ${comment.text}`}</li>
                ))}
              </ul>
            </>
          ) : null}
        </>
      ) : null}

      {canWrite ? (
        <p className="mt-4">
          <Link to={`${base}/notes`} className="button button-secondary">{t(notes ? "notes.edit" : "notes.write")}</Link>
          {notes?.state === "circulated" ? <span className="ml-3 text-sm">{t("notes.editCirculated")}</span> : null}
        </p>
      ) : null}

      {canReview && notes ? (
        <div className="mt-4 rounded border border-line p-4">
          <h3 className="font-semibold">{t("notes.approveHeading")}</h3>
          <Form method="post" className="mt-2">
            <input type="hidden" name="intent" value="approve_notes" />
            <input type="hidden" name="version" value={notes.version} />
            <button type="submit" className="button">{t("notes.approve", { version: notes.version })}</button>
          </Form>
          <Form method="post" className="mt-4">
            <input type="hidden" name="intent" value="request_change" />
            <input type="hidden" name="version" value={notes.version} />
            <label htmlFor="comment" className="block font-semibold">{t("notes.changeComment")}</label>
            <textarea id="comment" name="comment" rows={3} maxLength={2000} required className="mt-1 block w-full rounded border-2 border-line px-3 py-2" />
            <button type="submit" className="button button-secondary mt-2">{t("notes.requestChange")}</button>
          </Form>
        </div>
      ) : null}

      {canPropose ? (
        <Form method="post" className="mt-4">
          <input type="hidden" name="intent" value="propose_steps" />
          <p className="mb-2">{t("notes.proposeIntro")}</p>
          <button type="submit" className="button">{t("notes.propose")}</button>
        </Form>
      ) : null}
    </section>
  );
}
