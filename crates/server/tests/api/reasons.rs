//! Every refusal a reader can meet names its rule as data (`ApiError::reason`), with the limit
//! and the numbers, so the app can word it in the reader's language instead of showing the
//! server's English.

use reqwest::Method;
use schrieb_api::paths::Endpoint;
use schrieb_api::{
    ApiError, ChangePasswordRequest, CommentPermalink, CommentRequest, ErrorKind, MAX_BODY_CHARS, MAX_LINKS,
    MIN_NAME_CHARS, MIN_PASSWORD_CHARS, Reason, Role,
};
use schrieb_server::settings::Settings;

use crate::helpers::{Answer, PASSWORD, TestApp, comment_body, registration};

const SLUG: &str = "gruende";

fn no_limits() -> Settings {
    Settings { rate_limits: false, ..Settings::default() }
}

/// The status, kind, field and reason of a refusal.
fn refusal(status: u16, body: ApiError) -> (u16, ErrorKind, Option<String>, Option<Reason>) {
    (status, body.error, body.field, body.reason)
}

#[tokio::test]
async fn a_comment_that_breaks_a_rule_names_the_rule_and_its_numbers() {
    let app = TestApp::with_settings(no_limits()).await;
    app.article_with_comments(SLUG, 1).await;
    let writer = app.user("Regelkundig", Role::Reader).await;
    let post = |text: String| {
        let (app, writer) = (&app, &writer);
        async move { app.post_comment::<ApiError>(SLUG, Some(writer), &comment_body(&text), None).await }
    };

    let long = post("x".repeat(MAX_BODY_CHARS + 1)).await;
    assert_eq!(
        refusal(long.status, long.body),
        (
            422,
            ErrorKind::Validation,
            Some("body".into()),
            Some(Reason::CommentTooLong { max: MAX_BODY_CHARS, actual: MAX_BODY_CHARS + 1 })
        )
    );
    let links = (0..=MAX_LINKS).map(|n| format!("https://example.org/{n}")).collect::<Vec<_>>().join(" ");
    let links = post(links).await;
    assert_eq!(links.body.reason, Some(Reason::TooManyLinks { max: MAX_LINKS, actual: MAX_LINKS + 1 }));
    let blank = post(" \n ".into()).await;
    assert_eq!(blank.body.reason, Some(Reason::CommentEmpty));

    app.posted(SLUG, &writer, "Einmal gesagt.").await;
    let again = post("Einmal gesagt.".into()).await;
    assert_eq!(
        refusal(again.status, again.body),
        (409, ErrorKind::Conflict, Some("body".into()), Some(Reason::SameAsLast))
    );
}

#[tokio::test]
async fn a_misquote_names_the_quoted_comment_and_its_author() {
    let app = TestApp::with_settings(no_limits()).await;
    app.article_with_comments(SLUG, 1).await;
    let quoted = app.user("Zitierte", Role::Reader).await;
    let source = app.posted(SLUG, &quoted, "Das Original.").await;
    let id = source.comment.id.0;
    let writer = app.user("Zitierende", Role::Reader).await;
    let text = format!("[quote={id} author=\"Jemand\"]\nDas Original.\n[/quote]\n\nSo nicht.");
    let misquote = app.post_comment::<ApiError>(SLUG, Some(&writer), &comment_body(&text), None).await;
    let reason = Reason::QuoteWrongAuthor { comment: id, named: "Jemand".into(), actual: "Zitierte".into() };
    assert_eq!(
        refusal(misquote.status, misquote.body),
        (422, ErrorKind::Validation, Some("body".into()), Some(reason))
    );
}

#[tokio::test]
async fn a_guest_taking_an_account_name_is_told_which() {
    let app = TestApp::with_settings(no_limits()).await;
    app.article_with_comments(SLUG, 1).await;
    assert!(app.repository.set_guest_comments("test", true).await.unwrap());
    app.user("Vergeben", Role::Reader).await;
    let request = CommentRequest { guest_name: Some("Vergeben".into()), ..comment_body("Hallo") };
    let answer = app.post_comment::<ApiError>(SLUG, None, &request, None).await;
    assert_eq!(
        refusal(answer.status, answer.body),
        (409, ErrorKind::Conflict, Some("guest_name".into()), Some(Reason::NameOfAccount { name: "Vergeben".into() }))
    );
    let request = CommentRequest { guest_name: Some("X".into()), ..comment_body("Hallo") };
    let short = app.post_comment::<ApiError>(SLUG, None, &request, None).await;
    assert_eq!(short.body.reason, Some(Reason::NameLength { min: MIN_NAME_CHARS, max: 40 }));
}

