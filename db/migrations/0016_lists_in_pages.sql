DROP INDEX "audit_events_org_idx";--> statement-breakpoint
DROP INDEX "notifications_unit_idx";--> statement-breakpoint
DROP INDEX "notifications_client_idx";--> statement-breakpoint
CREATE INDEX "plan_activities_follow_up_unit_idx" ON "plan_activities" USING btree ("unit_id","follow_up_date","id") WHERE "plan_activities"."proposal" = 'accepted' and "plan_activities"."follow_up_date" is not null and "plan_activities"."status" not in ('done', 'cancelled');--> statement-breakpoint
CREATE INDEX "plan_activities_follow_up_assignee_idx" ON "plan_activities" USING btree ("assignee_id","follow_up_date","id") WHERE "plan_activities"."proposal" = 'accepted' and "plan_activities"."follow_up_date" is not null and "plan_activities"."status" not in ('done', 'cancelled');--> statement-breakpoint
CREATE INDEX "info_requests_open_queue_idx" ON "info_requests" USING btree ("receiving_unit_id",coalesce("desired_by", '9999-12-31'::date),"submitted_at","id") WHERE "info_requests"."status" in ('submitted', 'in_review');--> statement-breakpoint
CREATE INDEX "info_requests_done_idx" ON "info_requests" USING btree ("receiving_unit_id",coalesce("answered_at", "submitted_at"),"id") WHERE "info_requests"."status" in ('answered', 'partly_answered', 'declined', 'withdrawn') and "info_requests"."submitted_at" is not null;--> statement-breakpoint
CREATE INDEX "audit_events_org_idx" ON "audit_events" USING btree ("organization_id","occurred_at","id");--> statement-breakpoint
CREATE INDEX "notifications_unit_idx" ON "notifications" USING btree ("unit_id","created_at","id");--> statement-breakpoint
CREATE INDEX "notifications_client_idx" ON "notifications" USING btree ("client_id","created_at","id");