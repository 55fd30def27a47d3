-- One row per bot: the health the failover decisions are made from, kept across restarts.
CREATE TABLE bot_health (
    bot                  VARCHAR(32) PRIMARY KEY,
    status               VARCHAR(16) NOT NULL DEFAULT 'unknown',
    last_check           TIMESTAMPTZ,
    consecutive_failures INTEGER     NOT NULL DEFAULT 0,
    last_error           TEXT,
    is_recovering        BOOLEAN     NOT NULL DEFAULT FALSE
);

-- A single row: which bot answers first, maintenance, and the recovery clock.
CREATE TABLE failover_state (
    id                 INTEGER PRIMARY KEY CHECK (id = 1),
    active_bot         VARCHAR(32) NOT NULL,
    maintenance        BOOLEAN     NOT NULL DEFAULT FALSE,
    last_switch_time   TIMESTAMPTZ,
    next_recovery_time TIMESTAMPTZ,
    hold               BOOLEAN     NOT NULL DEFAULT FALSE
);

CREATE TABLE switch_history (
    id         BIGSERIAL PRIMARY KEY,
    happened_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    kind       VARCHAR(32) NOT NULL,
    from_bot   VARCHAR(32),
    to_bot     VARCHAR(32),
    reason     TEXT
);
