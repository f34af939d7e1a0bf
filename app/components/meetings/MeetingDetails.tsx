import { useTranslation } from "react-i18next";
import { formatDate } from "~/lib/format";
import type { MeetingSummary, MeetingView } from "~/services/meetings/view.server";

/** "26 mars 2027, 09:00–10:30": the Swedish date and wall-clock times of a meeting. */
export function MeetingTime({ meeting }: { meeting: Pick<MeetingSummary, "date" | "start" | "end"> }) {
  const { i18n } = useTranslation();
  return <>{`${formatDate(meeting.date, i18n.language, "long")}, ${meeting.start}–${meeting.end}`}</>;
}

/** What, when, where (or the video link) and who organises: the head of a meeting page. */
export function MeetingFacts({ meeting, audience }: { meeting: MeetingView; audience: "staff" | "client" }) {
  const { t } = useTranslation("meetings");
  const words = audience === "client" ? "me" : "view";
  return (
    <dl className="mb-section grid max-w-3xl grid-cols-1 gap-x-6 gap-y-2 sm:grid-cols-[12rem_1fr]">
      {audience === "client" ? (
        <>
          <dt className="font-semibold">{t("me.what")}</dt>
          <dd>{t(`kinds.${meeting.kind}`)}</dd>
        </>
      ) : null}
      <dt className="font-semibold">{t(`${words}.when`)}</dt>
      <dd>
        <MeetingTime meeting={meeting} />
      </dd>
      {meeting.place ? (
        <>
          <dt className="font-semibold">{t(`${words}.where`)}</dt>
          <dd>{meeting.place}</dd>
        </>
      ) : null}
      {meeting.videoLink ? (
        <>
          <dt className="font-semibold">{t(`${words}.video`)}</dt>
          <dd>
            <a href={meeting.videoLink} rel="noopener noreferrer" className="underline">
              {meeting.videoLink}
            </a>
          </dd>
        </>
      ) : null}
      {audience === "staff" ? (
        <>
          <dt className="font-semibold">{t("view.organizer")}</dt>
          <dd>{`${meeting.organizer.organization} – ${meeting.organizer.unit}`}</dd>
          <dt className="font-semibold">{t("view.noteTaker")}</dt>
          <dd>{meeting.noteTaker}</dd>
        </>
      ) : null}
    </dl>
  );
}

/** Who takes part and what each unit answered (the client's own line for staff). */
export function MeetingParticipants({ meeting, audience }: { meeting: MeetingView; audience: "staff" | "client" }) {
  const { t } = useTranslation("meetings");
  return (
    <section aria-labelledby="participants-heading" className="mb-section">
      <h2 id="participants-heading" className="text-xl font-semibold">
        {t(audience === "client" ? "me.who" : "view.participants")}
      </h2>
      <ul className="mt-3 space-y-2">
        {meeting.participants.map((participant) => (
          <li key={participant.unitId} className="rounded border border-line p-3">
            <span className="font-semibold">{`${participant.organization} – ${participant.unit}`}</span>
            {participant.officer ? <span>{`, ${participant.officer}`}</span> : null}
            <span className="block text-sm">
              {t(`responses.${participant.response}`)}
              {participant.respondedBy && audience === "staff" ? ` (${t("view.respondedBy", { name: participant.respondedBy })})` : null}
            </span>
          </li>
        ))}
        {audience === "staff" ? (
          <li className="rounded border border-line p-3">
            {meeting.clientTakesPart ? t("view.clientComes", { response: t(`responses.${meeting.clientResponse}`) }) : t("view.clientAbsent", { reason: meeting.clientAbsenceReason ?? "" })}
          </li>
        ) : null}
      </ul>
    </section>
  );
}

/** The numbered agenda, each point with its owner (or marked as the client's own). */
export function MeetingAgenda({ meeting }: { meeting: MeetingView }) {
  const { t } = useTranslation("meetings");
  return (
    <section aria-labelledby="agenda-heading" className="mb-section">
      <h2 id="agenda-heading" className="text-xl font-semibold">
        {t("view.agenda")}
      </h2>
      {meeting.agenda.length === 0 ? <p className="mt-2">{t("view.agendaEmpty")}</p> : null}
      <ol className="mt-3 list-decimal space-y-2 pl-6">
        {meeting.agenda.map((item) => (
          <li key={item.position} className="whitespace-pre-line">
            {item.text}
            <span className="block text-sm text-ink-muted">{item.byClient ? t("view.byClient") : item.owner ? t("view.owner", { owner: item.owner }) : null}</span>
          </li>
        ))}
      </ol>
    </section>
  );
}
