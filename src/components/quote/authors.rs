use std::collections::HashMap;

use leptos::prelude::*;
use schrieb_api::CommentId;

/// Who wrote the comments shown in a thread and the comments their quotes name, so that
/// quoting a selection can name its author without carrying names in DOM attributes (user
/// text goes into text nodes only). Comments and quotes note their authors as they render.
#[derive(Debug, Clone, Copy)]
pub struct Authors(StoredValue<HashMap<CommentId, String>>);

impl Authors {
    /// An empty register for a thread, provided as one of its contexts
    /// ([`crate::components::thread::provide_thread_contexts`]).
    pub fn empty() -> Self {
        Self(StoredValue::new(HashMap::new()))
    }

    /// Notes that `author` wrote `comment`. A comment's own byline wins over a quote naming it.
    pub fn note(&self, comment: CommentId, author: &str, byline: bool) {
        self.0.update_value(|known| {
            if byline || !known.contains_key(&comment) {
                known.insert(comment, author.to_owned());
            }
        });
    }

    /// The author of `comment`, if shown on the page or quoted there.
    pub fn of(&self, comment: CommentId) -> Option<String> {
        self.0.with_value(|known| known.get(&comment).cloned())
    }
}

/// The page's register of authors, if it keeps one.
pub fn use_authors() -> Option<Authors> {
    use_context::<Authors>()
}
