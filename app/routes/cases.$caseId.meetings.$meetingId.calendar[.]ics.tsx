import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireOfficer } from "~/access/guards.server";
import { calendarFileResponse } from "~/services/meetings/calendar.server";
import { meetingCalendarFile } from "~/services/meetings/view.server";
import { idParam, readResource } from "~/web/frame.server";

/** The meeting as an iCalendar file (RFC 5545), for the units that see it; the download is recorded. A resource route: 401, never the sign-in page. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const file = await readResource(request, (req) => requireOfficer(req, { resource: true }), (reader) => meetingCalendarFile(reader, idParam(params, "meetingId"), idParam(params, "caseId")));
  return calendarFileResponse(file);
}
