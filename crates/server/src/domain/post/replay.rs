//! A post sent again with its idempotency key: answered with the comment the key stored, once
//! it is sure to be the same post.

use schrieb_api::{CommentBody, Reason, UserId};

use super::PostOutcome;
use crate::db::{ArticleKey, CommentStore, DraftStore, KeyedComment};
use crate::domain::{DomainError, Refusal, read_back};

/// The request of a post, as a repeat of an earlier one with the same idempotency key must match.
pub(super) struct Attempt<'a> {
    /// The article it goes to.
    pub article: ArticleKey,
    /// The account it is stored under.
    pub author: UserId,
    /// Its body as sent.
    pub body: &'a str,
    /// For a guest, the name they gave.
    pub guest_name: Option<&'a str>,
}

/// Answers a repeated post with the comment its idempotency key already stored (nothing is
/// stored), after making sure it is the same comment: the same article, body and guest name.
/// Like a first post, it removes the poster's draft, in case the first answer never arrived.
pub(super) async fn repeated<S: CommentStore + DraftStore + ?Sized>(
    store: &S,
    attempt: &Attempt<'_>,
    earlier: KeyedComment,
) -> Result<PostOutcome, DomainError> {
    // Compared as it would have been stored; a body that no longer parses cannot be the same.
    let same_body = CommentBody::parse(attempt.body).is_ok_and(|body| body.as_str() == earlier.body);
    if !same_body || earlier.article != attempt.article || earlier.guest_name.as_deref() != attempt.guest_name {
        return Err(DomainError::Refused(Refusal {
            reason: Reason::KeyReused,
            message: "this Idempotency-Key was used for another comment".into(),
            field: None,
        }));
    }
    if attempt.guest_name.is_none() {
        remove_draft(store, attempt.author, attempt.article).await;
    }
    Ok(PostOutcome::Repeated(read_back(store, earlier.id).await?))
}

/// The draft became the comment. The comment is stored either way: a draft left behind is only
/// logged, since failing here would invite posting the comment a second time.
pub(super) async fn remove_draft<S: DraftStore + ?Sized>(store: &S, author: UserId, article: ArticleKey) {
    if let Err(error) = store.delete_draft(author, article).await {
        tracing::error!(error = %error, "a posted comment's draft could not be removed");
    }
}
