//! How a reader hears of each kind of notification.

use serde::{Deserialize, Serialize};

use crate::NotificationKind;

/// How a reader hears of one kind of notification.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Delivery {
    /// In the app only (the bell and the notifications page).
    App,
    /// In the app, and by mail soon after (unless read in the app first).
    Email,
    /// In the app, and in one mail a day with the others of the day.
    Digest,
    /// Not at all.
    Off,
}

impl Delivery {
    /// Every choice, in the order the settings show them.
    pub const ALL: [Self; 4] = [Self::App, Self::Email, Self::Digest, Self::Off];

    /// The name the API and the database use.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::App => "app",
            Self::Email => "email",
            Self::Digest => "digest",
            Self::Off => "off",
        }
    }

    /// The choice `name` names.
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|delivery| delivery.as_str() == name)
    }

    /// Whether it sends mail of some sort.
    pub fn mails(self) -> bool {
        matches!(self, Self::Email | Self::Digest)
    }

    /// What a reader who chose `self` gets when they stop the mails of a kind: the app only,
    /// or still nothing.
    pub fn without_mail(self) -> Self {
        if self.mails() { Self::App } else { self }
    }

    /// The choice a new account starts with for `kind`: answers, mentions and decisions by
    /// mail, reactions once a day, new comments of followed threads in the app.
    pub fn default_for(kind: NotificationKind) -> Self {
        match kind {
            NotificationKind::Reply
            | NotificationKind::Quote
            | NotificationKind::Mention
            | NotificationKind::Moderation => Self::Email,
            NotificationKind::Followed => Self::App,
            NotificationKind::Reactions => Self::Digest,
        }
    }
}

/// The languages mails are written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum MailLanguage {
    /// German.
    #[default]
    De,
    /// English.
    En,
}

impl MailLanguage {
    /// Its language tag.
    pub fn tag(self) -> &'static str {
        match self {
            Self::De => "de",
            Self::En => "en",
        }
    }

    /// The language of tag `tag` (`de`, `en-GB`...); German for any other.
    pub fn from_tag(tag: &str) -> Self {
        if tag.get(..2).is_some_and(|prefix| prefix.eq_ignore_ascii_case("en")) { Self::En } else { Self::De }
    }
}

/// `GET`/`PUT /api/v1/me/notification-settings`: how the reader hears of each kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NotificationSettings {
    /// An answer in the same thread that quotes you.
    pub reply: Delivery,
    /// A comment in another thread that quotes you.
    pub quote: Delivery,
    /// A mention.
    pub mention: Delivery,
    /// A new comment in a thread you follow.
    pub followed: Delivery,
    /// A moderator's decision about your comment.
    pub moderation: Delivery,
    /// The day's reactions to your comments.
    pub reactions: Delivery,
    /// Whether writing in a thread follows it.
    pub follow_threads_i_write_in: bool,
    /// The language of your mails.
    pub language: MailLanguage,
}

impl NotificationSettings {
    /// The settings a new account starts with, mails in `language`.
    pub fn defaults(language: MailLanguage) -> Self {
        let of = Delivery::default_for;
        Self {
            reply: of(NotificationKind::Reply),
            quote: of(NotificationKind::Quote),
            mention: of(NotificationKind::Mention),
            followed: of(NotificationKind::Followed),
            moderation: of(NotificationKind::Moderation),
            reactions: of(NotificationKind::Reactions),
            follow_threads_i_write_in: true,
            language,
        }
    }

    /// How `kind` is delivered.
    pub fn delivery(&self, kind: NotificationKind) -> Delivery {
        match kind {
            NotificationKind::Reply => self.reply,
            NotificationKind::Quote => self.quote,
            NotificationKind::Mention => self.mention,
            NotificationKind::Followed => self.followed,
            NotificationKind::Moderation => self.moderation,
            NotificationKind::Reactions => self.reactions,
        }
    }

    /// Sets how `kind` is delivered.
    pub fn set_delivery(&mut self, kind: NotificationKind, delivery: Delivery) {
        let slot = match kind {
            NotificationKind::Reply => &mut self.reply,
            NotificationKind::Quote => &mut self.quote,
            NotificationKind::Mention => &mut self.mention,
            NotificationKind::Followed => &mut self.followed,
            NotificationKind::Moderation => &mut self.moderation,
            NotificationKind::Reactions => &mut self.reactions,
        };
        *slot = delivery;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deliveries_read_back_from_their_names() {
        for delivery in Delivery::ALL {
            assert_eq!(Delivery::from_name(delivery.as_str()), Some(delivery));
        }
        assert_eq!(Delivery::from_name("sms"), None);
    }

    #[test]
    fn every_kind_is_read_and_set_in_its_own_field() {
        let mut settings = NotificationSettings::defaults(MailLanguage::En);
        for (index, kind) in NotificationKind::ALL.into_iter().enumerate() {
            let chosen = Delivery::ALL[index % 4];
            settings.set_delivery(kind, chosen);
            assert_eq!(settings.delivery(kind), chosen, "{kind:?}");
        }
        assert_eq!(settings.reply, Delivery::App);
        assert_eq!(settings.quote, Delivery::Email);
    }

    #[test]
    fn stopping_mail_keeps_the_app_and_off_stays_off() {
        assert_eq!(Delivery::Email.without_mail(), Delivery::App);
        assert_eq!(Delivery::Digest.without_mail(), Delivery::App);
        assert_eq!(Delivery::Off.without_mail(), Delivery::Off);
    }

    #[test]
    fn languages_from_tags() {
        assert_eq!(MailLanguage::from_tag("en-GB"), MailLanguage::En);
        assert_eq!(MailLanguage::from_tag("EN"), MailLanguage::En);
        assert_eq!(MailLanguage::from_tag("de-AT"), MailLanguage::De);
        assert_eq!(MailLanguage::from_tag("fr"), MailLanguage::De);
        assert_eq!(MailLanguage::from_tag(""), MailLanguage::De);
    }
}
