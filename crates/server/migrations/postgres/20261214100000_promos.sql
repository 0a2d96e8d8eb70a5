-- A site's own promotions between the posts of its threads (`PromoSettings` as JSON): off
-- until its admin turns them on.
ALTER TABLE sites ADD COLUMN promos TEXT NOT NULL DEFAULT '{}';
