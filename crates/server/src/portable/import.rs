//! Reading schrieb's own format back in ([`super::native`]).
//!
//! Into a database that holds nothing yet, an import is a restore: every id, place, role and
//! confirmation is kept, so exporting again gives the same file byte for byte. Into one that
//! holds a discussion already, ids are the database's: people are matched by address (or, for
//! people without one, by name), threads by address, and the quotes in bodies are renumbered;
//! nobody gains a role from a file. Either way each person, thread and comment is remembered
//! under the file's site and id, so a second run adds nothing and changes nothing.

use std::collections::{HashMap, HashSet};
use std::io::BufRead;

use schrieb_api::{CommentId, Slug, UserId};

use super::native::{Article, Comment, Ids, Line, Person, VERSION};
use super::{PortableError, Report};
use crate::db::portable::{ArticleRecord, ImportKey, ImportKind, PersonRecord, Place, SiteRecord};
use crate::db::{ArticleKey, ImportTx, Repository};

/// Comments an import stores in one transaction before it commits and begins the next (a
/// thread's end commits too): a crash loses at most this many, and the next run adds them.
const BATCH: u64 = 2_000;

/// What an import is asked to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportOptions {
    /// The site whose threads the file's go to (made if missing).
    pub site: String,
    /// Reads and checks everything, and writes nothing.
    pub dry_run: bool,
}

/// Imports a file of schrieb's own format from `input`.
pub async fn native(
    repository: &dyn Repository,
    input: impl BufRead,
    options: &ImportOptions,
) -> Result<Report, PortableError> {
    let mut lines = input.lines();
    let header = match lines.next() {
        Some(line) => match parse(&line?, 1)? {
            Line::Schrieb(header) => header,
            _ => return Err(malformed(1, "the first line must be the header (\"type\": \"schrieb\")")),
        },
        None => return Err(malformed(1, "the file is empty")),
    };
    if header.version > VERSION {
        return Err(malformed(1, &format!("version {} is newer than this server's {VERSION}", header.version)));
    }
    let restore = !options.dry_run && repository.holds_nothing().await?;
    let mut run = Run {
        tx: repository.begin_import().await?,
        source: format!("schrieb:{}", header.site),
        restore,
        dry_run: options.dry_run,
        report: Report { dry_run: options.dry_run, ..Report::default() },
        people: HashMap::new(),
        articles: HashMap::new(),
        touched: HashSet::new(),
        pending: 0,
    };
    // A site the import adds takes the file's time and setting.
    let wanted = SiteRecord {
        id: 0,
        name: options.site.clone(),
        created_at: header.site_created_at,
        guest_comments: header.guest_comments,
    };
    let (site, _) = run.tx.site(&wanted).await?;
    let mut thread: Option<ArticleKey> = None;
    for (index, line) in lines.enumerate() {
        let number = u64::try_from(index).unwrap_or(u64::MAX).saturating_add(2);
        let line = line?;
        if line.trim().is_empty() {
            continue;
        }
        match parse(&line, number)? {
            Line::Schrieb(_) => return Err(malformed(number, "a second header")),
            Line::Person(person) => run.person(&person).await?,
            Line::Article(article) => run.article(site, &article).await?,
            Line::Comment(comment) => {
                let article = *run.articles.get(&comment.article).ok_or_else(|| {
                    malformed(
                        number,
                        &format!(
                            "comment {} names article {}, which comes before it nowhere",
                            comment.id, comment.article
                        ),
                    )
                })?;
                if thread != Some(article) {
                    thread = Some(article);
                    run.end_batch().await?;
                }
                run.comment(number, article, &comment).await?;
            }
        }
    }
    run.finish().await
}

fn parse(line: &str, number: u64) -> Result<Line, PortableError> {
    serde_json::from_str(line).map_err(|error| malformed(number, &error.to_string()))
}

fn malformed(line: u64, reason: &str) -> PortableError {
    PortableError::Malformed { line, reason: reason.to_owned() }
}

