//! API integration tests: the real app on port 0 over a fresh SQLite database per test.
//! One test binary for all of them (faster to build and link).

mod articles;
mod comments;
mod errors;
mod helpers;
mod openapi;
mod web_app;
