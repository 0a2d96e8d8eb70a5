//! Finding bare URLs in text.

use crate::Inline;

/// Splits one line of text into text and links, appending to `out`.
pub(crate) fn split_links(line: &str, out: &mut Vec<Inline>) {
    let mut rest = line;
    while let Some(start) = find_url_start(rest) {
        let candidate = &rest[start..];
        let end = candidate.find(char::is_whitespace).unwrap_or(candidate.len());
        let url = trim_trailing_punctuation(&candidate[..end]);
        let scheme_len = if url.starts_with("https://") { 8 } else { 7 };
        if url.len() <= scheme_len {
            // "https://" alone is not a link; keep it as text and move past it.
            push_text(out, &rest[..start + end]);
            rest = &rest[start + end..];
            continue;
        }
        push_text(out, &rest[..start]);
        out.push(Inline::Link { url: url.to_owned() });
        rest = &rest[start + url.len()..];
    }
    push_text(out, rest);
}

fn find_url_start(text: &str) -> Option<usize> {
    let mut from = 0;
    while let Some(found) = text[from..].find("http") {
        let at = from + found;
        let tail = &text[at..];
        let boundary = text[..at].chars().next_back().is_none_or(|c| !c.is_alphanumeric());
        if boundary && (tail.starts_with("https://") || tail.starts_with("http://")) {
            return Some(at);
        }
        from = at + 4;
    }
    None
}

/// Sentence punctuation after a URL belongs to the sentence ("see https://x.org/a."), and a
/// closing parenthesis belongs to the URL only when the URL opened one.
fn trim_trailing_punctuation(url: &str) -> &str {
    let mut url = url;
    loop {
        let Some(last) = url.chars().next_back() else { return url };
        let strip = match last {
            '.' | ',' | ';' | ':' | '!' | '?' | '"' | '\'' => true,
            ')' => url.matches('(').count() < url.matches(')').count(),
            _ => false,
        };
        if !strip {
            return url;
        }
        url = &url[..url.len() - last.len_utf8()];
    }
}

fn push_text(out: &mut Vec<Inline>, text: &str) {
    if text.is_empty() {
        return;
    }
    if let Some(Inline::Text { text: previous }) = out.last_mut() {
        previous.push_str(text);
    } else {
        out.push(Inline::Text { text: text.to_owned() });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(line: &str) -> Vec<Inline> {
        let mut out = Vec::new();
        split_links(line, &mut out);
        out
    }

    fn link(url: &str) -> Inline {
        Inline::Link { url: url.into() }
    }

    fn text(text: &str) -> Inline {
        Inline::Text { text: text.into() }
    }

    #[test]
    fn finds_bare_urls_and_leaves_sentence_punctuation() {
        assert_eq!(
            split("Siehe https://example.org/a?b=1. Und http://x.example!"),
            vec![
                text("Siehe "),
                link("https://example.org/a?b=1"),
                text(". Und "),
                link("http://x.example"),
                text("!")
            ]
        );
    }

    #[test]
    fn keeps_balanced_parentheses() {
        assert_eq!(
            split("(https://wiki.example.net/Foo_(Bar))"),
            vec![text("("), link("https://wiki.example.net/Foo_(Bar)"), text(")")]
        );
    }

    #[test]
    fn only_http_schemes_at_a_word_boundary() {
        assert_eq!(split("javascript:alert(1)"), vec![text("javascript:alert(1)")]);
        assert_eq!(split("xhttps://evil.example"), vec![text("xhttps://evil.example")]);
        assert_eq!(split("https:// nothing"), vec![text("https:// nothing")]);
    }
}
