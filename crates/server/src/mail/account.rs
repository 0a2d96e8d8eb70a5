//! The mails about one's account, which the person asked for (no unsubscribe link): confirming
//! an address, a new password, a second registration of an address. In the person's language.

use schrieb_api::MailLanguage;
use schrieb_api::paths::AppLink;

use super::words::{account_words, fill};
use crate::db::Mail;

/// The mail that confirms a new account's address. The token travels in the URL fragment,
/// which browsers never send to a server, so it stays out of access logs and referrers.
pub fn confirmation(to: &str, lang: MailLanguage, display_name: &str, origin: &str, token: &str) -> Mail {
    let words = account_words(lang);
    let link = format!("{origin}{}", AppLink::Confirm(token));
    let body = fill(words.confirm_body, &[("name", display_name), ("link", &link)]);
    Mail::text(to, lang, words.confirm_subject.to_owned(), body)
}

/// The mail with a link to set a new password (one hour, single use); the token travels in
/// the fragment, as the confirmation's does.
pub fn password_reset(to: &str, lang: MailLanguage, display_name: &str, origin: &str, token: &str) -> Mail {
    let words = account_words(lang);
    let link = format!("{origin}{}", AppLink::PasswordReset(Some(token)));
    let body = fill(words.reset_body, &[("name", display_name), ("link", &link)]);
    Mail::text(to, lang, words.reset_subject.to_owned(), body)
}

/// The mail to an address that registered again: the person learns of it, the one who tried
/// learns nothing (the answer to the registration is the same as for a new address).
pub fn already_registered(to: &str, lang: MailLanguage, origin: &str) -> Mail {
    let words = account_words(lang);
    let login = format!("{origin}{}", AppLink::Login { next: None });
    let body = fill(words.registered_body, &[("link", &login)]);
    Mail::text(to, lang, words.registered_subject.to_owned(), body)
}

/// The confirmation token in a mail body, if it carries one (for tests and the outbox command).
pub fn token_in(body: &str) -> Option<&str> {
    let start = body.find("#token=")? + "#token=".len();
    let token = &body[start..];
    Some(&token[..token.find(|c: char| c.is_whitespace()).unwrap_or(token.len())])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_confirmation_link_carries_the_token_in_the_fragment() {
        let mail = confirmation("m@example.org", MailLanguage::De, "Martin", "https://comments.example", "abc-_9");
        assert!(mail.body.contains("https://comments.example/confirm#token=abc-_9\n"));
        assert_eq!(token_in(&mail.body), Some("abc-_9"));
        assert_eq!(token_in(&already_registered("m@example.org", MailLanguage::De, "x").body), None);
    }

    #[test]
    fn mails_speak_the_persons_language() {
        let german = password_reset("m@example.org", MailLanguage::De, "Martin", "https://c.example", "t");
        let english = password_reset("m@example.org", MailLanguage::En, "Martin", "https://c.example", "t");
        assert!(german.body.starts_with("Hallo Martin,"), "{}", german.body);
        assert!(english.body.starts_with("Hello Martin,"), "{}", english.body);
        assert_eq!(english.lang, MailLanguage::En);
        assert!(german.list_unsubscribe.is_none(), "asked for: nothing to unsubscribe from");
    }
}
