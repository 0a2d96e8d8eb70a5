//! The typed API client: one function per endpoint, every failure a [`ClientError`].

use std::cell::Cell;

use gloo_net::http::{Method, Request, RequestBuilder, Response};
use leptos::prelude::on_cleanup;
use schrieb_api::paths::{self, Endpoint};
use schrieb_api::worker::PageAnswer;
use schrieb_api::{
    AccountRecord, AccountStanding, ApiError, Article, ArticleList, BlockedDomains, ChangePasswordRequest, CommentId,
    CommentPage, CommentPermalink, CommentRequest, CreatedWebhook, DecisionRequest, DeleteAccountRequest, Draft,
    DraftBody, DraftRequest, EmbedThreadRequest, ErrorKind, IDEMPOTENCY_KEY_HEADER, IdempotencyKey, Job, JobId,
    JobRequest, LoginRequest, MailStatus, MarkReadRequest, Me, ModerationLog, ModerationQueue, ModerationSettings,
    ModeratorNote, NoteRequest, Notice, NotificationPage, NotificationSettings, PageNumber, PasswordResetConfirm,
    PasswordResetRequest, PromoImage, PromoSettings, QueueCounts, QueueFilter, QueueState, ReactionCount, ReactionKind,
    Reactors, Reason, RegisterRequest, ReportReceipt, ReportRequest, RevisionHistory, SanctionRequest, SiteList, Slug,
    ThreadFollow, UnreadCount, UnsubscribeOffer, UnsubscribeRequest, UserId, UserProfile, UserSuggestion,
    VerifyRequest, Webhook, WebhookDeliveryPage, WebhookId, WebhookList, WebhookRequest, WidgetToken, WordLists,
};
use send_wrapper::SendWrapper;
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::credentials;

/// Why an API call failed.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ClientError {
    /// The server answered with an error in the shared shape.
    #[error("{0}")]
    Api(ApiError),
    /// No answer at all: offline, server down, request aborted.
    #[error("no connection to the server: {0}")]
    Network(String),
    /// An answer that is not what the endpoint promises (a proxy's error page, say).
    #[error("unexpected answer from the server: {0}")]
    Unexpected(String),
    /// No connection, and this device could not keep the reply to send it later (the
    /// browser's storage is full or not allowed): the text stays in the editor.
    #[error("the reply could not be kept for later: {0}")]
    NotKept(String),
}

impl ClientError {
    /// The server's error kind, if the server answered with one.
    pub fn kind(&self) -> Option<ErrorKind> {
        match self {
            Self::Api(error) => Some(error.error),
            _ => None,
        }
    }

    /// The rule the server found `field` of the request breaking, so a form can show it beside
    /// that field.
    pub fn field_reason(&self, field: &str) -> Option<Reason> {
        match self {
            Self::Api(ApiError { field: Some(at), reason, .. }) if at == field => reason.clone(),
            _ => None,
        }
    }
}

/// `GET /api/v1/articles`
pub async fn articles() -> Result<ArticleList, ClientError> {
    send(Request::get(Endpoint::Articles.template())).await
}

/// `GET /api/v1/articles/{slug}`
pub async fn article(slug: &Slug) -> Result<Article, ClientError> {
    send(Request::get(&paths::api::article(slug))).await
}

/// `GET /api/v1/articles/{slug}/comments?page=N`
pub async fn comments(slug: &Slug, page: PageNumber) -> Result<CommentPage, ClientError> {
    // The query as gloo-net adds it: a URL of its own with a query gets a trailing `&` from
    // it, and then no longer names the answer the service worker keeps under
    // `paths::api::article_comments_page`.
    send(Request::get(&paths::api::article_comments(slug)).query([("page", page.to_string())])).await
}

/// `GET /api/v1/comments/{id}`
pub async fn comment(id: CommentId) -> Result<CommentPermalink, ClientError> {
    send(Request::get(&paths::api::comment(id))).await
}

/// `GET /api/v1/comments/{id}/revisions`
pub async fn revisions(id: CommentId) -> Result<RevisionHistory, ClientError> {
    send(Request::get(&paths::api::comment_revisions(id))).await
}

/// `GET /api/v1/users/{id}`
pub async fn user(id: UserId) -> Result<UserProfile, ClientError> {
    send(Request::get(&paths::api::user(id))).await
}

