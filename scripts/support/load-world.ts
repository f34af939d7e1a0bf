import { sql } from "drizzle-orm";
import type { DatabaseHandle } from "../../app/lib/db.server";

/**
 * The people and cases `npm run load` works on, added once to the portal's own (non-production)
 * database beside the demo world and reused by later runs: `clients` clients "Lastperson n", each
 * with a case led by Sara Lindqvist's unit (Berg, ekonomiskt bistånd) with AF Östersund taking
 * part, a consent letting AF and the municipality share, and one entry of each; and `officers`
 * case officers in that unit. Plain inserts, every trigger and constraint in place; the personal
 * identity numbers are a demo client's ciphertext (the load tool holds no keys), their HMACs unique.
 */
export interface LoadWorld {
  officerIds: string[];
  cases: { caseId: string; clientId: string }[];
}

const leadEmail = "sara.lindqvist@berg.samsyn.example";
const afEmail = "erik.holm@af.samsyn.example";

export async function ensureLoadWorld(handle: DatabaseHandle, { clients, officers }: { clients: number; officers: number }): Promise<LoadWorld> {
  await handle.db.transaction(async (tx) => {
    // One load world at a time, whoever else runs the load tool now.
    await tx.execute(sql`select pg_advisory_xact_lock(7240531002)`);
    const [lead] = (await tx.execute(sql`select id, organization_id, unit_id from users where email = ${leadEmail}`)) as unknown as Row[];
    const [af] = (await tx.execute(sql`select id, organization_id, unit_id from users where email = ${afEmail}`)) as unknown as Row[];
    if (!lead || !af) throw new Error("npm run load needs the demo world (Sara Lindqvist and Erik Holm): start the portal once on this database first");
    await tx.execute(sql`insert into users (id, organization_id, unit_id, email, name, title, role)
      select 'load-officer-' || i, ${lead.organization_id}::uuid, ${lead.unit_id}::uuid, 'load.officer' || i || '@berg.samsyn.example', 'Lasthandläggare ' || i, 'Socialsekreterare', 'case_officer'
      from generate_series(1, ${officers}::int) i on conflict (id) do nothing`);
    const [counted] = (await tx.execute(sql`select count(*)::int as have from clients where given_name = 'Lastperson'`)) as unknown as { have: number }[];
    const have = counted?.have ?? 0;
    if (have >= clients) return;
    await tx.execute(sql`insert into clients (personnummer_encrypted, personnummer_hmac, given_name, family_name, identity_unit_id)
      select (select personnummer_encrypted from clients where given_name <> 'Lastperson' order by created_at limit 1),
        md5('load-client-' || i) || md5('load' || i), 'Lastperson', 'Nummer ' || i, ${lead.unit_id}::uuid
      from generate_series(${have + 1}::int, ${clients}::int) i`);
    await tx.execute(sql`create temporary table new_load_cases on commit drop as
      with added as (
        insert into cases (client_id, lead_organization_id, lead_unit_id, opened_by, opened_at)
        select c.id, ${lead.organization_id}::uuid, ${lead.unit_id}::uuid, ${lead.id}, now() - interval '30 days'
        from clients c where c.given_name = 'Lastperson' and not exists (select 1 from cases k where k.client_id = c.id)
        returning id, client_id, opened_at)
      select * from added`);
    await tx.execute(sql`insert into case_participants (case_id, organization_id, unit_id, added_by, case_opened_at)
      select id, ${lead.organization_id}::uuid, ${lead.unit_id}::uuid, ${lead.id}, opened_at from new_load_cases
      union all select id, ${af.organization_id}::uuid, ${af.unit_id}::uuid, ${lead.id}, opened_at from new_load_cases`);
    await tx.execute(sql`insert into consents (id, lineage_id, version, case_id, client_id, purpose, method, given_at, valid_from, valid_until, recorded_by)
      select id, id, 1, id, client_id, 'Lasttest', 'recorded_paper', now() - interval '28 days', now() - interval '28 days', now() + interval '300 days', ${lead.id} from new_load_cases`);
    await tx.execute(sql`insert into consent_grants (consent_id, discloser_organization_id, recipient_organization_id, category_code)
      select id, ${af.organization_id}::uuid, ${lead.organization_id}::uuid, 'af.planning_meeting' from new_load_cases
      union all select id, ${lead.organization_id}::uuid, ${af.organization_id}::uuid, 'municipality.income_support' from new_load_cases`);
    await tx.execute(sql`insert into case_entries (case_id, client_id, organization_id, unit_id, category_code, text, recorded_by)
      select id, client_id, ${af.organization_id}::uuid, ${af.unit_id}::uuid, 'af.planning_meeting', 'Nästa planeringssamtal: 3 december kl. 10.00.', ${af.id} from new_load_cases
      union all select id, client_id, ${lead.organization_id}::uuid, ${lead.unit_id}::uuid, 'municipality.income_support', 'Försörjningsstöd beviljat för november.', ${lead.id} from new_load_cases`);
  });
  const officerRows = await handle.rows<{ id: string }>(sql`select id from users where id like 'load-officer-%' order by length(id), id limit ${officers}`);
  const caseRows = await handle.rows<{ caseId: string; clientId: string }>(sql`select k.id::text as "caseId", k.client_id::text as "clientId"
    from cases k join clients c on c.id = k.client_id where c.given_name = 'Lastperson' order by c.family_name limit ${clients}`);
  return { officerIds: officerRows.map((row) => row.id), cases: caseRows };
}

interface Row {
  id: string;
  organization_id: string;
  unit_id: string;
}
