//! Moderation: the checks every comment passes before readers see it, and what moderators
//! decide about it.

pub mod desk;
pub mod jobs;
pub mod pipeline;
pub mod reports;
pub mod sanctions;
pub mod visibility;
pub mod words;
