//! HTTP routes: the versioned JSON API (documented by OpenAPI), health, and the web app.

mod admin;
mod articles;
mod assets;
mod auth;
mod comment_writes;
mod comments;
mod drafts;
mod embed;
mod extract;
mod feeds;
mod follows;
mod layer_answers;
mod live;
mod mail_settings;
mod me;
mod moderation;
mod moderation_accounts;
mod moderation_jobs;
mod notifications;
mod operations;
mod pages;
mod password_reset;
mod previews;
mod promos;
mod reactions;
mod reports;
mod users;
mod webhooks;
mod widget;

use axum::Router;
use axum::http::{HeaderValue, Uri, header};
use axum::response::Response;
use axum::routing::get;
use utoipa::OpenApi;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::AppState;
use crate::error::AppError;
use operations::MetricsTokenScheme;

pub use assets::{AssetError, Assets};

/// The OpenAPI document's frame; the paths come from the routes themselves.
#[derive(OpenApi)]
#[openapi(
    info(title = "schrieb", description = "The discussion under every article: schrieb's HTTP API."),
    tags((name = "articles", description = "Articles and their threads"), (name = "comments", description = "Single comments"),
        (name = "users", description = "People and their profiles"),
        (name = "auth", description = "Accounts and sessions"),
        (name = "embed", description = "The widget on other sites' pages: their threads and comment counts"),
        (name = "moderation", description = "Moderators' queues, decisions and log; admins' site rules"),
        (name = "operations", description = "Running the server")),
    // Types that only parameters name: the document lists the others as the bodies name them.
    components(schemas(schrieb_api::PageNumber, schrieb_api::MentionPrefix, schrieb_api::CountUrls,
        schrieb_api::IdempotencyKey, schrieb_api::QueueState, schrieb_api::QueueReason, schrieb_api::QueueSort,
        schrieb_api::ExportFormat)),
    modifiers(&SessionSchemes, &MetricsTokenScheme)
)]
struct ApiDoc;

/// The two ways to name a session, for the endpoints' `security` lists: `session_cookie` for
/// this site's pages, `bearer` for the embed widget's token (`POST /api/v1/auth/token`).
/// Endpoints where logging in is optional also list the empty requirement.
struct SessionSchemes;

impl utoipa::Modify for SessionSchemes {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::security::{ApiKey, ApiKeyValue, HttpAuthScheme, HttpBuilder, SecurityScheme};
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "session_cookie",
            SecurityScheme::ApiKey(ApiKey::Cookie(ApiKeyValue::with_description(
                crate::auth::session::COOKIE,
                "The HttpOnly session cookie that logging in sets",
            ))),
        );
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .description(Some(
                        "A widget token from `POST /api/v1/auth/token`, for the embed iframe, which gets no \
                         cookie. Wins over the cookie when both are sent. A token naming no live session is a \
                         401 even where logging in is optional: drop it.",
                    ))
                    .build(),
            ),
        );
    }
}

/// The JSON API (with the health check) and its OpenAPI document. Every route is registered through `routes!`, which
/// adds it to the router and the document at once, so neither can miss one; the answers the router gives around
/// the handlers are added to every operation after (`layer_answers`).
pub fn api() -> (Router<AppState>, utoipa::openapi::OpenApi) {
    let (router, mut openapi) = OpenApiRouter::with_openapi(ApiDoc::openapi())
        .routes(routes!(articles::list_articles))
        .routes(routes!(articles::get_article))
        .routes(routes!(articles::list_comments))
        .routes(routes!(live::article_events))
        .routes(routes!(follows::get_follow, follows::put_follow))
        .routes(routes!(comments::get_comment))
        .routes(routes!(comments::get_revisions))
        .routes(routes!(comment_writes::post_comment))
        .routes(routes!(comment_writes::edit_comment, comment_writes::delete_comment))
        .routes(routes!(comment_writes::restore_comment))
        .routes(routes!(previews::remove_previews))
        .routes(routes!(previews::preview_image))
        .routes(routes!(reactions::list_reactions))
        .routes(routes!(reactions::add_reaction, reactions::remove_reaction))
        .routes(routes!(reports::report_comment))
        .routes(routes!(drafts::get_draft, drafts::put_draft, drafts::delete_draft))
        .routes(routes!(embed::embed_thread))
        .routes(routes!(embed::comment_counts))
        .routes(routes!(users::get_user))
        .routes(routes!(users::suggest_users))
        .routes(routes!(auth::register))
        .routes(routes!(auth::verify))
        .routes(routes!(auth::login))
        .routes(routes!(auth::logout))
        .routes(routes!(auth::widget_token))
        .routes(routes!(password_reset::request_reset))
        .routes(routes!(password_reset::confirm_reset))
        .routes(routes!(me::get_me, me::delete_me))
        .routes(routes!(me::export_me))
        .routes(routes!(me::change_password))
        .routes(routes!(notifications::get_notifications))
        .routes(routes!(notifications::mark_read))
        .routes(routes!(notifications::get_unread))
        .routes(routes!(notifications::unread_events))
        .routes(routes!(mail_settings::get_settings, mail_settings::put_settings))
        .routes(routes!(mail_settings::get_offer, mail_settings::post_unsubscribe))
        .routes(routes!(moderation::get_queue))
        .routes(routes!(moderation::decide))
        .routes(routes!(moderation::get_log))
        .routes(routes!(moderation::put_discussion))
        .routes(routes!(moderation::get_counts))
        .routes(routes!(admin::get_sites))
        .routes(routes!(moderation_jobs::post_job))
        .routes(routes!(moderation_jobs::get_job))
        .routes(routes!(moderation_accounts::get_record))
        .routes(routes!(moderation_accounts::post_note))
        .routes(routes!(moderation_accounts::put_sanction))
        .routes(routes!(admin::get_email_domains, admin::put_email_domains))
        .routes(routes!(admin::get_mail))
        .routes(routes!(webhooks::list, webhooks::create))
        .routes(routes!(webhooks::update, webhooks::delete))
        .routes(routes!(webhooks::deliveries))
        .routes(routes!(admin::get_site_moderation, admin::put_site_moderation))
        .routes(routes!(admin::export_site))
        .routes(routes!(promos::get_site_promos, promos::put_site_promos))
        // A card's picture may be up to 5 MiB.
        .merge(
            OpenApiRouter::new()
                .routes(routes!(promos::post_promo_image))
                .layer(axum::extract::DefaultBodyLimit::max(crate::previews::picture::MAX_PICTURE_BYTES))
                .layer(axum::Extension(extract::BodyLimit(crate::previews::picture::MAX_PICTURE_BYTES))),
        )
        // A site's word lists may be thousands of entries: more than any other body.
        .merge(
            OpenApiRouter::new()
                .routes(routes!(admin::get_site_words, admin::put_site_words))
                .layer(axum::extract::DefaultBodyLimit::max(admin::WORD_LISTS_MAX_BYTES))
                .layer(axum::Extension(extract::BodyLimit(admin::WORD_LISTS_MAX_BYTES))),
        )
        .routes(routes!(operations::health))
        .routes(routes!(operations::ready))
        .routes(routes!(operations::metrics))
        .routes(routes!(operations::openapi_json))
        .split_for_parts();
    layer_answers::document(&mut openapi);
    (router, openapi)
}

