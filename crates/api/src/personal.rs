//! A reader's own data: everything schrieb holds about them (`GET /api/v1/me/export`), and
//! deleting their account (`DELETE /api/v1/me`).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::{
    CommentId, CommentState, FollowChoice, NotificationSettings, ReactionKind, ReportReason, Role, Slug, UserId,
};

/// The `format` of a personal data export.
pub const PERSONAL_DATA_FORMAT: &str = "schrieb-personal-data";

/// The version of its schema; a change that removes or renames a field raises it.
pub const PERSONAL_DATA_VERSION: u32 = 1;

/// `GET /api/v1/me/export`: everything schrieb holds about the account logged in, as one JSON
/// document. Password hashes and session secrets are not data about a person but keys, and
/// are left out (they are stored only as hashes in any case).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PersonalData {
    /// Always [`PERSONAL_DATA_FORMAT`].
    pub format: String,
    /// The schema's version, [`PERSONAL_DATA_VERSION`].
    pub version: u32,
    /// When the export was made.
    pub exported_at: DateTime<Utc>,
    /// The account.
    pub account: PersonalAccount,
    /// Every comment the person wrote, oldest first, with each earlier body it had.
    pub comments: Vec<PersonalComment>,
    /// Their reactions to comments, oldest first.
    pub reactions: Vec<PersonalReaction>,
    /// Replies they began and have not posted.
    pub drafts: Vec<PersonalDraft>,
    /// How they hear of each kind of notification.
    pub notification_settings: NotificationSettings,
    /// Threads they chose to follow or mute.
    pub follows: Vec<PersonalFollow>,
    /// Comments they reported to the moderators.
    pub reports: Vec<PersonalReport>,
    /// Their sessions (browsers and widgets logged in), without their secrets.
    pub sessions: Vec<PersonalSession>,
}

/// The account in a [`PersonalData`] export.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PersonalAccount {
    /// The account's id.
    pub id: UserId,
    /// Its display name.
    pub display_name: String,
    /// Its email address.
    pub email: Option<String>,
    /// Whether the address was confirmed.
    pub email_confirmed: bool,
    /// What it may do.
    pub role: Role,
    /// When it was made.
    pub created_at: DateTime<Utc>,
}

/// An article a personal record belongs to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PersonalArticle {
    /// Its slug (`/a/{slug}`).
    pub slug: Slug,
    /// Its title.
    pub title: String,
    /// The page it is on.
    pub url: String,
}

/// One comment in a [`PersonalData`] export.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PersonalComment {
    /// The comment's id.
    pub id: CommentId,
    /// Where it was written.
    pub article: PersonalArticle,
    /// Its place in the thread, once it was published.
    pub position: Option<u64>,
    /// Its body now, in schrieb markup (also when it was deleted: it is still stored).
    pub body: String,
    /// When it was posted.
    pub created_at: DateTime<Utc>,
    /// When it was last edited.
    pub edited_at: Option<DateTime<Utc>>,
    /// Whether it was deleted.
    pub deleted: bool,
    /// Where it stands with moderation.
    pub state: CommentState,
    /// The bodies it had before each edit, oldest first.
    pub revisions: Vec<PersonalRevision>,
}

/// An earlier body of a comment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PersonalRevision {
    /// 1 for the body as first posted.
    pub revision: u32,
    /// The body.
    pub body: String,
    /// When it was written.
    pub created_at: DateTime<Utc>,
}

/// A reaction in a [`PersonalData`] export.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PersonalReaction {
    /// The comment reacted to.
    pub comment: CommentId,
    /// The article it is under.
    pub article: Slug,
    /// The reaction.
    pub kind: ReactionKind,
    /// When.
    pub created_at: DateTime<Utc>,
}

/// A draft in a [`PersonalData`] export.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PersonalDraft {
    /// The article it answers.
    pub article: Slug,
    /// What was written so far.
    pub body: String,
    /// When it was last saved.
    pub updated_at: DateTime<Utc>,
}

/// A thread followed or muted, in a [`PersonalData`] export.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PersonalFollow {
    /// The article.
    pub article: Slug,
    /// Followed or muted.
    pub choice: FollowChoice,
}

/// A report in a [`PersonalData`] export.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PersonalReport {
    /// The comment reported.
    pub comment: CommentId,
    /// Why.
    pub reason: ReportReason,
    /// The note written with it.
    pub note: Option<String>,
    /// When.
    pub created_at: DateTime<Utc>,
}

/// A session in a [`PersonalData`] export.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PersonalSession {
    /// When it began (logging in).
    pub created_at: DateTime<Utc>,
    /// When it ends by itself.
    pub expires_at: DateTime<Utc>,
}

/// What becomes of a deleted account's comments.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum DeletedComments {
    /// They stay in their threads, signed "deleted account" (answers keep their context).
    #[default]
    Keep,
    /// They are removed: each leaves the placeholder of a deleted comment, and its words and
    /// earlier versions are erased.
    Remove,
}

/// `DELETE /api/v1/me`: deleting the account logged in, for good.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct DeleteAccountRequest {
    /// The account's password, entered again (a wrong or empty one is refused as
    /// `password_wrong`).
    pub password: String,
    /// What becomes of the account's comments.
    pub comments: DeletedComments,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_choice_is_spelt_in_snake_case() {
        let request: DeleteAccountRequest =
            serde_json::from_str(r#"{"password":"geheim","comments":"remove"}"#).expect("a request");
        assert_eq!(request.comments, DeletedComments::Remove);
        assert!(serde_json::from_str::<DeleteAccountRequest>(r#"{"password":"x","comments":"burn"}"#).is_err());
    }
}
