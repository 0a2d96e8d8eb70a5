//! How a mail leaves the server: written to the log (development, the default) or handed to an
//! SMTP server.

use std::time::Duration;

use async_trait::async_trait;
use lettre::message::header::{ContentType, HeaderName, HeaderValue};
use lettre::message::{Mailbox, MultiPart, SinglePart};
use lettre::transport::smtp::AsyncSmtpTransport;
use lettre::{AsyncTransport, Message, Tokio1Executor};

use crate::db::Mail;

/// Why a mail was not sent.
#[derive(Debug, thiserror::Error)]
pub enum SendError {
    /// It may go through later: the server is unreachable, busy, or answered 4xx.
    #[error("{0}")]
    Transient(String),
    /// It never will: the address or the message is refused (5xx), or cannot be built.
    #[error("{0}")]
    Permanent(String),
}

/// Sends mails.
#[async_trait]
pub trait MailTransport: Send + Sync {
    /// Its name, as admins see it: `log` or `smtp`.
    fn name(&self) -> &'static str;

    /// Sends `mail`.
    async fn send(&self, mail: &Mail) -> Result<(), SendError>;
}

/// Writes each mail to the server's log: a developer sees the confirmation link in the console.
/// The outbox keeps the mails, where tests and `schrieb-server outbox` read them.
#[derive(Debug, Default)]
pub struct LogTransport;

#[async_trait]
impl MailTransport for LogTransport {
    fn name(&self) -> &'static str {
        "log"
    }

    async fn send(&self, mail: &Mail) -> Result<(), SendError> {
        tracing::info!(to = %mail.to, subject = %mail.subject, body = %mail.body, "mail sent (log transport)");
        Ok(())
    }
}

/// Hands mails to an SMTP server, by lettre: `smtp://host:port` (plain, for a relay on the same
/// host), `smtp://host?tls=required` (STARTTLS), `smtps://host` (TLS from the start); a
/// `user:password@` in the URL logs in.
pub struct SmtpTransport {
    relay: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
}

/// How long one conversation with the SMTP server may take.
const SMTP_TIMEOUT: Duration = Duration::from_secs(30);

impl SmtpTransport {
    /// A transport to the server at `url`, sending as `from` (`Name <address>` or `address`).
    pub fn new(url: &str, from: &str) -> anyhow::Result<Self> {
        let relay = AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
            .map_err(|error| anyhow::anyhow!("--smtp-url: {error}"))?
            .timeout(Some(SMTP_TIMEOUT))
            .build();
        let from = from.parse().map_err(|error| anyhow::anyhow!("--mail-from {from:?}: {error}"))?;
        Ok(Self { relay, from })
    }
}

#[async_trait]
impl MailTransport for SmtpTransport {
    fn name(&self) -> &'static str {
        "smtp"
    }

    async fn send(&self, mail: &Mail) -> Result<(), SendError> {
        let message = message(&self.from, mail)?;
        self.relay.send(message).await.map(drop).map_err(|error| {
            // A 5xx answer is the server's final word; everything else (4xx, the network, a
            // timeout, TLS) may pass.
            if error.is_permanent() {
                SendError::Permanent(error.to_string())
            } else {
                SendError::Transient(error.to_string())
            }
        })
    }
}

/// `mail` as a message from `from`: text, or text and HTML as alternatives; with
/// `Content-Language`, and `List-Unsubscribe` with its one-click companion (RFC 8058) for mails
/// one can stop.
pub fn message(from: &Mailbox, mail: &Mail) -> Result<Message, SendError> {
    let to: Mailbox = mail.to.parse().map_err(|error| SendError::Permanent(format!("recipient: {error}")))?;
    let mut builder = Message::builder().from(from.clone()).to(to).subject(&mail.subject);
    builder = builder.raw_header(HeaderValue::new(header_name("Content-Language"), mail.lang.tag().to_owned()));
    if let Some(unsubscribe) = &mail.list_unsubscribe {
        builder = builder
            .raw_header(HeaderValue::new(header_name("List-Unsubscribe"), unsubscribe.clone()))
            .raw_header(HeaderValue::new(header_name("List-Unsubscribe-Post"), "List-Unsubscribe=One-Click".into()));
    }
    let text = SinglePart::builder().header(ContentType::TEXT_PLAIN).body(mail.body.clone());
    let built = match &mail.html {
        Some(html) => builder.multipart(
            MultiPart::alternative()
                .singlepart(text)
                .singlepart(SinglePart::builder().header(ContentType::TEXT_HTML).body(html.clone())),
        ),
        None => builder.singlepart(text),
    };
    built.map_err(|error| SendError::Permanent(format!("message: {error}")))
}

fn header_name(name: &'static str) -> HeaderName {
    HeaderName::new_from_ascii_str(name)
}

#[cfg(test)]
mod tests {
    use schrieb_api::MailLanguage;

    use super::*;

    fn mail(html: Option<&str>, unsubscribe: Option<&str>) -> Mail {
        Mail {
            to: "Anna <anna@example.org>".into(),
            subject: "Ärger über Umlaute".into(),
            body: "Hallo Anna,\nein Text.".into(),
            html: html.map(str::to_owned),
            lang: MailLanguage::De,
            list_unsubscribe: unsubscribe.map(str::to_owned),
        }
    }

    fn formatted(mail: &Mail) -> String {
        let from: Mailbox = "schrieb <noreply@example.org>".parse().expect("mailbox");
        String::from_utf8(message(&from, mail).expect("builds").formatted()).expect("utf-8")
    }

    #[test]
    fn a_plain_mail_is_text_with_its_language_and_no_unsubscribe() {
        let text = formatted(&mail(None, None));
        assert!(text.contains("Content-Language: de\r\n"), "{text}");
        assert!(text.contains("Content-Type: text/plain; charset=utf-8"), "{text}");
        assert!(!text.contains("List-Unsubscribe"), "{text}");
        assert!(!text.contains("multipart"), "{text}");
    }

    #[test]
    fn a_notification_is_multipart_with_one_click_unsubscribe() {
        let header =
            "<https://c.example/unsubscribe?token=abc>, <mailto:noreply@example.org?subject=unsubscribe%20abc>";
        let text = formatted(&mail(Some("<p>Hallo</p>"), Some(header)));
        assert!(text.contains("multipart/alternative"), "{text}");
        assert!(text.contains("Content-Type: text/html; charset=utf-8"), "{text}");
        assert!(text.contains("List-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n"), "{text}");
        assert!(text.contains("List-Unsubscribe: <https://c.example/unsubscribe?token=abc>"), "{text}");
    }

    #[test]
    fn a_recipient_that_is_no_address_is_refused_for_good() {
        let error =
            message(&"a@example.org".parse().expect("mailbox"), &Mail { to: "no address".into(), ..mail(None, None) });
        assert!(matches!(error, Err(SendError::Permanent(_))));
    }
}
