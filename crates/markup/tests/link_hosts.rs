//! The table of tricky link addresses (`links/cases.rs`) read by the `url` crate, as the
//! server's HTML renderer reads them; the app's `tests/link_host.rs` holds the browser's URL
//! parser to the same table.
#![allow(clippy::unwrap_used, missing_docs)]

include!("links/cases.rs");

#[test]
fn the_url_crate_reads_every_tricky_address_as_the_table_says() {
    let wrong = disagreements(schrieb_markup::link);
    assert!(wrong.is_empty(), "{} of {} cases:\n{}", wrong.len(), CASES.len(), wrong.join("\n"));
}

#[test]
fn the_html_renderer_shows_the_tables_hosts() {
    for &(url, shown) in CASES {
        // A link with text, as a tree from elsewhere may carry it (markup would read `\` first).
        let document = schrieb_markup::Document {
            blocks: vec![schrieb_markup::Block::Paragraph {
                children: vec![schrieb_markup::Inline::Link {
                    url: url.into(),
                    children: vec![schrieb_markup::Inline::Text { text: "bank".into() }],
                }],
            }],
        };
        let html = schrieb_markup::to_html(&document);
        let web = |href: &str, host: &str| {
            format!("<p><a href=\"{href}\" rel=\"nofollow ugc noopener\">bank</a> ({host})</p>")
        };
        let text = "<p>bank</p>".to_owned();
        let expected = match shown {
            Shown::Web { href, host } => vec![web(href, host)],
            Shown::Mail { href } => vec![format!("<p><a href=\"{href}\" rel=\"nofollow ugc noopener\">bank</a></p>")],
            Shown::Text => vec![text],
            Shown::TextOrWeb { href, host } => vec![text, web(href, host)],
        };
        assert!(expected.contains(&html), "{url:?}: {html} is none of {expected:?}");
    }
}