/// `GET /api/v1/moderation/queue?state=…&page=N&…`, narrowed and ordered by `filter`.
pub async fn moderation_queue(
    state: QueueState,
    page: u32,
    filter: &QueueFilter,
) -> Result<ModerationQueue, ClientError> {
    send(Request::get(&paths::api::moderation_queue(state, page, filter))).await
}

/// `POST /api/v1/moderation/jobs`
pub async fn start_job(request: &JobRequest) -> Result<Job, ClientError> {
    send_json(Request::post(Endpoint::ModerationJobs.template()), request).await
}

/// `GET /api/v1/moderation/jobs/{id}`
pub async fn job(id: JobId) -> Result<Job, ClientError> {
    send(Request::get(&paths::api::moderation_job(id))).await
}

/// `GET /api/v1/admin/sites`
pub async fn admin_sites() -> Result<SiteList, ClientError> {
    send(Request::get(Endpoint::AdminSites.template())).await
}

/// `GET /api/v1/admin/sites/{name}/moderation`
pub async fn site_moderation(site: &str) -> Result<ModerationSettings, ClientError> {
    send(Request::get(&paths::api::admin_site_moderation(site))).await
}

/// `PUT /api/v1/admin/sites/{name}/moderation`
pub async fn set_site_moderation(site: &str, settings: &ModerationSettings) -> Result<ModerationSettings, ClientError> {
    send_json(Request::put(&paths::api::admin_site_moderation(site)), settings).await
}

/// `GET /api/v1/admin/sites/{name}/promos`
pub async fn site_promos(site: &str) -> Result<PromoSettings, ClientError> {
    send(Request::get(&paths::api::admin_site_promos(site))).await
}

/// `PUT /api/v1/admin/sites/{name}/promos`
pub async fn set_site_promos(site: &str, promos: &PromoSettings) -> Result<PromoSettings, ClientError> {
    send_json(Request::put(&paths::api::admin_site_promos(site)), promos).await
}

/// `POST /api/v1/admin/sites/{name}/promo-images`: the picture `file` as it is, for schrieb to
/// check and re-encode.
pub async fn upload_promo_image(site: &str, file: web_sys::File) -> Result<PromoImage, ClientError> {
    let request = with_abort(Request::post(&paths::api::admin_site_promo_images(site)))
        .header("content-type", "application/octet-stream")
        .body(file)
        .map_err(|error| ClientError::Unexpected(error.to_string()))?;
    decode(fetch(request).await?).await
}

/// `GET /api/v1/admin/sites/{name}/words`
pub async fn site_words(site: &str) -> Result<WordLists, ClientError> {
    send(Request::get(&paths::api::admin_site_words(site))).await
}

/// `PUT /api/v1/admin/sites/{name}/words`
pub async fn set_site_words(site: &str, lists: &WordLists) -> Result<WordLists, ClientError> {
    send_json(Request::put(&paths::api::admin_site_words(site)), lists).await
}

/// `GET /api/v1/admin/email-domains`
pub async fn email_domains() -> Result<BlockedDomains, ClientError> {
    send(Request::get(Endpoint::AdminEmailDomains.template())).await
}

/// `PUT /api/v1/admin/email-domains`
pub async fn set_email_domains(domains: &BlockedDomains) -> Result<BlockedDomains, ClientError> {
    send_json(Request::put(Endpoint::AdminEmailDomains.template()), domains).await
}

/// `GET /api/v1/admin/mail`: the transport, the mails waiting and those given up on.
pub async fn admin_mail() -> Result<MailStatus, ClientError> {
    send(Request::get(Endpoint::AdminMail.template())).await
}

/// `GET /api/v1/admin/sites/{name}/webhooks`: the site's endpoints, oldest first.
pub async fn site_webhooks(site: &str) -> Result<WebhookList, ClientError> {
    send(Request::get(&paths::api::admin_site_webhooks(site))).await
}

/// `POST /api/v1/admin/sites/{name}/webhooks`: the new endpoint with its secret (shown once).
pub async fn add_webhook(site: &str, request: &WebhookRequest) -> Result<CreatedWebhook, ClientError> {
    send_json(Request::post(&paths::api::admin_site_webhooks(site)), request).await
}

/// `PUT /api/v1/admin/webhooks/{id}`: its address, events or whether it is on.
pub async fn change_webhook(id: WebhookId, request: &WebhookRequest) -> Result<Webhook, ClientError> {
    send_json(Request::put(&paths::api::admin_webhook(id)), request).await
}

