//! Leaf components, one per file, grouped by feature. They take plain values or signals;
//! pages own the data loading.

pub mod account;
pub mod admin;
pub mod article;
pub mod comment;
pub mod editor;
pub mod feedback;
pub mod layout;
pub mod markup;
pub mod moderation;
pub mod notifications;
pub mod profile;
pub mod promo;
pub mod quote;
pub mod revision;
pub mod thread;
