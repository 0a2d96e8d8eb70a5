use schrieb_api::{CommentState, ModerationSettings, Reason, Slug, WordEntry, WordSeverity};

use super::*;
use crate::db::{ArticleStore, ModerationStore, NewArticle, SiteStore};
use crate::domain::testing::{SITE, World, at};
use crate::domain::{PostOutcome, Refusal};

async fn with(settings: ModerationSettings, words: &[(&str, WordSeverity)]) -> World {
    let world = World::new().await;
    assert!(world.store.set_site_moderation(SITE, &settings).await.unwrap());
    let words: Vec<WordEntry> =
        words.iter().map(|(entry, severity)| WordEntry { entry: (*entry).into(), severity: *severity }).collect();
    assert!(world.store.set_site_words(SITE, &words).await.unwrap());
    world
}

/// Posts `body` as the reader `name` and answers with the state it got and the checks kept.
async fn post_as(world: &World, name: &str, body: &str, minutes: i64) -> Result<(CommentState, Vec<Check>), Refusal> {
    let reader = world.reader(name).await;
    match world.post(Some((reader, name)), None, body, None, at(minutes)).await {
        Ok(PostOutcome::Posted(posted)) => {
            let findings = world.store.findings(posted.comment.id).await.unwrap();
            Ok((posted.comment.state, findings.into_iter().map(|finding| finding.check).collect()))
        }
        Ok(other) => panic!("{other:?}"),
        Err(DomainError::Refused(refusal)) => Err(refusal),
        Err(other) => panic!("{other}"),
    }
}

fn rules(settings: ModerationSettings) -> Rules {
    Rules { site: 1, settings, discussion: DiscussionState::Open, words_version: 0 }
}

#[tokio::test]
async fn a_closed_or_switched_off_discussion_takes_no_comments() {
    let world = with(ModerationSettings { discussion: DiscussionState::Closed, ..Default::default() }, &[]).await;
    assert_eq!(post_as(&world, "Anna", "Hallo", 1).await.unwrap_err().reason, Reason::DiscussionClosed);
    world.store.set_discussion(&world.slug, Some(DiscussionState::Open)).await.unwrap();
    let opened = post_as(&world, "Anna", "Hallo", 2).await.unwrap().0;
    assert_eq!(opened, CommentState::Published, "the article's own state wins");
    world.store.set_discussion(&world.slug, Some(DiscussionState::Off)).await.unwrap();
    assert_eq!(post_as(&world, "Anna", "Noch mal", 3).await.unwrap_err().reason, Reason::DiscussionOff);
}

#[tokio::test]
async fn banned_words_refuse_and_suspect_words_hold_with_the_matches_kept() {
    let world =
        with(ModerationSettings::default(), &[("spam*", WordSeverity::Banned), ("blöd", WordSeverity::Suspect)]).await;
    let refused = post_as(&world, "Anna", "Kauft S.P.A.M-Dosen!", 1).await.unwrap_err();
    assert_eq!(refused.reason, Reason::BannedWords { words: vec!["S.P.A.M".into()] });
    let (state, checks) = post_as(&world, "Anna", "Das ist BLOED. Nein: BLÖD.", 2).await.unwrap();
    assert_eq!(state, CommentState::Pending);
    let Check::Words { banned, suspect } = &checks[0] else { panic!("{checks:?}") };
    assert!(banned.is_empty());
    assert_eq!(suspect.len(), 1, "“bloed” is not “blöd”: only diacritics are dropped");
    assert_eq!((suspect[0].text.as_str(), suspect[0].start, suspect[0].end), ("BLÖD", 21, 25));
    let spamfilter = post_as(&world, "Anna", "Mein Spamfilter? Nein.", 3).await.unwrap_err();
    assert_eq!(spamfilter.reason, Reason::BannedWords { words: vec!["Spamfilter".into()] });
}

#[tokio::test]
async fn a_changed_word_list_is_compiled_again() {
    let world = with(ModerationSettings::default(), &[]).await;
    assert_eq!(post_as(&world, "Anna", "Ein Wort.", 1).await.unwrap().0, CommentState::Published);
    let words = [WordEntry { entry: "wort".into(), severity: WordSeverity::Suspect }];
    world.store.set_site_words(SITE, &words).await.unwrap();
    assert_eq!(post_as(&world, "Anna", "Noch ein Wort.", 2).await.unwrap().0, CommentState::Pending);
}

