//! Short plain-text previews of a body, for lists (profiles, notifications, feeds).

use crate::{Document, normalize_whitespace};

/// The first words of `document`'s own text (quotes of other comments left out, white space
/// collapsed), at most `max_chars` characters; cut at a word boundary and ended with "…" when
/// there is more.
pub fn excerpt(document: &Document, max_chars: usize) -> String {
    let text = normalize_whitespace(&document.own_text());
    if text.chars().count() <= max_chars {
        return text;
    }
    // Room for the ellipsis; then back to the last word boundary, unless the first word alone
    // is longer than the room (a long URL), which is cut where it must be.
    let room = max_chars.saturating_sub(1);
    let cut = text.char_indices().nth(room).map_or(text.len(), |(at, _)| at);
    let head = &text[..cut];
    let head = match head.rfind(' ') {
        Some(space) if space > 0 => &head[..space],
        _ => head,
    };
    format!("{}…", head.trim_end_matches([',', ';', ':', '-', ' ']))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse;

    #[test]
    fn short_texts_stay_whole() {
        assert_eq!(excerpt(&parse("Kurz   und\n\nknapp."), 50), "Kurz und knapp.");
    }

    #[test]
    fn long_texts_end_at_a_word_with_an_ellipsis() {
        let text = excerpt(&parse("Das ist ein ziemlich langer Satz, der nicht passt."), 25);
        assert_eq!(text, "Das ist ein ziemlich…");
        assert!(text.chars().count() <= 25);
    }

    #[test]
    fn quotes_of_others_and_markup_are_left_out() {
        let body = "[quote=1 author=\"A\"]\nfremde Worte\n[/quote]\n\n**Meine** Antwort";
        assert_eq!(excerpt(&parse(body), 100), "Meine Antwort");
    }

    #[test]
    fn one_overlong_word_is_cut_inside() {
        let text = excerpt(&parse("https://example.org/ein/sehr/langer/pfad"), 12);
        assert_eq!(text.chars().count(), 12);
        assert!(text.ends_with('…'));
    }
}
