//! Threads read from another system's file, written into schrieb: one writer for every format.
//!
//! Each format's reader turns its file into [`ForeignThread`]s and [`ForeignPost`]s (bodies
//! already schrieb markup) and stages them ([`super::staging`]). This writer then takes one
//! thread at a time, every post in time order and never before its parent, and stores it:
//! - schrieb's threads are flat: a reply begins with a quote of its parent ("Anna schrieb:"),
//!   stored as imported (unverified); a reply to a deleted parent quotes only "…", and the
//!   parent stays as a deleted placeholder; deleted posts nobody answered are left out;
//! - posts marked as spam, and pingbacks and trackbacks, are left out;
//! - people who had an account there and gave an address are matched to the account with that
//!   address here, or become an author without a password who can claim the account by that
//!   address; everyone else writes as a guest, under the name they gave;
//! - every thread, person and comment is remembered under the source's name for it, so a second
//!   run adds nothing and changes nothing.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Utc};
use schrieb_api::{CommentState, DisplayName, Email, MAX_NAME_CHARS, PageUrl, UserId};

use super::import::{free_name, free_slug};
use super::staging::{StagedPost, Staging};
use super::{PortableError, Report};
use crate::db::portable::{ArticleRecord, CommentRecord, ImportKey, ImportKind, PersonRecord, Place, SiteRecord};
use crate::db::{ArticleKey, ImportTx, NewQuote, Repository};
use crate::domain::GUEST_ACCOUNT;

/// Comments stored in one transaction before the import commits and goes on.
const BATCH: u64 = 2_000;

/// How much of a parent a reply quotes, in characters: whole paragraphs up to this.
const QUOTED_CHARS: usize = 400;

/// A thread (a page or post with comments) as a file describes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ForeignThread {
    /// The file's id for it.
    pub external: String,
    /// What threads are told apart by (`--thread-key`): its address, or the identifier the
    /// site gave; threads with one key become one.
    pub key: String,
    /// Its page's address (after `--map-url`).
    pub url: String,
    /// Its title.
    pub title: String,
    /// When it began.
    pub created_at: Option<DateTime<Utc>>,
    /// Whether it was closed to new comments.
    pub closed: bool,
}

/// A comment as a file describes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ForeignPost {
    /// The file's id for it (made from its content when it has none).
    pub external: String,
    /// Its thread's id.
    pub thread: String,
    /// The id of the post it answers.
    pub parent: Option<String>,
    /// The name its author gave.
    pub author_name: String,
    /// Their address.
    pub author_email: Option<String>,
    /// Whether they had an account there (not a guest).
    pub author_registered: bool,
    /// The body, already schrieb markup.
    pub body: String,
    /// When it was written.
    pub created_at: Option<DateTime<Utc>>,
    /// Whether it was deleted.
    pub deleted: bool,
    /// Whether it was marked as spam.
    pub spam: bool,
    /// Whether it waited for a moderator there: it waits here too, seen by moderators only.
    pub held: bool,
    /// Whether it is a pingback or trackback, not a comment.
    pub pingback: bool,
    /// The person the file lists apart (`staging::ForeignPerson`) who wrote it, if any.
    pub author_ref: Option<String>,
}

/// What threads are told apart by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ThreadKey {
    /// Their page's address.
    #[default]
    Url,
    /// The identifier the site gave them (their address when they have none).
    Identifier,
}

/// What an import of another system's file is asked to do.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ForeignOptions {
    /// The site whose threads the file's become.
    pub site: String,
    /// Reads and checks everything, writes nothing.
    pub dry_run: bool,
    /// Address prefixes to rewrite, in order: the first that matches is used.
    pub map_url: Vec<(String, String)>,
    /// What threads are told apart by.
    pub thread_key: ThreadKey,
}

impl ForeignOptions {
    /// `url` with its prefix rewritten by the first `--map-url` that matches.
    pub fn map(&self, url: &str) -> String {
        let url = url.trim();
        for (from, to) in &self.map_url {
            if let Some(rest) = url.strip_prefix(from.as_str()) {
                return format!("{to}{rest}");
            }
        }
        url.to_owned()
    }

