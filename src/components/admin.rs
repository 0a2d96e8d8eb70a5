//! The admin page's forms: a site's moderation rules and word lists, and the email domains
//! nobody registers with.

mod email_domains_form;
mod file_import;
mod rules_form;
mod word_lists_form;

pub use email_domains_form::EmailDomainsForm;
pub use file_import::{FileImport, append_lines};
pub use rules_form::RulesForm;
pub use word_lists_form::WordListsForm;
