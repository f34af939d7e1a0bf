ALTER TABLE "clients" ADD COLUMN "identity_unit_id" uuid;--> statement-breakpoint
ALTER TABLE "clients" ADD CONSTRAINT "clients_identity_unit_id_org_units_id_fk" FOREIGN KEY ("identity_unit_id") REFERENCES "public"."org_units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
-- Existing people: the unit that leads their first case holds the identity (ADR 0015).
UPDATE "clients" SET "identity_unit_id" = (
  SELECT "lead_unit_id" FROM "cases" WHERE "cases"."client_id" = "clients"."id" ORDER BY "opened_at", "id" LIMIT 1
);
