//! Callbacks: verify, then decrypt, then type the payload; and the replies WeChat expects.

pub mod envelope;
pub mod parse;
pub mod plaintext;
pub mod profitsharing;
pub mod reconcile;
pub mod reply;

pub use envelope::{check_body_len, Envelope, Resource, MAX_BODY_LEN};
pub use parse::{
    decode_decrypted, decode_verified, decrypt_resource, finish_decrypted, finish_opened, parse_notification, parse_notification_typed, prepare_notification,
    prepare_resource, Notification, NotificationData, NotificationKind, NotificationToOpen, TypedNotification,
};
pub use reconcile::{events_from_query, QueryEvent, QueryKind};
pub use reply::{ack, nack, Reply};
