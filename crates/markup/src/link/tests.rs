//! The rules on top of a parser's reading, with readings written down by hand; what real
//! parsers make of tricky addresses is `tests/link_hosts.rs` (the `url` crate) and the app's
//! `tests/link_host.rs` (the browser).

use super::*;

fn parsed(href: &str, scheme: &str, host: &str, port: Option<u16>) -> ParsedUrl {
    ParsedUrl { href: href.into(), scheme: scheme.into(), host: host.into(), port }
}

/// `written` as a link, with the parser reading it as `reading`.
fn read_as(written: &str, reading: ParsedUrl) -> Option<Link<'_>> {
    link_with(written, |_| Some(reading))
}

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
        "https://evil.example\t/",
        "https:evil.example",
    ] {
        assert_eq!(safe_href(bad), None, "{bad}");
    }
}

#[test]
fn the_hint_is_the_parsers_host_without_www_and_with_a_port_that_is_not_the_default() {
    let host = |host: &str, port| read_as("https://x", parsed("https://x/", "https", host, port)).unwrap().host;
    assert_eq!(host("www.example.org", None).as_deref(), Some("example.org"));
    assert_eq!(host("example.com", Some(8080)).as_deref(), Some("example.com:8080"));
    assert_eq!(host("www.com", None).as_deref(), Some("www.com"), "a top-level domain alone says nothing");
    assert_eq!(host("www.example.", None).as_deref(), Some("www.example."));
    assert_eq!(host("xn--bnk-6cd.example", None).as_deref(), Some("xn--bnk-6cd.example"));
    assert_eq!(host("[::1]", Some(8443)).as_deref(), Some("[::1]:8443"));
}

#[test]
fn the_href_is_what_the_parser_wrote() {
    let link = read_as(
        "HTTPS://evil.example\\@bank.example",
        parsed("https://evil.example/@bank.example", "https", "evil.example", None),
    )
    .unwrap();
    assert_eq!(link.href, "https://evil.example/@bank.example");
    assert_eq!(link.host.as_deref(), Some("evil.example"));
}

#[test]
fn mail_links_have_no_host_and_other_readings_are_no_links() {
    let mail = read_as("mailto:a@example.org", parsed("mailto:a@example.org", "mailto", "", None)).unwrap();
    assert_eq!((mail.href.as_str(), mail.host), ("mailto:a@example.org", None));
    // Whatever a parser makes of an address, it is a link only as http(s) with a host or mailto.
    assert_eq!(read_as("https://x", parsed("https://x", "https", "", None)), None);
    assert_eq!(read_as("https://x", parsed("javascript:alert(1)", "javascript", "", None)), None);
    assert_eq!(read_as("https://x", parsed("https://a b/", "https", "a b", None)), None);
    for odd in
        ["a*b.example", "a%2Ab.example", "a\"b.example", "xn--a%20b-eec.example", "[::1", "[v1.x]", "bücher.example"]
    {
        assert_eq!(read_as("https://x", parsed("https://x/", "https", odd, None)), None, "{odd}");
    }
    assert_eq!(link_with("https://x", |_| None), None, "the parser refused it");
    assert_eq!(link_with("javascript:alert(1)", |_| unreachable!("refused before parsing")), None);
}

#[test]
fn labels_show_the_parsers_host_and_are_short() {
    let label =
        |written: &str, host: &str| read_as(written, parsed("https://x/", "https", host, None)).unwrap().label();
    assert_eq!(label("https://www.example.org/", "www.example.org"), "example.org");
    assert_eq!(label("http://example.org/a/b", "example.org"), "example.org/a/b");
    assert_eq!(label("HTTPS://Example.org?q#f", "example.org"), "example.org?q#f");
    assert_eq!(label("https://bank.example@evil.example/login", "evil.example"), "evil.example/login");
    assert_eq!(label("https://evil.example\\@bank.example", "evil.example"), "evil.example\\@bank.example");
    assert_eq!(label("https:///evil.example/a", "evil.example"), "evil.example/a");
    let long = format!("https://example.org/{}", "x".repeat(100));
    let long = label(&long, "example.org");
    assert_eq!(long.chars().count(), 60);
    assert!(long.starts_with("example.org/xxx") && long.contains('…'));
    let mail = read_as("mailto:a@example.org", parsed("mailto:a@example.org", "mailto", "", None)).unwrap();
    assert_eq!(mail.label(), "mailto:a@example.org");
}
