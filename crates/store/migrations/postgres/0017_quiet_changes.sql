-- A change written by an import is "quiet": pages, caches, search and purges follow it like
-- any other, but webhooks do not announce it (an archive of ten thousand stories is not
-- ten thousand publications). Keep in step with ../sqlite/0017_quiet_changes.sql.

ALTER TABLE changes ADD COLUMN quiet BIGINT NOT NULL DEFAULT 0;
