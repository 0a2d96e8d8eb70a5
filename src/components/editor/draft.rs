//! Drafts: what is typed into the reply box survives a reload (localStorage) and, logged in,
//! a change of device (`/api/v1/articles/{slug}/draft`).

use chrono::{DateTime, Utc};
use leptos::prelude::*;
use leptos_use::use_debounce_fn;
use schrieb_api::{DraftBody, Slug, UserId};
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
    /// Whether the server holds a draft of this reader's for the article.
    on_server: StoredValue<bool>,
}

/// A draft as this browser keeps it.
#[derive(Debug, Serialize, Deserialize)]
struct LocalDraft {
    body: String,
    saved_at: DateTime<Utc>,
}

/// Keeps `text` as the draft of `writer`'s reply to `slug` (`None`: a guest's): restores it
/// now (the newer of this browser's and, for an account, the server's) and saves it as it
/// changes, debounced.
pub fn use_draft(slug: Slug, text: RwSignal<String>, writer: Option<UserId>) -> UseDraft {
    let logged_in = writer.is_some();
    let owner = writer.map_or_else(|| "guest".to_owned(), |id| id.to_string());
    let draft = UseDraft {
        saved_at: RwSignal::new(None),
        slug: StoredValue::new(slug.clone()),
        key: StoredValue::new(format!("schrieb:draft:{owner}:{slug}")),
        text,
        on_server: StoredValue::new(false),
    };
    let local = read_local(&draft.key.get_value());
    if let Some(local) = &local
        && text.with_untracked(String::is_empty)
    {
        text.set(local.body.clone());
        draft.saved_at.set(Some(local.saved_at));
    }
    if logged_in {
        let restored = text.get_untracked();
        let local_time = local.map(|local| local.saved_at);
        leptos::task::spawn_local(async move {
            let Ok(server) = api::draft(&slug).await else { return };
            draft.on_server.set_value(server.is_some());
            match server {
                // The server's is newer (written on another device), and nothing was typed here since.
                Some(server)
                    if local_time.is_none_or(|local| server.updated_at > local)
                        && text.with_untracked(|now| *now == restored) =>
                {
                    text.set(server.body);
                    draft.saved_at.set(Some(server.updated_at));
                }
                // This browser's is newer (the page was left before the server had it): send it.
                _ if local_time.is_some() => draft.save_server(),
                _ => {}
            }
        });
    }

    let save_local = use_debounce_fn(move || draft.save_local(), LOCAL_DELAY_MS);
    let save_server = use_debounce_fn(move || draft.save_server(), SERVER_DELAY_MS);
    Effect::new(move |first: Option<()>| {
        text.track();
        if first.is_some() {
            save_local();
            if logged_in {
                save_server();
            }
        }
    });
    draft
}

impl UseDraft {
    /// Forgets the draft after it was posted: the server dropped its copy with the post.
    pub fn posted(&self) {
        self.on_server.set_value(false);
        remove_local(&self.key.get_value());
        self.saved_at.set(None);
    }

    /// "Discard draft": empties the editor and forgets the draft everywhere.
    pub fn discard(&self) {
        self.text.set(String::new());
        remove_local(&self.key.get_value());
        self.saved_at.set(None);
        if self.on_server.get_value() {
            self.on_server.set_value(false);
            let slug = self.slug.get_value();
            leptos::task::spawn_local(async move {
                let _ = api::discard_draft(&slug).await;
            });
        }
    }

    fn save_local(&self) {
        let key = self.key.get_value();
        let body = self.text.get_untracked();
        if body.trim().is_empty() {
            remove_local(&key);
            self.saved_at.set(None);
            return;
        }
        let draft = LocalDraft { body, saved_at: Utc::now() };
        if let (Some(storage), Ok(json)) = (storage(), serde_json::to_string(&draft))
            && storage.set_item(&key, &json).is_ok()
        {
            self.saved_at.set(Some(draft.saved_at));
        }
    }

    fn save_server(&self) {
        let slug = self.slug.get_value();
        let body = self.text.get_untracked();
        let this = *self;
        if body.trim().is_empty() {
            if self.on_server.get_value() {
                self.on_server.set_value(false);
                leptos::task::spawn_local(async move {
                    let _ = api::discard_draft(&slug).await;
                });
            }
            return;
        }
        // Over the limit it could never be posted; this browser keeps it until it is trimmed.
        let Ok(body) = DraftBody::parse(&body) else { return };
        leptos::task::spawn_local(async move {
            // A failed save is no loss: this browser keeps the draft, and the next pause tries again.
            if api::save_draft(&slug, body).await.is_ok() {
                this.on_server.set_value(true);
            }
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
