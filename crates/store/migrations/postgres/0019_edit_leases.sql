-- "Aisha is editing this story": one edit lease per story, kept fresh by the open editor
-- and free again once `expires_at` has passed (an expired row counts as no row). In the
-- database, so every node sees the same holder. Keep in step with
-- ../sqlite/0019_edit_leases.sql.

CREATE TABLE edit_leases (
    article_id   BIGINT PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,
    user_id      BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    taken_at     BIGINT NOT NULL,
    refreshed_at BIGINT NOT NULL,
    expires_at   BIGINT NOT NULL
);
