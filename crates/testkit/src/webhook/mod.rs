//! Builders of Meta-shaped webhook deliveries, encoded and signed the way Meta does it.
//!
//! ```
//! use inbox_testkit::webhook::{Delivery, Msg, Status, signed, wamid};
//!
//! let body = Delivery::new("106540352242922")
//!     .message(Msg::text("16505551234", &wamid("in-1"), "hi").reply_to(&wamid("out-1")))
//!     .status(Status::read(&wamid("out-2"), "16505551234"))
//!     .to_bytes();
//! let (body, header) = signed(&body, b"app-secret");
//! assert!(header.starts_with("sha256="));
//! # let _ = body;
//! ```

mod delivery;
mod encode;
mod kinds;
mod message;
mod parts;
mod status;
mod template;

pub use delivery::{Delivery, Profile};
pub use encode::{meta_json, sign, signed};
pub use message::Msg;
pub use parts::{Card, OrderItem, Referral, WaError};
pub use status::Status;
pub use template::TemplateStatus;

/// The WhatsApp Business Account id deliveries use unless told otherwise.
pub const WABA_ID: &str = "102290129340398";
/// The business number id deliveries use unless told otherwise.
pub const PHONE_NUMBER_ID: &str = "106540352242922";
/// The business number as Meta displays it in `metadata` and `context.from`.
pub const DISPLAY_PHONE_NUMBER: &str = "15550783881";
/// The Unix time messages and statuses carry unless told otherwise (2023-11-14T22:13:20Z).
pub const TIMESTAMP: i64 = 1_700_000_000;

/// A realistic, valid wamid derived from `seed`: the same seed gives the same id.
pub fn wamid(seed: &str) -> String {
    format!(
        "wamid.HBgLMTY1MDU1NTEyMzQVAgASGBQ{}",
        hex::encode_upper(seed)
    )
}
