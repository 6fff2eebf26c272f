-- sitmap event store on PostgreSQL + PostGIS, schema version 1: MIGRATIONS[0], from an
-- empty database to version 1 (what the SQLite store holds at its version 3).  Run as
-- one script inside the one migration transaction; PostGIS is created before it.
-- Text that is sorted or compared is COLLATE "C": the same order as SQLite's (code points).
CREATE TABLE sitmap_schema_version (
    version     integer PRIMARY KEY,
    applied_at  text NOT NULL
);
COMMENT ON TABLE sitmap_schema_version IS 'sitmap event store';
-- a counter every write transaction bumps: the dashboards' cache key
CREATE TABLE sitmap_changes (
    id  integer PRIMARY KEY CHECK (id = 1),
    n   bigint NOT NULL
);
INSERT INTO sitmap_changes VALUES (1, 0);
CREATE TABLE documents (
    doc_id      text COLLATE "C" PRIMARY KEY,
    path        text,
    title       text COLLATE "C",
    published   text COLLATE "C",
    url         text,
    text        text NOT NULL,
    ingested_at text NOT NULL
);
CREATE INDEX documents_published ON documents (published);
-- the toponyms of a document, in the order the geoparser gave them
CREATE TABLE mentions (
    doc_id       text COLLATE "C" NOT NULL REFERENCES documents (doc_id) ON DELETE CASCADE,
    seq          integer NOT NULL,
    start        integer NOT NULL,
    "end"        integer NOT NULL,
    text         text NOT NULL,
    role         text,
    place_id     bigint,
    name         text,
    kind         text,
    country_code text,
    lat          double precision,
    lon          double precision,
    score        double precision,
    PRIMARY KEY (doc_id, seq)
);
-- the events extracted from one document (input of fusion), as Event.to_dict() JSON
CREATE TABLE events (
    doc_id   text COLLATE "C" NOT NULL REFERENCES documents (doc_id) ON DELETE CASCADE,
    seq      integer NOT NULL,
    event_id text COLLATE "C" NOT NULL,
    json     text NOT NULL,
    PRIMARY KEY (doc_id, seq)
);
CREATE INDEX events_event_id ON events (event_id);
-- fused events (output of fusion): the filterable fields as columns, the whole event as
-- JSON; `folded` and `words` serve text search, `geom` and `days` the map's query
CREATE TABLE fused (
    id             text COLLATE "C" PRIMARY KEY,
    type           text COLLATE "C" NOT NULL,
    actor          text COLLATE "C",
    actor_country  text,
    place_name     text,
    place_kind     text,
    country_code   text,
    lat            double precision,
    lon            double precision,
    date_start     date,
    date_end       date,
    date_precision text,
    modality       text COLLATE "C" NOT NULL,
    corroboration  integer NOT NULL,
    confidence     double precision NOT NULL,
    summary        text NOT NULL,
    json           text NOT NULL,
    folded         text NOT NULL,  -- summary, actor and place name, case and accents folded
    words          tsvector NOT NULL,  -- their words, as text search's index sees them
    geom           geometry(Point, 4326) GENERATED ALWAYS AS (
                       CASE WHEN lat IS NOT NULL AND lon IS NOT NULL
                            THEN ST_SetSRID(ST_MakePoint(lon, lat), 4326) END) STORED,
    -- undated events span every day (as in the SQLite store's R*Tree)
    days           daterange GENERATED ALWAYS AS (
                       CASE WHEN date_start IS NULL THEN '(,)'::daterange
                            ELSE daterange(date_start, greatest(date_start, coalesce(date_end, date_start)), '[]')
                       END) STORED
);
CREATE INDEX fused_map ON fused USING gist (geom, days);
CREATE INDEX fused_days ON fused USING gist (days);
CREATE INDEX fused_words ON fused USING gin (words);
CREATE INDEX fused_order ON fused (date_start, id);
CREATE INDEX fused_type ON fused (type);
-- the reports behind each fused event (doc_id is not a foreign key: fused data is derived)
CREATE TABLE sources (
    event_id  text COLLATE "C" NOT NULL REFERENCES fused (id) ON DELETE CASCADE,
    seq       integer NOT NULL,
    doc_id    text COLLATE "C" NOT NULL,
    sentence  text,
    start     integer,
    "end"     integer,
    published text COLLATE "C",
    PRIMARY KEY (event_id, seq)
);
CREATE INDEX sources_doc_id ON sources (doc_id);
