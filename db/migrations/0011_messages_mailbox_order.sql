DROP INDEX "messages_inbox_idx";--> statement-breakpoint
DROP INDEX "messages_sent_idx";--> statement-breakpoint
DROP INDEX "messages_unopened_idx";--> statement-breakpoint
CREATE INDEX "messages_inbox_idx" ON "messages" USING btree ("recipient_unit_id","sent_at" DESC NULLS FIRST,"id" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX "messages_sent_idx" ON "messages" USING btree ("sender_unit_id","sent_at" DESC NULLS FIRST,"id" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX "messages_unopened_idx" ON "messages" USING btree ("recipient_unit_id","sent_at" DESC NULLS FIRST,"id" DESC NULLS FIRST) WHERE "messages"."opened_at" is null;