/// Lists changed between reading a comment's rules and reading the lists are kept under the
/// version read with them: the next comment, whose rules name that version, is checked by the
/// same compiled copy, not by one compiled again.
#[tokio::test]
async fn lists_read_after_their_rules_are_kept_under_their_own_version() {
    let world = with(ModerationSettings::default(), &[("alt", WordSeverity::Suspect)]).await;
    let stale = world.store.rules(world.article).await.unwrap().unwrap();
    let words = [WordEntry { entry: "neu".into(), severity: WordSeverity::Suspect }];
    world.store.set_site_words(SITE, &words).await.unwrap();
    let fresh = world.store.rules(world.article).await.unwrap().unwrap();
    assert_eq!(fresh.words_version, stale.words_version + 1);

    let first = world.checks.word_list(&world.store, &stale).await.unwrap();
    assert!(!first.find("neu").is_empty(), "the newer lists, read after the rules");
    let second = world.checks.word_list(&world.store, &fresh).await.unwrap();
    assert!(Arc::ptr_eq(&first, &second), "compiled once");
    let again = world.checks.word_list(&world.store, &stale).await.unwrap();
    assert!(Arc::ptr_eq(&first, &again), "older rules take the newer copy rather than compile the old lists");
}

#[tokio::test]
async fn links_from_new_accounts_are_held_and_refused_above_the_cap() {
    let settings = ModerationSettings { link_min_approved: 1, new_account_link_cap: Some(1), ..Default::default() };
    let world = with(settings, &[]).await;
    let (state, checks) = post_as(&world, "Neu", "Siehe https://example.org", 1).await.unwrap();
    assert_eq!(state, CommentState::Pending);
    assert_eq!(checks, [Check::Links { links: 1, account_days: 0, approved: 0 }]);
    let refused = post_as(&world, "Neu", "https://a.example und https://b.example", 2).await.unwrap_err();
    assert_eq!(refused.reason, Reason::TooManyLinksForNewAccount { max: 1, actual: 2 });
    assert_eq!(post_as(&world, "Neu", "Ohne Link.", 3).await.unwrap().0, CommentState::Published);
    // One approved comment: trusted with links now.
    assert_eq!(post_as(&world, "Neu", "https://example.org/2", 4).await.unwrap().0, CommentState::Published);
}

#[test]
fn the_honeypot_refuses_and_a_hasty_newcomer_waits_with_the_time_kept() {
    let rules = rules(ModerationSettings { min_compose_seconds: 3, ..Default::default() });
    let filled = spam_signals(&rules, Signals { honeypot: Some("https://spam.example"), compose_ms: Some(9000) }, true);
    assert_eq!(filled[0], finding(Outcome::Reject, Check::Honeypot));
    assert_eq!(filled[1], finding(Outcome::Pass, Check::ComposeTime { ms: 9000, min_ms: 3000 }));
    let hasty = spam_signals(&rules, Signals { honeypot: Some("  "), compose_ms: None }, true);
    assert_eq!(hasty, [finding(Outcome::Hold, Check::ComposeTime { ms: 0, min_ms: 3000 })]);
    assert!(spam_signals(&rules, Signals::default(), false).is_empty(), "people with approved comments are not timed");
}

#[tokio::test]
async fn a_hasty_first_comment_waits_and_a_filled_honeypot_is_refused() {
    let world = with(ModerationSettings { min_compose_seconds: 3, ..Default::default() }, &[]).await;
    let (state, checks) = post_as(&world, "Anna", "Schnell!", 1).await.unwrap();
    assert_eq!((state, checks), (CommentState::Pending, vec![Check::ComposeTime { ms: 0, min_ms: 3000 }]));
}

