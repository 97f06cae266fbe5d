-- What hub instances sharing this database coordinate through it (docs/operations.md).

-- A named job only one instance runs at a time (a queue's sweep, cluster/ClusterLocks): the instance running
-- it holds the row locked for the length of one round; a crashed holder's lock ends with its connection.
CREATE TABLE cluster_lock (
    name VARCHAR(100) PRIMARY KEY
);

-- Each client's request budget, one for the whole cluster (security/RateLimits): Bucket4j's bucket state.
CREATE TABLE rate_limit_bucket (
    id         VARCHAR(200) PRIMARY KEY,
    state      BYTEA,
    expires_at BIGINT
);
