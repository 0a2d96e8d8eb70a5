//! The words the server shows outside the app (the service worker's offline page,
//! `/count.js`, the early script of rendered pages), read from the app's own locale files:
//! one text per key, so the server cannot say "Beitrag" where the app says "Kommentar".
//!
//! Every key the server uses is a [`Key`]; a test checks that each exists in both languages
//! with the placeholders the server fills in, so a renamed key fails a test, not a page.

use std::sync::LazyLock;

use serde_json::Value;

/// The app's locale files, compiled in.
const GERMAN: &str = include_str!("../../../locales/de.json");
const ENGLISH: &str = include_str!("../../../locales/en.json");

/// Both files, parsed on first use.
static LOCALES: LazyLock<[Value; 2]> = LazyLock::new(|| [parse(GERMAN, "de"), parse(ENGLISH, "en")]);

fn parse(json: &str, tag: &str) -> Value {
    serde_json::from_str(json).unwrap_or_else(|error| {
        // The wording test parses the same files, so this only happens to an untested build.
        tracing::error!(%error, tag, "the locale file does not parse; keys are shown instead of words");
        Value::Null
    })
}

/// A language of the locale files.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Language {
    /// `locales/de.json`, the app's reference language.
    German,
    /// `locales/en.json`, for every other reader.
    English,
}

impl Language {
    /// Every language there are words for, German first.
    pub const ALL: [Language; 2] = [Language::German, Language::English];

    /// Its language tag, for `lang` attributes.
    pub const fn tag(self) -> &'static str {
        match self {
            Self::German => "de",
            Self::English => "en",
        }
    }

    /// Its parsed locale file.
    fn locale(self) -> &'static Value {
        let [german, english] = &*LOCALES;
        match self {
            Self::German => german,
            Self::English => english,
        }
    }

    /// The text of `key` as written in the locale file, `{{ name }}` placeholders and all, or
    /// `None` when the file has no such text.
    fn lookup(self, key: Key) -> Option<&'static str> {
        key.path().split('.').try_fold(self.locale(), |node, part| node.get(part)).and_then(Value::as_str)
    }

    /// The text of `key` as written in the locale file, `{{ name }}` placeholders and all.
    /// A key missing from the file (which the tests rule out) shows as its path.
    pub fn template(self, key: Key) -> &'static str {
        self.lookup(key).unwrap_or_else(|| {
            tracing::error!(
                key = key.path(),
                lang = self.tag(),
                "a key the server uses is missing from the locale file"
            );
            key.path()
        })
    }

    /// The text of `key` with each `{{ name }}` replaced by the value given for `name`; plain
    /// text, to be escaped where it goes into HTML.
    pub fn text(self, key: Key, values: &[(&str, &str)]) -> String {
        interpolate(self.template(key), values)
    }
}

/// A key of the locale files that the server uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Key {
    /// "1 Kommentar"; `count`.
    CommentCountOne,
    /// "52 Kommentare"; `count`.
    CommentCountMany,
    /// The heading of the offline page.
    OfflineTitle,
    /// The offline page: the app was never loaded on this device.
    AppNotLoaded,
    /// What a button clicked before the app is ready says (the early script).
    GettingReady,
    /// The latest comments' feed's title.
    FeedLatest,
    /// A thread's feed's title; `title`.
    FeedThread,
    /// A person's feed's title; `name`.
    FeedUser,
    /// A comment's title in a feed; `author`, `title`.
    FeedEntry,
    /// A quote's attribution ("Martin schrieb:"); `author`.
    Wrote,
    /// Who signs the comments a deleted account left in its threads.
    DeletedAccount,
}

impl Key {
    /// Every key the server uses.
    pub const ALL: [Key; 11] = [
        Key::CommentCountOne,
        Key::CommentCountMany,
        Key::OfflineTitle,
        Key::AppNotLoaded,
        Key::GettingReady,
        Key::FeedLatest,
        Key::FeedThread,
        Key::FeedUser,
        Key::FeedEntry,
        Key::Wrote,
        Key::DeletedAccount,
    ];

