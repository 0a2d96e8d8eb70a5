//! Thread paging: every page holds [`PER_PAGE`] places, and a comment keeps its place forever.
//!
//! Comments are numbered by their position in the thread (1, 2, 3, ...) when posted; deleting
//! leaves a placeholder in that place, so page numbers, permalinks and quotes stay valid.

use std::num::NonZeroU32;

use serde::{Deserialize, Serialize};

/// How many comments one page of a thread shows.
pub const PER_PAGE: u32 = 20;

/// The highest page number a request may name; far beyond any real thread, it keeps
/// `page * PER_PAGE` arithmetic comfortably inside `i64` on every store.
pub const MAX_PAGE: u32 = 10_000_000;

/// A 1-based page number of a thread, validated.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "u32", into = "u32")]
pub struct PageNumber(NonZeroU32);

/// Why a page number was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PageNumberError {
    /// Not a whole number at all (`"abc"`, `"1.5"`, `"-3"`).
    #[error("page must be a whole number from 1 to {MAX_PAGE}, not {0:?}")]
    NotANumber(String),
    /// Page 0: pages are counted from 1.
    #[error("page must be 1 or more; pages are counted from 1")]
    Zero,
    /// Beyond [`MAX_PAGE`].
    #[error("page must be at most {MAX_PAGE}")]
    TooLarge,
}

impl PageNumber {
    /// The first page.
    pub const FIRST: Self = Self(NonZeroU32::MIN);

    /// Checks a page number given as text, as it arrives in a query string.
    pub fn parse(raw: &str) -> Result<Self, PageNumberError> {
        let trimmed = raw.trim();
        if trimmed.is_empty() || !trimmed.bytes().all(|b| b.is_ascii_digit()) {
            return Err(PageNumberError::NotANumber(raw.chars().take(32).collect()));
        }
        // All digits: a number too long for `u32` is a page far past the end, not a typo.
        let number = trimmed.parse::<u32>().map_err(|_| PageNumberError::TooLarge)?;
        Self::new(number)
    }

    /// Checks a page number given as a number.
    pub fn new(number: u32) -> Result<Self, PageNumberError> {
        if number > MAX_PAGE {
            return Err(PageNumberError::TooLarge);
        }
        NonZeroU32::new(number).map(Self).ok_or(PageNumberError::Zero)
    }

    /// The page number as a plain number (1 or more).
    pub fn get(self) -> u32 {
        self.0.get()
    }

    /// The first and last thread positions (1-based, inclusive) this page covers.
    pub fn positions(self) -> (i64, i64) {
        let first = i64::from(self.get() - 1) * i64::from(PER_PAGE) + 1;
        (first, first + i64::from(PER_PAGE) - 1)
    }
}

impl TryFrom<u32> for PageNumber {
    type Error = PageNumberError;
    fn try_from(number: u32) -> Result<Self, Self::Error> {
        Self::new(number)
    }
}

impl From<PageNumber> for u32 {
    fn from(page: PageNumber) -> Self {
        page.get()
    }
}

impl std::fmt::Display for PageNumber {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

/// How many pages a thread of `places` places has; an empty thread still has its first page.
pub fn page_count(places: u64) -> u32 {
    let pages = places.div_ceil(u64::from(PER_PAGE)).max(1);
    u32::try_from(pages).unwrap_or(u32::MAX)
}

/// The page on which the comment at thread position `position` (1-based) stands.
pub fn page_of_position(position: u64) -> u32 {
    let page = position.saturating_sub(1) / u64::from(PER_PAGE) + 1;
    u32::try_from(page).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_page_numbers_people_type() {
        assert_eq!(PageNumber::parse("1").unwrap().get(), 1);
        assert_eq!(PageNumber::parse(" 3 ").unwrap().get(), 3);
        assert_eq!(PageNumber::parse("0"), Err(PageNumberError::Zero));
        assert_eq!(PageNumber::parse("99999999999"), Err(PageNumberError::TooLarge));
        assert_eq!(PageNumber::parse("99999999999999999999999"), Err(PageNumberError::TooLarge));
        assert_eq!(PageNumber::parse("10000001"), Err(PageNumberError::TooLarge));
        for bad in ["", "abc", "-1", "+1", "1.5", "0x10", "1e3", "١"] {
            assert!(matches!(PageNumber::parse(bad), Err(PageNumberError::NotANumber(_))), "{bad}");
        }
    }

    #[test]
    fn pages_cover_consecutive_positions() {
        assert_eq!(PageNumber::FIRST.positions(), (1, 20));
        assert_eq!(PageNumber::new(3).unwrap().positions(), (41, 60));
    }

    #[test]
    fn counts_pages_and_finds_a_positions_page() {
        assert_eq!(page_count(0), 1);
        assert_eq!(page_count(20), 1);
        assert_eq!(page_count(21), 2);
        assert_eq!(page_count(52), 3);
        assert_eq!(page_of_position(1), 1);
        assert_eq!(page_of_position(20), 1);
        assert_eq!(page_of_position(21), 2);
        assert_eq!(page_of_position(0), 1);
    }

    #[test]
    fn deserializing_refuses_zero() {
        assert!(serde_json::from_str::<PageNumber>("0").is_err());
        assert_eq!(serde_json::from_str::<PageNumber>("2").unwrap().get(), 2);
    }
}
