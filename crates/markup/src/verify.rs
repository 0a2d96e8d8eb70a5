//! Checking that a quote quotes what its source says.
//!
//! A quote matches when its words, with white space collapsed, occur in the source comment's
//! own text with white space collapsed. Markup does not count (quoting `**wichtig**` as
//! "wichtig" matches), and neither do line breaks or paragraph boundaries, because a reader
//! selecting text across two paragraphs quotes them as one run of words.

use crate::Document;

/// `text` with every run of white space turned into one space, and none at either end.
pub fn normalize_whitespace(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// Whether `quoted` (a [`crate::QuotedText::text`]) occurs in `source`'s own words, ignoring
/// white space differences. The source's quotes of other comments are not its own words, so
/// quoting those through it does not match: quote their author instead.
pub fn quote_occurs_in(quoted: &str, source: &Document) -> bool {
    normalize_whitespace(&source.own_text()).contains(&normalize_whitespace(quoted))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse;

    fn quoted(body: &str) -> String {
        parse(body).quotes().remove(0).text
    }

    #[test]
    fn whitespace_collapses() {
        assert_eq!(normalize_whitespace("  a \n\n b\tc  "), "a b c");
        assert_eq!(normalize_whitespace(""), "");
    }

    #[test]
    fn a_quote_of_part_of_a_comment_matches_across_markup_and_paragraphs() {
        let source = parse("Das ist **wirklich** wichtig.\n\nZweiter   Absatz\nmit Umbruch.");
        assert!(quote_occurs_in(&quoted("[quote=1 author=\"A\"]\nwirklich wichtig.\n\nZweiter\n[/quote]"), &source));
        assert!(quote_occurs_in(&quoted("[quote=1 author=\"A\"]\nAbsatz mit Umbruch.\n[/quote]"), &source));
        assert!(quote_occurs_in("", &source), "an empty quote quotes nothing false");
    }

    #[test]
    fn words_the_source_never_wrote_do_not_match() {
        let source = parse("Das ist wichtig.");
        assert!(!quote_occurs_in("Das ist unwichtig.", &source));
        assert!(!quote_occurs_in("das ist wichtig.", &source), "case matters: it is a quote");
    }

    /// A quote of a comment that itself quotes someone: the nested quote is the source's quote,
    /// so only the source's own words are checked, on both sides.
    #[test]
    fn nested_quotes_are_left_out_on_both_sides() {
        let source = parse("Vorher\n\n[quote=1 author=\"A\"]\nfremd\n[/quote]\n\nNachher");
        let quote =
            parse("[quote=2 author=\"B\"]\nVorher\n\n[quote=1 author=\"A\"]\nfremd\n[/quote]\n\nNachher\n[/quote]");
        let quotes = quote.quotes();
        assert_eq!((quotes[0].text.as_str(), quotes[0].nested), ("Vorher\n\nNachher", false));
        assert_eq!((quotes[1].text.as_str(), quotes[1].nested), ("fremd", true));
        assert!(quote_occurs_in(&quotes[0].text, &source));
        assert!(!quote_occurs_in("fremd", &source), "A's words are quoted from A, not from B");
    }

    #[test]
    fn plain_quotes_are_the_sources_own_words() {
        let source = parse("> ein Sprichwort\n\nmeine Meinung");
        assert!(quote_occurs_in("ein Sprichwort meine", &source));
    }
}
