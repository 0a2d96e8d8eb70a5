// Tricky link addresses and what the reader must get for each: the link's `href`, and the host
// shown beside its text, which must be the host the browser opens; or no link at all. The
// expected values follow the WHATWG URL Standard, worked out by hand (punycode from Python's
// codec); they are not computed by the code under test.
//
// Not a test of its own: `include!`d by `tests/link_hosts.rs` here (the `url` crate, as the
// server reads links) and by the app's `tests/link_host.rs` (the browser, in headless Chromium).

/// What the reader gets for a link's address.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shown {
    /// A link to `href`, with `host` shown beside its text.
    Web { href: &'static str, host: &'static str },
    /// A `mailto:` link to `href`: it opens no host, so none is shown.
    Mail { href: &'static str },
    /// No link: the address is shown as text.
    Text,
    /// Parsers differ on whether this is an address at all: no link, or a link to `href` with
    /// `host`, and nothing else. Either way the reader is not misled: a browser that takes it
    /// opens that host, the other could not open it.
    TextOrWeb { href: &'static str, host: &'static str },
}

const fn web(href: &'static str, host: &'static str) -> Shown {
    Shown::Web { href, host }
}

const TEXT: Shown = Shown::Text;

/// The table: address as a comment has it (after markup: `\\` in a link destination is one
/// backslash), and what the reader gets.
pub const CASES: &[(&str, Shown)] = &[
    // Plain addresses, `www.` and ports.
    ("https://www.example.org/a?b", web("https://www.example.org/a?b", "example.org")),
    ("http://example.com:8080#x", web("http://example.com:8080/#x", "example.com:8080")),
    ("https://WWW.Bank.Example/", web("https://www.bank.example/", "bank.example")),
    ("https://www.com/", web("https://www.com/", "www.com")),
    // The scheme in any case.
    ("HTTPS://evil.example", web("https://evil.example/", "evil.example")),
    ("hTtP://EVIL.Example/Pfad", web("http://evil.example/Pfad", "evil.example")),
    // A backslash ends the host in http(s) addresses, as a slash does.
    ("https://evil.example\\@bank.example", web("https://evil.example/@bank.example", "evil.example")),
    ("https://bank.example\\evil.example", web("https://bank.example/evil.example", "bank.example")),
    ("http://evil.example\\\\bank/", web("http://evil.example//bank/", "evil.example")),
    ("https://\\evil.example/", web("https://evil.example/", "evil.example")),
    ("https:///evil.example/", web("https://evil.example/", "evil.example")),
    // Credentials before the host, with `@`, `:`, `%2F` or `;` in them.
    ("https://bank.example@evil.example/login", web("https://bank.example@evil.example/login", "evil.example")),
    ("https://bank.example:secret@evil.example/", web("https://bank.example:secret@evil.example/", "evil.example")),
    ("https://a@bank.example@evil.example/", web("https://a%40bank.example@evil.example/", "evil.example")),
    ("http://evil.example:8080@bank.example/", web("http://evil.example:8080@bank.example/", "bank.example")),
    ("https://evil.example%2F@bank.example/", web("https://evil.example%2F@bank.example/", "bank.example")),
    ("https://evil.example;@bank.example/", web("https://evil.example%3B@bank.example/", "bank.example")),
    ("https://www.bank.example@evil.example/", web("https://www.bank.example@evil.example/", "evil.example")),
    ("https://@bank.example/", web("https://bank.example/", "bank.example")),
    // `@` after the host is path, query or fragment.
    ("https://evil.example#@bank.example", web("https://evil.example/#@bank.example", "evil.example")),
    ("https://evil.example?@bank.example", web("https://evil.example/?@bank.example", "evil.example")),
    // Percent-encoded hosts are decoded; an `@` or `/` in one is no address.
    ("https://%62ank.example/", web("https://bank.example/", "bank.example")),
    ("https://%30x7f.1/", web("https://127.0.0.1/", "127.0.0.1")),
    ("https://bank.example%40evil.example/", TEXT),
    ("https://bank.example%2Fevil.example/", TEXT),
    ("https://evil.example%00/", TEXT),
    // IPv4 in hex, octal, decimal and short forms; out of range is no address.
    ("https://0x7f.1/", web("https://127.0.0.1/", "127.0.0.1")),
    ("http://2130706433/", web("http://127.0.0.1/", "127.0.0.1")),
    ("https://0177.0.0.1/", web("https://127.0.0.1/", "127.0.0.1")),
    ("https://0x7F000001", web("https://127.0.0.1/", "127.0.0.1")),
    ("https://192.168.1/", web("https://192.168.0.1/", "192.168.0.1")),
    ("https://1.2.3.0x/", web("https://1.2.3.0/", "1.2.3.0")),
    ("https://1.2.3.4.5/", TEXT),
    ("https://4294967296/", TEXT),
    ("https://256.0.0.1/", TEXT),
    // IPv6.
    ("https://[::1]:8443/", web("https://[::1]:8443/", "[::1]:8443")),
    ("http://[0:0:0:0:0:ffff:7f00:1]/", web("http://[::ffff:7f00:1]/", "[::ffff:7f00:1]")),
    ("https://[::ffff:127.0.0.1]/", web("https://[::ffff:7f00:1]/", "[::ffff:7f00:1]")),
    // A trailing dot is part of the host.
    ("https://evil.example./", web("https://evil.example./", "evil.example.")),
    // Default ports are dropped, others kept; out of range is no address.
    ("https://bank.example:443/", web("https://bank.example/", "bank.example")),
    ("http://bank.example:80/x", web("http://bank.example/x", "bank.example")),
    ("http://bank.example:443/", web("http://bank.example:443/", "bank.example:443")),
    ("https://bank.example:0443/", web("https://bank.example/", "bank.example")),
    ("https://bank.example:/", web("https://bank.example/", "bank.example")),
    ("https://bank.example:65536/", TEXT),
    // Internationalized names in the ASCII form the browser uses: look-alikes cannot pass.
    ("https://bücher.example/", web("https://xn--bcher-kva.example/", "xn--bcher-kva.example")),
    ("https://BÜCHER.example/", web("https://xn--bcher-kva.example/", "xn--bcher-kva.example")),
    ("https://www.bücher.example", web("https://www.xn--bcher-kva.example/", "xn--bcher-kva.example")),
    ("https://xn--bcher-kva.example/", web("https://xn--bcher-kva.example/", "xn--bcher-kva.example")),
    // Cyrillic `а` (U+0430) for Latin `a`.
    ("https://b\u{430}nk.example/", web("https://xn--bnk-6cd.example/", "xn--bnk-6cd.example")),
    ("https://faß.example/", web("https://xn--fa-hia.example/", "xn--fa-hia.example")),
    ("https://b\u{430}nk.\u{440}\u{444}/", web("https://xn--bnk-6cd.xn--p1ai/", "xn--bnk-6cd.xn--p1ai")),
    // A fraction slash (U+2044) that looks like `/`: the rest is still the host.
    (
        "https://evil.example\u{2044}bank.example/",
        web("https://evil.xn--examplebank-lx3f.example/", "evil.xn--examplebank-lx3f.example"),
    ),
    // An invalid punycode label: Chromium takes it as written, the url crate refuses it.
    ("https://xn--a.example/", Shown::TextOrWeb { href: "https://xn--a.example/", host: "xn--a.example" }),
    // Full-width letters and dots, the ideographic full stop, a soft hyphen: mapped away.
    ("https://\u{ff45}\u{ff56}\u{ff49}\u{ff4c}\u{ff0e}example/", web("https://evil.example/", "evil.example")),
    ("https://evil\u{3002}example/", web("https://evil.example/", "evil.example")),
    ("https://ba\u{ad}nk.example/", web("https://bank.example/", "bank.example")),
    // A zero-width space, a mathematical bold `b`, a Roman numeral: mapped too.
    ("https://\u{200b}bank.example/", web("https://bank.example/", "bank.example")),
    ("https://\u{1d41b}ank.example/", web("https://bank.example/", "bank.example")),
    ("https://\u{2163}.example/", web("https://iv.example/", "iv.example")),
    // Hosts that are no DNS name: parsers write them differently (`*` as written or as `%2A`;
    // a spacing diaeresis refused or mapped to a space), so they are no links.
    ("https://evil_example.com/", web("https://evil_example.com/", "evil_example.com")),
    ("https://a*b.example/", TEXT),
    ("https://a!b.example/", TEXT),
    ("https://a%22b.example/", TEXT),
    ("https://a\u{a8}b.example/", TEXT),
    // Mail.
    ("mailto:a@example.org", Shown::Mail { href: "mailto:a@example.org" }),
    ("MAILTO:a@example.org", Shown::Mail { href: "mailto:a@example.org" }),
    // Refused before any parser sees them: no `//`, white space or control characters (which
    // URL parsers would drop silently), other schemes.
    ("https:evil.example", TEXT),
    ("https:/\\evil.example", TEXT),
    ("https:\\\\evil.example", TEXT),
    ("https://evil.example\t.bank.example/", TEXT),
    ("https://evil.\nexample/", TEXT),
    ("https://evil.example/\r", TEXT),
    (" https://evil.example/", TEXT),
    ("https://evil.example/ ", TEXT),
    ("https://evil\u{a0}.example/", TEXT),
    ("//evil.example", TEXT),
    ("javascript:alert(1)", TEXT),
    // No host: no address.
    ("https://", TEXT),
    ("https://:443/", TEXT),
    ("https://@/", TEXT),
    ("http://?x", TEXT),
];

/// Every case that `read` (the `url` crate's or the browser's reading of links) gets otherwise
/// than the table says, in words; empty when it agrees on all.
pub fn disagreements(read: impl Fn(&str) -> Option<schrieb_markup::Link<'_>>) -> Vec<String> {
    CASES
        .iter()
        .filter_map(|&(url, expected)| {
            let link = read(url);
            let got = link.as_ref().map(|link| (link.href.as_str(), link.host.as_deref()));
            let agrees = match expected {
                Shown::Web { href, host } => got == Some((href, Some(host))),
                Shown::Mail { href } => got == Some((href, None)),
                Shown::Text => got.is_none(),
                Shown::TextOrWeb { href, host } => got.is_none() || got == Some((href, Some(host))),
            };
            (!agrees).then(|| format!("{url:?}: expected {expected:?}, got {got:?}"))
        })
        .collect()
}
