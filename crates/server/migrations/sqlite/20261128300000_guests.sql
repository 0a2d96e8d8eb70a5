-- Guest comments: a per-site setting, off by default. A guest's comment belongs to the shared
-- guest account ("Gast", a name no one can register) and carries the name the guest gave.
ALTER TABLE sites ADD COLUMN guest_comments BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE comments ADD COLUMN guest_name TEXT;
