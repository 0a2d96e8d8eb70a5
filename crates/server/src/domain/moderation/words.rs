//! A site's word lists: banned words reject a comment, suspect words hold it for review.
//!
//! Entries and comments are read the same way: split into words at Unicode word boundaries
//! (UAX #29), each word folded (diacritics and case dropped, `ß` as `ss`, the dots of `s.p.a.m`
//! and the digits of `sp4m` read as letters), and single letters spaced apart (`s p a m`,
//! `s-p-a-m`) read as one word. An entry is one or more words; `*` at its start or end lets it
//! match inside longer words (`spam*` hits "Spamfilter", `spam` does not).
//!
//! All entries are compiled into one Aho-Corasick automaton over the folded words, each word
//! between single spaces, so a search costs one pass over the comment however many thousands
//! of entries there are, and each hit maps back to the comment's own characters for the
//! moderator to see highlighted.

use std::ops::Range;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;
use unicode_segmentation::UnicodeSegmentation;

/// What a hit on an entry does to a comment (the wire's type: the admin API lists entries).
pub use schrieb_api::WordSeverity as Severity;

/// An entry the list cannot use, with why.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EntryError {
    /// Nothing to match once folded: no letters or digits.
    #[error("“{0}” has no letters or digits")]
    Empty(String),
    /// A `*` that is not at the entry's start or end.
    #[error("“{0}”: a * stands only at the start or end of an entry")]
    InnerWildcard(String),
}

/// One occurrence of an entry in a comment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    /// The entry as the list has it (`spam*`).
    pub entry: String,
    /// What it does.
    pub severity: Severity,
    /// Where it stands in the comment, in bytes of the comment's own text.
    pub range: Range<usize>,
}

/// A compiled word list.
#[derive(Debug, Clone, Default)]
pub struct WordList {
    /// `None` for an empty list.
    automaton: Option<AhoCorasick>,
    /// The entry and severity of each pattern, by pattern index.
    entries: Vec<(String, Severity)>,
}

impl WordList {
    /// The list of `entries`; an entry listed twice counts with its most severe listing.
    pub fn compile<'a>(entries: impl IntoIterator<Item = (&'a str, Severity)>) -> Result<Self, EntryError> {
        let mut patterns: Vec<(String, String, Severity)> = Vec::new();
        for (entry, severity) in entries {
            let pattern = pattern_of(entry)?;
            patterns.push((pattern, entry.trim().to_owned(), severity));
        }
        // The same pattern twice (`Spam` and `spam`) is one pattern, at its most severe.
        patterns.sort_by(|a, b| a.0.cmp(&b.0).then(b.2.cmp(&a.2)));
        patterns.dedup_by(|later, earlier| later.0 == earlier.0);
        if patterns.is_empty() {
            return Ok(Self::default());
        }
        let automaton = AhoCorasickBuilder::new()
            .match_kind(MatchKind::Standard)
            .build(patterns.iter().map(|(pattern, _, _)| pattern.as_bytes()))
            .map_err(|_| EntryError::Empty(String::new()))?;
        let entries = patterns.into_iter().map(|(_, entry, severity)| (entry, severity)).collect();
        Ok(Self { automaton: Some(automaton), entries })
    }

    /// The list of those `entries` it can use, leaving out the ones [`WordList::compile`] would
    /// refuse.
    pub fn compile_usable<'a>(entries: impl IntoIterator<Item = (&'a str, Severity)>) -> Self {
        let usable: Vec<(&str, Severity)> =
            entries.into_iter().filter(|(entry, _)| pattern_of(entry).is_ok()).collect();
        Self::compile(usable).unwrap_or_default()
    }

    /// How many distinct entries the list has.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether it has none.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Every occurrence of an entry in `text`, in the order they start (then end, then entry).
    pub fn find(&self, text: &str) -> Vec<Hit> {
        let Some(automaton) = &self.automaton else { return Vec::new() };
        let folded = Folded::of(text);
        let mut hits: Vec<Hit> = automaton
            .find_overlapping_iter(folded.joined.as_bytes())
            .map(|found| {
                let (entry, severity) = &self.entries[found.pattern().as_usize()];
                Hit { entry: entry.clone(), severity: *severity, range: folded.original(found.start(), found.end()) }
            })
            .collect();
        hits.sort_by(|a, b| (a.range.start, a.range.end, &a.entry).cmp(&(b.range.start, b.range.end, &b.entry)));
        hits
    }
}

/// An entry as a pattern over the joined, folded words: its words between spaces, the space
/// left off on the side that has a `*`.
fn pattern_of(entry: &str) -> Result<String, EntryError> {
    let trimmed = entry.trim();
    let open_start = trimmed.starts_with('*');
    let open_end = trimmed.ends_with('*') && trimmed.len() > 1;
    let inner = trimmed.trim_matches('*');
    if inner.contains('*') {
        return Err(EntryError::InnerWildcard(trimmed.to_owned()));
    }
    let words = Folded::of(inner);
    if words.words.is_empty() {
        return Err(EntryError::Empty(trimmed.to_owned()));
    }
    let core = words.joined.trim();
    let mut pattern = String::with_capacity(core.len() + 2);
    if !open_start {
        pattern.push(' ');
    }
    pattern.push_str(core);
    if !open_end {
        pattern.push(' ');
    }
    Ok(pattern)
}