#[tokio::test]
async fn the_same_body_in_another_thread_within_a_day_is_held() {
    let world = World::new().await;
    let reader = world.reader("Anna").await;
    let site = world.store.ensure_site(SITE, at(0)).await.unwrap();
    let second = NewArticle {
        site_id: site,
        slug: Slug::parse("b").unwrap(),
        lang: "de".into(),
        title: "B".into(),
        author: "B".into(),
        published_at: at(0),
        canonical_url: "https://example.org/b".into(),
        body: "text".into(),
        note: None,
    };
    let second = world.store.insert_article(&second).await.unwrap();
    let body = CommentBody::parse("Besucht meinen Laden!").unwrap();
    let submission = |article, minutes| Submission {
        article,
        writer: Writer::Member,
        author: reader.id,
        body: &body,
        signals: Some(Signals::default()),
        now: at(minutes),
    };
    assert!(!world.checks.run(&world.store, &submission(world.article, 1)).await.unwrap().holds());
    world.post(Some((reader, "Anna")), None, body.as_str(), None, at(1)).await.unwrap();
    let verdict = world.checks.run(&world.store, &submission(second, 2)).await.unwrap();
    assert_eq!(verdict.findings, [finding(Outcome::Hold, Check::Duplicate { threads: 1 })]);
    let next_day = world.checks.run(&world.store, &submission(second, 24 * 60 + 2)).await.unwrap();
    assert!(!next_day.holds(), "a day later");
    let edit = Submission { signals: None, ..submission(second, 3) };
    assert!(!world.checks.run(&world.store, &edit).await.unwrap().holds(), "edits are not spam signals");
}

#[tokio::test]
async fn the_site_mode_decides_who_waits() {
    let settings = ModerationSettings { mode: ModerationMode::NewAccounts, trust_after: 1, ..Default::default() };
    let world = with(settings, &[]).await;
    let (state, checks) = post_as(&world, "Anna", "Erster Beitrag.", 1).await.unwrap();
    assert_eq!(state, CommentState::Pending);
    assert_eq!(checks, [Check::SiteMode { mode: ModerationMode::NewAccounts, approved: 0 }]);
    for (mode, writer, approved, holds) in [
        (ModerationMode::Post, Writer::Guest, 0, false),
        (ModerationMode::All, Writer::Member, 99, true),
        (ModerationMode::Guests, Writer::Guest, 0, true),
        (ModerationMode::Guests, Writer::Member, 0, false),
        (ModerationMode::NewAccounts, Writer::Member, 3, false),
        (ModerationMode::NewAccounts, Writer::Guest, 99, true),
    ] {
        let rules = rules(ModerationSettings { mode, ..Default::default() });
        assert_eq!(site_mode(&rules, writer, approved).is_some(), holds, "{mode:?} {writer:?} {approved}");
    }
}

#[tokio::test]
async fn moderators_are_not_checked() {
    let settings = ModerationSettings { mode: ModerationMode::All, ..Default::default() };
    let world = with(settings, &[("spam", WordSeverity::Banned)]).await;
    let moderator = world.moderator().await;
    match world.post(Some((moderator, "Moderatorin")), None, "Kein spam hier.", None, at(1)).await.unwrap() {
        PostOutcome::Posted(posted) => assert_eq!(posted.comment.state, CommentState::Published),
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn an_edit_with_a_suspect_word_holds_a_published_comment_again() {
    let world = with(ModerationSettings::default(), &[("wort", WordSeverity::Suspect)]).await;
    let anna = world.reader("Anna").await;
    let id = world.posted(anna, "Anna", "Harmlos.", at(1)).await;
    let window = chrono::Duration::hours(24);
    let counting = crate::domain::testing::Counting::default();
    let edited = crate::domain::edit_comment(
        &world.store,
        &world.checks,
        &counting,
        anna,
        crate::domain::Edit { id, body: "Ein Wort.", window },
        at(2),
    )
    .await
    .unwrap();
    assert_eq!(edited.comment.state, CommentState::Pending, "the author sees it held");
    let seen = &world.thread().await[0];
    assert_eq!(
        (seen.id, seen.body.as_str(), seen.state),
        (id, "", CommentState::Pending),
        "readers see its place empty"
    );
    let log = world.store.moderation_log(crate::db::LogFilter::comment(id), 10).await.unwrap();
    assert_eq!(log.len(), 1);
    assert_eq!(
        (log[0].from, log[0].to, log[0].moderator.is_none()),
        (Some(schrieb_api::Standing::Published), schrieb_api::Standing::Pending, true)
    );
    assert!(matches!(log[0].findings[0].check, Check::Words { .. }));
}
