//! The words of mails, in German and English. `{{ name }}` marks what is filled in (the
//! app's placeholder syntax, filled by [`fill`]).

use schrieb_api::{CommentState, MailLanguage, NotificationKind};

pub use crate::wording::interpolate as fill;

/// The words of the account mails.
pub struct AccountWords {
    pub confirm_subject: &'static str,
    pub confirm_body: &'static str,
    pub reset_subject: &'static str,
    pub reset_body: &'static str,
    pub registered_subject: &'static str,
    pub registered_body: &'static str,
}

const ACCOUNT_DE: AccountWords = AccountWords {
    confirm_subject: "Bitte bestätigen Sie Ihre Adresse",
    confirm_body: "Hallo {{ name }},\n\nbitte bestätigen Sie Ihre Adresse, um mitzudiskutieren:\n{{ link }}\n\n\
                   Der Link gilt 24 Stunden.\n",
    reset_subject: "Neues Passwort",
    reset_body: "Hallo {{ name }},\n\nmit diesem Link setzen Sie ein neues Passwort:\n{{ link }}\n\n\
                 Der Link gilt eine Stunde und einmal. Haben Sie nichts angefordert, ignorieren Sie diese Mail.\n",
    registered_subject: "Sie haben bereits ein Konto",
    registered_body: "Jemand (vielleicht Sie) wollte mit dieser Adresse ein neues Konto anlegen. \
                      Sie haben schon eines: {{ link }}\nWaren Sie es nicht, können Sie diese Mail ignorieren.\n",
};

const ACCOUNT_EN: AccountWords = AccountWords {
    confirm_subject: "Please confirm your address",
    confirm_body: "Hello {{ name }},\n\nplease confirm your address to join the discussion:\n{{ link }}\n\n\
                   The link is valid for 24 hours.\n",
    reset_subject: "New password",
    reset_body: "Hello {{ name }},\n\nset a new password with this link:\n{{ link }}\n\n\
                 The link works once, for one hour. If you did not ask for it, ignore this mail.\n",
    registered_subject: "You already have an account",
    registered_body: "Someone (perhaps you) tried to register with this address. You already have an account: \
                      {{ link }}\nIf it was not you, you can ignore this mail.\n",
};

/// The account mails' words in `lang`.
pub fn account_words(lang: MailLanguage) -> &'static AccountWords {
    match lang {
        MailLanguage::De => &ACCOUNT_DE,
        MailLanguage::En => &ACCOUNT_EN,
    }
}

/// The words of notification mails and digests.
pub struct NotificationWords {
    pub greeting: &'static str,
    pub reply: &'static str,
    pub quote: &'static str,
    pub mention: &'static str,
    pub followed: &'static str,
    pub approved: &'static str,
    pub removed: &'static str,
    pub reactions: &'static str,
    pub reason: &'static str,
    pub wrote: &'static str,
    /// Who a quote of a deleted account's comment names.
    pub deleted_account: &'static str,
    pub open: &'static str,
    pub why: &'static str,
    pub settings: &'static str,
    pub unsubscribe: &'static str,
    pub digest_subject: &'static str,
    pub digest_intro: &'static str,
}

const NOTIFICATION_DE: NotificationWords = NotificationWords {
    greeting: "Hallo {{ name }},",
    reply: "{{ actor }} hat Ihnen geantwortet: {{ title }}",
    quote: "{{ actor }} hat Sie zitiert: {{ title }}",
    mention: "{{ actor }} hat Sie erwähnt: {{ title }}",
    followed: "Neuer Beitrag von {{ actor }}: {{ title }}",
    approved: "Ihr Beitrag ist freigeschaltet: {{ title }}",
    removed: "Ihr Beitrag wurde entfernt: {{ title }}",
    reactions: "Reaktionen auf Ihren Beitrag: {{ title }}",
    reason: "Begründung: {{ reason }}",
    wrote: "{{ author }} schrieb:",
    deleted_account: "gelöschtes Konto",
    open: "Zum Beitrag",
    why: "Sie erhalten diese Mail, weil Sie Benachrichtigungen dieser Art per Mail gewählt haben.",
    settings: "Einstellungen",
    unsubscribe: "Abbestellen",
    digest_subject: "Ihre Übersicht: {{ count }} Benachrichtigungen",
    digest_intro: "das ist seit der letzten Übersicht geschehen:",
};

const NOTIFICATION_EN: NotificationWords = NotificationWords {
    greeting: "Hello {{ name }},",
    reply: "{{ actor }} replied to you: {{ title }}",
    quote: "{{ actor }} quoted you: {{ title }}",
    mention: "{{ actor }} mentioned you: {{ title }}",
    followed: "New comment by {{ actor }}: {{ title }}",
    approved: "Your comment was approved: {{ title }}",
    removed: "Your comment was removed: {{ title }}",
    reactions: "Reactions to your comment: {{ title }}",
    reason: "Reason: {{ reason }}",
    wrote: "{{ author }} wrote:",
    deleted_account: "deleted account",
    open: "Open the comment",
    why: "You get this mail because you chose to hear of notifications like this one by mail.",
    settings: "Settings",
    unsubscribe: "Unsubscribe",
    digest_subject: "Your digest: {{ count }} notifications",
    digest_intro: "this happened since your last digest:",
};

/// The notification mails' words in `lang`.
pub fn notification_words(lang: MailLanguage) -> &'static NotificationWords {
    match lang {
        MailLanguage::De => &NOTIFICATION_DE,
        MailLanguage::En => &NOTIFICATION_EN,
    }
}

impl NotificationWords {
    /// The line that says what happened (the subject of its mail), with `actor` and `title`
    /// to fill in; a decision by its outcome.
    pub fn headline(&self, kind: NotificationKind, outcome: Option<CommentState>) -> &'static str {
        match kind {
            NotificationKind::Reply => self.reply,
            NotificationKind::Quote => self.quote,
            NotificationKind::Mention => self.mention,
            NotificationKind::Followed => self.followed,
            NotificationKind::Moderation if outcome == Some(CommentState::Published) => self.approved,
            NotificationKind::Moderation => self.removed,
            NotificationKind::Reactions => self.reactions,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::wording::placeholders;

    #[test]
    fn both_languages_fill_in_the_same_names() {
        let [de, en] = [notification_words(MailLanguage::De), notification_words(MailLanguage::En)];
        for kind in NotificationKind::ALL {
            for outcome in [None, Some(CommentState::Published), Some(CommentState::Rejected)] {
                assert_eq!(placeholders(de.headline(kind, outcome)), placeholders(en.headline(kind, outcome)));
            }
        }
        let [a, b] = [account_words(MailLanguage::De), account_words(MailLanguage::En)];
        assert_eq!(placeholders(a.confirm_body), placeholders(b.confirm_body));
        assert_eq!(placeholders(a.reset_body), placeholders(b.reset_body));
        assert_eq!(placeholders(a.registered_body), placeholders(b.registered_body));
        assert_eq!(placeholders(de.digest_subject), placeholders(en.digest_subject));
    }
}
