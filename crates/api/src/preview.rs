//! Link previews: the card a link in a comment becomes, made by the server from the linked
//! page's metadata (OpenGraph, Twitter cards, `<title>`, favicon) after the comment is
//! published.
//!
//! Everything in a card is text, cut to the lengths below and cleaned of characters that
//! could disguise it ([`clean_text`]); the image is a URL on schrieb's own origin.

use serde::{Deserialize, Serialize};

/// The links of a comment that get a card: the first ones, in the order written.
pub const MAX_PREVIEWS: usize = 3;

/// The most characters of a card's title.
pub const MAX_PREVIEW_TITLE_CHARS: usize = 160;

/// The most characters of a card's site name.
pub const MAX_PREVIEW_SITE_CHARS: usize = 60;

/// The most characters of a card's description.
pub const MAX_PREVIEW_DESCRIPTION_CHARS: usize = 280;

/// The most hosts on a site's list of hosts whose links get no card.
pub const MAX_PREVIEW_BLOCKED_HOSTS: usize = 500;

/// The card of one link in a comment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LinkPreview {
    /// The link as written in the comment: where the card leads.
    pub url: String,
    /// The page's title.
    pub title: String,
    /// The site's name (`og:site_name`), else the host the link leads to.
    pub site: String,
    /// A short description, if the page has one.
    pub description: Option<String>,
    /// The page's picture (or icon), checked and re-encoded by schrieb: a path on schrieb's
    /// origin (`/api/v1/preview-images/{name}`), never the linked site's.
    pub image: Option<String>,
}

impl LinkPreview {
    /// The host the card leads to, as readers should see it: the link's host without `www.`.
    pub fn host(&self) -> Option<String> {
        let rest = self.url.split_once("://")?.1;
        let authority = rest.split(['/', '?', '#']).next()?;
        let host = authority.rsplit('@').next()?;
        let host = match host.strip_prefix('[') {
            Some(v6) => v6.split(']').next()?,
            None => host.split(':').next()?,
        };
        let host = host.trim_end_matches('.').to_ascii_lowercase();
        let host = host.strip_prefix("www.").map(str::to_owned).unwrap_or(host);
        (!host.is_empty()).then_some(host)
    }
}

/// Whether `c` may not appear in a card: control characters, the invisible and direction
/// characters display names refuse ([`crate::is_invisible`]), and tag characters.
pub fn is_disguising(c: char) -> bool {
    c.is_control() || crate::is_invisible(c) || ('\u{E0000}'..='\u{E0FFF}').contains(&c)
}

/// Where schrieb serves the pictures it re-encoded: the one place a card's or a promotion's
/// picture may come from (`/api/v1/preview-images/`).
fn served_pictures() -> &'static str {
    crate::paths::Endpoint::PreviewImage.template().trim_end_matches("{name}")
}

/// Whether `path` is on schrieb's own pictures' path: the only pictures the app shows in cards
/// and promotions, so that readers' browsers ask no other site.
pub fn is_served_picture(path: &str) -> bool {
    path.starts_with(served_pictures())
}

/// Whether `name` is a stored picture's name: the SHA-256 of its bytes in lower-case hex, and
/// `.jpg` or `.png`.
pub fn is_picture_name(name: &str) -> bool {
    let Some((hash, extension)) = name.split_once('.') else { return false };
    hash.len() == 64
        && hash.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
        && matches!(extension, "jpg" | "png")
}

/// Whether `path` names a picture schrieb stores (`/api/v1/preview-images/{name}`).
pub fn is_stored_picture(path: &str) -> bool {
    path.strip_prefix(served_pictures()).is_some_and(is_picture_name)
}

