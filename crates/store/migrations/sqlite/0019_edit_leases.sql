-- "Aisha is editing this story": one edit lease per story, kept fresh by the open editor
-- and free again once `expires_at` has passed (an expired row counts as no row). In the
-- database, so every node sees the same holder. Keep in step with
-- ../postgres/0019_edit_leases.sql.

CREATE TABLE edit_leases (
    article_id   INTEGER PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,
    user_id      INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    taken_at     INTEGER NOT NULL,
    refreshed_at INTEGER NOT NULL,
    expires_at   INTEGER NOT NULL
);
