-- Every node asks each second which embargoes have just ended; without this index that
-- question scans every story. Keep in step with ../sqlite/0006_embargo_index.sql.

CREATE INDEX articles_by_embargo ON articles (embargo_until) WHERE embargo_until IS NOT NULL;
