import { timestamp } from "drizzle-orm/pg-core";

/** A point in time with time zone, read as a JavaScript Date. */
export const timestamptz = (name: string) => timestamp(name, { withTimezone: true, mode: "date" });