    /// The key of a thread at `url` with the site's `identifier`.
    pub fn key(&self, url: &str, identifier: Option<&str>) -> String {
        match (self.thread_key, identifier.map(str::trim).filter(|id| !id.is_empty())) {
            (ThreadKey::Identifier, Some(identifier)) => format!("id:{identifier}"),
            _ => format!("url:{url}"),
        }
    }
}

/// Imports a file of another system: `read` stages it, then [`write`] writes it. `source`
/// names the system (its ids are remembered under it).
pub async fn import_staged(
    repository: &dyn Repository,
    source: &str,
    options: &ForeignOptions,
    progress: &dyn Fn(u64),
    read: impl AsyncFnOnce(&mut Staging) -> Result<Report, PortableError>,
) -> Result<Report, PortableError> {
    let mut staging = Staging::new().await?;
    let report = read(&mut staging).await?;
    write(repository, &staging, source, options, report, progress).await
}

/// Writes everything `staging` holds into the site `options` names; `source` names the system
/// (and keeps its ids apart from other systems').
pub async fn write(
    repository: &dyn Repository,
    staging: &Staging,
    source: &str,
    options: &ForeignOptions,
    mut report: Report,
    progress: &dyn Fn(u64),
) -> Result<Report, PortableError> {
    report.dry_run = options.dry_run;
    let orphans = staging.orphans().await?;
    if orphans > 0 {
        *report.skipped.entry("comments of a thread the file does not have".to_owned()).or_default() += orphans;
    }
    let now = Utc::now();
    let mut writer = Writer {
        tx: repository.begin_import().await?,
        source: source.to_owned(),
        dry_run: options.dry_run,
        report,
        guest: None,
        pending: 0,
        written: 0,
    };
    let site = SiteRecord { id: 0, name: options.site.clone(), created_at: now, guest_comments: false };
    let (site, _) = writer.tx.site(&site).await?;
    for key in staging.thread_keys().await? {
        let threads = staging.threads_with(&key).await?;
        let externals: Vec<String> = threads.iter().map(|thread| thread.external.clone()).collect();
        let posts = staging.posts_of(&externals).await?;
        writer.thread(site, &options.site, &threads, in_reply_order(posts), now).await?;
        progress(writer.written);
    }
    writer.finish().await
}

/// `posts` (in time order) with every reply after its parent.
fn in_reply_order(posts: Vec<StagedPost>) -> Vec<StagedPost> {
    let index: HashMap<&str, usize> =
        posts.iter().enumerate().map(|(at, staged)| (staged.post.external.as_str(), at)).collect();
    let mut order = Vec::with_capacity(posts.len());
    let mut placed = vec![false; posts.len()];
    for start in 0..posts.len() {
        // The chain of parents not yet placed, nearest first; a loop of parents ends it.
        let mut chain = Vec::new();
        let mut at = Some(start);
        while let Some(current) = at.filter(|current| !placed[*current] && !chain.contains(current)) {
            chain.push(current);
            at = posts[current].post.parent.as_deref().and_then(|parent| index.get(parent).copied());
        }
        for current in chain.into_iter().rev() {
            placed[current] = true;
            order.push(current);
        }
    }
    let mut posts: Vec<Option<StagedPost>> = posts.into_iter().map(Some).collect();
    order.into_iter().filter_map(|at| posts[at].take()).collect()
}

/// A post stored (or stored before), as its replies quote it.
struct Stored {
    id: i64,
    author: String,
    body: String,
    /// Deleted, or held for a moderator.
    hidden: bool,
    created_at: DateTime<Utc>,
}

impl Stored {
    fn of(post: &ForeignPost, id: i64, author: String, created_at: DateTime<Utc>) -> Self {
        Self { id, author, body: post.body.clone(), hidden: post.deleted || post.held, created_at }
    }
}

struct Writer {
    tx: Box<dyn ImportTx>,
    source: String,
    dry_run: bool,
    report: Report,
    /// The shared account guests write as, once found or made.
    guest: Option<UserId>,
    pending: u64,
    written: u64,
}

impl Writer {
    async fn known(&mut self, kind: ImportKind, external: &str) -> Result<Option<i64>, PortableError> {
        Ok(self.tx.known(&ImportKey { source: &self.source, kind, external }).await?)
    }

    async fn remember(&mut self, kind: ImportKind, external: &str, local: i64) -> Result<(), PortableError> {
        Ok(self.tx.remember(&ImportKey { source: &self.source, kind, external }, local).await?)
    }