    /// Its dotted path in the locale files, as the app's `t!` names it.
    pub const fn path(self) -> &'static str {
        match self {
            Key::CommentCountOne => "comment.count_one",
            Key::CommentCountMany => "comment.count_many",
            Key::OfflineTitle => "offline.offline_title",
            Key::AppNotLoaded => "offline.app_not_loaded",
            Key::GettingReady => "thread.getting_ready",
            Key::FeedLatest => "feeds.latest_title",
            Key::FeedThread => "feeds.thread_title",
            Key::FeedUser => "feeds.user_title",
            Key::FeedEntry => "feeds.entry_title",
            Key::Wrote => "markup.wrote",
            Key::DeletedAccount => "comment.deleted_account",
        }
    }

    /// The placeholders the server fills in, which its text must have in every language.
    pub const fn placeholders(self) -> &'static [&'static str] {
        match self {
            Key::CommentCountOne | Key::CommentCountMany => &["count"],
            Key::OfflineTitle | Key::AppNotLoaded | Key::GettingReady | Key::FeedLatest | Key::DeletedAccount => &[],
            Key::FeedThread => &["title"],
            Key::FeedUser => &["name"],
            Key::FeedEntry => &["author", "title"],
            Key::Wrote => &["author"],
        }
    }
}

/// `template` with each `{{ name }}` (leptos_i18n's syntax; the spaces are optional) replaced by
/// the value of `name`. A placeholder without a value stays as written.
pub fn interpolate(template: &str, values: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(open) = rest.find("{{") {
        let Some(close) = rest[open..].find("}}").map(|close| open + close) else { break };
        let name = rest[open + 2..close].trim();
        out.push_str(&rest[..open]);
        match values.iter().find(|(key, _)| *key == name) {
            Some((_, value)) => out.push_str(value),
            None => out.push_str(&rest[open..close + 2]),
        }
        rest = &rest[close + 2..];
    }
    out.push_str(rest);
    out
}

/// The names of the `{{ name }}` placeholders in `template`, in order.
pub fn placeholders(template: &str) -> Vec<&str> {
    let mut names = Vec::new();
    let mut rest = template;
    while let Some(open) = rest.find("{{") {
        let Some(close) = rest[open..].find("}}").map(|close| open + close) else { break };
        names.push(rest[open + 2..close].trim());
        rest = &rest[close + 2..];
    }
    names
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_key_the_server_uses_is_in_both_languages_with_its_placeholders() {
        for language in Language::ALL {
            assert!(language.locale().is_object(), "locales/{}.json parses", language.tag());
            for key in Key::ALL {
                let text = language
                    .lookup(key)
                    .unwrap_or_else(|| panic!("{} is missing from locales/{}.json", key.path(), language.tag()));
                let mut found = placeholders(text);
                found.sort_unstable();
                let mut expected = key.placeholders().to_vec();
                expected.sort_unstable();
                assert_eq!(found, expected, "the placeholders of {} in {}", key.path(), language.tag());
            }
        }
    }

    #[test]
    fn the_words_are_the_apps() {
        assert_eq!(Language::English.text(Key::CommentCountMany, &[("count", "3")]), "3 comments");
        assert_eq!(Language::German.template(Key::CommentCountMany), "{{ count }} Kommentare");
    }

    #[test]
    fn placeholders_are_filled_with_or_without_spaces() {
        let values = [("page", "2"), ("pages", "3")];
        assert_eq!(interpolate("Seite {{ page }} von {{pages}}", &values), "Seite 2 von 3");
        assert_eq!(interpolate("{{page}}{{ page }}", &values), "22", "side by side, and twice");
        assert_eq!(interpolate("{{ who }} und {{ page }}", &values), "{{ who }} und 2", "an unknown name stays");
        assert_eq!(interpolate("offen {{ page", &values), "offen {{ page", "an unclosed placeholder stays");
        assert_eq!(interpolate("ä {{ page }} ö", &values), "ä 2 ö");
        assert_eq!(
            interpolate("{{ author }} schrieb:", &[("author", "{{ page }}")]),
            "{{ page }} schrieb:",
            "a value is not read for placeholders again"
        );
        assert_eq!(placeholders("{{ page }} von {{pages}} {{ x"), ["page", "pages"]);
    }
}
