CREATE TABLE "mailbox_threads" (
	"unit_id" uuid NOT NULL,
	"thread_id" uuid NOT NULL,
	"sent_at" timestamp with time zone NOT NULL,
	"message_id" uuid NOT NULL,
	CONSTRAINT "mailbox_threads_unit_id_thread_id_pk" PRIMARY KEY("unit_id","thread_id")
);
--> statement-breakpoint
ALTER TABLE "mailbox_threads" ADD CONSTRAINT "mailbox_threads_unit_id_org_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."org_units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mailbox_threads" ADD CONSTRAINT "mailbox_threads_message_id_messages_id_fk" FOREIGN KEY ("message_id") REFERENCES "public"."messages"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "mailbox_threads_latest_idx" ON "mailbox_threads" USING btree ("unit_id","sent_at" DESC NULLS FIRST,"message_id" DESC NULLS FIRST);--> statement-breakpoint
-- Each mailbox's threads by their latest message are kept by the database, so that no writer of
-- `messages` (the send, the seed, a test, an import) can forget them: the messages an INSERT wrote
-- make their threads the latest of both their units' mailboxes, unless a thread already holds a
-- later message there (order: sent_at, then id, as the mailbox lists; db/schema/messages.ts,
-- mailboxThreads). Once per statement, over all the rows it wrote, so a bulk import costs one
-- upsert per thread and unit rather than one per message.
CREATE OR REPLACE FUNCTION "messages_mailbox_threads"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "mailbox_threads" AS "t" ("unit_id", "thread_id", "sent_at", "message_id")
  SELECT DISTINCT ON ("unit", "thread_id") "unit", "thread_id", "sent_at", "id"
  FROM (
    SELECT "sender_unit_id" AS "unit", "thread_id", "sent_at", "id" FROM "written"
    UNION ALL
    SELECT "recipient_unit_id", "thread_id", "sent_at", "id" FROM "written"
  ) AS "m"
  ORDER BY "unit", "thread_id", "sent_at" DESC, "id" DESC
  ON CONFLICT ("unit_id", "thread_id") DO UPDATE SET "sent_at" = EXCLUDED.sent_at, "message_id" = EXCLUDED.message_id
    WHERE ("t"."sent_at", "t"."message_id") < (EXCLUDED.sent_at, EXCLUDED.message_id);
  RETURN NULL;
END
$$;--> statement-breakpoint
CREATE TRIGGER "messages_mailbox_threads" AFTER INSERT ON "messages" REFERENCING NEW TABLE AS "written" FOR EACH STATEMENT EXECUTE FUNCTION "messages_mailbox_threads"();--> statement-breakpoint
INSERT INTO "mailbox_threads" ("unit_id", "thread_id", "sent_at", "message_id")
SELECT DISTINCT ON ("unit", "thread_id") "unit", "thread_id", "sent_at", "id"
FROM (
  SELECT "recipient_unit_id" AS "unit", "thread_id", "sent_at", "id" FROM "messages"
  UNION ALL
  SELECT "sender_unit_id", "thread_id", "sent_at", "id" FROM "messages"
) AS "m"
ORDER BY "unit", "thread_id", "sent_at" DESC, "id" DESC;
