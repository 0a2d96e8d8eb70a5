//! The admin page's forms: a site's moderation rules and word lists, and the email domains
//! nobody registers with; and how the server's mail stands.

mod email_domains_form;
mod file_import;
mod mail_status;
mod rules_form;
mod word_lists_form;

pub use email_domains_form::EmailDomainsForm;
pub use file_import::{FileImport, append_lines};
pub use mail_status::MailStatusPanel;
pub use rules_form::RulesForm;
pub use word_lists_form::WordListsForm;
