//! Every address that crosses a boundary, written once: the API's endpoints (the server's
//! routes, the app's client, the service worker's cache rules) and the app's own pages (the
//! router's links, the no-script page, redirects, mails).
//!
//! An [`Endpoint`] knows its route template (`/api/v1/articles/{slug}`, axum's and OpenAPI's
//! syntax); the typed builders below fill it. Nothing else in the code base spells a path.

use std::fmt;

use crate::{CommentId, ReactionKind, Slug, UserId};

/// The API's endpoints, by what they name (not by method: one path may take several).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Endpoint {
    /// The articles, newest first.
    Articles,
    /// One article.
    Article,
    /// A page of an article's thread; posting a comment.
    ArticleComments,
    /// The logged-in reader's draft for an article.
    ArticleDraft,
    /// An article's thread as it changes: Server-Sent Events.
    ArticleEvents,
    /// Following or muting an article's thread.
    ArticleFollow,
    /// One comment; editing and deleting it.
    Comment,
    /// A comment's revisions.
    CommentRevisions,
    /// Restoring a deleted comment.
    CommentRestore,
    /// Who reacted to a comment.
    CommentReactions,
    /// A comment's link preview cards (removing them).
    CommentPreviews,
    /// A link preview card's picture, as schrieb re-encoded it.
    PreviewImage,
    /// A site's promotions (admins).
    AdminSitePromos,
    /// Uploading a picture for a site's promotion card (admins).
    AdminSitePromoImages,
    /// One reaction of the logged-in reader.
    CommentReaction,
    /// Reporting a comment to the moderators.
    CommentReports,
    /// Mention suggestions.
    Users,
    /// A profile.
    User,
    /// The logged-in reader.
    Me,
    /// Changing one's password.
    MePassword,
    /// Everything schrieb holds about the logged-in reader, as one download.
    MeExport,
    /// The logged-in reader's notifications.
    MeNotifications,
    /// Marking notifications read.
    MeNotificationsRead,
    /// How many notifications are unread (the bell).
    MeNotificationsUnread,
    /// The unread count as it changes (the bell, live).
    MeEvents,
    /// How the reader hears of each kind of notification.
    MeNotificationSettings,
    /// Stopping mails by the link in one, without logging in.
    MailUnsubscribe,
    /// Registering.
    AuthRegister,
    /// Confirming an address.
    AuthVerify,
    /// Logging in.
    AuthLogin,
    /// Logging out.
    AuthLogout,
    /// A bearer session for the embed widget.
    AuthToken,
    /// Asking for a password reset mail.
    AuthPasswordReset,
    /// Setting a new password with the mailed token.
    AuthPasswordResetConfirm,
    /// The thread of an embedding page.
    EmbedThreads,
    /// Comment counts for a list of pages.
    Counts,
    /// A moderation queue.
    ModerationQueue,
    /// A moderator's decision about a comment.
    ModerationDecision,
    /// The moderation log.
    ModerationLog,
    /// Whether an article's discussion is open.
    ModerationDiscussion,
    /// The sanction an account is under.
    ModerationSanction,
    /// How many comments each queue holds.
    ModerationCounts,
    /// An author's record, as moderators weigh them.
    ModerationUser,
    /// Moderators' notes on an account.
    ModerationNotes,
    /// Starting a bulk decision.
    ModerationJobs,
    /// A bulk decision and its progress.
    ModerationJob,
    /// The sites.
    AdminSites,
    /// A site's moderation settings.
    AdminSiteModeration,
    /// A site's word lists.
    AdminSiteWords,
    /// A whole site, as a download.
    AdminSiteExport,
    /// The email domains nobody registers with.
    AdminEmailDomains,
    /// How the mail queue stands: waiting mails, failed ones.
    AdminMail,
    /// A site's webhook endpoints.
    AdminSiteWebhooks,
    /// One webhook endpoint.
    AdminWebhook,
    /// A webhook endpoint's deliveries.
    AdminWebhookDeliveries,
    /// The OpenAPI document.
    OpenApi,
    /// The health check (outside `/api`).
    Health,
    /// Whether the server takes new traffic: a load balancer's check (outside `/api`).
    Ready,
    /// The server's metrics in Prometheus' text format (outside `/api`).
    Metrics,
}

