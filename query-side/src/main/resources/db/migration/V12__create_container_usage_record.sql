-- One row per sampled window of a workspace container, from the nodes' ContainerUsageRecorded on Kafka. The id
-- follows from container and window, so a record sent or delivered twice is inserted once.
-- owner_subject is null when the node did not know the owner; the report then takes the workspace's owner.
CREATE TABLE container_usage_record (
    tenant_id          text             NOT NULL,
    id                 uuid             NOT NULL,
    workspace_id       uuid             NOT NULL,
    owner_subject      text,
    node_id            text,
    container_id       text             NOT NULL,
    from_at            timestamptz      NOT NULL,
    to_at              timestamptz      NOT NULL,
    cpu_seconds        double precision NOT NULL,
    memory_gib_seconds double precision NOT NULL,
    disk_gib_hours     double precision NOT NULL,
    CONSTRAINT container_usage_record_pk PRIMARY KEY (id),
    CONSTRAINT container_usage_record_window_check CHECK (from_at < to_at),
    CONSTRAINT container_usage_record_amounts_check
        CHECK (cpu_seconds >= 0 AND memory_gib_seconds >= 0 AND disk_gib_hours >= 0)
);

-- Serves the report: one tenant, a time range (a window counts on the day and in the range where it ends).
CREATE INDEX container_usage_record_tenant_to_idx ON container_usage_record (tenant_id, to_at);