/// One import under way.
struct Run {
    tx: Box<dyn ImportTx>,
    source: String,
    restore: bool,
    dry_run: bool,
    report: Report,
    /// The file's people and articles as stored: a site has far fewer of these than comments.
    people: HashMap<i64, UserId>,
    articles: HashMap<i64, ArticleKey>,
    /// Threads that got comments in the current transaction, to count again at its end.
    touched: HashSet<ArticleKey>,
    /// Comments stored in the current transaction.
    pending: u64,
}

impl Run {
    /// What an earlier run stored the file's `external` as.
    async fn known(&mut self, kind: ImportKind, external: &str) -> Result<Option<i64>, PortableError> {
        Ok(self.tx.known(&ImportKey { source: &self.source, kind, external }).await?)
    }

    /// Remembers that the file's `external` is stored as `local`.
    async fn remember(&mut self, kind: ImportKind, external: &str, local: i64) -> Result<(), PortableError> {
        Ok(self.tx.remember(&ImportKey { source: &self.source, kind, external }, local).await?)
    }

    async fn person(&mut self, person: &Person) -> Result<(), PortableError> {
        let external = person.id.to_string();
        if let Some(local) = self.known(ImportKind::Person, &external).await? {
            self.people.insert(person.id, UserId(local));
            self.report.already_imported += 1;
            return Ok(());
        }
        let record = PersonRecord {
            id: self.restore.then_some(UserId(person.id)),
            display_name: person.name.clone(),
            email: person.email.clone(),
            email_confirmed_at: person.email_confirmed_at.filter(|_| self.restore),
            // A file grants no role: only a restore of a whole database keeps them.
            role: if self.restore { person.role.clone() } else { "reader".to_owned() },
            lang: person.lang.clone(),
            created_at: person.created_at,
        };
        let local = match self.matching(&record).await? {
            Some(existing) => {
                self.report.people_matched += 1;
                existing
            }
            None => {
                let mut record = record;
                record.display_name = free_name(self.tx.as_mut(), &record.display_name).await?;
                self.report.people += 1;
                self.tx.add_person(&record).await?
            }
        };
        self.remember(ImportKind::Person, &external, local.0).await?;
        self.people.insert(person.id, local);
        Ok(())
    }

    /// The account `person` already has here: by address, or, without one, by name.
    async fn matching(&mut self, person: &PersonRecord) -> Result<Option<UserId>, PortableError> {
        if self.restore {
            return Ok(None);
        }
        Ok(match &person.email {
            Some(email) => self.tx.person_by_email(&email.to_lowercase()).await?,
            None => self.tx.person_named(&person.display_name).await?,
        })
    }

    async fn article(&mut self, site: i64, article: &Article) -> Result<(), PortableError> {
        let external = article.id.to_string();
        if let Some(local) = self.known(ImportKind::Thread, &external).await? {
            self.articles.insert(article.id, ArticleKey(local));
            self.report.already_imported += 1;
            return Ok(());
        }
        let local = match self.tx.article_at(site, &article.url).await? {
            // A thread of this page exists: the file's comments join it.
            Some(existing) if !self.restore => existing,
            _ => {
                let slug = if self.restore {
                    article.slug.clone()
                } else {
                    free_slug(self.tx.as_mut(), &article.slug).await?
                };
                let record = ArticleRecord {
                    id: self.restore.then_some(ArticleKey(article.id)),
                    slug,
                    lang: article.lang.clone(),
                    canonical_url: article.url.clone(),
                    title: article.title.clone(),
                    author: article.author.clone(),
                    published_at: article.published_at,
                    body: article.body.clone(),
                    note: article.note.clone(),
                    discussion: article.discussion.clone(),
                };
                self.report.threads += 1;
                self.tx.add_article(site, &record).await?
            }
        };
        self.remember(ImportKind::Thread, &external, local.0).await?;
        self.articles.insert(article.id, local);
        Ok(())
    }

    async fn comment(&mut self, line: u64, article: ArticleKey, comment: &Comment) -> Result<(), PortableError> {
        let external = comment.id.to_string();
        if self.known(ImportKind::Comment, &external).await?.is_some() {
            self.report.already_imported += 1;
            return Ok(());
        }
        let ids = self.ids_for(line, comment).await?;
        let record = comment.record(article, &ids, self.restore);
        let place = match (self.restore, comment.position) {
            (true, Some(position)) => Place::Kept(position),
            (false, Some(_)) => Place::Next,
            (_, None) => Place::None,
        };
        let local = self.tx.add_comment(&record, place).await?;
        self.remember(ImportKind::Comment, &external, local.0).await?;
        self.touched.insert(article);
        self.report.comments += 1;
        self.pending += 1;
        if self.pending >= BATCH {
            self.end_batch().await?;
        }
        Ok(())
    }

