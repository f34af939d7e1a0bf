CREATE TABLE "mailbox_unopened" (
	"recipient_unit_id" uuid NOT NULL,
	"sent_at" timestamp with time zone NOT NULL,
	"message_id" uuid NOT NULL,
	CONSTRAINT "mailbox_unopened_recipient_unit_id_sent_at_message_id_pk" PRIMARY KEY("recipient_unit_id","sent_at","message_id")
);
--> statement-breakpoint
DROP INDEX "messages_unopened_idx";--> statement-breakpoint
ALTER TABLE "mailbox_unopened" ADD CONSTRAINT "mailbox_unopened_recipient_unit_id_org_units_id_fk" FOREIGN KEY ("recipient_unit_id") REFERENCES "public"."org_units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mailbox_unopened" ADD CONSTRAINT "mailbox_unopened_message_id_messages_id_fk" FOREIGN KEY ("message_id") REFERENCES "public"."messages"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
-- The queue of unopened messages per functional mailbox is kept by the database, so that no writer
-- of `messages` (the send, the seed, a test, an import) can forget it: a message delivered unopened
-- enters, its first opening takes it out (db/schema/messages.ts, mailboxUnopened).
CREATE OR REPLACE FUNCTION "messages_unopened_queue"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    IF NEW.opened_at IS NULL THEN
      INSERT INTO "mailbox_unopened" ("recipient_unit_id", "sent_at", "message_id") VALUES (NEW.recipient_unit_id, NEW.sent_at, NEW.id);
    END IF;
  ELSIF OLD.opened_at IS NULL AND NEW.opened_at IS NOT NULL THEN
    DELETE FROM "mailbox_unopened" WHERE "recipient_unit_id" = OLD.recipient_unit_id AND "sent_at" = OLD.sent_at AND "message_id" = OLD.id;
  END IF;
  RETURN NULL;
END
$$;--> statement-breakpoint
CREATE TRIGGER "messages_unopened_queue" AFTER INSERT OR UPDATE OF "opened_at" ON "messages" FOR EACH ROW EXECUTE FUNCTION "messages_unopened_queue"();--> statement-breakpoint
INSERT INTO "mailbox_unopened" ("recipient_unit_id", "sent_at", "message_id") SELECT "recipient_unit_id", "sent_at", "id" FROM "messages" WHERE "opened_at" IS NULL;