/// `DELETE /api/v1/admin/webhooks/{id}`
pub async fn delete_webhook(id: WebhookId) -> Result<(), ClientError> {
    send_empty(Request::delete(&paths::api::admin_webhook(id))).await
}

/// `GET /api/v1/admin/webhooks/{id}/deliveries?page=N`: newest first.
pub async fn webhook_deliveries(id: WebhookId, page: u32) -> Result<WebhookDeliveryPage, ClientError> {
    send(Request::get(&paths::api::admin_webhook_deliveries(id, page))).await
}

/// `GET /api/v1/moderation/counts`
pub async fn moderation_counts() -> Result<QueueCounts, ClientError> {
    send(Request::get(Endpoint::ModerationCounts.template())).await
}

/// `POST /api/v1/auth/password-reset`: the notice (the same whether an account has the address).
pub async fn request_password_reset(request: &PasswordResetRequest) -> Result<Notice, ClientError> {
    send_json(Request::post(Endpoint::AuthPasswordReset.template()), request).await
}

/// `POST /api/v1/auth/password-reset/confirm`
pub async fn confirm_password_reset(request: &PasswordResetConfirm) -> Result<(), ClientError> {
    send_json_empty(Request::post(Endpoint::AuthPasswordResetConfirm.template()), request).await
}

/// `GET /api/v1/me/notifications?page=N`
pub async fn notifications(page: u32) -> Result<NotificationPage, ClientError> {
    send(Request::get(&paths::api::notifications(page))).await
}

/// `GET /api/v1/me/notification-settings`
pub async fn notification_settings() -> Result<NotificationSettings, ClientError> {
    send(Request::get(Endpoint::MeNotificationSettings.template())).await
}

/// `PUT /api/v1/me/notification-settings`: the settings as stored.
pub async fn set_notification_settings(settings: &NotificationSettings) -> Result<NotificationSettings, ClientError> {
    send_json(Request::put(Endpoint::MeNotificationSettings.template()), settings).await
}

/// `GET /api/v1/mail/unsubscribe?token=…`: what a mailed unsubscribe link can stop. Needs no
/// login (the token is the proof) and changes nothing.
pub async fn unsubscribe_offer(token: &str) -> Result<UnsubscribeOffer, ClientError> {
    send(Request::get(&paths::api::unsubscribe_offer(token))).await
}

/// `POST /api/v1/mail/unsubscribe`: stops what the reader chose, by the mailed token (no login).
pub async fn unsubscribe(request: &UnsubscribeRequest) -> Result<(), ClientError> {
    send_json_empty(Request::post(Endpoint::MailUnsubscribe.template()), request).await
}

/// `GET /api/v1/me/notifications/unread`
pub async fn unread() -> Result<UnreadCount, ClientError> {
    send(Request::get(Endpoint::MeNotificationsUnread.template())).await
}

/// `POST /api/v1/me/notifications/read`: the unread count after.
pub async fn mark_read(request: &MarkReadRequest) -> Result<UnreadCount, ClientError> {
    send_json(Request::post(Endpoint::MeNotificationsRead.template()), request).await
}

/// `GET /api/v1/moderation/users/{id}`
pub async fn account_record(id: UserId) -> Result<AccountRecord, ClientError> {
    send(Request::get(&paths::api::moderation_user(id))).await
}

/// `POST /api/v1/moderation/users/{id}/notes`
pub async fn add_note(id: UserId, note: &NoteRequest) -> Result<ModeratorNote, ClientError> {
    send_json(Request::post(&paths::api::moderation_notes(id)), note).await
}

/// `GET /api/v1/moderation/log`: the latest entries of all.
pub async fn whole_log() -> Result<ModerationLog, ClientError> {
    send(Request::get(&paths::api::moderation_log(None))).await
}

/// `GET /api/v1/moderation/log?account={id}`
pub async fn account_log(id: UserId) -> Result<ModerationLog, ClientError> {
    send(Request::get(&paths::api::moderation_account_log(id))).await
}

/// `POST /api/v1/moderation/comments/{id}/decision`
pub async fn decide(id: CommentId, decision: &DecisionRequest) -> Result<CommentPermalink, ClientError> {
    send_json(Request::post(&paths::api::moderation_decision(id)), decision).await
}

/// `PUT /api/v1/moderation/users/{id}/sanction`
pub async fn sanction(id: UserId, request: &SanctionRequest) -> Result<AccountStanding, ClientError> {
    send_json(Request::put(&paths::api::moderation_sanction(id)), request).await
}

