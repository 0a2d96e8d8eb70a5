//! What the editor's toolbar, shortcuts, paste and quote buttons do to the text: pure
//! functions from text and selection to an [`Edit`], so they are tested without a browser.
//! Offsets are byte offsets into the text; the textarea layer converts from and to the UTF-16
//! offsets the DOM uses.

use std::ops::Range;

/// A formatting button of the toolbar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// `**strong**` (Ctrl/Cmd+B).
    Bold,
    /// `*emphasis*` (Ctrl/Cmd+I).
    Italic,
    /// `~~struck~~`.
    Strikethrough,
    /// `[text](url)` (Ctrl/Cmd+K).
    Link,
    /// `> ` before each line.
    Quote,
    /// `` `code` ``, or a fenced block for several lines.
    Code,
    /// `- ` before each line.
    List,
}

impl Format {
    /// Every button, in toolbar order.
    pub const ALL: [Format; 7] =
        [Format::Bold, Format::Italic, Format::Strikethrough, Format::Link, Format::Quote, Format::Code, Format::List];
}

/// One change to the text: `range` is replaced by `insert`, then `select` (offsets in the
/// changed text) is selected. One replacement, so the browser's undo takes it back in one step.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edit {
    /// What is replaced, in the text before the edit.
    pub range: Range<usize>,
    /// What replaces it.
    pub insert: String,
    /// The selection afterwards, in the text after the edit.
    pub select: Range<usize>,
}

impl Edit {
    /// The text after the edit.
    pub fn applied(&self, text: &str) -> String {
        let mut out = String::with_capacity(text.len() + self.insert.len());
        out.push_str(&text[..self.range.start]);
        out.push_str(&self.insert);
        out.push_str(&text[self.range.end..]);
        out
    }
}

/// What `format` does to `selection` of `text`. Inline styles wrap the selection (and unwrap
/// it when it is wrapped already); quote and list prefix its lines (and take the prefix off
/// again); code is inline within a line and a fenced block across lines.
pub fn apply_format(text: &str, selection: Range<usize>, format: Format) -> Edit {
    match format {
        Format::Bold => toggle_wrap(text, selection, "**"),
        Format::Italic => toggle_wrap(text, selection, "*"),
        Format::Strikethrough => toggle_wrap(text, selection, "~~"),
        Format::Link => link(text, selection),
        Format::Quote => toggle_prefix(text, selection, "> "),
        Format::List => toggle_prefix(text, selection, "- "),
        Format::Code if text[selection.clone()].contains('\n') => code_block(text, selection),
        Format::Code => toggle_wrap(text, selection, "`"),
    }
}

/// Pasting `url` over `selection`: the selected words become a link to it.
pub fn link_to(text: &str, selection: Range<usize>, url: &str) -> Edit {
    let words = trim_selection(text, selection);
    let insert = format!("[{}]({url})", &text[words.clone()]);
    let end = words.start + insert.len();
    Edit { range: words, insert, select: end..end }
}

/// `block` (lines ending in a line break) inserted at `at` on lines of its own: a line break
/// is added before it when `at` is inside a line, and a blank line separates it from text
/// before and after. The caret ends up after it, ready for the answer.
pub fn insert_block(text: &str, at: usize, block: &str) -> Edit {
    let before = &text[..at];
    let after = &text[at..];
    let mut insert = String::new();
    if !before.is_empty() && !before.ends_with("\n\n") {
        insert.push_str(if before.ends_with('\n') { "\n" } else { "\n\n" });
    }
    insert.push_str(block);
    if !block.ends_with('\n') {
        insert.push('\n');
    }
    if after.starts_with('\n') || after.is_empty() {
        // The caret goes on the line after the block.
    } else {
        insert.push('\n');
    }
    let caret = at + insert.len() - usize::from(!after.is_empty() && !after.starts_with('\n'));
    Edit { range: at..at, insert, select: caret..caret }
}

/// `snippet` in place of `selection`, the caret after it.
pub fn insert_text(selection: Range<usize>, snippet: &str) -> Edit {
    let end = selection.start + snippet.len();
    Edit { range: selection, insert: snippet.to_owned(), select: end..end }
}

