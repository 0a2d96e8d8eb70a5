//! One file per route. Pages read the URL, own the data loading, and hand plain values to
//! the leaf components.

mod about;
mod account;
mod admin;
mod article;
mod confirm;
mod embed;
mod home;
mod login;
mod moderation;
mod not_found;
mod notifications;
mod password_reset;
mod permalink;
mod register;
mod revisions;
mod unsubscribe;
mod user;
mod widget_login;

pub use about::AboutPage;
pub use account::AccountPage;
pub use admin::AdminPage;
pub use article::ArticlePage;
pub use confirm::ConfirmPage;
pub use embed::{EmbedPage, embed_locale, page_url};
pub use home::HomePage;
pub use login::LoginPage;
pub use moderation::ModerationPage;
pub use not_found::NotFoundPage;
pub use notifications::NotificationsPage;
pub use password_reset::PasswordResetPage;
pub use permalink::PermalinkPage;
pub use register::RegisterPage;
pub use revisions::RevisionsPage;
pub use unsubscribe::UnsubscribePage;
pub use user::UserPage;
pub use widget_login::WidgetLoginPage;
