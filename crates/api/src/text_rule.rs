//! The rules of validated text as a JSON Schema states them: a pattern and a length in
//! characters. The OpenAPI document is built from these (`schema.rs`), and each validated type
//! tests its `parse` against its rule, so the document cannot drift from what the server checks.

/// What a JSON Schema says about one kind of validated text.
///
/// The pattern is written in the part of the regular-expression syntax that ECMA-262 (what
/// OpenAPI names), Python's `re` (what API testers such as schemathesis run) and Rust's `regex`
/// (our own tests) read alike: character classes, `\u` escapes of four hex digits, groups and
/// repetition, no look-around. Lengths count Unicode scalar values, as JSON Schema and `str::chars` do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextRule {
    /// A regular expression the text must contain a match of (anchor it with `^…$` to cover the
    /// whole text).
    pub pattern: Option<&'static str>,
    /// The fewest characters.
    pub min_chars: usize,
    /// The most characters, when there is a limit.
    pub max_chars: Option<usize>,
}

/// Rust's white space (`char::is_whitespace`, Unicode's `White_Space`), as the inside of a
/// character class. ECMA-262's and Python's `\s` differ from it (`\u{FEFF}`, `\u{1C}`), so the
/// patterns spell it out.
macro_rules! white_space_class {
    () => {
        r"\t\n\u000B\f\r \u0085\u00A0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000"
    };
}

/// Control characters that are not white space (`char::is_control` without the above), as the
/// inside of a character class.
macro_rules! control_class {
    () => {
        r"\u0000-\u0008\u000E-\u001F\u007F-\u0084\u0086-\u009F"
    };
}

pub(crate) use {control_class, white_space_class};

/// Text with at least one character that is not white space: what "not blank" means to
/// `str::trim`.
pub(crate) const NOT_BLANK: &str = concat!("[^", white_space_class!(), "]");

#[cfg(test)]
pub(crate) mod check {
    //! Holding a `parse` function to its [`TextRule`].

    use super::TextRule;

    impl TextRule {
        /// Whether a text keeps the rule, read by Rust's `regex` (compiled once, for many texts).
        pub fn admits(&self) -> impl Fn(&str) -> bool + '_ {
            let regex = self.pattern.map(|pattern| regex::Regex::new(pattern).expect("the pattern compiles"));
            move |text: &str| {
                let chars = text.chars().count();
                regex.as_ref().is_none_or(|regex| regex.is_match(text))
                    && chars >= self.min_chars
                    && self.max_chars.is_none_or(|max| chars <= max)
            }
        }
    }

    /// Every character of the Basic Multilingual Plane (the patterns only name characters there).
    pub fn every_bmp_char() -> impl Iterator<Item = char> {
        (0..=0xFFFF_u32).filter_map(char::from_u32)
    }

    /// Every text of up to `longest` characters drawn from `alphabet`.
    pub fn texts_over(alphabet: &[char], longest: usize) -> Vec<String> {
        let mut all = vec![String::new()];
        let mut last = vec![String::new()];
        for _ in 0..longest {
            last = last.iter().flat_map(|text| alphabet.iter().map(move |c| format!("{text}{c}"))).collect();
            all.extend(last.iter().cloned());
        }
        all
    }

    /// Asserts that `rule` admits exactly the texts that `accepted` accepts.
    pub fn agrees_exactly(rule: &TextRule, texts: impl IntoIterator<Item = String>, accepted: impl Fn(&str) -> bool) {
        let admits = rule.admits();
        for text in texts {
            assert_eq!(admits(&text), accepted(&text), "rule and parse disagree on {text:?}");
        }
    }

    /// Asserts that `rule` admits every text that `accepted` accepts (the rule may admit more:
    /// what it cannot state is in words).
    pub fn admits_all_accepted(
        rule: &TextRule,
        texts: impl IntoIterator<Item = String>,
        accepted: impl Fn(&str) -> bool,
    ) {
        let admits = rule.admits();
        for text in texts {
            if accepted(&text) {
                assert!(admits(&text), "parse accepts {text:?}, the rule refuses it");
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::check::*;
    use super::*;

    #[test]
    fn not_blank_is_what_trim_leaves_something_of() {
        let rule = TextRule { pattern: Some(NOT_BLANK), min_chars: 0, max_chars: None };
        agrees_exactly(&rule, every_bmp_char().map(String::from), |text| !text.trim().is_empty());
        agrees_exactly(&rule, ["", " \t\n", " x "].map(String::from), |text| !text.trim().is_empty());
    }

    #[test]
    fn the_classes_are_rusts_white_space_and_control_characters() {
        let white = regex::Regex::new(concat!("^[", white_space_class!(), "]$")).unwrap();
        let control = regex::Regex::new(concat!("^[", control_class!(), "]$")).unwrap();
        for c in every_bmp_char() {
            let text = c.to_string();
            assert_eq!(white.is_match(&text), c.is_whitespace(), "{c:?}");
            assert_eq!(control.is_match(&text), c.is_control() && !c.is_whitespace(), "{c:?}");
        }
    }
}
