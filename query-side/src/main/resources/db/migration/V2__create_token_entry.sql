-- Axon's JDBC token store (PostgresTokenTableFactory's layout): where each tracking processor of this service
-- stands in the shared event store. Axon infrastructure, so it has no tenant_id.
CREATE TABLE tokenentry (
    processorname varchar(255) NOT NULL,
    segment       integer      NOT NULL,
    token         bytea,
    tokentype     varchar(255),
    timestamp     varchar(255),
    owner         varchar(255),
    CONSTRAINT tokenentry_pk PRIMARY KEY (processorname, segment)
);
