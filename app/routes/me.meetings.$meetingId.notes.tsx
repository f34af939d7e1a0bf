import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireClient } from "~/access/guards.server";
import { Page } from "~/components/layout/Page";
import { MeetingTime } from "~/components/meetings/MeetingDetails";
import { NotesContent } from "~/components/meetings/MeetingNotes";
import { pageTitle } from "~/i18n/meta";
import { clientMeetingView } from "~/services/meetings/view.server";
import { failure } from "~/lib/http.server";
import { idParam, readWith } from "~/web/frame.server";

export const handle = { i18n: ["meetings"] };

/** The approved notes of the client's meeting, to print (404 before approval or for anyone else's). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const view = await readWith(request, requireClient, (reader) => clientMeetingView(reader, idParam(params, "meetingId")));
  if (!view.notes) throw failure(404, "not_found");
  return { meeting: view.meeting, notes: view.notes };
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "meetings:meNotes.printTitle");

export default function PrintableNotes() {
  const { t } = useTranslation("meetings");
  const { meeting, notes } = useLoaderData<typeof loader>();
  return (
    <Page title={`${t("meNotes.printTitle")}: ${t(`kinds.${meeting.kind}`)}`}>
      <p className="mb-2">
        <MeetingTime meeting={meeting} />
        {meeting.place ? `, ${meeting.place}` : ""}
      </p>
      <p className="mb-4">{meeting.participants.map((participant) => `${participant.organization} – ${participant.unit}`).join("; ")}</p>
      <NotesContent notes={notes} />
      <p className="mt-6 break-all text-sm">{notes.contentHash ? t("notes.hash", { hash: notes.contentHash }) : null}</p>
      <div className="mt-6 flex flex-wrap gap-3 print:hidden">
        <button type="button" className="button" onClick={() => window.print()}>
          {t("meNotes.printButton")}
        </button>
        <Link to={`/me/meetings/${meeting.id}`} className="button button-secondary">{t("meNotes.back")}</Link>
      </div>
    </Page>
  );
}
