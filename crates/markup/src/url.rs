//! Which URLs may become links, and how a link is labelled: one rule for every renderer
//! (the app's views, the HTML for feeds and emails).

/// The URL if it may be a link target: `http`, `https` or `mailto`, with nothing before the
/// scheme. Everything else (`javascript:`, `data:`, relative tricks) is refused.
pub fn safe_href(url: &str) -> Option<&str> {
    let lower = url.get(..8).unwrap_or(url).to_ascii_lowercase();
    let allowed = lower.starts_with("https://") || lower.starts_with("http://") || lower.starts_with("mailto:");
    let clean = !url.chars().any(|c| c.is_control() || c.is_whitespace());
    (allowed && clean).then_some(url)
}

/// A short label for a bare URL: no scheme, no trailing slash, long middles elided, so that
/// the reader sees where a link goes without a line full of query string.
pub fn link_label(url: &str) -> String {
    const MAX: usize = 60;
    let label = url.strip_prefix("https://").or_else(|| url.strip_prefix("http://")).unwrap_or(url);
    let label = label.strip_prefix("www.").unwrap_or(label);
    let label = label.strip_suffix('/').unwrap_or(label);
    let chars: Vec<char> = label.chars().collect();
    if chars.len() <= MAX {
        return label.to_owned();
    }
    let head: String = chars[..MAX - 16].iter().collect();
    let tail: String = chars[chars.len() - 15..].iter().collect();
    format!("{head}…{tail}")
}

/// The host a web link leads to, without `www.`, for showing beside link text that might
/// say something else ("[die Doku](https://evil.example)" then shows "evil.example").
pub fn link_host(url: &str) -> Option<&str> {
    let rest = url.strip_prefix("https://").or_else(|| url.strip_prefix("http://"))?;
    let authority = rest.split(['/', '?', '#']).next()?;
    // Credentials before the host ("https://bank.example@evil.example") must not fool anyone.
    let host = authority.rsplit('@').next()?;
    let host = host.strip_prefix("www.").unwrap_or(host);
    (!host.is_empty()).then_some(host)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_web_and_mail_urls_are_links() {
        assert_eq!(safe_href("https://example.org/a"), Some("https://example.org/a"));
        assert_eq!(safe_href("HTTP://example.org"), Some("HTTP://example.org"));
        assert_eq!(safe_href("mailto:a@example.org"), Some("mailto:a@example.org"));
        for bad in [
            "javascript:alert(1)",
            "JaVaScRiPt:alert(1)",
            "data:text/html,x",
            "//evil.example",
            "https://a b",
            "https://a\u{0}b",
        ] {
            assert_eq!(safe_href(bad), None, "{bad}");
        }
    }

    #[test]
    fn hosts_of_web_links() {
        assert_eq!(link_host("https://www.example.org/a?b"), Some("example.org"));
        assert_eq!(link_host("http://example.com:8080#x"), Some("example.com:8080"));
        assert_eq!(link_host("https://bank.example@evil.example/login"), Some("evil.example"));
        assert_eq!(link_host("mailto:a@example.org"), None);
        assert_eq!(link_host("https://"), None);
    }

    #[test]
    fn labels_are_short_and_readable() {
        assert_eq!(link_label("https://www.example.org/"), "example.org");
        assert_eq!(link_label("http://example.org/a/b"), "example.org/a/b");
        let long = format!("https://example.org/{}", "x".repeat(100));
        let label = link_label(&long);
        assert_eq!(label.chars().count(), 60);
        assert!(label.contains('…'));
    }
}