    async fn thread(
        &mut self,
        site: i64,
        site_name: &str,
        threads: &[ForeignThread],
        posts: Vec<StagedPost>,
        now: DateTime<Utc>,
    ) -> Result<(), PortableError> {
        let Some(first) = threads.first() else { return Ok(()) };
        // Deleted posts stay as placeholders only where someone answered them.
        let answered: HashSet<&str> = posts
            .iter()
            .filter(|staged| !staged.post.spam && !staged.post.pingback)
            .filter_map(|staged| staged.post.parent.as_deref())
            .collect();
        let wanted: Vec<&StagedPost> = posts
            .iter()
            .filter(|staged| !staged.post.deleted || answered.contains(staged.post.external.as_str()))
            .filter(|staged| !staged.post.spam && !staged.post.pingback)
            .collect();
        for staged in &posts {
            if staged.post.spam {
                self.report.skip("marked as spam");
            } else if staged.post.pingback {
                self.report.skip("pingbacks and trackbacks");
            } else if staged.post.deleted && !answered.contains(staged.post.external.as_str()) {
                self.report.skip("deleted, and answered by nobody");
            }
        }
        if wanted.is_empty() {
            return Ok(());
        }
        let Some(article) = self.article(site, site_name, threads, first, &wanted, now).await? else {
            for _ in &wanted {
                self.report.skip("comments of a thread without a valid address");
            }
            return Ok(());
        };
        let mut stored: HashMap<String, Stored> = HashMap::new();
        let mut added = 0_u64;
        let mut last_time = first.created_at.unwrap_or(now);
        for staged in wanted {
            let post = &staged.post;
            let parent = post.parent.as_deref().and_then(|parent| stored.get(parent));
            let created_at = match post.created_at {
                Some(time) => time,
                None => {
                    self.report.note("undated, given the time of the comment before them");
                    parent.map_or(last_time, |parent| parent.created_at.max(last_time))
                }
            };
            last_time = created_at;
            let (author, guest_name, author_shown) = self.author(post, created_at).await?;
            let body = match (post.parent.as_deref(), parent) {
                (None, _) => post.body.clone(),
                (Some(_), Some(parent)) => {
                    // Readers never saw a deleted or held parent's words: a reply does not show them.
                    let quoted = if parent.hidden { "…".to_owned() } else { quoted_part(&parent.body) };
                    format!("{}\n{}", schrieb_markup::quote_block(parent.id, &parent.author, &quoted), post.body)
                }
                (Some(_), None) => {
                    self.report.note("replies to a comment not in the file, imported without its quote");
                    post.body.clone()
                }
            };
            if let Some(local) = self.known(ImportKind::Comment, &post.external).await? {
                self.report.already_imported += 1;
                stored.insert(post.external.clone(), Stored::of(post, local, author_shown, created_at));
                continue;
            }
            let quotes = schrieb_markup::parse(&body)
                .quotes()
                .into_iter()
                .filter(|quote| !quote.nested)
                .map(|quote| NewQuote {
                    source: schrieb_api::CommentId(quote.source.comment),
                    source_revision: 1,
                    text: quote.text,
                    verified: false,
                })
                .collect();
            let record = CommentRecord {
                id: None,
                article,
                position: None,
                author,
                guest_name,
                body,
                created_at,
                edited_at: None,
                revisions: Vec::new(),
                state: if post.held { CommentState::Pending } else { CommentState::Published },
                status_reason: None,
                deleted: post.deleted,
                deleted_by: None,
                quotes,
                mentions: Vec::new(),
                reactions: Vec::new(),
            };
            let place = if post.held { Place::None } else { Place::Next };
            let local = self.tx.add_comment(&record, place).await?.0;
            self.remember(ImportKind::Comment, &post.external, local).await?;
            self.report.comments += 1;
            self.written += 1;
            added += 1;
            stored.insert(post.external.clone(), Stored::of(post, local, author_shown, created_at));
            self.pending += 1;
            if self.pending >= BATCH {
                self.tx.finish_thread(article).await?;
                added = 0;
                self.checkpoint().await?;
            }
        }
        // A thread the run added nothing to is left as it is (not even an event).
        if added > 0 {
            self.tx.finish_thread(article).await?;
        }
        Ok(())
    }

