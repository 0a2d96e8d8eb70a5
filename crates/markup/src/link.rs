//! Which URLs may become links, where they lead and how they are labelled: one rule for every
//! renderer (the app's views, the HTML for feeds and emails).
//!
//! Where a link leads is never read off its text here. A WHATWG URL parser reads it (in the app
//! the browser's own, which is the one that opens the link; on the server the `url` crate, with
//! this crate's `url` feature), and both the `href` and the host shown beside the link text are
//! taken from what that parser read: so the hint names the host the browser opens, whatever
//! the text says (`HTTPS://`, `\` before `@`, credentials, `%40`, IPv4 in hex, look-alike
//! letters). An address the parser refuses is no link: the browser could not open it either.
//! `tests/links/cases.rs` holds both parsers to one table of such addresses.

#[cfg(test)]
mod tests;
#[cfg(feature = "url")]
mod url_crate;

#[cfg(feature = "url")]
pub use url_crate::link;

/// The URL if it may be a link target: `http`, `https` or `mailto`, with nothing before the
/// scheme. Everything else (`javascript:`, `data:`, relative tricks) is refused, and so is any
/// white space or control character, which URL parsers would silently drop.
pub fn safe_href(url: &str) -> Option<&str> {
    let lower = url.get(..8).unwrap_or(url).to_ascii_lowercase();
    let allowed = lower.starts_with("https://") || lower.starts_with("http://") || lower.starts_with("mailto:");
    let clean = !url.chars().any(|c| c.is_control() || c.is_whitespace());
    (allowed && clean).then_some(url)
}

/// What a WHATWG URL parser read from a link's address: the parts a [`Link`] is made of.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParsedUrl {
    /// The whole address as the parser serializes it (`https://evil.example/@bank.example`).
    pub href: String,
    /// The scheme in lower case, without the colon (`https`, `mailto`).
    pub scheme: String,
    /// The host as the parser serializes it: ASCII, internationalized names in punycode, IPv4
    /// in dotted decimal, IPv6 in brackets. Empty when the address has none (`mailto:`).
    pub host: String,
    /// The port, when it is not the scheme's default.
    pub port: Option<u16>,
}

/// A link the reader may follow: what goes into `href`, and where it leads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link<'a> {
    /// The address as the comment has it, for the label of a bare URL.
    written: &'a str,
    /// The address as the URL parser serialized it. Renderers put this canonical form, not the
    /// written one, into `href`: it has nothing left for another parser (a mail client, another
    /// browser reading the server's HTML) to read differently: the scheme and host are in
    /// lower-case ASCII, backslashes are slashes, `@` in credentials is escaped.
    pub href: String,
    /// The host to show beside link text ("[die Doku](https://evil.example)" then shows
    /// "evil.example"): the host the browser opens, as the parser read it, without `www.`,
    /// with a port that is not the default. `None` for `mailto:`, which opens no host.
    pub host: Option<String>,
}

/// `url` as a link, read by `parse`: a WHATWG URL parser, the browser's in the app or the `url`
/// crate's (`link`, with the `url` feature) on the server. `None` when it may not be a link:
/// when [`safe_href`] refuses it, when the parser does (`https://bank.example%40evil.example`:
/// no browser could open it), when the parser reads no host for `http(s)` or a host that is
/// no DNS name or IP address, or another scheme.
///
/// Where two parsers could disagree, the safe side is taken: no link rather than a guess. The
/// hint is made from the same reading as the `href`, and the `href` is the parser's canonical
/// serialization, in which the host is plain ASCII (letters, digits, `-`, `_`, `.`, or an IP
/// address), so a browser reading the server's HTML opens the host the `url` crate named. The
/// parsers may still differ on whether an address is one at all (Chromium takes an invalid
/// punycode label as written, the `url` crate refuses it; the `url` crate knows code points
/// newer than Chromium's tables): then one renders a link to the host it names, the other
/// none, and neither misleads.
pub fn link_with<'a>(url: &'a str, parse: impl FnOnce(&str) -> Option<ParsedUrl>) -> Option<Link<'a>> {
    let written = safe_href(url)?;
    let parsed = parse(written)?;
    // What the parser wrote must pass the same gate, whatever the parser did.
    safe_href(&parsed.href)?;
    let host = match parsed.scheme.as_str() {
        "http" | "https" => Some(host_hint(&parsed)?),
        "mailto" => None,
        _ => return None,
    };
    Some(Link { written, href: parsed.href, host })
}

/// The host as the hint shows it: the parser's host, `www.` dropped where a name with a dot
/// remains (`www.com` stays), a port that is not the default kept. `None` without a host, and
/// for a host that is neither a name DNS could look up nor an IP address (`a*b.example`, which
/// the `url` crate keeps as written and Chromium writes as `a%2Ab.example`): no browser opens
/// such a host, and only on names of letters, digits, `-`, `_` and `.` do URL parsers agree to
/// the letter.
fn host_hint(parsed: &ParsedUrl) -> Option<String> {
    let host = parsed.host.as_str();
    let name = |host: &str| host.bytes().all(|b| b.is_ascii_alphanumeric() || b"-_.".contains(&b));
    let ipv6 = |host: &str| {
        host.strip_prefix('[')
            .and_then(|host| host.strip_suffix(']'))
            .is_some_and(|address| address.bytes().all(|b| b.is_ascii_hexdigit() || b == b':'))
    };
    if host.is_empty() || !(name(host) || ipv6(host)) {
        return None;
    }
    let host = host.strip_prefix("www.").filter(|rest| rest.trim_end_matches('.').contains('.')).unwrap_or(host);
    Some(match parsed.port {
        Some(port) => format!("{host}:{port}"),
        None => host.to_owned(),
    })
}

impl Link<'_> {
    /// A short label for a bare URL: the host as [`Link::host`] shows it, then the path, query
    /// and fragment as written, no trailing slash, long middles elided; so the reader sees
    /// where the link goes (not `bank.example@` credentials before the host) without a line
    /// full of query string. A `mailto:` address is its own label.
    pub fn label(&self) -> String {
        const MAX: usize = 60;
        let label = match &self.host {
            Some(host) => format!("{host}{}", after_authority(self.written)),
            None => self.written.to_owned(),
        };
        let label = label.strip_suffix('/').unwrap_or(&label);
        let chars: Vec<char> = label.chars().collect();
        if chars.len() <= MAX {
            return label.to_owned();
        }
        let head: String = chars[..MAX - 16].iter().collect();
        let tail: String = chars[chars.len() - 15..].iter().collect();
        format!("{head}…{tail}")
    }
}

/// The path, query and fragment of a web address as written. Only for the label: the host
/// comes from the parser. The URL Standard's rule for `http(s)`: after `scheme:` any slashes
/// and backslashes, then the authority up to the first `/`, `\`, `?` or `#`.
fn after_authority(written: &str) -> &str {
    let rest = written.split_once(':').map_or("", |(_, rest)| rest).trim_start_matches(['/', '\\']);
    rest.find(['/', '\\', '?', '#']).map_or("", |end| &rest[end..])
}
