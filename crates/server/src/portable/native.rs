//! schrieb's own export format, version 1: JSON lines, one object a line, each with its `type`.
//!
//! The first line is the header (`schrieb`: the format's version and the site), then every
//! `person` the site's threads name, by id, then every `article`, by id, then every `comment`,
//! by article and id. Ids are the exporting database's; a comment names its article, author
//! and the people of its reactions and mentions by them, and its body's quote tags name
//! comments by them. Times are RFC 3339 in UTC with milliseconds. Password hashes, sessions,
//! notifications and the moderation log are never exported.

use chrono::{DateTime, SecondsFormat, Utc};
use schrieb_api::{CommentId, CommentState, MentionRef, Slug, UserId};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::db::portable::{ArticleRecord, CommentRecord, PersonRecord, ReactionRecord, RevisionRecord, SiteRecord};
use crate::db::{ArticleKey, NewQuote};

/// The version this server writes and reads.
pub const VERSION: u32 = 1;

/// The value of the header's `format`.
pub const FORMAT: &str = "schrieb";

/// One line of the file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Line {
    /// The header: the format's version and the site.
    Schrieb(Header),
    /// A person.
    Person(Person),
    /// An article.
    Article(Article),
    /// A comment.
    Comment(Comment),
}

/// The first line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Header {
    /// The format's version: [`VERSION`].
    pub version: u32,
    /// The site's name.
    pub site: String,
    /// When the site was added.
    #[serde(with = "rfc3339")]
    pub site_created_at: DateTime<Utc>,
    /// Whether guests may write.
    pub guest_comments: bool,
}

/// A person (no password, ever).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Person {
    /// Their id in the export.
    pub id: i64,
    /// Display name.
    pub name: String,
    /// Email address.
    pub email: Option<String>,
    /// When they confirmed it.
    #[serde(with = "rfc3339_option")]
    pub email_confirmed_at: Option<DateTime<Utc>>,
    /// reader, moderator or admin.
    pub role: String,
    /// The language of their mail.
    pub lang: String,
    /// When the account was made.
    #[serde(with = "rfc3339")]
    pub created_at: DateTime<Utc>,
}

/// An article.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Article {
    /// Its id in the export.
    pub id: i64,
    /// Its slug.
    pub slug: Slug,
    /// Language tag.
    pub lang: String,
    /// Its address (an embedding site's page).
    pub url: String,
    /// Headline.
    pub title: String,
    /// Its author's name.
    pub author: String,
    /// Publication time.
    #[serde(with = "rfc3339")]
    pub published_at: DateTime<Utc>,
    /// Body in schrieb markup.
    pub body: String,
    /// The note under it.
    pub note: Option<String>,
    /// open or closed, when set.
    pub discussion: Option<String>,
}

/// A comment with its history and what belongs to it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Comment {
    /// Its id in the export.
    pub id: i64,
    /// Its article's id.
    pub article: i64,
    /// Its place in the thread; `null` when it was held before readers saw it.
    pub position: Option<u64>,
    /// Its author's id.
    pub author: i64,
    /// For a guest's comment, the name the guest gave.
    pub guest_name: Option<String>,
    /// The body in schrieb markup.
    pub body: String,
    /// When it was posted.
    #[serde(with = "rfc3339")]
    pub created_at: DateTime<Utc>,
    /// When the body was last edited.
    #[serde(with = "rfc3339_option")]
    pub edited_at: Option<DateTime<Utc>>,
    /// Earlier bodies, oldest first.
    pub revisions: Vec<Revision>,
    /// published, pending or rejected.
    pub state: CommentState,
    /// The moderator's reason.
    pub state_reason: Option<String>,
    /// Whether it is deleted.
    pub deleted: bool,
    /// Who deleted it.
    pub deleted_by: Option<i64>,
    /// Its quotes with source as checked when it was saved, in body order.
    pub quotes: Vec<Quote>,
    /// The people it mentions.
    pub mentions: Vec<Mention>,
    /// Its reactions.
    pub reactions: Vec<Reaction>,
}

