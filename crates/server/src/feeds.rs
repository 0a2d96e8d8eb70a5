//! Atom feeds of comments (RFC 4287): the latest of every article, of one thread, of one
//! person. Entries are the comments readers may see ([`crate::db::FeedStore`] applies the
//! visibility rule), their bodies HTML made by the markup crate's renderer, which escapes
//! every word a person wrote; atom_syndication writes the XML and escapes that HTML again as
//! the `html` content type asks.

use atom_syndication::{Content, Entry, Feed, Generator, Link, Person, Text};
use chrono::{DateTime, Utc};
use schrieb_api::paths::{AppLink, FeedLink};

use crate::db::FeedEntry;
use crate::wording::{Key, Language};

/// Comments a feed holds at most.
pub const FEED_ENTRIES: u32 = 50;

/// The media type of an Atom document.
pub const ATOM: &str = "application/atom+xml; charset=utf-8";

/// What a feed is, for its title and links.
pub struct FeedInfo<'a> {
    /// Which feed.
    pub link: FeedLink<'a>,
    /// Its title.
    pub title: String,
    /// The page it is the feed of (`/`, `/a/{slug}`, `/u/{id}`).
    pub page: String,
    /// The language its words are in.
    pub language: Language,
    /// When it began, for a feed without entries.
    pub since: DateTime<Utc>,
}

/// The title of the feed of `link` in `language`; `subject` is the article's title or the
/// person's name.
pub fn title(link: FeedLink<'_>, language: Language, subject: &str) -> String {
    match link {
        FeedLink::Latest => language.text(Key::FeedLatest, &[]),
        FeedLink::Thread(_) => language.text(Key::FeedThread, &[("title", subject)]),
        FeedLink::User(_) => language.text(Key::FeedUser, &[("name", subject)]),
    }
}

/// The Atom document of `entries` (newest first), with links on `origin`.
pub fn atom(info: &FeedInfo<'_>, entries: &[FeedEntry], origin: &str) -> String {
    let updated = entries.iter().map(|entry| entry.edited_at.unwrap_or(entry.created_at)).max().unwrap_or(info.since);
    let self_url = format!("{origin}{}", info.link);
    let mut feed = Feed::default();
    feed.set_title(Text::plain(info.title.clone()));
    feed.set_id(self_url.clone());
    feed.set_updated(updated.fixed_offset());
    feed.set_lang(Some(info.language.tag().to_owned()));
    feed.set_generator(Some(Generator { value: "schrieb".into(), ..Generator::default() }));
    feed.set_links(vec![
        link(&self_url, "self", "application/atom+xml"),
        link(&format!("{origin}{}", info.page), "alternate", "text/html"),
    ]);
    feed.set_entries(entries.iter().map(|comment| entry(comment, info.language, origin)).collect::<Vec<_>>());
    feed.to_string()
}

fn entry(comment: &FeedEntry, language: Language, origin: &str) -> Entry {
    let permalink = format!("{origin}{}", AppLink::Comment(comment.id));
    let deleted = language.text(Key::DeletedAccount, &[]);
    // A quote of a deleted account's comment names nobody (see `comment.author` below).
    let wrote = |author: &str| {
        language.text(Key::Wrote, &[("author", if author.is_empty() { deleted.as_str() } else { author })])
    };
    let options = schrieb_markup::HtmlOptions { comment_base: origin, wrote: &wrote };
    let html = schrieb_markup::to_html_with(&schrieb_markup::parse(&comment.body), &options);
    // A comment left by a deleted account has no name to show (the store gives none).
    let author = if comment.author.is_empty() { deleted.clone() } else { comment.author.clone() };
    let mut entry = Entry::default();
    entry.set_title(Text::plain(
        language.text(Key::FeedEntry, &[("author", &author), ("title", &comment.article_title)]),
    ));
    // The permalink stays the comment's address for good: the entry's identity.
    entry.set_id(permalink.clone());
    entry.set_published(Some(comment.created_at.fixed_offset()));
    entry.set_updated(comment.edited_at.unwrap_or(comment.created_at).fixed_offset());
    entry.set_authors(vec![Person { name: author, ..Person::default() }]);
    entry.set_links(vec![link(&permalink, "alternate", "text/html")]);
    entry.set_content(Some(Content { value: Some(html), content_type: Some("html".into()), ..Content::default() }));
    entry
}

fn link(href: &str, rel: &str, mime_type: &str) -> Link {
    Link { href: href.to_owned(), rel: rel.to_owned(), mime_type: Some(mime_type.to_owned()), ..Link::default() }
}