/// `GET /api/v1/moderation/log?comment={id}`
pub async fn moderation_log(comment: CommentId) -> Result<ModerationLog, ClientError> {
    send(Request::get(&paths::api::moderation_log(Some(comment)))).await
}

/// `POST /api/v1/embed/threads`: the thread of a page of a registered site, created on first view.
pub async fn embed_thread(request: &EmbedThreadRequest) -> Result<Article, ClientError> {
    send_json(Request::post(Endpoint::EmbedThreads.template()), request).await
}

/// `GET /api/v1/users?prefix=…&article=…`: people to mention, those in the thread first.
pub async fn user_suggestions(prefix: &str, article: &Slug) -> Result<Vec<UserSuggestion>, ClientError> {
    send(Request::get(Endpoint::Users.template()).query([("prefix", prefix), ("article", article.as_str())])).await
}

/// `GET /api/v1/articles/{slug}/draft`: the reader's draft for the article, if any.
pub async fn draft(slug: &Slug) -> Result<Option<Draft>, ClientError> {
    send(Request::get(&paths::api::article_draft(slug))).await
}

/// `PUT /api/v1/articles/{slug}/draft`
pub async fn save_draft(slug: &Slug, body: DraftBody) -> Result<Draft, ClientError> {
    send_json(Request::put(&paths::api::article_draft(slug)), &DraftRequest { body: body.into() }).await
}

/// `GET /api/v1/articles/{slug}/follow`
pub async fn follow(slug: &Slug) -> Result<ThreadFollow, ClientError> {
    send(Request::get(&paths::api::article_follow(slug))).await
}

/// `PUT /api/v1/articles/{slug}/follow`
pub async fn set_follow(slug: &Slug, choice: &ThreadFollow) -> Result<ThreadFollow, ClientError> {
    send_json(Request::put(&paths::api::article_follow(slug)), choice).await
}

/// `DELETE /api/v1/articles/{slug}/draft`
pub async fn discard_draft(slug: &Slug) -> Result<(), ClientError> {
    send_empty(Request::delete(&paths::api::article_draft(slug))).await
}

/// `GET /api/v1/me`: the account logged in, `None` without a session.
pub async fn me() -> Result<Option<Me>, ClientError> {
    match send(Request::get(Endpoint::Me.template())).await {
        Ok(me) => Ok(Some(me)),
        Err(error) if error.kind() == Some(ErrorKind::Unauthorized) => {
            // A widget token the server no longer knows (logged out elsewhere, expired).
            credentials::set_bearer(None);
            Ok(None)
        }
        Err(error) => Err(error),
    }
}

/// `POST /api/v1/auth/register`
pub async fn register(request: &RegisterRequest) -> Result<Notice, ClientError> {
    send_json(Request::post(Endpoint::AuthRegister.template()), request).await
}

/// `POST /api/v1/auth/verify`
pub async fn verify(token: &str) -> Result<Me, ClientError> {
    send_json(Request::post(Endpoint::AuthVerify.template()), &VerifyRequest { token: token.to_owned() }).await
}

/// `POST /api/v1/auth/login`
pub async fn login(request: &LoginRequest) -> Result<Me, ClientError> {
    send_json(Request::post(Endpoint::AuthLogin.template()), request).await
}

/// `POST /api/v1/auth/logout`
pub async fn logout() -> Result<(), ClientError> {
    send_empty(Request::post(Endpoint::AuthLogout.template())).await?;
    credentials::set_bearer(None);
    Ok(())
}

/// `POST /api/v1/auth/token`: a session of its own for the embed widget (see [`credentials`]).
pub async fn widget_token() -> Result<WidgetToken, ClientError> {
    send(Request::post(Endpoint::AuthToken.template())).await
}

/// `PUT /api/v1/me/password`
pub async fn change_password(request: &ChangePasswordRequest) -> Result<(), ClientError> {
    send_json_empty(Request::put(Endpoint::MePassword.template()), request).await
}

/// `DELETE /api/v1/me`: deletes the account logged in, for good; its session ends with it.
pub async fn delete_account(request: &DeleteAccountRequest) -> Result<(), ClientError> {
    send_json_empty(Request::delete(Endpoint::Me.template()), request).await?;
    credentials::set_bearer(None);
    Ok(())
}

