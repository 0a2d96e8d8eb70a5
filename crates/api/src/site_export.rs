//! Downloading a whole site (`GET /api/v1/admin/sites/{name}/export`), for admins.

use serde::{Deserialize, Serialize};

/// The formats a site is exported in.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ExportFormat {
    /// schrieb's own: JSON lines holding everything, read back losslessly by
    /// `schrieb-server import --from schrieb`.
    #[default]
    Schrieb,
    /// A WordPress export (WXR 1.2), for systems that read WordPress's format.
    Wxr,
}

impl ExportFormat {
    /// Every format, in the order the admin page offers them.
    pub const ALL: [ExportFormat; 2] = [ExportFormat::Schrieb, ExportFormat::Wxr];

    /// Its name in the query.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Schrieb => "schrieb",
            Self::Wxr => "wxr",
        }
    }

    /// The file name's ending.
    pub fn extension(self) -> &'static str {
        match self {
            Self::Schrieb => "jsonl",
            Self::Wxr => "xml",
        }
    }

    /// The download's media type.
    pub fn content_type(self) -> &'static str {
        match self {
            Self::Schrieb => "application/x-ndjson",
            Self::Wxr => "application/rss+xml; charset=utf-8",
        }
    }
}

/// The query of a site's export.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct ExportQuery {
    /// The format; schrieb's own when left out.
    #[serde(default)]
    pub format: ExportFormat,
}
