-- sitmap event store, schema version 1: MIGRATIONS[0], from an empty file to version 1.
-- SQLite dialect, run statement by statement inside the one migration transaction.
CREATE TABLE schema_version (
    version     INTEGER PRIMARY KEY,
    applied_at  TEXT NOT NULL
);
CREATE TABLE documents (
    doc_id      TEXT PRIMARY KEY,
    path        TEXT,
    title       TEXT,
    published   TEXT,
    url         TEXT,
    text        TEXT NOT NULL,
    ingested_at TEXT NOT NULL
);
CREATE INDEX documents_published ON documents(published);
-- the toponyms of a document, in the order the geoparser gave them
CREATE TABLE mentions (
    doc_id       TEXT NOT NULL REFERENCES documents(doc_id) ON DELETE CASCADE,
    seq          INTEGER NOT NULL,
    start        INTEGER NOT NULL,
    "end"        INTEGER NOT NULL,
    text         TEXT NOT NULL,
    role         TEXT,
    place_id     INTEGER,
    name         TEXT,
    kind         TEXT,
    country_code TEXT,
    lat          REAL,
    lon          REAL,
    score        REAL,
    PRIMARY KEY (doc_id, seq)
);
-- the events extracted from one document (input of fusion), as Event.to_dict() JSON
CREATE TABLE events (
    doc_id   TEXT NOT NULL REFERENCES documents(doc_id) ON DELETE CASCADE,
    seq      INTEGER NOT NULL,
    event_id TEXT NOT NULL,
    json     TEXT NOT NULL,
    PRIMARY KEY (doc_id, seq)
);
CREATE INDEX events_event_id ON events(event_id);
-- fused events (output of fusion): the filterable fields as columns, the whole event as JSON
CREATE TABLE fused (
    id             TEXT PRIMARY KEY,
    type           TEXT NOT NULL,
    actor          TEXT,
    actor_country  TEXT,
    place_name     TEXT,
    place_kind     TEXT,
    country_code   TEXT,
    lat            REAL,
    lon            REAL,
    date_start     TEXT,
    date_end       TEXT,
    date_precision TEXT,
    modality       TEXT NOT NULL,
    corroboration  INTEGER NOT NULL,
    confidence     REAL NOT NULL,
    summary        TEXT NOT NULL,
    json           TEXT NOT NULL
);
CREATE INDEX fused_date_start ON fused(date_start);
CREATE INDEX fused_date_end ON fused(date_end);
CREATE INDEX fused_type ON fused(type);
-- the reports behind each fused event (doc_id is not a foreign key: fused data is derived)
CREATE TABLE sources (
    event_id  TEXT NOT NULL REFERENCES fused(id) ON DELETE CASCADE,
    seq       INTEGER NOT NULL,
    doc_id    TEXT NOT NULL,
    sentence  TEXT,
    start     INTEGER,
    "end"     INTEGER,
    published TEXT,
    PRIMARY KEY (event_id, seq)
);
CREATE INDEX sources_doc_id ON sources(doc_id);