/// The whole application router: API, health check, OpenAPI document, the embed widget's
/// scripts, and the web app with a fallback to `index.html` for deep links.
pub fn router(state: AppState, assets: Option<Assets>) -> Router {
    let (api, _) = api();
    // The unsubscribe link of mails: a mail program's one-click POST here, a person's visit the
    // app's page of choices.
    let unsubscribe = axum::routing::post(mail_settings::one_click);
    let unsubscribe = match &assets {
        Some(assets) => unsubscribe.fallback_service(assets.clone().service()),
        None => unsubscribe,
    };
    let router = Router::new()
        .merge(api)
        // `AppLink::Unsubscribe`'s path (the mail tests follow the mailed link here).
        .route("/unsubscribe", unsubscribe)
        .merge(widget::router())
        .merge(feeds::router())
        .route("/api", get(no_route).fallback(no_route))
        .route("/api/{*rest}", get(no_route).fallback(no_route))
        .method_not_allowed_fallback(|| async { AppError::MethodNotAllowed })
        .layer(axum::middleware::from_fn_with_state(state.clone(), catch_up_after_writes))
        .layer(axum::middleware::from_fn_with_state(state.clone(), crate::auth::csrf::refuse_cross_site_writes))
        .layer(axum::extract::DefaultBodyLimit::max(crate::limits::MAX_BODY_BYTES))
        .with_state(state.clone());
    let router = match assets {
        Some(assets) => router.merge(pages::router(state, &assets)).fallback_service(assets.service()),
        None => router,
    };
    router.layer(axum::middleware::map_response(refuse_framing))
}

/// No page of ours may be shown inside another site's page, where a hidden frame over a
/// harmless-looking button could make people log in or post (clickjacking). `/embed` sets its
/// own policy, naming the sites that may frame it; every other HTML answer gets this one.
async fn refuse_framing(mut response: Response) -> Response {
    let html = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|value| value.starts_with("text/html"));
    if html && !response.headers().contains_key(header::CONTENT_SECURITY_POLICY) {
        response.headers_mut().insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static(FRAME_NONE));
    }
    response
}

/// A write this server answered is in the event log: reading the log before the answer goes out
/// means that the writer's next read, and everyone's on this server, shows it (the answer cache
/// has forgotten what it changed). Other servers read it on their next round
/// (`events::FOLLOW_EVERY`).
async fn catch_up_after_writes(
    axum::extract::State(state): axum::extract::State<AppState>,
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    let writes = !request.method().is_safe();
    let response = next.run(request).await;
    if writes
        && response.status().is_success()
        && let Err(error) = state.feed.catch_up(state.repository.as_ref()).await
    {
        tracing::error!(%error, "reading the event log after a write failed");
    }
    response
}

/// The policy of every page but `/embed`: no other page may frame it.
pub const FRAME_NONE: &str = "frame-ancestors 'none'";

/// Marks the reactions `user` (if anyone is logged in) made among `comments` as theirs (`mine`).
async fn mark_mine(
    state: &AppState,
    user: Option<&crate::auth::CurrentUser>,
    comments: &mut [schrieb_api::Comment],
) -> Result<(), AppError> {
    let Some(user) = user else { return Ok(()) };
    Ok(crate::domain::mark_mine(state.repository.as_ref(), user.account.id, comments).await?)
}

/// The one logged in, as the permission rules see them.
fn actor(user: &crate::auth::CurrentUser) -> schrieb_api::permissions::Actor {
    schrieb_api::permissions::Actor { id: user.account.id, role: user.account.role }
}

/// Who reads: the one logged in, or anyone.
fn viewer(user: Option<&crate::auth::CurrentUser>) -> crate::domain::moderation::visibility::Viewer {
    crate::domain::moderation::visibility::Viewer::of(user.map(actor))
}

/// The one logged in, as posting sees them.
fn logged_in(user: &crate::auth::CurrentUser) -> crate::domain::LoggedIn<'_> {
    crate::domain::LoggedIn { actor: actor(user), display_name: &user.account.display_name }
}

async fn no_route(uri: Uri) -> AppError {
    AppError::NoRoute(uri.path().chars().take(200).collect())
}
