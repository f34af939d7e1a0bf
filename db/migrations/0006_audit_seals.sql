-- The per-client hash chains and their lock go (ADR 0014): events are sealed after the fact, in id
-- order, by the sealing job, and verified outside the database.
DROP TRIGGER "audit_events_chain" ON "audit_events";--> statement-breakpoint
DROP FUNCTION "audit_events_chain"();--> statement-breakpoint
DROP FUNCTION "audit_event_digest"("audit_events");--> statement-breakpoint
DROP FUNCTION "audit_event_canonical"("audit_events");--> statement-breakpoint
ALTER TYPE "public"."audit_outcome" ADD VALUE 'withheld';--> statement-breakpoint
CREATE TABLE "audit_seals" (
	"seq" bigint PRIMARY KEY NOT NULL,
	"first_id" bigint NOT NULL,
	"last_id" bigint NOT NULL,
	"absent_ids" bigint[] NOT NULL,
	"event_count" integer NOT NULL,
	"event_digests" bytea NOT NULL,
	"prev_root" text NOT NULL,
	"root" text NOT NULL,
	"sealed_at" timestamp with time zone NOT NULL,
	"key_id" text NOT NULL,
	"signature" text NOT NULL
);
--> statement-breakpoint
DROP INDEX "audit_events_chain_idx";--> statement-breakpoint
ALTER TABLE "audit_events" DROP COLUMN "chain_key";--> statement-breakpoint
ALTER TABLE "audit_events" DROP COLUMN "chain_seq";--> statement-breakpoint
ALTER TABLE "audit_events" DROP COLUMN "prev_hash";--> statement-breakpoint
ALTER TABLE "audit_events" DROP COLUMN "hash";--> statement-breakpoint
ALTER TABLE "audit_events" ADD COLUMN "reads" jsonb;--> statement-breakpoint
-- Seals are as append-only as the events they seal; the refusal names the table.
CREATE OR REPLACE FUNCTION "audit_events_append_only"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only: % is not allowed', TG_TABLE_NAME, TG_OP USING ERRCODE = 'insufficient_privilege';
END
$$;--> statement-breakpoint
CREATE TRIGGER "audit_seals_no_update_or_delete" BEFORE UPDATE OR DELETE ON "audit_seals" FOR EACH ROW EXECUTE FUNCTION "audit_events_append_only"();--> statement-breakpoint
CREATE TRIGGER "audit_seals_no_truncate" BEFORE TRUNCATE ON "audit_seals" FOR EACH STATEMENT EXECUTE FUNCTION "audit_events_append_only"();