impl Endpoint {
    /// Every endpoint, for the tests that hold the server's routes and OpenAPI document to
    /// this list.
    pub const ALL: [Endpoint; 59] = [
        Self::Articles,
        Self::Article,
        Self::ArticleComments,
        Self::ArticleDraft,
        Self::ArticleEvents,
        Self::ArticleFollow,
        Self::Comment,
        Self::CommentRevisions,
        Self::CommentRestore,
        Self::CommentReactions,
        Self::CommentPreviews,
        Self::PreviewImage,
        Self::AdminSitePromos,
        Self::AdminSitePromoImages,
        Self::CommentReaction,
        Self::CommentReports,
        Self::Users,
        Self::User,
        Self::Me,
        Self::MePassword,
        Self::MeExport,
        Self::MeNotifications,
        Self::MeNotificationsRead,
        Self::MeNotificationsUnread,
        Self::MeEvents,
        Self::MeNotificationSettings,
        Self::MailUnsubscribe,
        Self::AuthRegister,
        Self::AuthVerify,
        Self::AuthLogin,
        Self::AuthLogout,
        Self::AuthToken,
        Self::AuthPasswordReset,
        Self::AuthPasswordResetConfirm,
        Self::EmbedThreads,
        Self::Counts,
        Self::ModerationQueue,
        Self::ModerationDecision,
        Self::ModerationLog,
        Self::ModerationDiscussion,
        Self::ModerationSanction,
        Self::ModerationCounts,
        Self::ModerationUser,
        Self::ModerationNotes,
        Self::ModerationJobs,
        Self::ModerationJob,
        Self::AdminSites,
        Self::AdminSiteModeration,
        Self::AdminSiteWords,
        Self::AdminSiteExport,
        Self::AdminEmailDomains,
        Self::AdminMail,
        Self::AdminSiteWebhooks,
        Self::AdminWebhook,
        Self::AdminWebhookDeliveries,
        Self::OpenApi,
        Self::Health,
        Self::Ready,
        Self::Metrics,
    ];