#[tokio::test]
async fn account_forms_are_refused_field_by_field_with_their_rules() {
    let app = TestApp::with_settings(no_limits()).await;
    let weak = schrieb_api::RegisterRequest { password: "kurz".into(), ..registration("Neu", "neu@example.org") };
    let answer = app.register::<ApiError>(&weak, None).await;
    assert_eq!(
        refusal(answer.status, answer.body),
        (
            422,
            ErrorKind::Validation,
            Some("password".into()),
            Some(Reason::PasswordTooShort { min: MIN_PASSWORD_CHARS })
        )
    );

    let holder = app.user("Namensträger", Role::Reader).await;
    let clash = app.register::<ApiError>(&registration("Namensträger", "anders@example.org"), None).await;
    assert_eq!(
        refusal(clash.status, clash.body),
        (
            409,
            ErrorKind::Conflict,
            Some("display_name".into()),
            Some(Reason::NameTaken { name: "Namensträger".into() })
        )
    );

    let change = ChangePasswordRequest { current_password: "falsch-falsch".into(), new_password: PASSWORD.into() };
    let path = Endpoint::MePassword.template();
    let wrong = app.send_json::<ApiError>(Method::PUT, path, Some(&holder), Some(serde_json::json!(change))).await;
    assert_eq!(
        refusal(wrong.status, wrong.body),
        (422, ErrorKind::Validation, Some("current_password".into()), Some(Reason::PasswordWrong))
    );
}

#[tokio::test]
async fn a_draft_over_the_limit_names_the_limit() {
    let app = TestApp::with_settings(no_limits()).await;
    app.article_with_comments(SLUG, 1).await;
    let writer = app.user("Entwerfer", Role::Reader).await;
    let body = serde_json::json!({ "body": "x".repeat(MAX_BODY_CHARS + 1) });
    let answer = app.save_draft::<ApiError>(SLUG, &writer, &body).await;
    assert_eq!(
        refusal(answer.status, answer.body),
        (
            422,
            ErrorKind::Validation,
            Some("body".into()),
            Some(Reason::CommentTooLong { max: MAX_BODY_CHARS, actual: MAX_BODY_CHARS + 1 })
        )
    );
    let blank = app.save_draft::<ApiError>(SLUG, &writer, &serde_json::json!({ "body": "   " })).await;
    assert_eq!(blank.body.reason, Some(Reason::CommentEmpty));
}

#[tokio::test]
async fn a_spent_rate_limit_says_how_long_to_wait_as_the_header_does() {
    let app = TestApp::empty().await;
    app.article_with_comments(SLUG, 1).await;
    let eager = app.user("Ungeduldig", Role::Reader).await;
    let mut answer = app.post_comment::<serde_json::Value>(SLUG, Some(&eager), &comment_body("0"), None).await;
    let mut n = 0;
    while answer.status == 201 {
        n += 1;
        assert!(n <= 5, "five posts a minute are allowed, the sixth is not");
        let _: CommentPermalink = serde_json::from_value(answer.body).unwrap();
        answer = app.post_comment(SLUG, Some(&eager), &comment_body(&n.to_string()), None).await;
    }
    let error: ApiError = serde_json::from_value(answer.body).unwrap();
    let header: u64 = answer.headers["retry-after"].to_str().unwrap().parse().unwrap();
    assert_eq!((answer.status, error.error), (429, ErrorKind::RateLimited));
    assert_eq!(error.reason, Some(Reason::TooFast { retry_after: header }));
    assert!(header >= 1);
}

#[tokio::test]
async fn a_body_over_the_size_cap_names_the_cap() {
    let app = TestApp::with_settings(no_limits()).await;
    app.article_with_comments(SLUG, 1).await;
    let writer = app.user("Großschreiber", Role::Reader).await;
    let huge = serde_json::json!({ "body": "x".repeat(schrieb_server::limits::MAX_BODY_BYTES + 1) });
    let answer = app.post_comment::<ApiError>(SLUG, Some(&writer), &huge, None).await;
    assert_eq!(answer.status, 413);
    assert_eq!(answer.body.reason, Some(Reason::TooLarge { max_kb: schrieb_server::limits::MAX_BODY_BYTES / 1024 }));
}

/// The word lists take larger bodies than anything else: a body over their cap names theirs.
#[tokio::test]
async fn a_word_list_over_its_cap_names_that_cap() {
    let app = TestApp::with_settings(no_limits()).await;
    app.article_with_comments(SLUG, 1).await;
    let admin = app.user("Admin Anna", Role::Admin).await;
    let cap = schrieb_api::MAX_WORD_ENTRIES * 450;
    let huge = serde_json::json!({ "words": [{ "entry": "x".repeat(cap), "severity": "banned" }] });
    let path = schrieb_api::paths::api::admin_site_words("test");
    let answer: Answer<ApiError> = Answer::of(app.send(Method::PUT, &path, Some(&admin), Some(huge)).await).await;
    assert_eq!(answer.status, 413);
    assert_eq!(answer.body.reason, Some(Reason::TooLarge { max_kb: cap / 1024 }));
}
