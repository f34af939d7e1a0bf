import { sql } from "drizzle-orm";
import { db } from "~/lib/db.server";

/**
 * What a half-written change would leave behind: each check is a query for rows that only a
 * write that stopped halfway could produce (every write runs in one transaction, so there should
 * be none). Returns one line per offending row, "" lines never.
 */
const checks: { name: string; query: string }[] = [
  { name: "consent without grants", query: "select id::text from consents c where not exists (select 1 from consent_grants g where g.consent_id = c.id)" },
  { name: "consent request without lines", query: "select id::text from consent_requests r where not exists (select 1 from consent_request_lines l where l.request_id = r.id)" },
  { name: "case without its lead unit taking part", query: "select id::text from cases c where not exists (select 1 from case_participants p where p.case_id = c.id and p.unit_id = c.lead_unit_id)" },
  { name: "information request without items", query: "select id::text from info_requests r where not exists (select 1 from info_request_items i where i.request_id = r.id)" },
  { name: "information request without the transition to its status", query: "select id::text from info_requests r where not exists (select 1 from info_request_transitions t where t.request_id = r.id and t.to_status = r.status)" },
  { name: "plan activity without its history", query: "select id::text from plan_activities a where not exists (select 1 from plan_history h where h.item_id = a.id and h.change = 'created')" },
  { name: "plan goal without its history", query: "select id::text from plan_goals g where not exists (select 1 from plan_history h where h.item_id = g.id and h.change = 'created')" },
  {
    name: "control characters stored in text (only tab, LF and CR may be)",
    query: `select 'case entry ' || id from case_entries where text ~ '[\\x01-\\x08\\x0B\\x0C\\x0E-\\x1F\\x7F]'
            union all select 'goal ' || id from plan_goals where text ~ '[\\x01-\\x08\\x0B\\x0C\\x0E-\\x1F\\x7F]' or client_words ~ '[\\x01-\\x08\\x0B\\x0C\\x0E-\\x1F\\x7F]'
            union all select 'activity ' || id from plan_activities where title ~ '[\\x01-\\x08\\x0B\\x0C\\x0E-\\x1F\\x7F]' or note ~ '[\\x01-\\x08\\x0B\\x0C\\x0E-\\x1F\\x7F]'
            union all select 'request ' || id from info_requests where purpose ~ '[\\x01-\\x08\\x0B\\x0C\\x0E-\\x1F\\x7F]'
            union all select 'agenda point ' || id from meeting_agenda_items where text ~ '[\\x01-\\x08\\x0B\\x0C\\x0E-\\x1F\\x7F]'
            union all select 'meeting notes ' || n.id from meeting_notes n, jsonb_array_elements(n.content -> 'points') p where concat(p ->> 'topic', p ->> 'said', p ->> 'decided') ~ '[\\x01-\\x08\\x0B\\x0C\\x0E-\\x1F\\x7F]'
            union all select 'meeting notes step ' || n.id from meeting_notes n, jsonb_array_elements(n.content -> 'nextSteps') s where (s ->> 'text') ~ '[\\x01-\\x08\\x0B\\x0C\\x0E-\\x1F\\x7F]'
            union all select 'notes review ' || id from meeting_note_reviews where comment ~ '[\\x01-\\x08\\x0B\\x0C\\x0E-\\x1F\\x7F]'
            union all select 'notes comment ' || id from meeting_note_comments where text ~ '[\\x01-\\x08\\x0B\\x0C\\x0E-\\x1F\\x7F]'`,
  },
];

export async function halfWritten(): Promise<string[]> {
  const found: string[] = [];
  for (const check of checks) {
    const rows = await db().execute(sql.raw(check.query));
    const list = (Array.isArray(rows) ? rows : (rows as { rows: unknown[] }).rows) as Record<string, unknown>[];
    for (const row of list) found.push(`${check.name}: ${Object.values(row)[0]}`);
  }
  return found;
}
