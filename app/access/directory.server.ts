import { activityTypes, infoCategories, organizations, orgUnits, type InfoCategory, type Organization, type OrgUnit } from "../../db/schema";
import type { Reader } from "./reader.server";

/**
 * The directory and the information catalogue (not client data), loaded once per look: pages
 * name organisations, units and categories many times over.
 */
export interface Directory {
  organizations: Map<string, Organization>;
  units: Map<string, OrgUnit>;
  categories: Map<string, InfoCategory>;
  activityTypes: Map<string, typeof activityTypes.$inferSelect>;
}

export function directoryOf(reader: Reader): Promise<Directory> {
  return reader.memo("directory", async () => {
    const [orgRows, unitRows, categoryRows, typeRows] = await Promise.all([
      reader.tx.select().from(organizations),
      reader.tx.select().from(orgUnits),
      reader.tx.select().from(infoCategories),
      reader.tx.select().from(activityTypes),
    ]);
    return {
      organizations: new Map(orgRows.map((row) => [row.id, row])),
      units: new Map(unitRows.map((row) => [row.id, row])),
      categories: new Map(categoryRows.map((row) => [row.code, row])),
      activityTypes: new Map(typeRows.map((row) => [row.code, row])),
    };
  });
}
