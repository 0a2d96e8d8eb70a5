//! Telling the reader what happened: errors in words, with a way out.

mod error_message;
mod error_panel;
mod not_found_notice;
mod offline_notice;
mod reason_text;

pub use error_message::ErrorMessage;
pub use error_panel::ErrorPanel;
pub use not_found_notice::{Missing, NotFoundNotice};
pub use offline_notice::OfflineNotice;
pub use reason_text::{grouped, reason_text};
