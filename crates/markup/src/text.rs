//! Plain text to inlines: finds bare URLs and `@mentions` in text outside links and code.

use crate::Inline;

/// The longest name a mention may carry.
const MAX_NAME_CHARS: usize = 64;

/// Splits `text` into text, bare links and mentions, appending to `out`.
pub(crate) fn split_text(text: &str, out: &mut Vec<Inline>) {
    let mut rest = text;
    loop {
        let url = find_url_start(rest);
        let mention = find_mention(rest);
        match (url, mention) {
            (Some(at), ref mention) if mention.as_ref().is_none_or(|(m, _, _)| at < *m) => {
                let candidate = &rest[at..];
                let end = candidate.find(char::is_whitespace).unwrap_or(candidate.len());
                let url = trim_trailing_punctuation(&candidate[..end]);
                let scheme_len = if url.starts_with("https://") { 8 } else { 7 };
                if url.len() <= scheme_len {
                    // A scheme alone is not a link; keep it as text and move past it.
                    push_text(out, &rest[..at + scheme_len]);
                    rest = &rest[at + scheme_len..];
                    continue;
                }
                push_text(out, &rest[..at]);
                out.push(Inline::Link { url: url.to_owned(), children: Vec::new() });
                rest = &rest[at + url.len()..];
            }
            (_, Some((at, len, name))) => {
                push_text(out, &rest[..at]);
                out.push(Inline::Mention { name });
                rest = &rest[at + len..];
            }
            _ => break,
        }
    }
    push_text(out, rest);
}

/// Appends text, merging with text just before it.
pub(crate) fn push_text(out: &mut Vec<Inline>, text: &str) {
    if text.is_empty() {
        return;
    }
    if let Some(Inline::Text { text: previous }) = out.last_mut() {
        previous.push_str(text);
    } else {
        out.push(Inline::Text { text: text.to_owned() });
    }
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

/// The next mention: where its `@` is, how many bytes it spans, and the name.
fn find_mention(text: &str) -> Option<(usize, usize, String)> {
    let mut from = 0;
    while let Some(found) = text[from..].find('@') {
        let at = from + found;
        from = at + 1;
        // "mail@example.org" is an address, not a mention.
        if text[..at].chars().next_back().is_some_and(|c| c.is_alphanumeric() || c == '@') {
            continue;
        }
        let after = &text[at + 1..];
        if let Some(quoted) = after.strip_prefix('"') {
            let Some(close) = quoted.find('"') else { continue };
            let name = quoted[..close].trim();
            if !name.is_empty() && name.chars().count() <= MAX_NAME_CHARS && !name.contains('\n') {
                return Some((at, close + 3, name.to_owned()));
            }
            continue;
        }
        let len: usize = after
            .char_indices()
            .take_while(|(_, c)| c.is_alphanumeric() || matches!(c, '_' | '-' | '.'))
            .map(|(_, c)| c.len_utf8())
            .sum();
        let name = after[..len].trim_end_matches(['.', '-']);
        if !name.is_empty() && name.chars().count() <= MAX_NAME_CHARS {
            return Some((at, name.len() + 1, name.to_owned()));
        }
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

#[cfg(test)]
mod tests {
    use super::*;

    fn split(text: &str) -> Vec<Inline> {
        let mut out = Vec::new();
        split_text(text, &mut out);
        out
    }

    fn link(url: &str) -> Inline {
        Inline::Link { url: url.into(), children: vec![] }
    }

    fn text(text: &str) -> Inline {
        Inline::Text { text: text.into() }
    }

    fn mention(name: &str) -> Inline {
        Inline::Mention { name: name.into() }
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

    #[test]
    fn mentions_plain_and_quoted() {
        assert_eq!(split("@Martin, stimmt."), vec![mention("Martin"), text(", stimmt.")]);
        assert_eq!(split("Danke @nordlicht_83."), vec![text("Danke "), mention("nordlicht_83"), text(".")]);
        assert_eq!(split("@\"Frau Holle\" hat recht"), vec![mention("Frau Holle"), text(" hat recht")]);
        assert_eq!(split("@T-800 nein"), vec![mention("T-800"), text(" nein")]);
    }

    #[test]
    fn addresses_and_lone_signs_are_not_mentions() {
        assert_eq!(split("mail@example.org"), vec![text("mail@example.org")]);
        assert_eq!(split("@ alle"), vec![text("@ alle")]);
        assert_eq!(split("@\"offen"), vec![text("@\"offen")]);
        assert_eq!(split("@@doppelt"), vec![text("@@doppelt")]);
    }

    #[test]
    fn mentions_and_links_in_one_line() {
        assert_eq!(
            split("@Martin siehe https://example.org"),
            vec![mention("Martin"), text(" siehe "), link("https://example.org")]
        );
    }
}
