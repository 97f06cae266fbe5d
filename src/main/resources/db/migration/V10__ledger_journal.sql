-- The position up to which each hub instance's ledger journal is in the database (ledger/LedgerJournal):
-- written in the transaction that imports the rows before it, so that each journaled row is imported once.
CREATE TABLE ledger_journal (
    journal_id     VARCHAR(36) PRIMARY KEY,
    segment        BIGINT      NOT NULL,
    segment_offset BIGINT      NOT NULL,
    imported_at    TIMESTAMP WITH TIME ZONE NOT NULL
);