/// `POST /api/v1/articles/{slug}/comments`, as a guest when `guest_name` is given. `key` (the
/// `Idempotency-Key`) makes sending the same reply again return the comment posted the first
/// time instead of a second one.
pub async fn post_comment(
    slug: &Slug,
    body: &CommentRequest,
    key: &IdempotencyKey,
) -> Result<CommentPermalink, ClientError> {
    let request = Request::post(&paths::api::article_comments(slug)).header(IDEMPOTENCY_KEY_HEADER, key.as_str());
    send_json(request, body).await
}

/// `PATCH /api/v1/comments/{id}`
pub async fn edit_comment(id: CommentId, body: &str) -> Result<CommentPermalink, ClientError> {
    send_json(
        Request::patch(&paths::api::comment(id)),
        &CommentRequest { body: body.to_owned(), ..CommentRequest::default() },
    )
    .await
}

/// `DELETE /api/v1/comments/{id}`
pub async fn delete_comment(id: CommentId) -> Result<(), ClientError> {
    send_empty(Request::delete(&paths::api::comment(id))).await
}

/// `DELETE /api/v1/comments/{id}/previews`
pub async fn remove_previews(id: CommentId) -> Result<(), ClientError> {
    send_empty(Request::delete(&paths::api::comment_previews(id))).await
}

/// `POST /api/v1/comments/{id}/restore`
pub async fn restore_comment(id: CommentId) -> Result<CommentPermalink, ClientError> {
    send(Request::post(&paths::api::comment_restore(id))).await
}

/// `PUT` (`on`) or `DELETE` `/api/v1/comments/{id}/reactions/{kind}`
pub async fn react(id: CommentId, kind: ReactionKind, on: bool) -> Result<Vec<ReactionCount>, ClientError> {
    let url = paths::api::comment_reaction(id, kind);
    send(if on { Request::put(&url) } else { Request::delete(&url) }).await
}

/// `POST /api/v1/comments/{id}/reports`
pub async fn report_comment(id: CommentId, report: &ReportRequest) -> Result<ReportReceipt, ClientError> {
    send_json(Request::post(&paths::api::comment_reports(id)), report).await
}

/// `GET /api/v1/comments/{id}/reactions`
pub async fn reactors(id: CommentId) -> Result<Vec<Reactors>, ClientError> {
    send(Request::get(&paths::api::comment_reactions(id))).await
}

/// Sends `request` with `body` as JSON and decodes the answer.
async fn send_json<B: Serialize, T: DeserializeOwned>(request: RequestBuilder, body: &B) -> Result<T, ClientError> {
    let request = with_abort(request).json(body).map_err(|error| ClientError::Unexpected(error.to_string()))?;
    decode(fetch(request).await?).await
}

/// Sends `request` with `body` as JSON and expects an answer without a body (204).
async fn send_json_empty<B: Serialize>(request: RequestBuilder, body: &B) -> Result<(), ClientError> {
    let request = with_abort(request).json(body).map_err(|error| ClientError::Unexpected(error.to_string()))?;
    expect_empty(fetch(request).await?).await
}

/// Sends `request` and expects an answer without a body (204).
async fn send_empty(request: RequestBuilder) -> Result<(), ClientError> {
    let request = with_abort(request).build().map_err(|error| ClientError::Unexpected(error.to_string()))?;
    expect_empty(fetch(request).await?).await
}

/// Sends `request`; a write that succeeded opens the read-your-writes window, and the
/// [`Watcher`] hears of a success the service worker did not see.
async fn fetch(request: gloo_net::http::Request) -> Result<Response, ClientError> {
    let write = request.method() != Method::GET;
    let watcher = WATCHER.with(Cell::get);
    // Asked before sending: a worker that takes the page over meanwhile did not see the request.
    let seen_by_worker = watcher.is_none_or(|watcher| watcher.worker_sees());
    let url = request.url();
    let response = request.send().await.map_err(|error| ClientError::Network(error.to_string()))?;
    if write && response.ok() {
        note_write();
    }
    if let Some(watcher) = watcher
        && !seen_by_worker
        && response.ok()
    {
        watcher.unseen(url, write);
    }
    Ok(response)
}

