-- How far reactions were told: the end of the last day whose reactions made `reactions`
-- notifications (one per comment and day). Reactions before this migration are not told.
CREATE TABLE reactions_cursor (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    until BIGINT NOT NULL
);
INSERT INTO reactions_cursor (id, until) VALUES (1, CAST(strftime('%s', 'now') AS INTEGER) * 1000);
