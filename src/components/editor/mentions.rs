//! Suggestions while an @mention is typed: the state behind the editor's suggestion list.

use std::ops::Range;

use leptos::html::Textarea;
use leptos::prelude::*;
use schrieb_api::{MentionRef, Slug, UserSuggestion};
use schrieb_markup::mention;

use super::textarea;
use super::transform::{insert_text, mention_at};
use crate::api;

/// Suggestions start after this many letters of a name: fewer would list half the site.
pub const MIN_PREFIX_CHARS: usize = 2;

/// What [`use_mentions`] gives the editor.
#[derive(Debug, Clone, Copy)]
pub struct UseMentions {
    /// The suggestions for the name being typed (empty when closed).
    pub items: RwSignal<Vec<UserSuggestion>>,
    /// Which suggestion the arrow keys point at.
    pub active: RwSignal<usize>,
    /// Mentions picked so far, so the preview can link them as the published comment will.
    pub known: RwSignal<Vec<MentionRef>>,
    textarea: NodeRef<Textarea>,
    typed: RwSignal<Option<(Range<usize>, String)>>,
    slug: StoredValue<Option<Slug>>,
    /// Names already looked up for the preview (lower case), found or not.
    asked: StoredValue<Vec<String>>,
}

/// The mention suggestions of an editor, fetched from `GET /api/v1/users?prefix=` for the
/// name before the caret. Without an article (`slug`) nothing is suggested.
pub fn use_mentions(textarea: NodeRef<Textarea>, slug: Option<Slug>) -> UseMentions {
    UseMentions {
        items: RwSignal::new(Vec::new()),
        active: RwSignal::new(0),
        known: RwSignal::new(Vec::new()),
        textarea,
        typed: RwSignal::new(None),
        slug: StoredValue::new(slug),
        asked: StoredValue::new(Vec::new()),
    }
}

impl UseMentions {
    /// Whether the list is open.
    pub fn open(&self) -> bool {
        self.items.with(|items| !items.is_empty())
    }

    /// Looks at the name before the caret again (after typing, clicking, moving the caret)
    /// and asks the server for suggestions when it changed.
    pub fn refresh(&self) {
        let (Some(area), Some(slug)) = (self.textarea.get_untracked(), self.slug.get_value()) else { return };
        let (text, selection) = textarea::selection(&area);
        let typed = selection.is_empty().then(|| mention_at(&text, selection.end, MIN_PREFIX_CHARS)).flatten();
        let Some((range, name)) = typed else {
            self.close();
            return;
        };
        let unchanged = self.typed.with_untracked(|typed| typed.as_ref().is_some_and(|(_, old)| *old == name));
        self.typed.set(Some((range, name.clone())));
        if unchanged {
            return;
        }
        let this = *self;
        leptos::task::spawn_local(async move {
            let found = api::user_suggestions(&name, &slug).await.unwrap_or_default();
            // An answer to a name typed over since is old news.
            if this.typed.with_untracked(|typed| typed.as_ref().is_some_and(|(_, now)| *now == name)) {
                this.active.set(0);
                this.items.set(found);
            }
        });
    }

    /// Handles a key while the list is open: arrows move, Enter or Tab pick, Escape closes.
    /// Returns whether the key was used (and its default must not happen).
    pub fn key(&self, key: &str) -> bool {
        let count = self.items.with_untracked(Vec::len);
        if count == 0 {
            return false;
        }
        match key {
            "ArrowDown" => self.active.update(|active| *active = (*active + 1) % count),
            "ArrowUp" => self.active.update(|active| *active = (*active + count - 1) % count),
            "Enter" | "Tab" => self.pick(self.active.get_untracked()),
            "Escape" => self.close(),
            _ => return false,
        }
        true
    }

    /// Writes suggestion `index` in place of the name typed so far, with a space after it.
    pub fn pick(&self, index: usize) {
        let Some(chosen) = self.items.with_untracked(|items| items.get(index).cloned()) else { return };
        let (Some(area), Some((range, _))) = (self.textarea.get_untracked(), self.typed.get_untracked()) else {
            return;
        };
        let written = format!("{} ", mention(&chosen.display_name));
        textarea::apply(&area, &insert_text(range, &written));
        self.known.update(|known| known.push(MentionRef { name: chosen.display_name, user: chosen.id }));
        self.close();
    }

    /// Looks up the accounts `names` (mentions typed rather than picked) name, so that the
    /// preview links them as the published comment will. Each name is asked about once.
    pub fn resolve(&self, names: Vec<String>) {
        let Some(slug) = self.slug.get_value() else { return };
        for name in names {
            let lower = name.to_lowercase();
            let known = self.known.with_untracked(|known| known.iter().any(|m| m.name.to_lowercase() == lower));
            if known || name.chars().count() < MIN_PREFIX_CHARS || self.asked.with_value(|asked| asked.contains(&lower))
            {
                continue;
            }
            self.asked.update_value(|asked| asked.push(lower.clone()));
            let (known, slug) = (self.known, slug.clone());
            leptos::task::spawn_local(async move {
                let found = api::user_suggestions(&name, &slug).await.unwrap_or_default();
                // The server resolves a mention to the account with that name, in any case.
                if let Some(user) = found.into_iter().find(|user| user.display_name.to_lowercase() == lower) {
                    known.update(|known| known.push(MentionRef { name, user: user.id }));
                }
            });
        }
    }

    /// Closes the list.
    pub fn close(&self) {
        self.typed.set(None);
        if self.open() {
            self.items.set(Vec::new());
        }
    }
}
