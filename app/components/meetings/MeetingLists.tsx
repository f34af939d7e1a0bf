import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { MeetingTime } from "./MeetingDetails";
import type { MeetingSummary } from "~/services/meetings/view.server";

/** "Dina möten" on the client's home: each meeting in plain words, with the client's own answer. */
export function ClientMeetings({ meetings }: { meetings: (MeetingSummary & { clientResponse: string; clientTakesPart: boolean })[] }) {
  const { t } = useTranslation("meetings");
  return (
    <section aria-labelledby="client-meetings" className="mb-section">
      <h2 id="client-meetings" className="text-xl font-semibold">{t("me.heading")}</h2>
      <p className="mb-2 max-w-prose">{t("me.intro")}</p>
      {meetings.length === 0 ? <p>{t("me.empty")}</p> : null}
      <ul className="space-y-2">
        {meetings.map((meeting) => (
          <li key={meeting.id} className="rounded border border-line p-3">
            <Link to={`/me/meetings/${meeting.id}`} className="font-semibold underline">
              {t(`kinds.${meeting.kind}`)}, <MeetingTime meeting={meeting} />
            </Link>
            <span className="block text-sm">
              {meeting.status === "cancelled" ? t("status.cancelled") : meeting.clientTakesPart ? `${t("me.yourAnswer")}: ${t(`responses.${meeting.clientResponse}` as never)}` : null}
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}

/** The meetings of a case on its page, and the way to call one. */
export function CaseMeetings({ caseId, meetings, canCall }: { caseId: string; meetings: MeetingSummary[]; canCall: boolean }) {
  const { t } = useTranslation("meetings");
  return (
    <section aria-labelledby="meetings-heading" className="mt-section">
      <h2 id="meetings-heading" className="text-xl font-semibold">{t("case.heading")}</h2>
      <p className="my-3 max-w-prose">{t("case.intro")}</p>
      {meetings.length === 0 ? <p className="mb-3">{t("case.empty")}</p> : null}
      <ul className="mb-3 space-y-2">
        {meetings.map((meeting) => (
          <li key={meeting.id}>
            <Link to={`/cases/${caseId}/meetings/${meeting.id}`} className="underline">
              {t(`kinds.${meeting.kind}`)}, <MeetingTime meeting={meeting} />
            </Link>
            {meeting.status === "cancelled" ? <span className="ml-2 text-sm">({t("status.cancelled")})</span> : null}
          </li>
        ))}
      </ul>
      {canCall ? (
        <Link to={`/cases/${caseId}/meetings/new`} className="button">{t("case.call")}</Link>
      ) : null}
    </section>
  );
}
