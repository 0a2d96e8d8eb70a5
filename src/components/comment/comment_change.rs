use schrieb_api::CommentId;

/// A change the reader made to a comment, as its controls report it (`on_change`) to the
/// thread showing it, which decides what to load again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CommentChange {
    /// Its body was edited.
    Edited(CommentId),
    /// It was deleted; a placeholder keeps its place in the thread.
    Deleted(CommentId),
    /// A moderator restored it.
    Restored(CommentId),
}
