//! A site's promotions, for its admins: reading and replacing them, and keeping a card's
//! picture (checked and re-encoded by the caller, as every picture schrieb serves is).

use chrono::{DateTime, Utc};
use schrieb_api::permissions::{Actor, may_administer};
use schrieb_api::{PromoImage, PromoSettings, Reason, paths};

use super::{DomainError, Refusal};
use crate::db::{PreviewStore, SiteStore, StoredPicture};

/// The promotions of site `name`.
pub async fn settings<S: SiteStore + ?Sized>(
    store: &S,
    actor: Actor,
    name: &str,
) -> Result<PromoSettings, DomainError> {
    may_administer(actor)?;
    store.site_promos(name).await?.ok_or_else(|| no_site(name))
}

/// Replaces the promotions of site `name`, by their rules; links and addresses trimmed.
pub async fn set<S: SiteStore + ?Sized>(
    store: &S,
    actor: Actor,
    name: &str,
    promos: &PromoSettings,
) -> Result<PromoSettings, DomainError> {
    may_administer(actor)?;
    promos.check()?;
    let mut kept = promos.clone();
    for card in &mut kept.cards {
        card.title = card.title.trim().to_owned();
        card.text = card.text.trim().to_owned();
        card.link = card.link.trim().to_owned();
    }
    if let Some(frame) = &mut kept.frame {
        frame.url = frame.url.trim().to_owned();
    }
    if !store.set_site_promos(name, &kept).await? {
        return Err(no_site(name));
    }
    Ok(kept)
}

/// Keeps `picture` (an upload of site `name`'s admin, checked and re-encoded) for a card;
/// `None` when the upload was no picture taken (`why`).
pub async fn keep_picture<S: SiteStore + PreviewStore + ?Sized>(
    store: &S,
    actor: Actor,
    name: &str,
    picture: Result<StoredPicture, String>,
    now: DateTime<Utc>,
) -> Result<PromoImage, DomainError> {
    may_administer(actor)?;
    store.site_promos(name).await?.ok_or_else(|| no_site(name))?;
    let picture = picture.map_err(|why| {
        DomainError::Refused(Refusal {
            reason: Reason::PromoInvalid { part: "image".into() },
            message: format!("the upload is no picture taken: {why}"),
            field: Some("image"),
        })
    })?;
    store.store_picture(&picture, now).await?;
    Ok(PromoImage { image: paths::api::preview_image(&picture.name) })
}

fn no_site(name: &str) -> DomainError {
    DomainError::NotFound(format!("no site is named {name:?}"))
}
