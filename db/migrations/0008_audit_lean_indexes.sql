-- The audit trail keeps only the indexes its pages use: each index is work on every look (ADR 0015).
DROP INDEX "audit_events_occurred_idx";--> statement-breakpoint
DROP INDEX "audit_events_request_idx";