//! API integration tests: the real app on port 0 over a fresh SQLite database per test.
//! One test binary for all of them (faster to build and link).
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

mod accounts;
mod answer_cache;
mod articles;
mod comments;
mod db_copy;
mod db_location;
mod desk;
mod drafts;
mod embed;
mod errors;
mod feeds;
mod guests;
mod helpers;
mod idempotency;
mod import_disqus;
mod import_json;
mod import_wxr;
mod live;
// Reads the server's memory from /proc.
#[cfg(target_os = "linux")]
mod login_memory;
mod mail;
mod moderation;
mod notifications;
mod openapi;
mod operations;
mod password_reset;
mod personal;
mod portable;
mod previews;
mod promos;
mod quotes;
mod reasons;
mod reports;
mod sanctions;
mod schema;
mod smtp;
mod users;
mod web_app;
mod webhooks;
mod widget_tokens;
mod writes;