    /// The route template, with `{name}` for each parameter (axum's and OpenAPI's syntax).
    pub const fn template(self) -> &'static str {
        match self {
            Self::Articles => "/api/v1/articles",
            Self::Article => "/api/v1/articles/{slug}",
            Self::ArticleComments => "/api/v1/articles/{slug}/comments",
            Self::ArticleDraft => "/api/v1/articles/{slug}/draft",
            Self::ArticleEvents => "/api/v1/articles/{slug}/events",
            Self::ArticleFollow => "/api/v1/articles/{slug}/follow",
            Self::Comment => "/api/v1/comments/{id}",
            Self::CommentRevisions => "/api/v1/comments/{id}/revisions",
            Self::CommentRestore => "/api/v1/comments/{id}/restore",
            Self::CommentReactions => "/api/v1/comments/{id}/reactions",
            Self::CommentPreviews => "/api/v1/comments/{id}/previews",
            Self::PreviewImage => "/api/v1/preview-images/{name}",
            Self::AdminSitePromos => "/api/v1/admin/sites/{name}/promos",
            Self::AdminSitePromoImages => "/api/v1/admin/sites/{name}/promo-images",
            Self::CommentReaction => "/api/v1/comments/{id}/reactions/{kind}",
            Self::CommentReports => "/api/v1/comments/{id}/reports",
            Self::Users => "/api/v1/users",
            Self::User => "/api/v1/users/{id}",
            Self::Me => "/api/v1/me",
            Self::MePassword => "/api/v1/me/password",
            Self::MeExport => "/api/v1/me/export",
            Self::MeNotifications => "/api/v1/me/notifications",
            Self::MeNotificationsRead => "/api/v1/me/notifications/read",
            Self::MeNotificationsUnread => "/api/v1/me/notifications/unread",
            Self::MeEvents => "/api/v1/me/events",
            Self::MeNotificationSettings => "/api/v1/me/notification-settings",
            Self::MailUnsubscribe => "/api/v1/mail/unsubscribe",
            Self::AuthRegister => "/api/v1/auth/register",
            Self::AuthVerify => "/api/v1/auth/verify",
            Self::AuthLogin => "/api/v1/auth/login",
            Self::AuthLogout => "/api/v1/auth/logout",
            Self::AuthToken => "/api/v1/auth/token",
            Self::AuthPasswordReset => "/api/v1/auth/password-reset",
            Self::AuthPasswordResetConfirm => "/api/v1/auth/password-reset/confirm",
            Self::EmbedThreads => "/api/v1/embed/threads",
            Self::Counts => "/api/v1/counts",
            Self::ModerationQueue => "/api/v1/moderation/queue",
            Self::ModerationDecision => "/api/v1/moderation/comments/{id}/decision",
            Self::ModerationLog => "/api/v1/moderation/log",
            Self::ModerationDiscussion => "/api/v1/moderation/articles/{slug}/discussion",
            Self::ModerationSanction => "/api/v1/moderation/users/{id}/sanction",
            Self::ModerationCounts => "/api/v1/moderation/counts",
            Self::ModerationUser => "/api/v1/moderation/users/{id}",
            Self::ModerationNotes => "/api/v1/moderation/users/{id}/notes",
            Self::ModerationJobs => "/api/v1/moderation/jobs",
            Self::ModerationJob => "/api/v1/moderation/jobs/{id}",
            Self::AdminSites => "/api/v1/admin/sites",
            Self::AdminSiteModeration => "/api/v1/admin/sites/{name}/moderation",
            Self::AdminSiteWords => "/api/v1/admin/sites/{name}/words",
            Self::AdminSiteExport => "/api/v1/admin/sites/{name}/export",
            Self::AdminEmailDomains => "/api/v1/admin/email-domains",
            Self::AdminMail => "/api/v1/admin/mail",
            Self::AdminSiteWebhooks => "/api/v1/admin/sites/{name}/webhooks",
            Self::AdminWebhook => "/api/v1/admin/webhooks/{id}",
            Self::AdminWebhookDeliveries => "/api/v1/admin/webhooks/{id}/deliveries",
            Self::OpenApi => "/api/v1/openapi.json",
            Self::Health => "/healthz",
            Self::Ready => "/readyz",
            Self::Metrics => "/metrics",
        }
    }

    /// A regular expression (JavaScript and Rust `regex` syntax) matching the paths of this
    /// endpoint: each `{name}` becomes one segment. The service worker's cache rules are made
    /// of these.
    pub fn pattern(self) -> String {
        let mut pattern = String::from("^");
        for segment in self.template().split('/').skip(1) {
            pattern.push_str("\\/");
            if segment.starts_with('{') {
                pattern.push_str("[^/]+");
            } else {
                pattern.push_str(&segment.replace('.', "\\."));
            }
        }
        pattern.push('$');
        pattern
    }

    /// The path with `values` in place of the parameters, in order. Values are
    /// percent-encoded where a path segment needs it (slugs and ids never do).
    fn fill(self, values: &[&dyn fmt::Display]) -> String {
        let mut values = values.iter();
        let mut path = String::new();
        for segment in self.template().split('/').skip(1) {
            path.push('/');
            if segment.starts_with('{') {
                if let Some(value) = values.next() {
                    percent_encode(&value.to_string(), PATH_SEGMENT_SAFE, &mut path);
                }
            } else {
                path.push_str(segment);
            }
        }
        path
    }
}

/// What may stand unencoded in a path segment (RFC 3986 `pchar`, besides letters and digits).
const PATH_SEGMENT_SAFE: &[u8] = b"-._~!$&'()*+,;=:@";

/// What `encodeURIComponent` leaves unencoded in a query value (besides letters and digits).
const QUERY_VALUE_SAFE: &[u8] = b"-_.!~*'()";

/// `value` percent-encoded for a query string's value, exactly as JavaScript's
/// `encodeURIComponent` writes it: the app and the server build the same links.
pub fn query_value(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    percent_encode(value, QUERY_VALUE_SAFE, &mut out);
    out
}

