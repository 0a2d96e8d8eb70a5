use leptos_i18n::I18nContext;
use schrieb_api::DecisionAction;

use crate::i18n::{Locale, t_string};

/// A decision's name on its button: a held comment is approved or rejected, a reported one
/// readers still see (`published`) kept or removed. The card, the edit form and the bulk bar
/// name them alike.
pub fn decision_text(i18n: I18nContext<Locale>, action: DecisionAction, published: bool) -> &'static str {
    match (action, published) {
        (DecisionAction::Approve, false) => t_string!(i18n, moderation.approve),
        (DecisionAction::Approve, true) => t_string!(i18n, moderation.keep),
        (DecisionAction::Reject, false) => t_string!(i18n, moderation.reject),
        (DecisionAction::Reject, true) => t_string!(i18n, moderation.remove),
    }
}
