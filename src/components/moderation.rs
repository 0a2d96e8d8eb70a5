//! The moderation desk: queues of held and reported comments, each with why it waits,
//! narrowed by article, author and reason, decided by button or by key, with each author's
//! record and each comment's and account's history.

mod author_record;
mod bulk_bar;
mod decision_text;
mod edit_approve_form;
mod finding_text;
mod key_help;
mod log_list;
mod note_form;
mod queue_card;
mod queue_filters;
mod queue_reason_text;
mod queue_view;
mod report_list;
mod report_reason_text;
mod sanction_form;
mod word_marks;

pub use author_record::AuthorRecord;
pub use bulk_bar::BulkBar;
pub use decision_text::decision_text;
pub use edit_approve_form::{EditApproveForm, edit_id};
pub use finding_text::finding_text;
pub use key_help::KeyHelp;
pub use log_list::{LogList, LogOf};
pub use note_form::{NoteForm, note_id};
pub use queue_card::{QueueCard, Verdict};
pub use queue_filters::QueueFilters;
pub use queue_reason_text::queue_reason_text;
pub use queue_view::QueueView;
pub use report_list::ReportList;
pub use report_reason_text::report_reason_text;
pub use sanction_form::{SanctionForm, sanction_id};
pub use word_marks::WordMarks;
