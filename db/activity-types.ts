import { sql } from "drizzle-orm";
import type { Database } from "../app/lib/db.server";
import { activityTypes } from "./schema";

/** The usual activities of a shared plan (municipal flows, AF and FK programmes), in the order officers pick from. */
export const planActivityTypes = [
  { code: "kartlaggning", sv: "Kartläggning", en: "Mapping" },
  { code: "coachning", sv: "Coachning", en: "Coaching" },
  { code: "arbetsmarknadskurs", sv: "Arbetsmarknadskurs", en: "Labour-market course" },
  { code: "sprakpraktik", sv: "Språkpraktik", en: "Language practice" },
  { code: "yrkesorientering", sv: "Yrkesorientering", en: "Vocational orientation" },
  { code: "arbetspraktik", sv: "Arbetspraktik", en: "Work practice" },
  { code: "subventionerad_anstallning", sv: "Subventionerad anställning", en: "Subsidised employment" },
  { code: "studier", sv: "Studier", en: "Studies" },
  { code: "sjukskrivning_rehabilitering", sv: "Sjukskrivning/rehabilitering", en: "Sick leave/rehabilitation" },
  { code: "behandling", sv: "Behandling", en: "Treatment" },
  { code: "annat", sv: "Annat", en: "Other" },
] as const;

export async function syncActivityTypes(db: Database): Promise<void> {
  const rows = planActivityTypes.map((type, sort) => ({ code: type.code, nameSv: type.sv, nameEn: type.en, sort }));
  await db
    .insert(activityTypes)
    .values(rows)
    .onConflictDoUpdate({ target: activityTypes.code, set: { nameSv: sql`excluded.name_sv`, nameEn: sql`excluded.name_en`, sort: sql`excluded.sort` } });
}