/// `raw` as a card shows it: disguising characters dropped, each run of white space one space,
/// trimmed, and cut to `max` characters (ending in `…` when cut); `None` when nothing is left.
pub fn clean_text(raw: &str, max: usize) -> Option<String> {
    let mut cleaned = String::with_capacity(raw.len().min(max * 4));
    let mut space = false;
    for c in raw.chars() {
        if c.is_whitespace() {
            space = !cleaned.is_empty();
        } else if !is_disguising(c) {
            if space {
                cleaned.push(' ');
                space = false;
            }
            cleaned.push(c);
        }
    }
    if cleaned.is_empty() {
        return None;
    }
    if cleaned.chars().count() > max {
        let mut cut: String = cleaned.chars().take(max.saturating_sub(1)).collect();
        cut.truncate(cut.trim_end().len());
        cut.push('…');
        return Some(cut);
    }
    Some(cleaned)
}

/// A host as a site's block list keeps it: lower case, without a trailing dot or `www.`;
/// `None` when `raw` is no host name.
pub fn blocked_host(raw: &str) -> Option<String> {
    let host = raw.trim().trim_end_matches('.').to_ascii_lowercase();
    let host = host.strip_prefix("www.").unwrap_or(&host);
    let valid = !host.is_empty()
        && host.len() <= 253
        && host.split('.').all(|label| {
            !label.is_empty()
                && label.len() <= 63
                && !label.starts_with('-')
                && !label.ends_with('-')
                && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        });
    valid.then(|| host.to_owned())
}

/// Whether `host` is `blocked` or one of its subdomains.
pub fn host_is_blocked(host: &str, blocked: &[String]) -> bool {
    let host = host.trim_end_matches('.').to_ascii_lowercase();
    blocked
        .iter()
        .any(|entry| host == *entry || host.strip_suffix(entry.as_str()).is_some_and(|rest| rest.ends_with('.')))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bidi_overrides_and_invisible_characters_are_dropped() {
        let sneaky = "\u{202E}gnp.exe\u{202C} Harm\u{200B}los\u{FEFF} \u{2066}x\u{2069}\u{E0041}";
        assert_eq!(clean_text(sneaky, 100).as_deref(), Some("gnp.exe Harmlos x"));
        assert_eq!(clean_text("  \n\t Zeile\n\nzwei  ", 100).as_deref(), Some("Zeile zwei"));
        assert_eq!(clean_text("\u{200B}\u{200B} ", 100), None);
    }

    #[test]
    fn long_text_is_cut_with_an_ellipsis() {
        let cut = clean_text(&"ä".repeat(500), 10).unwrap();
        assert_eq!(cut.chars().count(), 10);
        assert!(cut.ends_with('…'));
        assert_eq!(clean_text("genau zehn", 10).as_deref(), Some("genau zehn"));
        assert_eq!(clean_text("Wort Wort Wort", 6).as_deref(), Some("Wort…"));
    }

    #[test]
    fn the_host_is_the_links() {
        let card = |url: &str| LinkPreview {
            url: url.into(),
            title: "t".into(),
            site: "s".into(),
            description: None,
            image: None,
        };
        assert_eq!(card("https://www.Example.org/a?b#c").host().as_deref(), Some("example.org"));
        assert_eq!(card("https://user@evil.example:8443/").host().as_deref(), Some("evil.example"));
        assert_eq!(card("http://[2001:db8::1]:80/").host().as_deref(), Some("2001:db8::1"));
        assert_eq!(card("not a url").host(), None);
    }

    #[test]
    fn block_lists_hold_hosts_and_cover_subdomains() {
        assert_eq!(blocked_host(" WWW.Example.ORG. ").as_deref(), Some("example.org"));
        assert_eq!(blocked_host("http://example.org"), None);
        assert_eq!(blocked_host("-bad.example"), None);
        assert_eq!(blocked_host(""), None);
        let blocked = vec!["example.org".to_owned()];
        assert!(host_is_blocked("example.org", &blocked));
        assert!(host_is_blocked("news.Example.org.", &blocked));
        assert!(!host_is_blocked("notexample.org", &blocked));
        assert!(!host_is_blocked("example.org.evil", &blocked));
    }
}
