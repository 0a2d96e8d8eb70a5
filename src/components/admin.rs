//! The admin page's forms: a site's moderation rules, word lists, webhooks and promotions, and
//! the email domains nobody registers with; how the server's mail stands; and a site's export.

use leptos_i18n::I18nContext;
use schrieb_api::WebhookEvent;

use crate::i18n::{Locale, t_string};

mod email_domains_form;
mod file_import;
mod mail_status;
mod promo_card_fields;
mod promos_form;
mod rules_form;
mod site_export;
mod webhook_deliveries;
mod webhook_form;
mod webhook_item;
mod webhook_secret;
mod webhooks_panel;
mod word_lists_form;

pub use email_domains_form::EmailDomainsForm;
pub use file_import::{FileImport, append_lines};
pub use mail_status::MailStatusPanel;
pub use promo_card_fields::{CardDraft, PromoCardFields};
pub use promos_form::PromosForm;
pub use rules_form::RulesForm;
pub use site_export::SiteExport;
pub use webhook_deliveries::WebhookDeliveries;
pub use webhook_form::{WebhookForm, WebhookSaved, WebhookTarget};
pub use webhook_item::WebhookItem;
pub use webhook_secret::WebhookSecret;
pub use webhooks_panel::WebhooksPanel;
pub use word_lists_form::WordListsForm;

/// What a webhook event means, in the reader's language (its wire name is shown beside).
pub fn event_label(i18n: I18nContext<Locale>, event: WebhookEvent) -> &'static str {
    match event {
        WebhookEvent::Published => t_string!(i18n, webhooks.event_published),
        WebhookEvent::Edited => t_string!(i18n, webhooks.event_edited),
        WebhookEvent::Deleted => t_string!(i18n, webhooks.event_deleted),
        WebhookEvent::Moderated => t_string!(i18n, webhooks.event_moderated),
    }
}
