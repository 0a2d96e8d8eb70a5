use codee::string::JsonSerdeCodec;
use leptos::prelude::*;
use leptos_use::storage::{UseStorageOptions, use_local_storage_with_options};
use schrieb_api::{CommentId, Slug};
use serde::{Deserialize, Serialize};

/// One comment collected for a multi-quote, with the words to quote.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CollectedQuote {
    /// The quoted comment.
    pub comment: CommentId,
    /// Its author, as the quote names them.
    pub author: String,
    /// The quoted words, in markup.
    pub text: String,
}

/// The quotes collected in a thread with "+ Quote", waiting to be inserted together. Kept in
/// localStorage by leptos-use's storage hook, so they survive moving between pages and
/// reloading, and stay the same in the reader's other tabs of the thread (the `storage`
/// event) and in every view of it on this page.
#[derive(Debug, Clone, Copy)]
pub struct MultiQuote {
    /// The collection, in the order collected.
    pub items: Signal<Vec<CollectedQuote>>,
    set_items: WriteSignal<Vec<CollectedQuote>>,
    /// Removes the key from storage.
    forget: Callback<()>,
}

impl MultiQuote {
    /// The collection of `slug`'s thread, following other tabs' changes to it. Provided as a
    /// context of the thread ([`crate::components::thread::provide_thread_contexts`]).
    pub fn load(slug: &Slug) -> Self {
        // Anything unreadable (another version's format) decodes to an empty collection. Read
        // after the app has taken a server-rendered page over, which showed none.
        let options = UseStorageOptions::default().delay_during_hydration(true);
        let (items, set_items, remove) = use_local_storage_with_options::<Vec<CollectedQuote>, JsonSerdeCodec>(
            format!("schrieb:quotes:{slug}"),
            options,
        );
        Self { items, set_items, forget: Callback::new(move |()| remove()) }
    }

    /// Whether `comment` is collected.
    pub fn contains(&self, comment: CommentId) -> bool {
        self.items.with(|items| items.iter().any(|item| item.comment == comment))
    }

    /// Collects `quote`, or drops it when its comment is collected already.
    pub fn toggle(&self, quote: CollectedQuote) {
        let mut items = self.items.get_untracked();
        if let Some(at) = items.iter().position(|item| item.comment == quote.comment) {
            items.remove(at);
        } else {
            items.push(quote);
        }
        self.store(items);
    }

    /// Drops the quote of `comment`.
    pub fn remove(&self, comment: CommentId) {
        let mut items = self.items.get_untracked();
        items.retain(|item| item.comment != comment);
        self.store(items);
    }

    /// Empties the collection and hands back what it held.
    pub fn take(&self) -> Vec<CollectedQuote> {
        let taken = self.items.get_untracked();
        self.store(Vec::new());
        taken
    }

    fn store(&self, items: Vec<CollectedQuote>) {
        let empty = items.is_empty();
        self.set_items.set(items);
        // An empty collection leaves no key behind, rather than an empty list.
        if empty {
            self.forget.run(());
        }
    }
}

/// The thread's multi-quote collection, if the page has one.
pub fn use_multi_quote() -> Option<MultiQuote> {
    use_context::<MultiQuote>()
}

#[cfg(test)]
#[cfg(target_arch = "wasm32")]
mod tests {
    use leptos::task::tick;
    use wasm_bindgen_test::wasm_bindgen_test;

    use super::*;

    fn stored(key: &str) -> Option<String> {
        window().local_storage().unwrap().unwrap().get_item(key).unwrap()
    }

    async fn settle() {
        for _ in 0..3 {
            tick().await;
        }
    }

    #[wasm_bindgen_test]
    async fn a_collection_is_kept_under_its_key_and_the_same_in_every_view_of_the_thread() {
        // Mounting starts Leptos's executor, which actions and effects run on.
        leptos::mount::mount_to_body(|| ());
        let owner = Owner::new();
        owner.set();
        let slug = Slug::parse("sammlung-test").unwrap();
        let key = "schrieb:quotes:sammlung-test";
        let storage = window().local_storage().unwrap().unwrap();
        storage.remove_item(key).unwrap();
        let (here, there) = (MultiQuote::load(&slug), MultiQuote::load(&slug));
        // Both are on the page before the reader collects anything.
        settle().await;
        let quote = CollectedQuote { comment: CommentId(7), author: "Martin".to_owned(), text: "Ja.".to_owned() };

        here.toggle(quote.clone());
        settle().await;
        assert_eq!(stored(key).as_deref(), Some(r#"[{"comment":7,"author":"Martin","text":"Ja."}]"#));
        assert!(there.contains(CommentId(7)), "the other view has it too");

        assert_eq!(there.take(), vec![quote]);
        settle().await;
        assert_eq!(stored(key), None, "an empty collection leaves no key behind");
        assert!(here.items.get_untracked().is_empty());
    }

    #[wasm_bindgen_test]
    async fn an_unreadable_collection_is_an_empty_one() {
        // Mounting starts Leptos's executor, which actions and effects run on.
        leptos::mount::mount_to_body(|| ());
        let owner = Owner::new();
        owner.set();
        let storage = window().local_storage().unwrap().unwrap();
        storage.set_item("schrieb:quotes:kaputt-test", "{not json").unwrap();
        let collection = MultiQuote::load(&Slug::parse("kaputt-test").unwrap());
        assert!(collection.items.get_untracked().is_empty());
    }
}
