use super::*;

fn list(entries: &[(&str, Severity)]) -> WordList {
    WordList::compile(entries.iter().copied()).unwrap()
}

fn banned(entries: &[&str]) -> WordList {
    list(&entries.iter().map(|entry| (*entry, Severity::Banned)).collect::<Vec<_>>())
}

/// The words of `text` each hit covers, as the moderator sees them highlighted.
fn found<'a>(list: &WordList, text: &'a str) -> Vec<&'a str> {
    list.find(text).into_iter().map(|hit| &text[hit.range]).collect()
}

#[test]
fn whole_words_only_unless_a_star_says_otherwise() {
    let list = banned(&["spam"]);
    assert_eq!(found(&list, "Das ist Spam."), ["Spam"]);
    assert!(found(&list, "Mein Spamfilter ist gut").is_empty(), "no hit inside a longer word");
    assert!(found(&list, "Antispam").is_empty());
    assert_eq!(found(&list, "spam,spam;(spam)"), ["spam", "spam", "spam"]);

    let prefix = banned(&["spam*"]);
    assert_eq!(found(&prefix, "Mein Spamfilter"), ["Spamfilter"]);
    assert!(found(&prefix, "Antispam").is_empty());
    let suffix = banned(&["*spam"]);
    assert_eq!(found(&suffix, "Antispam und Spamfilter"), ["Antispam"]);
    let inner = banned(&["*spam*"]);
    assert_eq!(found(&inner, "Antispamfilter"), ["Antispamfilter"]);
}

#[test]
fn case_and_diacritics_do_not_matter_and_sharp_s_is_ss() {
    let list = banned(&["Müll", "strasse", "café"]);
    assert_eq!(found(&list, "So ein MULL"), ["MULL"]);
    assert_eq!(found(&list, "so ein müll"), ["müll"]);
    assert_eq!(found(&list, "Die STRAẞE und die Straße"), ["STRAẞE", "Straße"]);
    assert_eq!(found(&list, "Cafe oder CAFÉ"), ["Cafe", "CAFÉ"]);
    // Composed and decomposed forms are one word.
    assert_eq!(found(&list, "mu\u{308}ll"), ["mu\u{308}ll"]);
}

#[test]
fn simple_obfuscation_is_seen_through() {
    let list = banned(&["spam"]);
    assert_eq!(found(&list, "s.p.a.m"), ["s.p.a.m"]);
    assert_eq!(found(&list, "s p a m!"), ["s p a m"]);
    assert_eq!(found(&list, "das ist s-p-a-m hier"), ["s-p-a-m"]);
    assert_eq!(found(&list, "sp4m und 5p@m und $pam"), ["sp4m", "5p@m", "$pam"]);
    // Digits alone stay digits: a year is no word.
    assert!(banned(&["zoz4"]).find("2024").is_empty());
    // Single letters far apart or on new lines are not one word.
    assert!(found(&list, "s\np\na\nm").is_empty());
    assert!(found(&list, "s   p   a   m").is_empty());
}

#[test]
fn phrases_and_overlapping_entries_all_hit() {
    let list = list(&[
        ("blöder hund", Severity::Banned),
        ("hund", Severity::Suspect),
        ("hund*", Severity::Suspect),
        ("*der", Severity::Suspect),
    ]);
    let hits = list.find("Du Bloeder Hund, du blöder   Hund!");
    // "Bloeder" is not "blöder": only diacritics are dropped, not spelled out.
    let text = "Du Bloeder Hund, du blöder   Hund!";
    let words: Vec<(&str, &str, Severity)> =
        hits.iter().map(|hit| (hit.entry.as_str(), &text[hit.range.clone()], hit.severity)).collect();
    assert_eq!(
        words,
        [
            ("*der", "Bloeder", Severity::Suspect),
            ("hund", "Hund", Severity::Suspect),
            ("hund*", "Hund", Severity::Suspect),
            ("*der", "blöder", Severity::Suspect),
            ("blöder hund", "blöder   Hund", Severity::Banned),
            ("hund", "Hund", Severity::Suspect),
            ("hund*", "Hund", Severity::Suspect),
        ]
    );
}

#[test]
fn the_same_entry_twice_counts_at_its_most_severe() {
    let list = list(&[("Spam", Severity::Suspect), ("spam", Severity::Banned), ("SPAM", Severity::Suspect)]);
    assert_eq!(list.len(), 1);
    assert_eq!(list.find("spam")[0].severity, Severity::Banned);
}

#[test]
fn bad_entries_are_refused_with_why() {
    assert_eq!(WordList::compile([("s*m", Severity::Banned)]).unwrap_err(), EntryError::InnerWildcard("s*m".into()));
    assert_eq!(WordList::compile([(" *** ", Severity::Banned)]).unwrap_err(), EntryError::Empty("***".into()));
    assert_eq!(WordList::compile([("?!", Severity::Banned)]).unwrap_err(), EntryError::Empty("?!".into()));
    assert!(WordList::compile([]).unwrap().find("anything").is_empty());
}

#[test]
fn other_scripts_and_emoji_keep_their_boundaries() {
    let list = banned(&["спам", "スパム"]);
    assert_eq!(found(&list, "Это СПАМ, да"), ["СПАМ"]);
    assert_eq!(found(&list, "😀spam😀 スパム"), ["スパム"]);
}

#[test]
fn thousands_of_entries_compile_into_one_matcher() {
    let words: Vec<String> = (0..5_000).map(|n| format!("wort{n}x")).collect();
    let list = WordList::compile(words.iter().map(|word| (word.as_str(), Severity::Suspect))).unwrap();
    assert_eq!(list.len(), 5_000);
    let text = "ein wort4999x und wort12x, aber nicht wort12xy ".repeat(100);
    assert_eq!(list.find(&text).len(), 200);
}

#[test]
fn unusable_entries_are_left_out_rather_than_costing_the_whole_list() {
    let list =
        WordList::compile_usable([("spam", Severity::Banned), ("s*m", Severity::Banned), ("?!", Severity::Suspect)]);
    assert_eq!(list.len(), 1);
    assert_eq!(found(&list, "kein spam"), ["spam"]);
}
