//! Reactions: a small fixed set of feelings a reader can attach to a comment, one of each kind
//! per person.

use serde::{Deserialize, Serialize};

/// A kind of reaction; its name is the path segment in
/// `PUT /api/v1/comments/{id}/reactions/{kind}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ReactionKind {
    /// 👍
    Like,
    /// ❤️
    Love,
    /// 😂
    Laugh,
    /// 😮
    Wow,
    /// 😢
    Sad,
}

impl ReactionKind {
    /// Every kind, in the order they are shown.
    pub const ALL: [Self; 5] = [Self::Like, Self::Love, Self::Laugh, Self::Wow, Self::Sad];

    /// The name on the wire and in the database.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Like => "like",
            Self::Love => "love",
            Self::Laugh => "laugh",
            Self::Wow => "wow",
            Self::Sad => "sad",
        }
    }

    /// The emoji shown for it.
    pub fn emoji(self) -> &'static str {
        match self {
            Self::Like => "👍",
            Self::Love => "❤️",
            Self::Laugh => "😂",
            Self::Wow => "😮",
            Self::Sad => "😢",
        }
    }

    /// The kind named `name`.
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|kind| kind.as_str() == name)
    }
}

/// How many people reacted with one kind, and whether the reader is one of them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReactionCount {
    /// The kind.
    pub kind: ReactionKind,
    /// How many reacted so.
    pub count: u32,
    /// Whether the account asking is among them.
    pub mine: bool,
}

/// Who reacted with one kind (`GET /api/v1/comments/{id}/reactions`), for hover and tap.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Reactors {
    /// The kind.
    pub kind: ReactionKind,
    /// Their display names, earliest first.
    pub names: Vec<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_serialize_alike() {
        for kind in ReactionKind::ALL {
            assert_eq!(ReactionKind::from_name(kind.as_str()), Some(kind));
            assert_eq!(serde_json::to_value(kind).unwrap(), serde_json::json!(kind.as_str()));
        }
        assert_eq!(ReactionKind::from_name("angry"), None);
    }
}