/// Appends `value` to `out`, percent-encoding every byte but ASCII letters, digits and `safe`.
fn percent_encode(value: &str, safe: &[u8], out: &mut String) {
    for byte in value.bytes() {
        if byte.is_ascii_alphanumeric() || safe.contains(&byte) {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
}

/// Typed builders for the API's paths: one function per endpoint with parameters.
pub mod api {
    use super::*;

    /// `/api/v1/articles/{slug}`
    pub fn article(slug: &Slug) -> String {
        Endpoint::Article.fill(&[slug])
    }

    /// `/api/v1/articles/{slug}/comments`
    pub fn article_comments(slug: &Slug) -> String {
        Endpoint::ArticleComments.fill(&[slug])
    }

    /// `/api/v1/articles/{slug}/comments?page=N`: one page of the thread, as the app asks for
    /// it (and as the service worker keeps it).
    pub fn article_comments_page(slug: &Slug, page: u32) -> String {
        format!("{}?page={page}", article_comments(slug))
    }

    /// `/api/v1/articles/{slug}/draft`
    pub fn article_draft(slug: &Slug) -> String {
        Endpoint::ArticleDraft.fill(&[slug])
    }

    /// `/api/v1/articles/{slug}/follow`
    pub fn article_follow(slug: &Slug) -> String {
        Endpoint::ArticleFollow.fill(&[slug])
    }

    /// `/api/v1/admin/sites/{name}/webhooks`
    pub fn admin_site_webhooks(site: &str) -> String {
        Endpoint::AdminSiteWebhooks.fill(&[&site])
    }

    /// `/api/v1/admin/webhooks/{id}`
    pub fn admin_webhook(id: crate::WebhookId) -> String {
        Endpoint::AdminWebhook.fill(&[&id])
    }

    /// `/api/v1/admin/webhooks/{id}/deliveries?page=N`
    pub fn admin_webhook_deliveries(id: crate::WebhookId, page: u32) -> String {
        format!("{}?page={page}", Endpoint::AdminWebhookDeliveries.fill(&[&id]))
    }

    /// `/api/v1/mail/unsubscribe?token=…`: what a mailed unsubscribe link stops.
    pub fn unsubscribe_offer(token: &str) -> String {
        let mut query = String::new();
        super::percent_encode(token, super::QUERY_VALUE_SAFE, &mut query);
        format!("{}?token={query}", Endpoint::MailUnsubscribe.template())
    }

    /// `/api/v1/me/notifications?page=N`
    pub fn notifications(page: u32) -> String {
        format!("{}?page={page}", Endpoint::MeNotifications.template())
    }

    /// `/api/v1/articles/{slug}/events?after=N`: the thread's changes after event `after`.
    pub fn article_events(slug: &Slug, after: u64) -> String {
        format!("{}?after={after}", Endpoint::ArticleEvents.fill(&[slug]))
    }

    /// `/api/v1/comments/{id}`
    pub fn comment(id: CommentId) -> String {
        Endpoint::Comment.fill(&[&id])
    }

    /// `/api/v1/comments/{id}/revisions`
    pub fn comment_revisions(id: CommentId) -> String {
        Endpoint::CommentRevisions.fill(&[&id])
    }

    /// `/api/v1/comments/{id}/restore`
    pub fn comment_restore(id: CommentId) -> String {
        Endpoint::CommentRestore.fill(&[&id])
    }

    /// `/api/v1/comments/{id}/previews`
    pub fn comment_previews(id: CommentId) -> String {
        Endpoint::CommentPreviews.fill(&[&id])
    }

    /// `/api/v1/admin/sites/{name}/promos`
    pub fn admin_site_promos(site: &str) -> String {
        Endpoint::AdminSitePromos.fill(&[&site])
    }

    /// `/api/v1/admin/sites/{name}/promo-images`
    pub fn admin_site_promo_images(site: &str) -> String {
        Endpoint::AdminSitePromoImages.fill(&[&site])
    }

    /// `/api/v1/preview-images/{name}`
    pub fn preview_image(name: &str) -> String {
        Endpoint::PreviewImage.fill(&[&name])
    }

    /// `/api/v1/comments/{id}/reactions`
    pub fn comment_reactions(id: CommentId) -> String {
        Endpoint::CommentReactions.fill(&[&id])
    }

    /// `/api/v1/comments/{id}/reactions/{kind}`
    pub fn comment_reaction(id: CommentId, kind: ReactionKind) -> String {
        Endpoint::CommentReaction.fill(&[&id, &kind.as_str()])
    }

    /// `/api/v1/comments/{id}/reports`
    pub fn comment_reports(id: CommentId) -> String {
        Endpoint::CommentReports.fill(&[&id])
    }

    /// `/api/v1/users/{id}`
    pub fn user(id: UserId) -> String {
        Endpoint::User.fill(&[&id])
    }

    /// `/api/v1/moderation/users/{id}/sanction`
    pub fn moderation_sanction(id: UserId) -> String {
        Endpoint::ModerationSanction.fill(&[&id])
    }

    /// `/api/v1/moderation/queue?state=…&page=N`, with the filter's `article`, `author`,
    /// `reason` and `sort` when it sets them.
    pub fn moderation_queue(state: crate::QueueState, page: u32, filter: &crate::QueueFilter) -> String {
        format!(
            "{}?state={}&page={page}{}",
            Endpoint::ModerationQueue.template(),
            state.as_str(),
            super::FilterQuery(filter)
        )
    }

    /// `/api/v1/moderation/users/{id}`
    pub fn moderation_user(id: UserId) -> String {
        Endpoint::ModerationUser.fill(&[&id])
    }

    /// `/api/v1/moderation/users/{id}/notes`
    pub fn moderation_notes(id: UserId) -> String {
        Endpoint::ModerationNotes.fill(&[&id])
    }

    /// `/api/v1/moderation/jobs/{id}`
    pub fn moderation_job(id: crate::JobId) -> String {
        Endpoint::ModerationJob.fill(&[&id])
    }

    /// `/api/v1/moderation/comments/{id}/decision`
    pub fn moderation_decision(id: CommentId) -> String {
        Endpoint::ModerationDecision.fill(&[&id])
    }

    /// `/api/v1/moderation/log?comment={id}`, or the whole log.
    pub fn moderation_log(comment: Option<CommentId>) -> String {
        match comment {
            Some(id) => format!("{}?comment={id}", Endpoint::ModerationLog.template()),
            None => Endpoint::ModerationLog.template().to_owned(),
        }
    }

    /// `/api/v1/moderation/log?account={id}`: an account's sanctions.
    pub fn moderation_account_log(account: UserId) -> String {
        format!("{}?account={account}", Endpoint::ModerationLog.template())
    }

    /// `/api/v1/moderation/articles/{slug}/discussion`
    pub fn moderation_discussion(slug: &Slug) -> String {
        Endpoint::ModerationDiscussion.fill(&[slug])
    }

    /// `/api/v1/admin/sites/{name}/moderation`
    pub fn admin_site_moderation(site: &str) -> String {
        Endpoint::AdminSiteModeration.fill(&[&site])
    }

    /// `/api/v1/admin/sites/{name}/words`
    pub fn admin_site_words(site: &str) -> String {
        Endpoint::AdminSiteWords.fill(&[&site])
    }

    /// `/api/v1/admin/sites/{name}/export?format=…`
    pub fn admin_site_export(site: &str, format: crate::ExportFormat) -> String {
        format!("{}?format={}", Endpoint::AdminSiteExport.fill(&[&site]), format.as_str())
    }
}

/// Where every auth endpoint lies: writes under it change who is logged in.
pub const AUTH_PREFIX: &str = "/api/v1/auth/";

/// The embed widget's page (framed by other sites).
pub const EMBED_PAGE: &str = "/embed";

/// The widget's first page as a fragment of HTML with its styles, for the loader to draw into
/// the host page while the frame loads (`crates/server/assets/embed.js`); it takes the
/// [`EMBED_PAGE`]'s query.
pub const EMBED_PREVIEW: &str = "/embed/preview";

/// The widget's login popup.
pub const WIDGET_LOGIN_PAGE: &str = "/widget-login";

/// The app's pages that are not the installed app: the widget and its popup live in other
/// sites' pages, so the service worker neither answers them from its shell nor is installed by
/// them; the operators' endpoints answer for the server itself, never from a cache.
pub const NOT_SHELL_PAGES: [&str; 5] = [
    EMBED_PAGE,
    WIDGET_LOGIN_PAGE,
    Endpoint::Health.template(),
    Endpoint::Ready.template(),
    Endpoint::Metrics.template(),
];

/// Where the Atom feeds are: the service worker leaves everything under it to the network.
pub const FEEDS_PREFIX: &str = "/feeds/";

/// An Atom feed of comments. `Display` writes its path.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FeedLink<'a> {
    /// The latest comments of every article.
    Latest,
    /// The latest comments of one article's thread.
    Thread(&'a Slug),
    /// One person's latest comments.
    User(UserId),
}

impl fmt::Display for FeedLink<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Latest => write!(f, "{FEEDS_PREFIX}comments"),
            Self::Thread(slug) => write!(f, "{FEEDS_PREFIX}articles/{slug}"),
            Self::User(id) => write!(f, "{FEEDS_PREFIX}users/{id}"),
        }
    }
}

