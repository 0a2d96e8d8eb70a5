//! Sanctions on accounts: moderators ban, suspend (until a time) or always pre-moderate a
//! person; a banned or suspended account may not post, edit, react or report, and a ban ends
//! its sessions.

use chrono::{DateTime, Utc};
use schrieb_api::{
    AccountStanding, BlockedDomains, Email, Reason, Sanction, SanctionKind, SanctionRequest, UserId, email_domains,
    permissions, permissions::Actor,
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

/// Sets the sanction of account `account` as moderator `actor` at `now`: a ban ends its
/// sessions; each change of its standing leaves one line in the moderation log. Readers are
/// sanctioned, not staff, nor the guests' shared account.
pub async fn set_sanction<S: ModerationStore + ?Sized>(
    store: &S,
    actor: Actor,
    account: UserId,
    request: &SanctionRequest,
    now: DateTime<Utc>,
) -> Result<AccountStanding, DomainError> {
    permissions::may_moderate(actor)?;
    request.check(now)?;
    let (user, role, _) = store
        .sanctioned(account)
        .await?
        .ok_or_else(|| DomainError::NotFound(format!("no account has the id {}", account.0)))?;
    // Staff moderate and post unchecked: a sanction would not hold them. Their role goes first.
    let refused = if role.moderates() {
        Some((Reason::SanctionOfStaff, "moderators and admins are not sanctioned: take their role away first"))
    } else if user.display_name == GUEST_ACCOUNT {
        Some((
            Reason::SanctionOfGuests,
            "guests share one account, which is not sanctioned: take no guest comments instead",
        ))
    } else {
        None
    };
    if let Some((reason, message)) = refused {
        return Err(DomainError::Refused(Refusal { reason, message: message.into(), field: None }));
    }
    let reason = request.reason.trim();
    let sanction = (request.kind != SanctionKind::None).then(|| Sanction {
        kind: request.kind,
        until: request.until,
        reason: reason.to_owned(),
    });
    let change = NewSanction { account, moderator: actor.id, sanction: sanction.as_ref(), at: now };
    store.set_sanction(&change).await?;
    tracing::info!(account = account.0, kind = request.kind.as_str(), "account sanctioned");
    Ok(AccountStanding { user, sanction })
}

/// Whether `email` may register: not when its domain, or one it is under, is blocked.
pub async fn may_register<S: ModerationStore + ?Sized>(store: &S, email: &Email) -> Result<(), DomainError> {
    if store.email_domain_blocked(&email_domains(email.as_str())).await? {
        return Err(DomainError::Refused(Refusal {
            reason: Reason::EmailDomainBlocked,
            message: "addresses of this domain do not register here".into(),
            field: Some("email"),
        }));
    }
    Ok(())
}

/// The blocked email domains, for admins.
pub async fn blocked_domains<S: ModerationStore + ?Sized>(
    store: &S,
    actor: Actor,
) -> Result<BlockedDomains, DomainError> {
    permissions::may_administer(actor)?;
    Ok(BlockedDomains { domains: store.blocked_email_domains().await? })
}

/// Replaces the blocked email domains, for admins; answers with them as stored.
pub async fn set_blocked_domains<S: ModerationStore + ?Sized>(
    store: &S,
    actor: Actor,
    domains: &BlockedDomains,
) -> Result<BlockedDomains, DomainError> {
    permissions::may_administer(actor)?;
    domains.check()?;
    store.set_blocked_email_domains(&domains.normalized()).await?;
    blocked_domains(store, actor).await
}
