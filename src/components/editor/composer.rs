use leptos::html::Textarea;
use leptos::prelude::*;
use web_sys::HtmlTextAreaElement;

use super::textarea;
use super::transform::{insert_block, insert_text};
use crate::dom::reveal_element;

/// The page's reply editor as the rest of the thread reaches it: "Quote", "Reply", the
/// selection popover and the multi-quote bar insert into it. Provided as a context of the
/// thread ([`crate::components::thread::provide_thread_contexts`]), which outlives every
/// comment view; the reply box binds its textarea to it.
#[derive(Debug, Clone, Copy)]
pub struct Composer {
    /// The reply box's textarea, once it is on the page (not for logged-out readers of a site
    /// without guest comments).
    pub textarea: NodeRef<Textarea>,
    /// Its text.
    pub text: RwSignal<String>,
    /// Whether the reply box shows an editor to this reader.
    writable: Signal<bool>,
}

impl Composer {
    /// A composer with no editor bound to it yet, and no text; `writable` says whether the
    /// reply box will show one.
    pub fn new(writable: Signal<bool>) -> Self {
        Self { textarea: NodeRef::new(), text: RwSignal::new(String::new()), writable }
    }

    /// Whether there is an editor to write into. Decided by who reads, not by whether the
    /// textarea is mounted yet: the server renders the comments' Quote buttons before the reply
    /// box below them, and the app must take over the very same buttons.
    pub fn available(&self) -> bool {
        self.writable.get()
    }

    /// Inserts `block` (a quote) at the caret on lines of its own, and brings the editor into
    /// view with the caret after it.
    pub fn insert_block(&self, block: &str) {
        let Some(area) = self.textarea.get_untracked() else { return };
        let (text, selection) = textarea::selection(&area);
        textarea::apply(&area, &insert_block(&text, selection.end, block));
        present(&area);
    }

    /// Inserts `snippet` (an @mention) at the caret, with a space before it when it would
    /// otherwise stick to a word, and brings the editor into view.
    pub fn insert_text(&self, snippet: &str) {
        let Some(area) = self.textarea.get_untracked() else { return };
        let (text, selection) = textarea::selection(&area);
        let spaced = match text[..selection.start].chars().next_back() {
            Some(c) if !c.is_whitespace() => format!(" {snippet}"),
            _ => snippet.to_owned(),
        };
        textarea::apply(&area, &insert_text(selection, &spaced));
        present(&area);
    }
}

/// The composer of the page, if it has one.
pub fn use_composer() -> Option<Composer> {
    use_context::<Composer>()
}

fn present(area: &HtmlTextAreaElement) {
    reveal_element(area);
}
