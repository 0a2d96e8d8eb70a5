//! Drafts: what is typed into the reply box survives a reload (localStorage) and, logged in,
//! a change of device (`/api/v1/articles/{slug}/draft`).

use chrono::{DateTime, Utc};
use leptos::prelude::*;
use leptos_use::use_debounce_fn;
use schrieb_api::{Draft, DraftBody, Slug, UserId};
use serde::{Deserialize, Serialize};

use crate::api;

/// How long typing must pause before the draft is written to this browser: often enough that
/// a crash loses a few words at most, rarely enough not to write on every key.
const LOCAL_DELAY_MS: f64 = 400.0;
/// How long before it goes to the server: a request per pause, not per word.
const SERVER_DELAY_MS: f64 = 2_000.0;

/// What [`use_draft`] gives the reply box.
#[derive(Debug, Clone, Copy)]
pub struct UseDraft {
    /// When the draft was last kept (this browser or the server), for "Entwurf gespeichert".
    pub saved_at: RwSignal<Option<DateTime<Utc>>>,
    slug: StoredValue<Slug>,
    /// The localStorage key: per account, so that whoever uses this browser next does not
    /// find someone else's words.
    key: StoredValue<String>,
    text: RwSignal<String>,
    logged_in: bool,
    /// The text the server holds for this reader and article, as far as this page knows.
    on_server: StoredValue<Option<String>>,
}

/// A draft as this browser keeps it.
#[derive(Debug, Serialize, Deserialize)]
struct LocalDraft {
    body: String,
    saved_at: DateTime<Utc>,
    /// Whether the server had this very text when it was kept: then a server without a draft
    /// means it was posted or thrown away elsewhere, not that it never got there.
    #[serde(default)]
    synced: bool,
}

/// Keeps `text` as the draft of `writer`'s reply to `slug` (`None`: a guest's): restores it
/// in the browser (the newer of this browser's and, for an account, the server's) and saves
/// it as it changes, debounced.
pub fn use_draft(slug: Slug, text: RwSignal<String>, writer: Option<UserId>) -> UseDraft {
    let owner = writer.map_or_else(|| "guest".to_owned(), |id| id.to_string());
    let draft = UseDraft {
        saved_at: RwSignal::new(None),
        slug: StoredValue::new(slug.clone()),
        key: StoredValue::new(format!("schrieb:draft:{owner}:{slug}")),
        text,
        logged_in: writer.is_some(),
        on_server: StoredValue::new(None),
    };
    // This browser's copy and the server's are read once the page is the app's: the first
    // render, like the server's, has an empty editor (see `crate::context`).
    Effect::new(move |_| {
        let local = read_local(&draft.key.get_value());
        if let Some(local) = &local
            && text.with_untracked(String::is_empty)
        {
            text.set(local.body.clone());
            draft.saved_at.set(Some(local.saved_at));
        }
        if draft.logged_in {
            let (restored, slug) = (text.get_untracked(), draft.slug.get_value());
            leptos::task::spawn_local(async move {
                if let Ok(server) = api::draft(&slug).await {
                    draft.reconcile(local, server, &restored);
                }
            });
        }
    });

    let save_local = use_debounce_fn(move || draft.save_local(), LOCAL_DELAY_MS);
    let save_server = use_debounce_fn(move || draft.save_server(), SERVER_DELAY_MS);
    Effect::new(move |first: Option<()>| {
        text.track();
        if first.is_some() {
            save_local();
            if draft.logged_in {
                save_server();
            }
        }
    });
    draft
}

impl UseDraft {
    /// Forgets the draft after it was posted: the server dropped its copy with the post.
    pub fn posted(&self) {
        self.on_server.set_value(None);
        remove_local(&self.key.get_value());
        self.saved_at.set(None);
    }

    /// "Discard draft": empties the editor and forgets the draft everywhere.
    pub fn discard(&self) {
        self.text.set(String::new());
        remove_local(&self.key.get_value());
        self.saved_at.set(None);
        self.delete_on_server();
    }

    /// Settles this browser's draft against the server's, as the page opens. `restored` is
    /// what the editor was given from this browser; typing since wins over both.
    fn reconcile(&self, local: Option<LocalDraft>, server: Option<Draft>, restored: &str) {
        let untouched = self.text.with_untracked(|now| now == restored);
        self.on_server.set_value(server.as_ref().map(|server| server.body.clone()));
        match (local, server) {
            // Written on another device since this browser last kept it (and nothing typed here).
            (local, Some(server))
                if untouched && local.as_ref().is_none_or(|local| server.updated_at > local.saved_at) =>
            {
                self.saved_at.set(Some(server.updated_at));
                self.text.set(server.body);
            }
            // The server had it once and has it no more: posted or thrown away elsewhere.
            (Some(local), None) if local.synced => {
                remove_local(&self.key.get_value());
                if untouched {
                    self.saved_at.set(None);
                    self.text.set(String::new());
                }
            }
            // This browser's is newer (the page was left before the server had it): send it.
            (Some(_), _) => self.save_server(),
            _ => {}
        }
    }

    /// Keeps the text in this browser now, without waiting for typing to pause: a post that
    /// failed must not depend on the reader staying on the page for the pause.
    pub fn keep_now(&self) {
        self.save_local();
    }

    fn save_local(&self) {
        let key = self.key.get_value();
        let body = self.text.get_untracked();
        if body.trim().is_empty() {
            remove_local(&key);
            self.saved_at.set(None);
            return;
        }
        let synced = self.on_server.with_value(|server| server.as_deref() == Some(body.as_str()));
        let draft = LocalDraft { body, saved_at: Utc::now(), synced };
        if let (Some(storage), Ok(json)) = (storage(), serde_json::to_string(&draft))
            && storage.set_item(&key, &json).is_ok()
        {
            self.saved_at.set(Some(draft.saved_at));
        }
    }

    fn save_server(&self) {
        let body = self.text.get_untracked();
        if body.trim().is_empty() {
            self.delete_on_server();
            return;
        }
        if self.on_server.with_value(|server| server.as_deref() == Some(body.as_str())) {
            return;
        }
        // Over the limit it could never be posted; this browser keeps it until it is trimmed.
        let Ok(checked) = DraftBody::parse(&body) else { return };
        let (this, slug) = (*self, self.slug.get_value());
        leptos::task::spawn_local(async move {
            // A failed save is no loss: this browser keeps the draft, and the next pause tries again.
            if api::save_draft(&slug, checked).await.is_ok() {
                this.on_server.set_value(Some(body));
                // This browser's copy is now the server's too.
                this.save_local();
            }
        });
    }

    fn delete_on_server(&self) {
        if self.on_server.with_value(Option::is_none) {
            return;
        }
        self.on_server.set_value(None);
        let slug = self.slug.get_value();
        leptos::task::spawn_local(async move {
            let _ = api::discard_draft(&slug).await;
        });
    }
}

fn storage() -> Option<web_sys::Storage> {
    window().local_storage().ok().flatten()
}

fn read_local(key: &str) -> Option<LocalDraft> {
    let json = storage()?.get_item(key).ok().flatten()?;
    serde_json::from_str(&json).ok()
}

fn remove_local(key: &str) {
    if let Some(storage) = storage() {
        let _ = storage.remove_item(key);
    }
}
