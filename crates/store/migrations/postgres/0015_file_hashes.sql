-- Each stored media file's SHA-256 and size, recorded when it is written, so `newsdesk
-- verify` and backups can tell a damaged or missing file. Files stored before this
-- migration have none until `verify` first sees them. Keep in step with
-- ../sqlite/0015_file_hashes.sql.

ALTER TABLE media_renditions ADD COLUMN sha256 TEXT;
ALTER TABLE media_renditions ADD COLUMN bytes BIGINT;