/// A text as its folded words: ` word word … ` and where each came from.
struct Folded {
    joined: String,
    /// Per word: its range in `joined` and its range in the original text, in bytes.
    words: Vec<(Range<usize>, Range<usize>)>,
}

impl Folded {
    fn of(text: &str) -> Self {
        let mut joined = String::with_capacity(text.len() + 2);
        joined.push(' ');
        let mut words = Vec::new();
        for (range, word) in merged_words(text) {
            let start = joined.len();
            joined.push_str(&word);
            words.push((start..joined.len(), range));
            joined.push(' ');
        }
        Self { joined, words }
    }

    /// The original text's byte range of the words a match over `start..end` of `joined`
    /// touches (a match always touches one: every pattern holds a letter or digit).
    fn original(&self, start: usize, end: usize) -> Range<usize> {
        let first = self.words.partition_point(|(joined, _)| joined.end <= start);
        let last = self.words.partition_point(|(joined, _)| joined.start < end).saturating_sub(1).max(first);
        match (self.words.get(first), self.words.get(last)) {
            (Some((_, from)), Some((_, to))) => from.start..to.end,
            _ => 0..0,
        }
    }
}

/// The words of `text` with their byte ranges, folded, with runs of three or more single
/// letters set apart by a little punctuation or space (`s p a m`, `s-p-a-m`) read as one word.
fn merged_words(text: &str) -> Vec<(Range<usize>, String)> {
    let mut words: Vec<(Range<usize>, String)> = Vec::new();
    // The single-letter words of the run being read, and where the last one ended.
    let mut run: Vec<(Range<usize>, String)> = Vec::new();
    let flush = |run: &mut Vec<(Range<usize>, String)>, words: &mut Vec<(Range<usize>, String)>| {
        if run.len() >= 3 {
            let start = run[0].0.start;
            let end = run[run.len() - 1].0.end;
            let word: String = run.iter().map(|(_, letter)| letter.as_str()).collect();
            words.push((start..end, word));
            run.clear();
        } else {
            words.append(run);
        }
    };
    for (at, piece) in word_pieces(text) {
        let range = at..at + piece.len();
        let folded = fold(piece);
        if folded.is_empty() {
            continue;
        }
        let single = folded.chars().count() == 1 && folded.chars().all(char::is_alphabetic);
        let close = run.last().is_none_or(|(last, _)| {
            let gap = &text[last.end..range.start];
            gap.chars().count() <= 2 && !gap.contains('\n')
        });
        if !(single && close) {
            flush(&mut run, &mut words);
        }
        if single {
            run.push((range, folded));
        } else {
            words.push((range, folded));
        }
    }
    flush(&mut run, &mut words);
    words
}

/// The words of `text` at Unicode word boundaries, with `@` and `$` between letters read as
/// part of the word (`sp@m`), and `$` before one too (`$pam`; `@` before a word is a mention),
/// each with its byte offset.
fn word_pieces(text: &str) -> Vec<(usize, &str)> {
    let mut pieces: Vec<(usize, &str)> = Vec::new();
    // A sign right after the last word, or a `$` before the next one.
    let mut glue_at: Option<usize> = None;
    let mut dollar_at: Option<usize> = None;
    for (at, piece) in text.split_word_bound_indices() {
        let ends_last = pieces.last().is_some_and(|(start, last)| start + last.len() == at);
        if piece.chars().any(char::is_alphanumeric) {
            match (pieces.last_mut(), glue_at, dollar_at) {
                // `sp` `@` `m`: one word `sp@m`.
                (Some(last), Some(glue), _) if glue + 1 == at => last.1 = &text[last.0..at + piece.len()],
                (_, _, Some(dollar)) if dollar + 1 == at => pieces.push((dollar, &text[dollar..at + piece.len()])),
                _ => pieces.push((at, piece)),
            }
            glue_at = None;
            dollar_at = None;
        } else {
            glue_at = ((piece == "@" || piece == "$") && ends_last).then_some(at);
            dollar_at = (piece == "$" && !ends_last).then_some(at);
        }
    }
    pieces
}

/// One word folded for matching: compatibility forms and diacritics dropped, lower case, `ß` as
/// `ss`, dots and apostrophes inside it left out, and in a word with letters, digits and `@`/`$`
/// read as the letters they stand for.
fn fold(word: &str) -> String {
    let has_letter = word.chars().any(char::is_alphabetic);
    let mut folded = String::with_capacity(word.len());
    // Most words are ASCII, which has nothing to decompose.
    if word.is_ascii() {
        for byte in word.bytes() {
            let c = if has_letter { leet(char::from(byte)) } else { char::from(byte) };
            if c.is_ascii_alphanumeric() {
                folded.push(c.to_ascii_lowercase());
            }
        }
        return folded;
    }
    for c in word.nfkd().filter(|c| !is_combining_mark(*c)) {
        let c = if has_letter { leet(c) } else { c };
        match c {
            'ß' | 'ẞ' => folded.push_str("ss"),
            c if c.is_alphanumeric() => folded.extend(c.to_lowercase()),
            // `s.p.a.m`, `don't`: UAX #29 keeps these inside a word.
            _ => {}
        }
    }
    folded
}

/// The letter a digit or sign stands for in `sp4m`, `sp@m`.
fn leet(c: char) -> char {
    match c {
        '0' => 'o',
        '1' => 'i',
        '3' => 'e',
        '4' | '@' => 'a',
        '5' | '$' => 's',
        '7' => 't',
        other => other,
    }
}

#[cfg(test)]
mod tests;