    /// The database's ids for everyone and every comment `comment` names.
    async fn ids_for(&mut self, line: u64, comment: &Comment) -> Result<Resolved, PortableError> {
        let mut people = HashMap::new();
        let named = std::iter::once(comment.author)
            .chain(comment.deleted_by)
            .chain(comment.mentions.iter().map(|mention| mention.person))
            .chain(comment.reactions.iter().map(|reaction| reaction.person));
        for id in named {
            let local = self.people.get(&id).ok_or_else(|| {
                malformed(line, &format!("comment {} names person {id}, who comes before it nowhere", comment.id))
            })?;
            people.insert(id, *local);
        }
        let mut comments = HashMap::new();
        if !self.restore {
            let mut quoted: Vec<i64> = comment.quotes.iter().map(|quote| quote.source).collect();
            for body in std::iter::once(&comment.body).chain(comment.revisions.iter().map(|revision| &revision.body)) {
                schrieb_markup::renumber_quotes(body, |id| {
                    quoted.push(id);
                    id
                });
            }
            for id in quoted {
                // A quote of a comment the file does not hold names none here (it reads as
                // a quote of a deleted comment).
                let local = self.known(ImportKind::Comment, &id.to_string()).await?.unwrap_or(0);
                comments.insert(id, CommentId(local));
            }
        }
        Ok(Resolved { people, comments, keep: self.restore })
    }

    /// Counts the threads this transaction touched, commits it (unless this is a dry run) and
    /// begins the next.
    async fn end_batch(&mut self) -> Result<(), PortableError> {
        for article in self.touched.drain() {
            self.tx.finish_thread(article).await?;
        }
        self.pending = 0;
        if self.dry_run {
            return Ok(());
        }
        Ok(self.tx.checkpoint().await?)
    }

    async fn finish(mut self) -> Result<Report, PortableError> {
        for article in self.touched.drain() {
            self.tx.finish_thread(article).await?;
        }
        // A dry run's transaction ends unwritten when it is dropped.
        if !self.dry_run {
            self.tx.commit().await?;
        }
        Ok(self.report)
    }
}

/// The ids a comment's record takes.
struct Resolved {
    people: HashMap<i64, UserId>,
    comments: HashMap<i64, CommentId>,
    keep: bool,
}

impl Ids for Resolved {
    fn person(&self, id: i64) -> UserId {
        self.people.get(&id).copied().unwrap_or(UserId(id))
    }

    fn comment(&self, id: i64) -> CommentId {
        if self.keep { CommentId(id) } else { self.comments.get(&id).copied().unwrap_or(CommentId(0)) }
    }
}

/// `name`, or `name (2)`, `name (3)`…, whichever no account has: display names are unique.
pub(crate) async fn free_name(tx: &mut dyn ImportTx, name: &str) -> Result<String, PortableError> {
    let mut candidate = name.to_owned();
    let mut number = 1;
    while tx.person_named(&candidate).await?.is_some() {
        number += 1;
        candidate = format!("{name} ({number})");
    }
    Ok(candidate)
}

/// `slug`, or `slug-2`, `slug-3`…, whichever no article has.
pub(crate) async fn free_slug(tx: &mut dyn ImportTx, slug: &Slug) -> Result<Slug, PortableError> {
    let mut candidate = slug.clone();
    let mut number = 1;
    while tx.slug_taken(&candidate).await? {
        number += 1;
        let suffix = format!("-{number}");
        let base: String = slug.as_str().chars().take(schrieb_api::MAX_SLUG_LEN - suffix.len()).collect();
        candidate = Slug::parse(&format!("{}{suffix}", base.trim_end_matches('-')))
            .map_err(|error| malformed(0, &format!("slug {slug}: {error}")))?;
    }
    Ok(candidate)
}