    /// The article the threads `threads` become: found by an earlier run, or the site's thread
    /// at their address, or added. `None` when their address is not one a page can have.
    async fn article(
        &mut self,
        site: i64,
        site_name: &str,
        threads: &[ForeignThread],
        first: &ForeignThread,
        posts: &[&StagedPost],
        now: DateTime<Utc>,
    ) -> Result<Option<ArticleKey>, PortableError> {
        for thread in threads {
            if let Some(local) = self.known(ImportKind::Thread, &thread.external).await? {
                return Ok(Some(ArticleKey(local)));
            }
        }
        let Ok(url) = PageUrl::parse(&first.url) else { return Ok(None) };
        let article = match self.tx.article_at(site, url.as_str()).await? {
            Some(existing) => existing,
            None => {
                let Ok(slug) = crate::embed::thread_slug(&url) else { return Ok(None) };
                let earliest = posts.iter().filter_map(|staged| staged.post.created_at).min();
                let record = ArticleRecord {
                    id: None,
                    slug: free_slug(self.tx.as_mut(), &slug).await?,
                    lang: crate::embed::thread_lang(None).to_owned(),
                    canonical_url: url.as_str().to_owned(),
                    title: crate::embed::thread_title(&plain(&first.title), &url),
                    author: site_name.to_owned(),
                    published_at: first.created_at.or(earliest).unwrap_or(now),
                    body: String::new(),
                    note: None,
                    discussion: first.closed.then(|| "closed".to_owned()),
                };
                self.report.threads += 1;
                self.tx.add_article(site, &record).await?
            }
        };
        for thread in threads {
            self.remember(ImportKind::Thread, &thread.external, article.0).await?;
        }
        Ok(Some(article))
    }

    /// Who wrote `post` here: an account (with no guest name) or the guest account with the
    /// name the guest gave; and the name a quote of it shows.
    async fn author(
        &mut self,
        post: &ForeignPost,
        created_at: DateTime<Utc>,
    ) -> Result<(UserId, Option<String>, String), PortableError> {
        let name = clean(&post.author_name);
        let email = post.author_email.as_deref().and_then(|email| Email::parse(email).ok());
        let display = DisplayName::parse(&name).ok();
        if let (true, Some(email), Some(display)) = (post.author_registered, email, display) {
            let external = email.as_str().to_owned();
            let id = match self.known(ImportKind::Person, &external).await? {
                Some(local) => UserId(local),
                None => {
                    let id = match self.tx.person_by_email(email.as_str()).await? {
                        Some(existing) => {
                            self.report.people_matched += 1;
                            existing
                        }
                        None => {
                            let record = PersonRecord {
                                id: None,
                                display_name: free_name(self.tx.as_mut(), display.as_str()).await?,
                                email: Some(email.as_str().to_owned()),
                                email_confirmed_at: None,
                                role: "reader".to_owned(),
                                lang: "de".to_owned(),
                                created_at,
                            };
                            self.report.people += 1;
                            self.tx.add_person(&record).await?
                        }
                    };
                    self.remember(ImportKind::Person, &external, id.0).await?;
                    id
                }
            };
            let shown = self.tx.person_name(id).await?.unwrap_or(name);
            return Ok((id, None, shown));
        }
        let guest = match self.guest {
            Some(guest) => guest,
            None => {
                let guest = match self.tx.person_named(GUEST_ACCOUNT).await? {
                    Some(guest) => guest,
                    None => {
                        let record = PersonRecord {
                            id: None,
                            display_name: GUEST_ACCOUNT.to_owned(),
                            email: None,
                            email_confirmed_at: None,
                            role: "reader".to_owned(),
                            lang: "de".to_owned(),
                            created_at,
                        };
                        self.tx.add_person(&record).await?
                    }
                };
                self.guest = Some(guest);
                guest
            }
        };
        // A guest who gave no name is still a guest: readers see "Gast".
        let shown = if name.is_empty() { GUEST_ACCOUNT.to_owned() } else { name };
        Ok((guest, Some(shown.clone()), shown))
    }

    async fn checkpoint(&mut self) -> Result<(), PortableError> {
        self.pending = 0;
        if !self.dry_run {
            self.tx.checkpoint().await?;
        }
        Ok(())
    }

