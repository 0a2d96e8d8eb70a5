//! Word-level differences between two revisions of a comment, for its revision history.

use schrieb_api::{Change, ChangeKind};
use similar::{ChangeTag, TextDiff};

/// How `new` differs from `old`, word by word, as runs of kept, added and removed text. The
/// markup is compared as written, so added emphasis or a changed link shows too.
pub fn word_changes(old: &str, new: &str) -> Vec<Change> {
    let diff = TextDiff::configure().algorithm(similar::Algorithm::Patience).diff_words(old, new);
    let mut changes: Vec<Change> = Vec::new();
    for change in diff.iter_all_changes() {
        let kind = match change.tag() {
            ChangeTag::Equal => ChangeKind::Kept,
            ChangeTag::Insert => ChangeKind::Added,
            ChangeTag::Delete => ChangeKind::Removed,
        };
        match changes.last_mut() {
            Some(last) if last.kind == kind => last.text.push_str(change.value()),
            _ => changes.push(Change { kind, text: change.value().to_owned() }),
        }
    }
    changes
}

#[cfg(test)]
mod tests {
    use super::*;

    fn show(changes: &[Change]) -> String {
        changes
            .iter()
            .map(|change| match change.kind {
                ChangeKind::Kept => change.text.clone(),
                ChangeKind::Added => format!("[+{}]", change.text),
                ChangeKind::Removed => format!("[-{}]", change.text),
            })
            .collect()
    }

    #[test]
    fn changed_words_are_marked_and_the_rest_kept() {
        let changes = word_changes(
            "Früher hat man einfach einen FTP-Server aufgemacht.",
            "Früher hat man einen Server ins Regal gestellt.",
        );
        assert_eq!(
            show(&changes),
            "Früher hat man [-einfach ]einen [-FTP-Server][+Server ins Regal] [-aufgemacht.][+gestellt.]"
        );
    }

    #[test]
    fn runs_join_and_the_new_text_can_be_read_back() {
        let new = "eins zwei **drei** vier";
        let changes = word_changes("eins zwei drei", new);
        let rebuilt: String =
            changes.iter().filter(|c| c.kind != ChangeKind::Removed).map(|c| c.text.as_str()).collect();
        assert_eq!(rebuilt, new);
        assert!(changes.windows(2).all(|w| w[0].kind != w[1].kind));
    }

    #[test]
    fn identical_texts_are_one_kept_run() {
        assert_eq!(word_changes("gleich", "gleich"), [Change { kind: ChangeKind::Kept, text: "gleich".into() }]);
        assert!(word_changes("", "").is_empty());
    }
}
