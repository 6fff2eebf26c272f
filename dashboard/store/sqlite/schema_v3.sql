-- sitmap event store, schema version 3: MIGRATIONS[2], an R*Tree of the located fused
-- events over (lon, lat, day) for the map's query: a bounding box and a time window.
-- Undated events span every day.  Rebuilt with the fused rows by replace_fused(); the
-- R*Tree's 32-bit bounds are conservative, the exact conditions are still applied.
CREATE VIRTUAL TABLE fused_box USING rtree(rid, min_lon, max_lon, min_lat, max_lat, min_day, max_day);
INSERT INTO fused_box
    SELECT rowid, lon, lon, lat, lat, coalesce(julianday(date_start), -1e7), coalesce(julianday(date_end), 1e7)
    FROM fused WHERE lat IS NOT NULL AND lon IS NOT NULL;
