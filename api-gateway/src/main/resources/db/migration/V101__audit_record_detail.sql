-- What the service that answered a request added to its audit record (see docs/audit.md, "Detail"). Nullable:
-- records without a detail, including every record written before this column existed, keep their hash.
ALTER TABLE gateway.audit_record ADD COLUMN detail jsonb;