/// A page of the web app, as a link. `Display` writes it as a path with query and fragment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AppLink<'a> {
    /// The start page: the articles.
    Home,
    /// An article, at the top.
    Article(&'a Slug),
    /// Page `page` of an article's thread, scrolled to the discussion.
    ThreadPage(&'a Slug, u32),
    /// Comment `id` on page `page` of an article's thread.
    InThread(&'a Slug, u32, CommentId),
    /// An article's reply box.
    Reply(&'a Slug),
    /// A comment's short permalink (the server redirects it into its thread).
    Comment(CommentId),
    /// A comment's revisions.
    Revisions(CommentId),
    /// A profile.
    User(UserId),
    /// Logging in, then back to `next` (a path of this site).
    Login {
        /// Where to go after logging in.
        next: Option<&'a str>,
    },
    /// Registering.
    Register,
    /// Confirming an address with the mailed `token`.
    Confirm(&'a str),
    /// Asking for a password reset; with the mailed `token`, setting the new password.
    PasswordReset(Option<&'a str>),
    /// One's account.
    Account,
    /// One's notifications, page `N`.
    Notifications(u32),
    /// How one hears of notifications (on the account page).
    NotificationSettings,
    /// The page a mail's unsubscribe link opens: choices, nothing changed until one is made.
    /// The token is in the query: the same address takes the one-click `POST` (RFC 8058).
    Unsubscribe(&'a str),
    /// What this instance is.
    About,
    /// The moderation desk.
    Moderation,
    /// A queue of the moderation desk, narrowed and ordered by a filter.
    Desk(crate::QueueState, &'a crate::QueueFilter),
    /// The moderation desk's log of decisions.
    DeskLog,
    /// The admin page, at a site's settings (the first site's without one).
    Admin(Option<&'a str>),
}

/// The desk's `queue` that shows the log of decisions instead of a queue.
pub const DESK_LOG_QUEUE: &str = "log";

/// A queue filter as the rest of a query string: `&article=…&author=…&reason=…&sort=…`, each
/// only when it is set (the desk's links and the API's queue address say it alike).
struct FilterQuery<'a>(&'a crate::QueueFilter);

impl fmt::Display for FilterQuery<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Slugs, ids and the enums' names are all URL-safe: nothing here needs escaping.
        let filter = self.0;
        if let Some(article) = &filter.article {
            write!(f, "&article={article}")?;
        }
        if let Some(author) = filter.author {
            write!(f, "&author={author}")?;
        }
        if let Some(reason) = filter.reason {
            write!(f, "&reason={}", reason.as_str())?;
        }
        if filter.sort != crate::QueueSort::Oldest {
            write!(f, "&sort={}", filter.sort.as_str())?;
        }
        Ok(())
    }
}

impl fmt::Display for AppLink<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Home => f.write_str("/"),
            Self::Article(slug) => write!(f, "/a/{slug}"),
            Self::ThreadPage(slug, page) => write!(f, "/a/{slug}?page={page}#discussion"),
            Self::InThread(slug, page, id) => write!(f, "/a/{slug}?page={page}#{}", comment_anchor(*id)),
            Self::Reply(slug) => write!(f, "/a/{slug}#reply"),
            Self::Comment(id) => write!(f, "/c/{id}"),
            Self::Revisions(id) => write!(f, "/c/{id}/revisions"),
            Self::User(id) => write!(f, "/u/{id}"),
            Self::Login { next: None } => f.write_str("/login"),
            Self::Login { next: Some(next) } => {
                let mut query = String::new();
                percent_encode(next, QUERY_VALUE_SAFE, &mut query);
                write!(f, "/login?next={query}")
            }
            Self::Register => f.write_str("/register"),
            // In the fragment, which browsers never send to a server: the token stays out of
            // access logs and referrers.
            Self::Confirm(token) => {
                let mut fragment = String::new();
                percent_encode(token, QUERY_VALUE_SAFE, &mut fragment);
                write!(f, "/confirm#token={fragment}")
            }
            Self::PasswordReset(None) => f.write_str("/password-reset"),
            // In the fragment, as the confirmation's: out of logs and referrers.
            Self::PasswordReset(Some(token)) => {
                let mut fragment = String::new();
                percent_encode(token, QUERY_VALUE_SAFE, &mut fragment);
                write!(f, "/password-reset#token={fragment}")
            }
            Self::Account => f.write_str("/account"),
            Self::Notifications(1) => f.write_str("/notifications"),
            Self::Notifications(page) => write!(f, "/notifications?page={page}"),
            Self::NotificationSettings => f.write_str("/account#notification-settings"),
            Self::Unsubscribe(token) => {
                let mut query = String::new();
                percent_encode(token, QUERY_VALUE_SAFE, &mut query);
                write!(f, "/unsubscribe?token={query}")
            }
            Self::About => f.write_str("/about"),
            Self::Moderation => f.write_str("/moderation"),
            Self::Desk(state, filter) => write!(f, "/moderation?queue={}{}", state.as_str(), FilterQuery(filter)),
            Self::DeskLog => write!(f, "/moderation?queue={DESK_LOG_QUEUE}"),
            Self::Admin(None) => f.write_str("/admin"),
            Self::Admin(Some(site)) => {
                let mut query = String::new();
                percent_encode(site, QUERY_VALUE_SAFE, &mut query);
                write!(f, "/admin?site={query}")
            }
        }
    }
}

impl AppLink<'_> {
    /// The link as a `String`.
    pub fn href(&self) -> String {
        self.to_string()
    }
}

/// The id of comment `id`'s element in a thread (`c123`): the fragment permalinks point to.
pub fn comment_anchor(id: CommentId) -> String {
    format!("c{id}")
}

/// Whether `next` may be followed after logging in: a path of this site, never another site
/// (`//evil.example`, `/\evil.example` and schemes are refused), so a crafted login link cannot
/// send a reader elsewhere.
pub fn is_local_path(next: &str) -> bool {
    next.starts_with('/')
        && !next.starts_with("//")
        && !next.starts_with("/\\")
        && !next.chars().any(|c| c.is_control() || c == '\\')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn slug(raw: &str) -> Slug {
        Slug::parse(raw).unwrap()
    }

    #[test]
    fn builders_fill_the_templates() {
        assert_eq!(api::article(&slug("pergola")), "/api/v1/articles/pergola");
        assert_eq!(api::article_comments(&slug("a-b")), "/api/v1/articles/a-b/comments");
        assert_eq!(api::article_draft(&slug("a")), "/api/v1/articles/a/draft");
        assert_eq!(api::comment(CommentId(7)), "/api/v1/comments/7");
        assert_eq!(api::comment_revisions(CommentId(7)), "/api/v1/comments/7/revisions");
        assert_eq!(api::comment_restore(CommentId(7)), "/api/v1/comments/7/restore");
        assert_eq!(api::comment_reactions(CommentId(7)), "/api/v1/comments/7/reactions");
        assert_eq!(api::comment_reaction(CommentId(7), ReactionKind::Laugh), "/api/v1/comments/7/reactions/laugh");
        assert_eq!(api::user(UserId(3)), "/api/v1/users/3");
        let whole = crate::QueueFilter::default();
        let pending = api::moderation_queue(crate::QueueState::Pending, 2, &whole);
        assert_eq!(pending, "/api/v1/moderation/queue?state=pending&page=2");
        let narrow = crate::QueueFilter {
            article: Some(slug("a-b")),
            author: Some(UserId(4)),
            reason: Some(crate::QueueReason::ComposeTime),
            sort: crate::QueueSort::MostReported,
        };
        assert_eq!(
            api::moderation_queue(crate::QueueState::Reported, 1, &narrow),
            "/api/v1/moderation/queue?state=reported&page=1&article=a-b&author=4&reason=compose_time&sort=most_reported"
        );
        assert_eq!(
            AppLink::Desk(crate::QueueState::Rejected, &narrow).href(),
            "/moderation?queue=rejected&article=a-b&author=4&reason=compose_time&sort=most_reported"
        );
        assert_eq!(AppLink::Desk(crate::QueueState::Pending, &whole).href(), "/moderation?queue=pending");
        assert_eq!(AppLink::Admin(Some("schrieb Demo")).href(), "/admin?site=schrieb%20Demo");
        assert_eq!(AppLink::Admin(None).href(), "/admin");
        assert_eq!(AppLink::DeskLog.href(), "/moderation?queue=log");
        assert_eq!(api::moderation_user(UserId(4)), "/api/v1/moderation/users/4");
        assert_eq!(api::moderation_notes(UserId(4)), "/api/v1/moderation/users/4/notes");
        assert_eq!(api::moderation_account_log(UserId(4)), "/api/v1/moderation/log?account=4");
        assert_eq!(api::moderation_decision(CommentId(7)), "/api/v1/moderation/comments/7/decision");
        assert_eq!(api::moderation_log(Some(CommentId(7))), "/api/v1/moderation/log?comment=7");
        assert_eq!(api::admin_site_words("Mein Blog"), "/api/v1/admin/sites/Mein%20Blog/words");
    }

    #[test]
    fn patterns_match_one_segment_per_parameter() {
        assert_eq!(Endpoint::Article.pattern(), r"^\/api\/v1\/articles\/[^/]+$");
        assert_eq!(Endpoint::OpenApi.pattern(), r"^\/api\/v1\/openapi\.json$");
        assert_eq!(Endpoint::Articles.pattern(), r"^\/api\/v1\/articles$");
        assert_eq!(Endpoint::Health.pattern(), r"^\/healthz$");
        assert_eq!(Endpoint::Ready.pattern(), r"^\/readyz$");
        assert_eq!(Endpoint::Metrics.pattern(), r"^\/metrics$");
    }

    #[test]
    fn auth_endpoints_lie_under_the_auth_prefix() {
        for endpoint in Endpoint::ALL {
            let auth = matches!(
                endpoint,
                Endpoint::AuthRegister
                    | Endpoint::AuthVerify
                    | Endpoint::AuthLogin
                    | Endpoint::AuthLogout
                    | Endpoint::AuthToken
                    // Setting a new password ends every session: the worker forgets what it read.
                    | Endpoint::AuthPasswordReset
                    | Endpoint::AuthPasswordResetConfirm
            );
            assert_eq!(endpoint.template().starts_with(AUTH_PREFIX), auth, "{endpoint:?}");
        }
    }

    #[test]
    fn every_endpoint_is_listed_once() {
        let mut templates: Vec<&str> = Endpoint::ALL.iter().map(|e| e.template()).collect();
        templates.sort_unstable();
        templates.dedup();
        assert_eq!(templates.len(), Endpoint::ALL.len());
    }

    #[test]
    fn app_links() {
        let pergola = slug("pergola");
        assert_eq!(AppLink::Home.href(), "/");
        assert_eq!(AppLink::Article(&pergola).href(), "/a/pergola");
        assert_eq!(AppLink::ThreadPage(&pergola, 2).href(), "/a/pergola?page=2#discussion");
        assert_eq!(AppLink::InThread(&pergola, 3, CommentId(7)).href(), "/a/pergola?page=3#c7");
        assert_eq!(AppLink::Reply(&pergola).href(), "/a/pergola#reply");
        assert_eq!(AppLink::Comment(CommentId(7)).href(), "/c/7");
        assert_eq!(AppLink::Revisions(CommentId(7)).href(), "/c/7/revisions");
        assert_eq!(AppLink::User(UserId(2)).href(), "/u/2");
        assert_eq!(AppLink::Login { next: None }.href(), "/login");
        assert_eq!(AppLink::Login { next: Some("/a/pergola#reply") }.href(), "/login?next=%2Fa%2Fpergola%23reply");
        assert_eq!(AppLink::Confirm("a b_-9").href(), "/confirm#token=a%20b_-9");
        assert_eq!(AppLink::About.href(), "/about");
        assert_eq!(AppLink::Unsubscribe("a b_-9").href(), "/unsubscribe?token=a%20b_-9");
        assert_eq!(AppLink::NotificationSettings.href(), "/account#notification-settings");
    }

    #[test]
    fn only_local_paths_are_followed_after_login() {
        assert!(is_local_path("/a/pergola?page=2#c7"));
        for elsewhere in ["//evil.example", "/\\evil.example", "https://evil.example", "evil", "", "/a\\b", "/\t/x"] {
            assert!(!is_local_path(elsewhere), "{elsewhere}");
        }
    }
}
