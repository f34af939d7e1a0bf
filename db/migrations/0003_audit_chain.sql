ALTER TABLE "audit_events" ADD COLUMN "chain_key" text;--> statement-breakpoint
ALTER TABLE "audit_events" ADD COLUMN "chain_seq" bigint;--> statement-breakpoint
ALTER TABLE "audit_events" ADD COLUMN "prev_hash" text;--> statement-breakpoint
ALTER TABLE "audit_events" ADD COLUMN "hash" text;--> statement-breakpoint
CREATE UNIQUE INDEX "audit_events_chain_idx" ON "audit_events" USING btree ("chain_key","chain_seq");--> statement-breakpoint
-- Every column of an event (and its place in the chain) as one deterministic text; JSON arrays
-- keep field boundaries unambiguous and jsonb prints its keys in a fixed order.
CREATE FUNCTION "audit_event_canonical"(e "audit_events") RETURNS text LANGUAGE sql STABLE AS $$
  SELECT json_build_array(
    e.id, to_char(e.occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
    e.actor_type, e.actor_user_id, e.actor_client_id, e.organization_id, e.unit_id, e.role,
    e.action, e.outcome, e.reason, e.client_id, e.case_id, e.resource_type, e.resource_id,
    e.category, e.basis, e.request_id, e.details, e.chain_key, e.chain_seq, e.prev_hash
  )::text
$$;--> statement-breakpoint
CREATE FUNCTION "audit_event_digest"(e "audit_events") RETURNS text LANGUAGE sql STABLE AS $$
  SELECT encode(sha256(convert_to(audit_event_canonical(e), 'UTF8')), 'hex')
$$;--> statement-breakpoint
-- Links each new event to the previous one of its chain: one chain per client, or per acting
-- user or client when no client is concerned. The advisory lock serialises writers of the same
-- chain only, until their transaction ends; other chains proceed in parallel.
CREATE FUNCTION "audit_events_chain"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  last_seq bigint;
  last_hash text;
BEGIN
  NEW.chain_key := coalesce('client:' || NEW.client_id::text, 'user:' || NEW.actor_user_id, 'client:' || NEW.actor_client_id::text, 'anonymous');
  PERFORM pg_advisory_xact_lock(hashtextextended('audit_events:' || NEW.chain_key, 0));
  SELECT chain_seq, hash INTO last_seq, last_hash FROM audit_events WHERE chain_key = NEW.chain_key ORDER BY chain_seq DESC LIMIT 1;
  NEW.chain_seq := coalesce(last_seq, 0) + 1;
  NEW.prev_hash := coalesce(last_hash, repeat('0', 64));
  NEW.hash := audit_event_digest(NEW);
  RETURN NEW;
END
$$;--> statement-breakpoint
-- Events written before the chain existed get their links now, in the order they were written.
ALTER TABLE "audit_events" DISABLE TRIGGER "audit_events_no_update_or_delete";--> statement-breakpoint
DO $$
DECLARE
  e audit_events;
  last_seq bigint;
  last_hash text;
BEGIN
  FOR e IN SELECT * FROM audit_events ORDER BY id LOOP
    e.chain_key := coalesce('client:' || e.client_id::text, 'user:' || e.actor_user_id, 'client:' || e.actor_client_id::text, 'anonymous');
    SELECT chain_seq, hash INTO last_seq, last_hash FROM audit_events WHERE chain_key = e.chain_key ORDER BY chain_seq DESC LIMIT 1;
    e.chain_seq := coalesce(last_seq, 0) + 1;
    e.prev_hash := coalesce(last_hash, repeat('0', 64));
    UPDATE audit_events SET chain_key = e.chain_key, chain_seq = e.chain_seq, prev_hash = e.prev_hash, hash = audit_event_digest(e) WHERE id = e.id;
  END LOOP;
END
$$;--> statement-breakpoint
ALTER TABLE "audit_events" ENABLE TRIGGER "audit_events_no_update_or_delete";--> statement-breakpoint
CREATE TRIGGER "audit_events_chain" BEFORE INSERT ON "audit_events" FOR EACH ROW EXECUTE FUNCTION "audit_events_chain"();
