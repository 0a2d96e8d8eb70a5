use leptos::ev;
use leptos::prelude::*;
use leptos_use::use_event_listener;
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
/// localStorage, so they survive moving between pages and reloading, and shared with the
/// reader's other tabs of the thread through the `storage` event.
#[derive(Debug, Clone, Copy)]
pub struct MultiQuote {
    /// The collection, in the order collected.
    pub items: RwSignal<Vec<CollectedQuote>>,
    slug: StoredValue<Slug>,
}

impl MultiQuote {
    /// Loads the collection of `slug`'s thread, follows other tabs' changes to it, and
    /// provides it as context.
    pub fn provide(slug: Slug) -> Self {
        let items = RwSignal::new(load(&slug));
        let this = Self { items, slug: StoredValue::new(slug) };
        let key = key(&this.slug.get_value());
        // Fired in the other tabs of this origin when one of them writes the key.
        let _ = use_event_listener(window(), ev::storage, move |event: web_sys::StorageEvent| {
            if event.key().as_deref() == Some(key.as_str()) {
                items.set(parse(event.new_value().as_deref()));
            }
        });
        provide_context(this);
        this
    }

    /// Whether `comment` is collected.
    pub fn contains(&self, comment: CommentId) -> bool {
        self.items.with(|items| items.iter().any(|item| item.comment == comment))
    }

    /// Collects `quote`, or drops it when its comment is collected already.
    pub fn toggle(&self, quote: CollectedQuote) {
        self.items.update(|items| {
            if let Some(at) = items.iter().position(|item| item.comment == quote.comment) {
                items.remove(at);
            } else {
                items.push(quote);
            }
        });
        self.persist();
    }

    /// Drops the quote of `comment`.
    pub fn remove(&self, comment: CommentId) {
        self.items.update(|items| items.retain(|item| item.comment != comment));
        self.persist();
    }

    /// Empties the collection and hands back what it held.
    pub fn take(&self) -> Vec<CollectedQuote> {
        let taken = self.items.try_update(std::mem::take).unwrap_or_default();
        self.persist();
        taken
    }

    fn persist(&self) {
        let Some(storage) = window().local_storage().ok().flatten() else { return };
        let key = key(&self.slug.get_value());
        let items = self.items.get_untracked();
        let _ = if items.is_empty() {
            storage.remove_item(&key)
        } else {
            serde_json::to_string(&items).map_or(Ok(()), |json| storage.set_item(&key, &json))
        };
    }
}

/// The thread's multi-quote collection, if the page has one.
pub fn use_multi_quote() -> Option<MultiQuote> {
    use_context::<MultiQuote>()
}

fn key(slug: &Slug) -> String {
    format!("schrieb:quotes:{slug}")
}

fn load(slug: &Slug) -> Vec<CollectedQuote> {
    let stored =
        window().local_storage().ok().flatten().and_then(|storage| storage.get_item(&key(slug)).ok().flatten());
    parse(stored.as_deref())
}

/// A stored collection; anything unreadable (another version's format) is an empty one.
fn parse(json: Option<&str>) -> Vec<CollectedQuote> {
    json.and_then(|json| serde_json::from_str(json).ok()).unwrap_or_default()
}
