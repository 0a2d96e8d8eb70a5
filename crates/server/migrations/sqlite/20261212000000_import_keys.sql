-- What an import stored, by the name the file it came from gave it: re-running an import finds
-- each thread, person and comment it stored before and adds nothing twice. `source` is the
-- system and, for schrieb's own format, the exported site ('disqus', 'schrieb:demo'); `kind`
-- is thread, person or comment.
CREATE TABLE import_keys (
    source TEXT NOT NULL,
    kind TEXT NOT NULL,
    external_id TEXT NOT NULL,
    local_id BIGINT NOT NULL,
    PRIMARY KEY (source, kind, external_id)
);
