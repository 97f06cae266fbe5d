-- The cluster's route set (routes/README.md, "Loading and reloading"): one row per change, a reload of
-- routes/*.yaml or a source route stopped or started by an administrator. Every hub instance applies the
-- latest generation when it is announced on hub.routes.changed, or when its periodic comparison finds
-- one it has not applied; at start it loads its own routes/ directory and applies only the stopped routes.
CREATE TABLE route_set (
    generation       BIGINT        PRIMARY KEY,      -- 1 for the first change, +1 for each one after
    files            VARCHAR       NOT NULL,         -- JSON {"citizens.yaml": "<the file's YAML>", ...}
    digest           VARCHAR(64)   NOT NULL,         -- SHA-256 (hex) of the files' names and contents
    files_generation BIGINT        NOT NULL,         -- the reload that stored these files: this row's for a
                                                     -- reload, the row before's for a stop or start (0: none yet)
    stopped_routes   VARCHAR(4000) NOT NULL,         -- JSON ["source.land.fetch", ...]: stopped on every instance
    changed_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    changed_by       VARCHAR(64)   NOT NULL          -- the administrator's client id
);
