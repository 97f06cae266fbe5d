-- The audit trail's filters and pages (GET /api/v1/admin/audit): latest first by (occurred_at, id), the keyset
-- of its pages, alone or after an exact actor or action. Plain SQL that PostgreSQL and H2 both run.
DROP INDEX ix_audit_time;
CREATE INDEX ix_audit_time ON audit_event (occurred_at, id);
CREATE INDEX ix_audit_actor_time ON audit_event (actor, occurred_at, id);
CREATE INDEX ix_audit_action_time ON audit_event (action, occurred_at, id);
