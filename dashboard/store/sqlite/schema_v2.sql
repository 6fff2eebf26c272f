-- sitmap event store, schema version 2: MIGRATIONS[1], full-text search of fused events.
-- One row per fused event: its summary, actor and place name as one text, tokenised
-- case- and accent-insensitively; written with the fused rows by replace_fused().
CREATE VIRTUAL TABLE fused_text USING fts5(id UNINDEXED, body, tokenize = "unicode61 remove_diacritics 2");
INSERT INTO fused_text (id, body)
    SELECT id, coalesce(summary, '') || ' ' || coalesce(actor, '') || ' ' || coalesce(place_name, '') FROM fused;
