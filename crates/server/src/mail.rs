//! Mail the server sends. The transport for now is the log: each mail is written to the
//! server's log (a developer sees the confirmation link in the console) and kept in the
//! `outbox` table, where tests and `schrieb-server outbox` read it. An SMTP transport slots in
//! here without touching the callers.

use chrono::Utc;
use schrieb_api::paths::AppLink;

use crate::db::{DbError, Mail, OutboxStore};

/// Sends `mail` through the configured transport.
pub async fn send(repository: &dyn OutboxStore, mail: Mail) -> Result<(), DbError> {
    tracing::info!(to = %mail.to, subject = %mail.subject, body = %mail.body, "mail sent (log transport)");
    repository.store_mail(&mail, Utc::now()).await
}

/// The mail that confirms a new account's address. The token travels in the URL fragment,
/// which browsers never send to a server, so it stays out of access logs and referrers.
pub fn confirmation(to: &str, display_name: &str, origin: &str, token: &str) -> Mail {
    let link = format!("{origin}{}", AppLink::Confirm(token));
    Mail {
        to: to.to_owned(),
        subject: "Bitte bestätigen Sie Ihre Adresse / Please confirm your address".into(),
        body: format!(
            "Hallo {display_name},\n\nbitte bestätigen Sie Ihre Adresse, um mitzudiskutieren:\n{link}\n\n\
             Hello {display_name},\n\nplease confirm your address to join the discussion:\n{link}\n\n\
             Der Link gilt 24 Stunden. / The link is valid for 24 hours.\n"
        ),
    }
}

/// The mail with a link to set a new password (one hour, single use); the token travels in
/// the fragment, as the confirmation's does.
pub fn password_reset(to: &str, display_name: &str, origin: &str, token: &str) -> Mail {
    let link = format!("{origin}{}", AppLink::PasswordReset(Some(token)));
    Mail {
        to: to.to_owned(),
        subject: "Neues Passwort / New password".into(),
        body: format!(
            "Hallo {display_name},\n\nmit diesem Link setzen Sie ein neues Passwort:\n{link}\n\n\
             Hello {display_name},\n\nset a new password with this link:\n{link}\n\n\
             Der Link gilt eine Stunde und einmal. Haben Sie nichts angefordert, ignorieren Sie diese Mail.\n\
             The link works once, for one hour. If you did not ask for it, ignore this mail.\n"
        ),
    }
}

/// The mail to an address that registered again: the person learns of it, the one who tried
/// learns nothing (the answer to the registration is the same as for a new address).
pub fn already_registered(to: &str, origin: &str) -> Mail {
    let login = format!("{origin}{}", AppLink::Login { next: None });
    Mail {
        to: to.to_owned(),
        subject: "Sie haben bereits ein Konto / You already have an account".into(),
        body: format!(
            "Jemand (vielleicht Sie) wollte mit dieser Adresse ein neues Konto anlegen. Sie haben schon eines: {login}\n\
             Waren Sie es nicht, können Sie diese Mail ignorieren.\n\n\
             Someone (perhaps you) tried to register with this address. You already have an account: {login}\n\
             If it was not you, you can ignore this mail.\n"
        ),
    }
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
        let mail = confirmation("m@example.org", "Martin", "https://comments.example", "abc-_9");
        assert!(mail.body.contains("https://comments.example/confirm#token=abc-_9\n"));
        assert_eq!(token_in(&mail.body), Some("abc-_9"));
        assert_eq!(token_in(&already_registered("m@example.org", "x").body), None);
    }
}
