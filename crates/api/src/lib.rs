//! schrieb's wire types, shared by the server and the Wasm app.
//!
//! Everything that crosses HTTP is defined here once: response DTOs, id newtypes, the one
//! error shape ([`ApiError`]) and validated request values such as [`PageNumber`]. The crate is
//! wasm-safe: no database, no runtime; OpenAPI derives sit behind the `openapi` feature.

mod account;
mod article;
mod body;
mod comment;
mod desk;
mod draft;
mod embed;
mod error;
pub mod frame;
mod idempotency;
mod ids;
mod job;
mod live;
mod mail;
mod moderation;
mod notification;
mod notification_settings;
mod paging;
pub mod paths;
pub mod permissions;
mod personal;
mod preview;
mod promo;
mod reaction;
mod reason;
mod report;
mod revision;
mod sanction;
#[cfg(feature = "openapi")]
mod schema;
mod site_export;
mod slug;
mod text_rule;
mod user;
mod webhook;
mod whole;
pub mod worker;

pub use account::{
    ChangePasswordRequest, DisplayName, DisplayNameError, Email, EmailError, FieldError, LoginRequest, MAX_EMAIL_CHARS,
    MAX_NAME_CHARS, MAX_PASSWORD_CHARS, MIN_NAME_CHARS, MIN_PASSWORD_CHARS, Me, Notice, Password, PasswordError,
    PasswordResetConfirm, PasswordResetRequest, RegisterRequest, Registration, Role, VerifyRequest, WidgetToken,
    is_invisible,
};
pub use article::{Article, ArticleList, ArticleSummary};
pub use body::{BodyError, CommentBody, MAX_BODY_CHARS, MAX_LINKS, MAX_MENTIONS, MAX_QUOTE_NESTING, group_thousands};
pub use comment::{
    Author, Comment, CommentPage, CommentPermalink, CommentRequest, MentionRef, QuoteCheck, QuoteStatus,
};
pub use desk::{
    AccountRecord, MAX_MODERATOR_NOTE_CHARS, ModeratorNote, NoteRequest, QueueCounts, QueueFilter, QueueReason,
    QueueSort,
};
pub use draft::{Draft, DraftBody, DraftError, DraftRequest};
pub use embed::{
    CommentCounts, CountUrls, CountUrlsError, EmbedThreadRequest, MAX_COUNT_URLS, MAX_PAGE_URL_CHARS, MAX_TITLE_CHARS,
    PageUrl, PageUrlError,
};
pub use error::{ApiError, ErrorKind};
pub use idempotency::{
    IDEMPOTENCY_KEY_HEADER, IdempotencyKey, IdempotencyKeyError, MAX_IDEMPOTENCY_KEY_LEN, MIN_IDEMPOTENCY_KEY_LEN,
};
pub use ids::{CommentId, JobId, NotificationId, UserId, WebhookId};
pub use job::{Job, JobRequest, JobState, MAX_JOB_COMMENTS, MAX_JOB_IDS};
pub use live::{LiveEvent, LiveKind, MAX_REPLAY, RESET_EVENT, UNREAD_EVENT};
pub use mail::{
    MAX_MAIL_FAILURES, MailFailure, MailStatus, UnsubscribeOffer, UnsubscribeRequest, UnsubscribeScope,
    UnsubscribeThread,
};
pub use moderation::{
    Check, CommentState, DecisionAction, DecisionRequest, DiscussionRequest, DiscussionState, Finding, LogActor,
    LogEntry, MAX_DECISION_REASON_CHARS, MAX_WORD_ENTRIES, MAX_WORD_ENTRY_CHARS, ModerationLog, ModerationMode,
    ModerationQueue, ModerationSettings, Outcome, QueueItem, QueueState, SiteList, WordEntry, WordLists, WordMatch,
    WordSeverity, list_file, word_list_file,
};
pub use notification::{
    FollowChoice, MAX_MARK_READ, MarkReadRequest, NOTIFICATIONS_PER_PAGE, Notification, NotificationKind,
    NotificationPage, ThreadFollow, UnreadCount,
};
pub use notification_settings::{Delivery, MailLanguage, NotificationSettings};
pub use paging::{MAX_PAGE, PER_PAGE, PageNumber, PageNumberError, page_count, page_of_position};
pub use personal::{
    DeleteAccountRequest, DeletedComments, PERSONAL_DATA_FORMAT, PERSONAL_DATA_VERSION, PersonalAccount,
    PersonalArticle, PersonalComment, PersonalData, PersonalDraft, PersonalFollow, PersonalReaction, PersonalReport,
    PersonalRevision, PersonalSession,
};
pub use preview::{
    LinkPreview, MAX_PREVIEW_BLOCKED_HOSTS, MAX_PREVIEW_DESCRIPTION_CHARS, MAX_PREVIEW_SITE_CHARS,
    MAX_PREVIEW_TITLE_CHARS, MAX_PREVIEWS, blocked_host, clean_text, host_is_blocked, is_disguising, is_picture_name,
    is_served_picture, is_stored_picture,
};
pub use promo::{
    MAX_PROMO_CARDS, MAX_PROMO_POSITION, MAX_PROMO_TEXT_CHARS, MAX_PROMO_TITLE_CHARS, MAX_PROMO_URL_CHARS,
    PROMO_FRAME_HEIGHTS, PROMO_FRAME_WIDTHS, PromoCard, PromoFrame, PromoImage, PromoSettings,
};
pub use reaction::{ReactionCount, ReactionKind, Reactors};
pub use reason::Reason;
pub use report::{MAX_REPORT_NOTE_CHARS, Report, ReportReason, ReportReceipt, ReportRequest, ReporterRecord};
pub use revision::{Change, ChangeKind, Revision, RevisionHistory};
pub use sanction::{
    AccountStanding, BlockedDomains, MAX_BLOCKED_DOMAINS, MAX_SANCTION_REASON_CHARS, Sanction, SanctionKind,
    SanctionRequest, Standing, email_domains,
};
pub use site_export::{ExportFormat, ExportQuery};
pub use slug::{MAX_SLUG_LEN, Slug, SlugError};
pub use text_rule::TextRule;
pub use user::{
    MAX_USER_SUGGESTIONS, MentionPrefix, MentionPrefixError, PROFILE_COMMENTS, UserComment, UserProfile, UserSuggestion,
};
pub use webhook::{
    CreatedWebhook, DeliveryState, MAX_WEBHOOK_URL_CHARS, MAX_WEBHOOKS_PER_SITE, WEBHOOK_DELIVERIES_PER_PAGE, Webhook,
    WebhookDelivery, WebhookDeliveryPage, WebhookEvent, WebhookList, WebhookRequest,
};
