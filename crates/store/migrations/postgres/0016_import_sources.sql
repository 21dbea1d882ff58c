-- What each imported item became: a WordPress post, term, author or attachment (by its
-- id in the export it came from) and the Newsdesk id made from it, with a checksum of what
-- was imported, so a second run of the same import updates what changed and creates
-- nothing twice. `source` names the site exported (its base address); `kind` the sort
-- of item (story, page, section, topic, author, picture). Keep in step with
-- ../sqlite/0016_import_sources.sql.

CREATE TABLE import_sources (
    source      TEXT NOT NULL,
    kind        TEXT NOT NULL,
    external_id TEXT NOT NULL,
    local_id    BIGINT NOT NULL,
    checksum    TEXT NOT NULL,
    imported_at BIGINT NOT NULL,
    PRIMARY KEY (source, kind, external_id)
);
