//! Typed ids, so a comment id can never be passed where a user id is expected.

use serde::{Deserialize, Serialize};

macro_rules! id_newtype {
    ($(#[$meta:meta])* $name:ident) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
        #[serde(transparent)]
        pub struct $name(pub i64);

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                self.0.fmt(f)
            }
        }
    };
}

id_newtype!(
    /// The id of a comment; also the anchor `#c{id}` and the permalink `/c/{id}`.
    CommentId
);
id_newtype!(
    /// The id of a user account.
    UserId
);
id_newtype!(
    /// The id of a bulk decision of the moderation desk.
    JobId
);
id_newtype!(
    /// The id of a notification.
    NotificationId
);
id_newtype!(
    /// The id of a site's webhook endpoint.
    WebhookId
);
