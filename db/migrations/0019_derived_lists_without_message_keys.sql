-- The mailbox's lists of messages (mailbox_threads, mailbox_unopened) are written only by triggers
-- on "messages", from the rows just written, and messages are never deleted: a foreign key to
-- "messages" checked nothing a trigger could get wrong. PostgreSQL plans each foreign key's check
-- once per connection and keeps that plan until the table's statistics change, so a connection
-- that first checked while "messages" was tiny went on scanning all of it for every row it checked
-- (a bulk insert of 100 000 messages ran for more than ten minutes instead of 9 s; docs/bench.md).
ALTER TABLE "mailbox_threads" DROP CONSTRAINT "mailbox_threads_message_id_messages_id_fk";
--> statement-breakpoint
ALTER TABLE "mailbox_unopened" DROP CONSTRAINT "mailbox_unopened_message_id_messages_id_fk";
