-- The earlier Node.js system created these two tables; IF NOT EXISTS keeps an existing
-- database's history untouched when it is pointed at this service.
CREATE TABLE IF NOT EXISTS conversations (
    id           SERIAL PRIMARY KEY,
    user_id      VARCHAR(255) NOT NULL,
    message      TEXT,
    bot_response TEXT,
    created_at   TIMESTAMP DEFAULT CURRENT_TIMESTAMP
);

CREATE INDEX IF NOT EXISTS conversations_user_id_created_at
    ON conversations (user_id, created_at);

CREATE TABLE IF NOT EXISTS feedback (
    id         SERIAL PRIMARY KEY,
    user_id    VARCHAR(255) NOT NULL,
    rating     INTEGER,
    created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP
);

-- Every user event acknowledged to Meta is here before the 200 goes back; the answer is
-- driven from this table, so a crash loses nothing. The unique mid makes a redelivery a no-op.
CREATE TABLE inbox_event (
    id              BIGSERIAL PRIMARY KEY,
    mid             VARCHAR(255) NOT NULL UNIQUE,
    page_id         VARCHAR(64),
    psid            VARCHAR(64)  NOT NULL,
    event_timestamp BIGINT       NOT NULL,
    kind            VARCHAR(16)  NOT NULL,
    user_text       TEXT,
    status          VARCHAR(16)  NOT NULL DEFAULT 'pending',
    attempts        INTEGER      NOT NULL DEFAULT 0,
    reply_text      TEXT,
    reply_kind      VARCHAR(16),
    bot             VARCHAR(32),
    parts_sent      INTEGER      NOT NULL DEFAULT 0,
    error           TEXT,
    received_at     TIMESTAMPTZ  NOT NULL DEFAULT now(),
    updated_at      TIMESTAMPTZ  NOT NULL DEFAULT now(),
    answered_at     TIMESTAMPTZ
);

CREATE INDEX inbox_event_open ON inbox_event (psid, event_timestamp, id)
    WHERE status IN ('pending', 'answering', 'sending');
