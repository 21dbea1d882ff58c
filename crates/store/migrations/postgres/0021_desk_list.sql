-- The desk's story list reads a page at a time by cursor in four orders (last saved,
-- last published, soonest scheduled, headline), over every story not in the trash, by
-- state or section. These indexes serve those orders, so that the last page of 100,000
-- stories costs what the first does. Keep in step with ../sqlite/0021_desk_list.sql.

CREATE INDEX articles_desk_by_saved ON articles (updated_at DESC, id DESC) WHERE deleted_at IS NULL;
CREATE INDEX articles_desk_state_by_saved ON articles (state, updated_at DESC, id DESC) WHERE deleted_at IS NULL;
CREATE INDEX articles_desk_section_by_saved ON articles (section_id, updated_at DESC, id DESC) WHERE deleted_at IS NULL;
CREATE INDEX articles_desk_by_headline ON articles (LOWER(headline), id) WHERE deleted_at IS NULL;
CREATE INDEX articles_desk_by_creator ON articles (created_by) WHERE deleted_at IS NULL;
