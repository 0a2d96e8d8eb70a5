-- The embed widget: the origins a site's pages are served from, and threads found by page URL.

-- `scheme://host[:port]` as browsers send it in `Origin` (lower case, no default port). An
-- origin belongs to one site: it decides which site a page's thread is created in.
CREATE TABLE site_origins (
    site_id BIGINT NOT NULL REFERENCES sites (id),
    origin TEXT NOT NULL UNIQUE
);
-- The frame-ancestors list of a site's embed page.
CREATE INDEX site_origins_site ON site_origins (site_id);

-- A page's thread by its normalized address; unique, so two first views of the same page at
-- once make one thread, not two.
CREATE UNIQUE INDEX articles_site_url ON articles (site_id, canonical_url);