/// An earlier body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Revision {
    /// The body.
    pub body: String,
    /// When it was written.
    #[serde(with = "rfc3339")]
    pub created_at: DateTime<Utc>,
}

/// A quote with source.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Quote {
    /// The quoted comment's id.
    pub source: i64,
    /// The revision of it that was quoted.
    pub revision: u32,
    /// The quoted words, white space collapsed.
    pub text: String,
    /// Whether it was checked (false for imported quotes).
    pub verified: bool,
}

/// A mention.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Mention {
    /// The person's id.
    pub person: i64,
    /// The name as the body writes it.
    pub name: String,
}

/// A reaction.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Reaction {
    /// Who reacted.
    pub person: i64,
    /// The reaction's name.
    pub kind: String,
    /// When.
    #[serde(with = "rfc3339")]
    pub created_at: DateTime<Utc>,
}

impl Header {
    /// The header of `site`'s export.
    pub fn of(site: &SiteRecord) -> Self {
        Self {
            version: VERSION,
            site: site.name.clone(),
            site_created_at: site.created_at,
            guest_comments: site.guest_comments,
        }
    }
}

impl From<&PersonRecord> for Person {
    fn from(person: &PersonRecord) -> Self {
        Self {
            id: person.id.map_or(0, |id| id.0),
            name: person.display_name.clone(),
            email: person.email.clone(),
            email_confirmed_at: person.email_confirmed_at,
            role: person.role.clone(),
            lang: person.lang.clone(),
            created_at: person.created_at,
        }
    }
}

impl From<&ArticleRecord> for Article {
    fn from(article: &ArticleRecord) -> Self {
        Self {
            id: article.id.map_or(0, |id| id.0),
            slug: article.slug.clone(),
            lang: article.lang.clone(),
            url: article.canonical_url.clone(),
            title: article.title.clone(),
            author: article.author.clone(),
            published_at: article.published_at,
            body: article.body.clone(),
            note: article.note.clone(),
            discussion: article.discussion.clone(),
        }
    }
}

impl From<&CommentRecord> for Comment {
    fn from(comment: &CommentRecord) -> Self {
        Self {
            id: comment.id.map_or(0, |id| id.0),
            article: comment.article.0,
            position: comment.position,
            author: comment.author.0,
            guest_name: comment.guest_name.clone(),
            body: comment.body.clone(),
            created_at: comment.created_at,
            edited_at: comment.edited_at,
            revisions: comment
                .revisions
                .iter()
                .map(|revision| Revision { body: revision.body.clone(), created_at: revision.created_at })
                .collect(),
            state: comment.state,
            state_reason: comment.status_reason.clone(),
            deleted: comment.deleted,
            deleted_by: comment.deleted_by.map(|id| id.0),
            quotes: comment
                .quotes
                .iter()
                .map(|quote| Quote {
                    source: quote.source.0,
                    revision: quote.source_revision,
                    text: quote.text.clone(),
                    verified: quote.verified,
                })
                .collect(),
            mentions: comment
                .mentions
                .iter()
                .map(|mention| Mention { person: mention.user.0, name: mention.name.clone() })
                .collect(),
            reactions: comment
                .reactions
                .iter()
                .map(|reaction| Reaction {
                    person: reaction.user.0,
                    kind: reaction.kind.clone(),
                    created_at: reaction.created_at,
                })
                .collect(),
        }
    }
}

/// How a file's ids become the database's: kept (a restore), or looked up.
pub trait Ids {
    /// The person stored for the file's person `id`.
    fn person(&self, id: i64) -> UserId;
    /// The comment stored for the file's comment `id` (quotes may name one never stored).
    fn comment(&self, id: i64) -> CommentId;
}

