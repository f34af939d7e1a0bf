import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireClient } from "~/access/guards.server";
import { calendarFileResponse } from "~/services/meetings/calendar.server";
import { meetingCalendarFile } from "~/services/meetings/view.server";
import { idParam, readResource } from "~/web/frame.server";

/** The client's own meeting as an iCalendar file (RFC 5545), to save in their calendar. A resource route: 401, never the sign-in page. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const file = await readResource(request, (req) => requireClient(req, { resource: true }), (reader) => meetingCalendarFile(reader, idParam(params, "meetingId")));
  return calendarFileResponse(file);
}
