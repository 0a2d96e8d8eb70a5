//! The site frame: header with language switcher, footer, back-to-top link, and the notice of
//! a new version.

mod back_to_top;
mod language_switcher;
mod site_chrome;
mod site_footer;
mod site_header;
mod update_banner;

pub use back_to_top::BackToTop;
pub use language_switcher::{LanguageSwitcher, chosen_locale};
pub use site_chrome::SiteChrome;
pub use site_footer::SiteFooter;
pub use site_header::SiteHeader;
pub use update_banner::UpdateBanner;
