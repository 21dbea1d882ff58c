-- Webhooks: an endpoint that is sent one Ghost-style event (post.published, tag.added…)
-- with a signature made from its secret, and every delivery with its outcome. Deliveries
-- are made from the change log by the "webhooks" cursor and sent by whichever node claims
-- them first (claimed_until: a lease, so a node that dies mid-send frees its claim).
-- Keep in step with ../postgres/0013_webhooks.sql.

CREATE TABLE webhooks (
    id              INTEGER PRIMARY KEY,
    name            TEXT NOT NULL,
    event           TEXT NOT NULL,
    target_url      TEXT NOT NULL,
    secret          TEXT NOT NULL,
    enabled         INTEGER NOT NULL DEFAULT 1,
    -- Why it was turned off, shown in the desk ("the endpoint answered 410 Gone …").
    disabled_reason TEXT NOT NULL DEFAULT '',
    created_at      INTEGER NOT NULL,
    created_by      INTEGER REFERENCES users (id) ON DELETE SET NULL,
    -- The status of the latest attempt (NULL: never tried; 0: no answer).
    last_status     INTEGER,
    last_attempt_at INTEGER
);
CREATE INDEX webhooks_by_event ON webhooks (event);

CREATE TABLE webhook_deliveries (
    id              INTEGER PRIMARY KEY,
    webhook_id      INTEGER NOT NULL REFERENCES webhooks (id) ON DELETE CASCADE,
    event           TEXT NOT NULL,
    -- The change-log row it announces (0 for one that has none, such as site.changed
    -- covering several).
    change_id       INTEGER NOT NULL DEFAULT 0,
    body            TEXT NOT NULL,
    state           TEXT NOT NULL DEFAULT 'pending'
                    CHECK (state IN ('pending', 'delivered', 'failed', 'gave_up')),
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER NOT NULL,
    -- The latest attempt: the answer's status (0: no answer) and the start of its body or
    -- why there was none, at most 1 KiB.
    status          INTEGER,
    answer          TEXT NOT NULL DEFAULT '',
    created_at      INTEGER NOT NULL,
    delivered_at    INTEGER,
    claimed_by      TEXT NOT NULL DEFAULT '',
    claimed_until   INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (state, next_attempt_at);
CREATE INDEX webhook_deliveries_by_hook ON webhook_deliveries (webhook_id, id);