    async fn finish(self) -> Result<Report, PortableError> {
        // A dry run's transaction ends unwritten when it is dropped.
        if !self.dry_run {
            self.tx.commit().await?;
        }
        Ok(self.report)
    }
}

/// Text as schrieb keeps a title: without control, invisible and direction characters, white
/// space runs one space.
pub fn plain(raw: &str) -> String {
    let kept: String = raw
        .chars()
        .map(|c| if c.is_whitespace() { ' ' } else { c })
        .filter(|c| !c.is_control() && !schrieb_api::is_invisible(*c))
        .collect();
    kept.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A name as schrieb keeps it: [`plain`], without double quotes and leading `@` (a mention's
/// syntax), at most as long as a display name may be.
pub fn clean(raw: &str) -> String {
    let plain = plain(&raw.replace('"', ""));
    let name = plain.trim_start_matches('@').trim();
    name.chars().take(MAX_NAME_CHARS).collect::<String>().trim_end().to_owned()
}

/// What a reply quotes of its parent's `body`: its own words (not the quotes it carries),
/// whole paragraphs up to [`QUOTED_CHARS`], and "[…]" where it was cut.
fn quoted_part(body: &str) -> String {
    let own = schrieb_markup::own_words(body);
    let mut quoted = String::new();
    for paragraph in own.split("\n\n") {
        if !quoted.is_empty() && quoted.chars().count() + paragraph.chars().count() > QUOTED_CHARS {
            quoted.push_str("\n\n\\[…\\]");
            break;
        }
        if !quoted.is_empty() {
            quoted.push_str("\n\n");
        }
        quoted.push_str(paragraph);
    }
    if quoted.trim().is_empty() { "…".to_owned() } else { quoted }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn staged(seq: i64, external: &str, parent: Option<&str>) -> StagedPost {
        StagedPost {
            seq,
            post: ForeignPost {
                external: external.into(),
                thread: "t".into(),
                parent: parent.map(Into::into),
                author_name: "A".into(),
                author_email: None,
                author_registered: false,
                body: String::new(),
                created_at: None,
                deleted: false,
                spam: false,
                held: false,
                pingback: false,
                author_ref: None,
            },
        }
    }

    #[test]
    fn replies_come_after_their_parents_and_loops_end() {
        let posts = vec![
            staged(1, "c", Some("b")),
            staged(2, "a", None),
            staged(3, "b", Some("a")),
            staged(4, "x", Some("y")),
            staged(5, "y", Some("x")),
            staged(6, "z", Some("missing")),
        ];
        let order: Vec<String> = in_reply_order(posts).into_iter().map(|staged| staged.post.external).collect();
        assert_eq!(order, ["a", "b", "c", "y", "x", "z"]);
    }

    #[test]
    fn names_lose_invisible_and_direction_characters() {
        assert_eq!(clean("  Anna\u{202E}  \"Maria\"\u{200B}\n"), "Anna Maria");
        assert_eq!(clean("@@Jörg"), "Jörg");
        assert_eq!(clean(&"x".repeat(100)).chars().count(), MAX_NAME_CHARS);
        let title = format!("Ein \u{202E}langer\tTitel {}", "x".repeat(60));
        assert_eq!(plain(&title), format!("Ein langer Titel {}", "x".repeat(60)));
    }

    #[test]
    fn a_long_parent_is_quoted_by_whole_paragraphs() {
        let body = format!("{}\n\n{}\n\n{}", "a".repeat(300), "b".repeat(300), "c".repeat(10));
        assert_eq!(quoted_part(&body), format!("{}\n\n\\[…\\]", "a".repeat(300)));
        assert_eq!(quoted_part("[quote=1 author=\"X\"]\nalt\n[/quote]\nneu"), "neu");
    }

    #[test]
    fn addresses_are_mapped_and_keys_fall_back_to_them() {
        let options = ForeignOptions {
            map_url: vec![("http://alt.example".into(), "https://neu.example".into())],
            thread_key: ThreadKey::Identifier,
            ..ForeignOptions::default()
        };
        assert_eq!(options.map(" http://alt.example/a?b "), "https://neu.example/a?b");
        assert_eq!(options.map("https://other.example/"), "https://other.example/");
        assert_eq!(options.key("https://x.example/", Some(" 17 ")), "id:17");
        assert_eq!(options.key("https://x.example/", Some("")), "url:https://x.example/");
    }
}
