//! Moving a site's discussion in and out: schrieb's own export format (JSON lines, versioned,
//! lossless), and what an import did. See the README's "Import and export" for the format.

pub mod commento;
pub mod disqus;
pub mod export;
pub mod foreign;
pub mod html;
pub mod import;
pub mod isso;
pub mod json;
pub mod native;
pub mod remark42;
pub mod sink;
pub mod staging;
pub mod wxr;
pub mod wxr_export;
pub mod xml;

use std::collections::BTreeMap;
use std::fmt;

use crate::db::DbError;

/// Why an import or export stopped.
#[derive(Debug, thiserror::Error)]
pub enum PortableError {
    /// Reading the file or writing the export failed.
    #[error("{0}")]
    Io(#[from] std::io::Error),
    /// The file is not what its format says it is; nothing after the line named was read.
    #[error("line {line}: {reason}")]
    Malformed {
        /// The line (from 1).
        line: u64,
        /// What is wrong with it.
        reason: String,
    },
    /// No site has the name asked for.
    #[error("no site is named {0}")]
    NoSite(String),
    /// The database failed.
    #[error(transparent)]
    Database(#[from] DbError),
}

/// What an import stored, found stored already, and left out, and why.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Report {
    /// Threads added.
    pub threads: u64,
    /// Comments added.
    pub comments: u64,
    /// People added (authors who may claim their account).
    pub people: u64,
    /// People matched to an account that was there already.
    pub people_matched: u64,
    /// Threads, comments and people a former run of this import stored: left as they are.
    pub already_imported: u64,
    /// Items left out, by reason, with how many.
    pub skipped: BTreeMap<String, u64>,
    /// Items imported with something made up or left out, by what, with how many.
    pub notes: BTreeMap<String, u64>,
    /// Whether nothing was written (`--dry-run`).
    pub dry_run: bool,
}

impl Report {
    /// Counts one item left out for `reason`.
    pub fn skip(&mut self, reason: &str) {
        *self.skipped.entry(reason.to_owned()).or_default() += 1;
    }

    /// Counts one item imported with `what` made up or left out.
    pub fn note(&mut self, what: &str) {
        *self.notes.entry(what.to_owned()).or_default() += 1;
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let verb = if self.dry_run { "would add" } else { "added" };
        writeln!(f, "{verb}: {} threads, {} comments, {} people", self.threads, self.comments, self.people)?;
        writeln!(f, "people matched to existing accounts: {}", self.people_matched)?;
        writeln!(f, "imported before, left as they are: {}", self.already_imported)?;
        let skipped: u64 = self.skipped.values().sum();
        writeln!(f, "skipped: {skipped}")?;
        for (reason, count) in &self.skipped {
            writeln!(f, "  {count} {reason}")?;
        }
        for (what, count) in &self.notes {
            writeln!(f, "imported, {what}: {count}")?;
        }
        if self.dry_run {
            writeln!(f, "dry run: nothing was written")?;
        }
        Ok(())
    }
}
