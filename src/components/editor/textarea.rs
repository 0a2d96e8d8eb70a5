//! Reading and changing a textarea the way typing does, so that the browser's undo takes a
//! toolbar change back like any other edit. The DOM counts offsets in UTF-16 code units;
//! [`super::transform`] counts bytes; this is where they meet.

use std::ops::Range;

use leptos::prelude::document;
use wasm_bindgen::JsCast;
use web_sys::HtmlTextAreaElement;

use super::transform::Edit;

/// The textarea's text and selection (byte offsets).
pub fn selection(area: &HtmlTextAreaElement) -> (String, Range<usize>) {
    let text = area.value();
    let start = area.selection_start().ok().flatten().unwrap_or(0);
    let end = area.selection_end().ok().flatten().unwrap_or(start);
    let range = byte_offset(&text, start)..byte_offset(&text, end);
    (text, range)
}

/// Applies `edit` to the textarea as typing would. `insertText` is the only way to change a
/// textarea that the browser's undo history records (Chromium, Firefox and Safari support it
/// for text fields); where it is refused, `setRangeText` changes the text without undo, and
/// an `input` event tells the bindings either way.
pub fn apply(area: &HtmlTextAreaElement, edit: &Edit) {
    let before = area.value();
    let _ = area.focus();
    let _ = area.set_selection_range(utf16_offset(&before, edit.range.start), utf16_offset(&before, edit.range.end));
    if !(edit.range.is_empty() && edit.insert.is_empty()) {
        let html = document().unchecked_into::<web_sys::HtmlDocument>();
        let command = if edit.insert.is_empty() { "delete" } else { "insertText" };
        let done = html.exec_command_with_show_ui_and_value(command, false, &edit.insert).unwrap_or(false);
        if !done || area.value() == before {
            let _ = area.set_range_text(&edit.insert);
            notify_input(area);
        }
    }
    let after = area.value();
    let _ = area.set_selection_range(utf16_offset(&after, edit.select.start), utf16_offset(&after, edit.select.end));
}

/// Replaces the whole text without an undo step (a restored draft, the empty editor after
/// posting), and tells the bindings.
pub fn replace_all(area: &HtmlTextAreaElement, text: &str) {
    area.set_value(text);
    notify_input(area);
}

fn notify_input(area: &HtmlTextAreaElement) {
    let init = web_sys::EventInit::new();
    init.set_bubbles(true);
    if let Ok(event) = web_sys::Event::new_with_event_init_dict("input", &init) {
        let _ = area.dispatch_event(&event);
    }
}

/// The byte offset of UTF-16 offset `units` in `text` (clamped to its end).
pub fn byte_offset(text: &str, units: u32) -> usize {
    let mut counted = 0_u32;
    for (at, c) in text.char_indices() {
        if counted >= units {
            return at;
        }
        counted += c.len_utf16() as u32;
    }
    text.len()
}

/// The UTF-16 offset of byte offset `bytes` in `text`.
pub fn utf16_offset(text: &str, bytes: usize) -> u32 {
    text.get(..bytes).unwrap_or(text).encode_utf16().count() as u32
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_convert_both_ways_across_wide_characters() {
        let text = "Grüße 👋 an @Jörg";
        for (at, _) in text.char_indices() {
            assert_eq!(byte_offset(text, utf16_offset(text, at)), at);
        }
        assert_eq!(utf16_offset(text, text.len()), 17);
        assert_eq!(byte_offset(text, 99), text.len());
    }
}
