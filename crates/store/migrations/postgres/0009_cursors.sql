-- Positions in the change log that the whole cluster shares: "purge" is how far the HTTP
-- cache in front has been told about changes. A node advances it only from the position
-- it read (compare and set), after sending. Keep in step with ../sqlite/0009_cursors.sql.

CREATE TABLE cursors (
    name     TEXT PRIMARY KEY,
    position BIGINT NOT NULL
);
