//! Notifications: the bell in the header and the list on `/notifications`.

mod notification_bell;
mod notification_item;
mod notification_list;

pub use notification_bell::NotificationBell;
pub use notification_item::NotificationItem;
pub use notification_list::NotificationList;
