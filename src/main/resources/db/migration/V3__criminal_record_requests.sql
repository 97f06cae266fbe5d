-- Criminal-record certificate requests (API.md §3, DESIGN.md flow 3): stored PENDING, submitted to
-- the criminal-records service through a persistent Artemis queue (sent after commit; the sweeper
-- sends what a crash left unsent), then polled until ISSUED, REJECTED or FAILED.
-- Personal data is AES-GCM encrypted (document, upstream request id, certificate); the subject
-- is otherwise only the ledger's keyed hash.
CREATE TABLE criminal_record_request (
    request_id          UUID         PRIMARY KEY,
    client_id           VARCHAR(64)  NOT NULL,
    agency_code         VARCHAR(64),
    dossier_id          VARCHAR(64)  NOT NULL,
    procedure_code      VARCHAR(16)  NOT NULL,
    officer_id          VARCHAR(64),
    correlation_id      VARCHAR(64)  NOT NULL,          -- of the POST; the ledger row carries it
    subject_hash        CHAR(64)     NOT NULL,          -- hex HMAC-SHA256, as in lookup_ledger
    certificate_type    SMALLINT     NOT NULL,          -- 1 or 2
    document            BYTEA        NOT NULL,          -- AES-GCM: the request as posted
    status              VARCHAR(16)  NOT NULL,          -- PENDING ISSUED REJECTED FAILED
    upstream_request_id BYTEA,                          -- AES-GCM: MaYeuCau (it may embed the personal ID)
    attempts            INTEGER      NOT NULL,          -- submission attempts
    polls               INTEGER      NOT NULL,          -- status polls
    claim_version       INTEGER      NOT NULL,          -- optimistic claim of a poll
    created_at          TIMESTAMP WITH TIME ZONE NOT NULL,
    deadline_at         TIMESTAMP WITH TIME ZONE NOT NULL,
    next_poll_at        TIMESTAMP WITH TIME ZONE,       -- set once submitted, null once completed
    enqueued_at         TIMESTAMP WITH TIME ZONE,       -- null until the submit message is on the queue
    submitted_at        TIMESTAMP WITH TIME ZONE,
    completed_at        TIMESTAMP WITH TIME ZONE,
    certificate         BYTEA,                          -- AES-GCM: the canonical certificate JSON, when ISSUED
    reason              VARCHAR(1000),                  -- why REJECTED or FAILED
    updated_at          TIMESTAMP WITH TIME ZONE NOT NULL
);
-- the poller: pending requests whose next poll is due
CREATE INDEX ix_criminal_record_due ON criminal_record_request (status, next_poll_at);
-- the sweeper: requests committed but not yet queued (a crash between commit and send)
CREATE INDEX ix_criminal_record_unqueued ON criminal_record_request (enqueued_at, created_at);