impl Comment {
    /// The record to store for this comment in `article`, ids made the database's by `ids`;
    /// `keep` keeps the comment's own id.
    pub fn record(&self, article: ArticleKey, ids: &dyn Ids, keep: bool) -> CommentRecord {
        CommentRecord {
            id: keep.then_some(CommentId(self.id)),
            article,
            position: self.position,
            author: ids.person(self.author),
            guest_name: self.guest_name.clone(),
            body: if keep {
                self.body.clone()
            } else {
                schrieb_markup::renumber_quotes(&self.body, |id| ids.comment(id).0)
            },
            created_at: self.created_at,
            edited_at: self.edited_at,
            revisions: self
                .revisions
                .iter()
                .map(|revision| RevisionRecord {
                    body: if keep {
                        revision.body.clone()
                    } else {
                        schrieb_markup::renumber_quotes(&revision.body, |id| ids.comment(id).0)
                    },
                    created_at: revision.created_at,
                })
                .collect(),
            state: self.state,
            status_reason: self.state_reason.clone(),
            deleted: self.deleted,
            deleted_by: self.deleted_by.map(|id| ids.person(id)),
            quotes: self
                .quotes
                .iter()
                .map(|quote| NewQuote {
                    source: ids.comment(quote.source),
                    source_revision: quote.revision,
                    text: quote.text.clone(),
                    verified: quote.verified,
                })
                .collect(),
            mentions: self
                .mentions
                .iter()
                .map(|mention| MentionRef { user: ids.person(mention.person), name: mention.name.clone() })
                .collect(),
            reactions: self
                .reactions
                .iter()
                .map(|reaction| ReactionRecord {
                    user: ids.person(reaction.person),
                    kind: reaction.kind.clone(),
                    created_at: reaction.created_at,
                })
                .collect(),
        }
    }
}

/// Times with milliseconds always, so that a time reads back and writes out the same.
mod rfc3339 {
    use super::{DateTime, Deserialize, Deserializer, SecondsFormat, Serializer, Utc};

    pub fn serialize<S: Serializer>(time: &DateTime<Utc>, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&time.to_rfc3339_opts(SecondsFormat::Millis, true))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<DateTime<Utc>, D::Error> {
        let text = String::deserialize(deserializer)?;
        DateTime::parse_from_rfc3339(&text).map(|time| time.with_timezone(&Utc)).map_err(serde::de::Error::custom)
    }
}

mod rfc3339_option {
    use super::{DateTime, Deserialize, Deserializer, Serializer, Utc};

    pub fn serialize<S: Serializer>(time: &Option<DateTime<Utc>>, serializer: S) -> Result<S::Ok, S::Error> {
        match time {
            Some(time) => super::rfc3339::serialize(time, serializer),
            None => serializer.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<DateTime<Utc>>, D::Error> {
        Option::<String>::deserialize(deserializer)?
            .map(|text| {
                DateTime::parse_from_rfc3339(&text)
                    .map(|time| time.with_timezone(&Utc))
                    .map_err(serde::de::Error::custom)
            })
            .transpose()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_line_names_its_type_and_times_keep_their_milliseconds() {
        let time = DateTime::from_timestamp_millis(1_764_859_852_000).expect("a time");
        let line = Line::Person(Person {
            id: 3,
            name: "Jürgen".into(),
            email: None,
            email_confirmed_at: None,
            role: "reader".into(),
            lang: "de".into(),
            created_at: time,
        });
        let json = serde_json::to_string(&line).expect("serializes");
        assert_eq!(
            json,
            r#"{"type":"person","id":3,"name":"Jürgen","email":null,"email_confirmed_at":null,"role":"reader","lang":"de","created_at":"2025-12-04T14:50:52.000Z"}"#
        );
        assert_eq!(serde_json::from_str::<Line>(&json).expect("reads back"), line);
    }

    #[test]
    fn a_field_this_version_does_not_know_is_refused() {
        let line = r#"{"type":"person","id":3,"name":"A","email":null,"email_confirmed_at":null,"role":"reader","lang":"de","created_at":"2025-12-04T14:50:52.000Z","password_hash":"x"}"#;
        assert!(serde_json::from_str::<Line>(line).is_err());
    }
}
