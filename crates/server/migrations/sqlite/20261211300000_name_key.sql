-- Display names are unique, and found, by a key the server computes (`db::name_key`: composed
-- and lower-cased by Unicode's rules), the same on either engine: SQLite's lower() folds ASCII
-- only, PostgreSQL's follows the cluster's locale. Filled here with lower() for what it gets
-- right (ASCII), and by the server when it opens the database for names with other letters.
ALTER TABLE users ADD COLUMN name_key TEXT NOT NULL DEFAULT '';
UPDATE users SET name_key = lower(display_name);
DROP INDEX users_display_name_lower;
CREATE UNIQUE INDEX users_name_key ON users (name_key);