/// The mention being typed at `caret`: the range of `@na` (from the `@` to the caret) and
/// the name typed so far, once it has at least `min_chars` characters. Quoted names (`@"Frau H`)
/// count from after the opening quote; an `@` inside a word (an address) is not a mention.
pub fn mention_at(text: &str, caret: usize, min_chars: usize) -> Option<(Range<usize>, String)> {
    let before = text.get(..caret)?;
    let at = before.rfind('@')?;
    let typed = &before[at + 1..];
    let name = match typed.strip_prefix('"') {
        Some(quoted) if !quoted.contains(['"', '\n']) => quoted,
        Some(_) => return None,
        None if typed.chars().all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.')) => typed,
        None => return None,
    };
    let starts_word = before[..at].chars().next_back().is_none_or(|c| !c.is_alphanumeric() && c != '@');
    (starts_word && name.chars().count() >= min_chars).then(|| (at..caret, name.to_owned()))
}

/// The selection without white space at either end (double-click selects the space after a
/// word on some systems), unless it is nothing but white space.
fn trim_selection(text: &str, selection: Range<usize>) -> Range<usize> {
    let selected = &text[selection.clone()];
    let trimmed = selected.trim();
    if trimmed.is_empty() {
        return selection;
    }
    let start = selection.start + (selected.len() - selected.trim_start().len());
    start..start + trimmed.len()
}

fn toggle_wrap(text: &str, selection: Range<usize>, marker: &str) -> Edit {
    let Range { start, end } = trim_selection(text, selection);
    let selected = &text[start..end];
    let m = marker.len();
    // The markers just outside the selection: take them off.
    if text[..start].ends_with(marker) && text[end..].starts_with(marker) && !doubled(text, start - m, end + m, marker)
    {
        return Edit { range: start - m..end + m, insert: selected.to_owned(), select: start - m..end - m };
    }
    // The markers selected with the words: take them off too.
    if selected.len() >= 2 * m && selected.starts_with(marker) && selected.ends_with(marker) {
        let inner = &selected[m..selected.len() - m];
        return Edit { range: start..end, insert: inner.to_owned(), select: start..start + inner.len() };
    }
    Edit { range: start..end, insert: format!("{marker}{selected}{marker}"), select: start + m..end + m }
}

/// Whether the marker found around a selection is really part of a longer run (`*` inside
/// `**`), which belongs to another style.
fn doubled(text: &str, outer_start: usize, outer_end: usize, marker: &str) -> bool {
    let Some(first) = marker.chars().next() else { return false };
    marker.len() == 1 && (text[..outer_start].ends_with(first) || text[outer_end..].starts_with(first))
}

fn link(text: &str, selection: Range<usize>) -> Edit {
    let Range { start, end } = trim_selection(text, selection);
    let selected = &text[start..end];
    if looks_like_url(selected) {
        // The URL is there; the words are missing: the caret goes between the brackets.
        return Edit { range: start..end, insert: format!("[]({selected})"), select: start + 1..start + 1 };
    }
    let insert = format!("[{selected}](https://)");
    // Select the placeholder address, so typing or pasting replaces it.
    let url_start = start + selected.len() + 3;
    Edit { range: start..end, insert, select: url_start..url_start + "https://".len() }
}

/// How a pasted address is written so that it reads back as a link to exactly that address:
/// as it is when the parser's bare-URL rule takes all of it, in `<…>` otherwise (a final `.` or
/// an unbalanced `)` would be left out of a bare one).
pub fn pasted_address(url: &str) -> String {
    let document = schrieb_markup::parse(url);
    let whole = matches!(
        document.blocks.as_slice(),
        [schrieb_markup::Block::Paragraph { children }]
            if matches!(children.as_slice(), [schrieb_markup::Inline::Link { url: linked, .. }] if linked == url)
    );
    if whole { url.to_owned() } else { format!("<{url}>") }
}

/// An address as people paste it: one word, `http(s)://` or `mailto:`.
pub fn looks_like_url(text: &str) -> bool {
    let lower = text.trim().to_ascii_lowercase();
    !text.trim().contains(char::is_whitespace)
        && ["https://", "http://", "mailto:"]
            .iter()
            .any(|scheme| lower.starts_with(scheme) && lower.len() > scheme.len())
}

fn line_range(text: &str, selection: Range<usize>) -> Range<usize> {
    let start = text[..selection.start].rfind('\n').map_or(0, |at| at + 1);
    // A selection that ends at the start of a line does not take that line.
    let last = if selection.end > selection.start && text[..selection.end].ends_with('\n') {
        selection.end - 1
    } else {
        selection.end
    };
    let end = text[last..].find('\n').map_or(text.len(), |at| last + at);
    start..end.max(start)
}

