//! The moderation desk: queues of held and reported comments, each with why it waits,
//! decided by button or by key.

mod finding_text;
mod key_help;
mod queue_card;
mod queue_view;
mod report_list;
mod report_reason_text;
mod sanction_form;
mod word_marks;

pub use finding_text::finding_text;
pub use key_help::KeyHelp;
pub use queue_card::QueueCard;
pub use queue_view::QueueView;
pub use report_list::ReportList;
pub use report_reason_text::report_reason_text;
pub use sanction_form::{SanctionForm, sanction_id};
pub use word_marks::WordMarks;
