DROP INDEX "case_participants_org_idx";--> statement-breakpoint
DROP INDEX "cases_lead_org_idx";--> statement-breakpoint
ALTER TABLE "case_participants" ADD COLUMN "case_opened_at" timestamp with time zone;--> statement-breakpoint
UPDATE "case_participants" SET "case_opened_at" = "cases"."opened_at" FROM "cases" WHERE "cases"."id" = "case_participants"."case_id";--> statement-breakpoint
ALTER TABLE "case_participants" ALTER COLUMN "case_opened_at" SET NOT NULL;--> statement-breakpoint
CREATE INDEX "case_participants_org_idx" ON "case_participants" USING btree ("organization_id","case_opened_at","case_id");--> statement-breakpoint
CREATE INDEX "cases_lead_org_idx" ON "cases" USING btree ("lead_organization_id","opened_at","id");