fn toggle_prefix(text: &str, selection: Range<usize>, prefix: &str) -> Edit {
    let lines = line_range(text, selection.clone());
    let block = &text[lines.clone()];
    let bare = prefix.trim_end();
    let filled: Vec<&str> = block.lines().filter(|line| !line.trim().is_empty()).collect();
    let prefixed = !filled.is_empty() && filled.iter().all(|line| line.starts_with(bare));
    let insert = if prefixed {
        block
            .lines()
            .map(|line| line.strip_prefix(prefix).or_else(|| line.strip_prefix(bare)).unwrap_or(line))
            .collect::<Vec<_>>()
            .join("\n")
    } else if block.is_empty() {
        prefix.to_owned()
    } else {
        // A blank line inside a quote keeps the quote together; in a list it just separates.
        block
            .lines()
            .map(|line| match (line.trim().is_empty(), prefix) {
                (true, "> ") => bare.to_owned(),
                (true, _) => line.to_owned(),
                (false, _) => format!("{prefix}{line}"),
            })
            .collect::<Vec<_>>()
            .join("\n")
    };
    let end = lines.start + insert.len();
    let select = if selection.is_empty() { end..end } else { lines.start..end };
    Edit { range: lines, insert, select }
}

fn code_block(text: &str, selection: Range<usize>) -> Edit {
    let lines = line_range(text, selection);
    let code = &text[lines.clone()];
    let insert = format!("```\n{code}\n```");
    Edit { range: lines.clone(), insert, select: lines.start + 4..lines.start + 4 + code.len() }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Runs `action` on `marked`, where `«` and `»` mark the selection (`|` a caret), and
    /// returns the result marked the same way.
    fn run(marked: &str, action: impl Fn(&str, Range<usize>) -> Edit) -> String {
        let (text, selection) = unmark(marked);
        let edit = action(&text, selection);
        mark(&edit.applied(&text), edit.select)
    }

    fn unmark(marked: &str) -> (String, Range<usize>) {
        if let Some(at) = marked.find('|') {
            return (marked.replacen('|', "", 1), at..at);
        }
        let start = marked.find('«').unwrap_or(0);
        let end = marked.find('»').unwrap_or(0) - '«'.len_utf8();
        let text = marked.replacen('«', "", 1).replacen('»', "", 1);
        (text, start..end)
    }

    fn mark(text: &str, select: Range<usize>) -> String {
        if select.is_empty() {
            return format!("{}|{}", &text[..select.start], &text[select.start..]);
        }
        format!("{}«{}»{}", &text[..select.start], &text[select.clone()], &text[select.end..])
    }

    fn format(marked: &str, format: Format) -> String {
        run(marked, |text, selection| apply_format(text, selection, format))
    }

    #[test]
    fn inline_styles_wrap_the_selection_and_keep_it_selected() {
        assert_eq!(format("Hallo «Welt»!", Format::Bold), "Hallo **«Welt»**!");
        assert_eq!(format("Hallo «Welt»!", Format::Italic), "Hallo *«Welt»*!");
        assert_eq!(format("Hallo «Welt»!", Format::Strikethrough), "Hallo ~~«Welt»~~!");
        assert_eq!(format("Hallo «Welt»!", Format::Code), "Hallo `«Welt»`!");
        assert_eq!(format("Grüße «an Jörg»", Format::Bold), "Grüße **«an Jörg»**");
    }

    #[test]
    fn a_caret_gets_an_empty_pair_to_type_into() {
        assert_eq!(format("Hallo |", Format::Bold), "Hallo **|**");
        assert_eq!(format("|", Format::Italic), "*|*");
    }

    #[test]
    fn white_space_at_the_ends_of_a_selection_stays_outside() {
        assert_eq!(format("Hallo« Welt »heute", Format::Bold), "Hallo **«Welt»** heute");
    }

    #[test]
    fn styles_toggle_off_again() {
        assert_eq!(format("Hallo **«Welt»**!", Format::Bold), "Hallo «Welt»!");
        assert_eq!(format("Hallo «**Welt**»!", Format::Bold), "Hallo «Welt»!");
        assert_eq!(format("Hallo *«Welt»*!", Format::Italic), "Hallo «Welt»!");
        // Italic inside bold is not "italic already": it adds emphasis.
        assert_eq!(format("Hallo **«Welt»**!", Format::Italic), "Hallo ***«Welt»***!");
    }

    #[test]
    fn links_select_what_is_missing() {
        assert_eq!(format("Siehe «die Doku».", Format::Link), "Siehe [die Doku](«https://»).");
        assert_eq!(format("«https://example.org»", Format::Link), "[|](https://example.org)");
        assert!(looks_like_url("mailto:a@example.org"));
        assert!(!looks_like_url("https://"));
        assert!(!looks_like_url("kein link"));
    }

    #[test]
    fn quotes_and_lists_prefix_every_selected_line() {
        assert_eq!(format("Vorher\n«eins\nzwei»\nNachher", Format::List), "Vorher\n«- eins\n- zwei»\nNachher");
        assert_eq!(format("ei«n»s\nzwei", Format::Quote), "«> eins»\nzwei");
        assert_eq!(format("«eins\n\nzwei»", Format::Quote), "«> eins\n>\n> zwei»");
        assert_eq!(format("eins\n|", Format::List), "eins\n- |");
        // A selection ending at the start of a line leaves that line alone.
        assert_eq!(format("«eins\n»zwei", Format::List), "«- eins»\nzwei");
    }

    #[test]
    fn quotes_and_lists_toggle_off_again() {
        assert_eq!(format("«- eins\n- zwei»", Format::List), "«eins\nzwei»");
        assert_eq!(format("«> eins\n>\n> zwei»", Format::Quote), "«eins\n\nzwei»");
    }

    #[test]
    fn code_across_lines_is_a_fenced_block() {
        assert_eq!(
            format("Code:\n«let a = 1;\nlet b = 2;»", Format::Code),
            "Code:\n```\n«let a = 1;\nlet b = 2;»\n```"
        );
    }

    #[test]
    fn a_pasted_address_links_the_selection() {
        let paste = |text: &str, selection| link_to(text, selection, "https://example.org/a");
        assert_eq!(run("Siehe «die Doku» hier", paste), "Siehe [die Doku](https://example.org/a)| hier");
    }

    #[test]
    fn pasted_addresses_stay_whole_links() {
        assert_eq!(pasted_address("https://example.org/a"), "https://example.org/a");
        assert_eq!(
            pasted_address("https://de.wikipedia.org/wiki/Rust_(Programmiersprache)"),
            "https://de.wikipedia.org/wiki/Rust_(Programmiersprache)"
        );
        assert_eq!(pasted_address("https://example.org/a."), "<https://example.org/a.>");
        assert_eq!(pasted_address("https://example.org/a)"), "<https://example.org/a)>");
    }

    #[test]
    fn blocks_go_on_lines_of_their_own() {
        let block = "[quote]\nZitat\n[/quote]\n";
        let insert = |at_marked: &str| run(at_marked, |text, selection| insert_block(text, selection.start, block));
        assert_eq!(insert("|"), "[quote]\nZitat\n[/quote]\n|");
        assert_eq!(insert("Hallo|"), "Hallo\n\n[quote]\nZitat\n[/quote]\n|");
        assert_eq!(insert("Hallo\n|"), "Hallo\n\n[quote]\nZitat\n[/quote]\n|");
        assert_eq!(insert("Hallo\n\n|"), "Hallo\n\n[quote]\nZitat\n[/quote]\n|");
        assert_eq!(insert("Hal|lo"), "Hal\n\n[quote]\nZitat\n[/quote]\n|\nlo");
        assert_eq!(insert("|Danke"), "[quote]\nZitat\n[/quote]\n|\nDanke");
    }

    #[test]
    fn the_mention_being_typed_is_found() {
        assert_eq!(mention_at("Danke @On", 9, 2), Some((6..9, "On".to_owned())));
        assert_eq!(mention_at("@\"Frau Ho", 9, 2), Some((0..9, "Frau Ho".to_owned())));
        assert_eq!(mention_at("Danke @O", 8, 2), None, "two letters first");
        assert_eq!(mention_at("mail@exa", 8, 2), None, "an address");
        assert_eq!(mention_at("@Onkel Otto", 11, 2), None, "past the name");
        assert_eq!(mention_at("@Jö", "@Jö".len(), 2), Some((0..4, "Jö".to_owned())));
    }
}
