//! Sanctions on accounts: moderators ban, suspend (until a time) or always pre-moderate a
//! person; a banned or suspended account may not post, edit, react or report, and a ban ends
//! its sessions.

use chrono::{DateTime, Utc};
use schrieb_api::{
    AccountStanding, Reason, Role, Sanction, SanctionKind, SanctionRequest, Standing, UserId, permissions,
    permissions::Actor,
};

use crate::db::{ModerationStore, NewSanction};
use crate::domain::{DomainError, GUEST_ACCOUNT, Refusal};

/// What `user` may do at `now`: refused ([`DomainError::Barred`], with the sanction as the
/// reason) when banned or suspended; `Ok(true)` when every comment of theirs waits for a
/// moderator.
pub async fn may_take_part<S: ModerationStore + ?Sized>(
    store: &S,
    user: UserId,
    now: DateTime<Utc>,
) -> Result<bool, DomainError> {
    match store.sanction(user).await? {
        Some(sanction) if sanction.holds(now) => barred(sanction).map(|()| true),
        _ => Ok(false),
    }
}

/// Whether `user` may log in at `now`: a banned account may not (it is told why); a suspended
/// one may, to read.
pub async fn may_log_in<S: ModerationStore + ?Sized>(
    store: &S,
    user: UserId,
    now: DateTime<Utc>,
) -> Result<(), DomainError> {
    match store.sanction(user).await? {
        Some(sanction) if sanction.kind == SanctionKind::Ban && sanction.holds(now) => barred(sanction),
        _ => Ok(()),
    }
}

/// The refusal of an account under `sanction`; pre-moderation refuses nothing.
fn barred(sanction: Sanction) -> Result<(), DomainError> {
    let (reason, message) = match sanction.kind {
        SanctionKind::Ban => {
            let message = format!("this account is banned: {}", sanction.reason);
            (Reason::AccountBanned { reason: sanction.reason }, message)
        }
        SanctionKind::Suspend => {
            let until = sanction.until.unwrap_or(DateTime::<Utc>::MAX_UTC);
            let message = format!("this account is suspended until {until}: {}", sanction.reason);
            (Reason::AccountSuspended { until, reason: sanction.reason }, message)
        }
        SanctionKind::Premoderate | SanctionKind::None => return Ok(()),
    };
    Err(DomainError::Barred(Refusal { reason, message, field: None }))
}

/// The standing of an account under `sanction` at `now` (a suspension that ended is none).
pub fn standing(sanction: Option<&Sanction>, now: DateTime<Utc>) -> Standing {
    match sanction {
        Some(sanction) if sanction.holds(now) => Standing::of_account(sanction.kind),
        _ => Standing::Active,
    }
}

/// Sets the sanction of account `account` as moderator `actor` at `now`: a ban ends its
/// sessions; each change of its standing leaves one line in the moderation log. Moderators
/// sanction readers; only admins sanction moderators and admins.
pub async fn set_sanction<S: ModerationStore + ?Sized>(
    store: &S,
    actor: Actor,
    account: UserId,
    request: &SanctionRequest,
    now: DateTime<Utc>,
) -> Result<AccountStanding, DomainError> {
    permissions::may_moderate(actor)?;
    request.check(now)?;
    let (user, role, current) = store
        .sanctioned(account)
        .await?
        .ok_or_else(|| DomainError::NotFound(format!("no account has the id {}", account.0)))?;
    if role.moderates() && actor.role != Role::Admin {
        return Err(permissions::Denied::NotAdmin.into());
    }
    if user.display_name == GUEST_ACCOUNT {
        return Err(DomainError::Refused(Refusal {
            reason: Reason::SanctionOfGuests,
            message: "guests share one account, which is not sanctioned: take no guest comments instead".into(),
            field: None,
        }));
    }
    let reason = request.reason.trim();
    let sanction = (request.kind != SanctionKind::None).then(|| Sanction {
        kind: request.kind,
        until: request.until,
        reason: reason.to_owned(),
    });
    let change = NewSanction {
        account,
        moderator: actor.id,
        sanction: sanction.as_ref(),
        from: standing(current.as_ref(), now),
        to: Standing::of_account(request.kind),
        at: now,
    };
    store.set_sanction(&change).await?;
    tracing::info!(account = account.0, kind = request.kind.as_str(), "account sanctioned");
    Ok(AccountStanding { user, sanction })
}