/// A read the page arrived with (`crate::first_screen`): answered, but never through the
/// service worker, which is handed the answer as the API would have sent it (and keeps it for
/// offline reading, without fetching it again).
pub fn arrived_with_page<T: Serialize>(path: String, answer: &T) {
    let Some(watcher) = WATCHER.with(Cell::get) else { return };
    match serde_json::to_string(answer) {
        Ok(json) => watcher.arrived(PageAnswer { url: path, json }),
        Err(error) => leptos::logging::warn!("an answer the page arrived with does not encode: {error}"),
    }
}

/// Who hears of the client's requests besides their callers: the installed app's side of the
/// service worker (`crate::pwa`), which keeps for offline reading what the worker did not see.
/// The client only reports; it knows nothing of the worker.
pub trait Watcher {
    /// Whether the service worker sees a request sent now.
    fn worker_sees(&self) -> bool;
    /// A request to `url` that the worker did not see was answered with success; `write` says
    /// whether it changed something.
    fn unseen(&self, url: String, write: bool);
    /// The page arrived with `answer` (the worker saw no request for it at all).
    fn arrived(&self, answer: PageAnswer);
}

/// Lets `watcher` hear of every request from now on; set once, as the app starts.
pub fn set_watcher(watcher: &'static dyn Watcher) {
    WATCHER.with(|slot| slot.set(Some(watcher)));
}

thread_local! {
    /// The [`Watcher`], once the app has set one (component tests have none).
    static WATCHER: Cell<Option<&'static dyn Watcher>> = const { Cell::new(None) };
    /// When this tab last wrote something (milliseconds since 1970).
    static LAST_WRITE: Cell<f64> = const { Cell::new(f64::NEG_INFINITY) };
}

/// How long after a write this tab's reads skip the service worker's kept answers.
const READ_YOUR_WRITES_MS: f64 = 10_000.0;

/// Notes that something was written (by this tab, or by the service worker's outbox): for a
/// while, reads go to the server first (`cache: no-cache`, which the worker honours) rather
/// than to the kept answers, so the writer sees the change at once.
pub fn note_write() {
    LAST_WRITE.with(|last| last.set(js_sys::Date::now()));
}

/// Notes that the server's answers changed (a live event said so): for a while, reads skip the
/// service worker's kept answers, as after a write, so that showing the news shows it.
pub fn note_news() {
    note_write();
}

fn reading_own_writes() -> bool {
    LAST_WRITE.with(|last| js_sys::Date::now() - last.get() < READ_YOUR_WRITES_MS)
}

async fn expect_empty(response: Response) -> Result<(), ClientError> {
    if response.ok() {
        return Ok(());
    }
    Err(error_of(response).await)
}

/// Sends `request` and decodes the answer. The request is aborted when the reactive owner that
/// started it is disposed (the reader left the page), so nothing lands on a page that is gone.
async fn send<T: DeserializeOwned>(request: RequestBuilder) -> Result<T, ClientError> {
    let request = with_abort(request).build().map_err(|error| ClientError::Unexpected(error.to_string()))?;
    decode(fetch(request).await?).await
}

/// `request` asking for JSON, aborted when the reactive owner that started it is disposed.
fn with_abort(request: RequestBuilder) -> RequestBuilder {
    let controller = web_sys::AbortController::new().ok();
    let signal = controller.as_ref().map(web_sys::AbortController::signal);
    let controller = SendWrapper::new(controller);
    on_cleanup(move || {
        if let Some(controller) = controller.take() {
            controller.abort();
        }
    });
    let request = request.header("accept", "application/json").abort_signal(signal.as_ref());
    let request = if reading_own_writes() { request.cache(web_sys::RequestCache::NoCache) } else { request };
    match credentials::bearer() {
        Some(token) => request.header("authorization", &format!("Bearer {token}")),
        None => request,
    }
}

async fn decode<T: DeserializeOwned>(response: Response) -> Result<T, ClientError> {
    if response.ok() {
        return response.json().await.map_err(|error| ClientError::Unexpected(error.to_string()));
    }
    Err(error_of(response).await)
}

async fn error_of(response: Response) -> ClientError {
    let status = response.status();
    // The widget's token is dead (logged out elsewhere, expired): drop it, so the next request
    // goes out as a reader who is not logged in, and the widget offers to log in again.
    if status == 401 && response.headers().get("www-authenticate").is_some_and(|value| value.contains("invalid_token"))
    {
        credentials::set_bearer(None);
    }
    match response.json::<ApiError>().await {
        Ok(error) => ClientError::Api(error),
        Err(_) => ClientError::Unexpected(format!("HTTP {status} without an error body")),
    }
}
