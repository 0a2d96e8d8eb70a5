-- Sessions for the embed widget: an iframe inside another site gets no cookie, so it sends its
-- session's token in `Authorization: Bearer` instead. Each session is bound to how its token
-- travels: a cookie session's token is never accepted as a bearer token and a widget token never
-- as a cookie, so a widget token (readable by script, unlike the HttpOnly cookie) cannot pass for
-- the cookie session that alone may mint widget tokens. Sessions from before are cookie sessions.
ALTER TABLE sessions ADD COLUMN kind TEXT NOT NULL DEFAULT 'cookie';
