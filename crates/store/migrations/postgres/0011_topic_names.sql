-- The desk's topic typeahead and topic search match a typed prefix against the topic's
-- address (the unique slug index) and its name in any case: this index keeps the name
-- half a range scan rather than a full one when there are tens of thousands of topics.
-- Keep in step with ../sqlite/0011_topic_names.sql.
CREATE INDEX tags_by_lower_name ON tags (lower(name));
