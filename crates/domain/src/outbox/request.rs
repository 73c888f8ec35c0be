//! What an agent asks to send, as it arrives and as `send_jobs.request` stores it (one JSON
//! object, `type` naming the kind, the fields named as in Meta's send API).
//!
//! Nothing here is checked yet: [`SendRequest::content`] checks every field against Meta's
//! limits and names the field that fails. A SQL function may queue a job with any request of
//! this shape (a template send is `{"type": "template", "template": {...}}`).

use serde::{Deserialize, Serialize};

use crate::ids::MessageId;

/// A send request: the content and, optionally, our id of the message it replies to.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SendRequest {
    /// What to send.
    #[serde(flatten)]
    pub content: SendContent,
    /// Our id of the message this one quotes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reply_to: Option<MessageId>,
}

/// The content, one variant per Meta `type`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum SendContent {
    /// `text`.
    Text {
        /// The text.
        text: TextRequest,
    },
    /// `image`.
    Image {
        /// The file.
        image: MediaRequest,
    },
    /// `audio`.
    Audio {
        /// The file.
        audio: MediaRequest,
    },
    /// `video`.
    Video {
        /// The file.
        video: MediaRequest,
    },
    /// `document`.
    Document {
        /// The file.
        document: MediaRequest,
    },
    /// `sticker`.
    Sticker {
        /// The file.
        sticker: MediaRequest,
    },
    /// `interactive`: reply buttons, a list or a CTA URL button.
    Interactive {
        /// The interactive message.
        interactive: InteractiveRequest,
    },
    /// `template`.
    Template {
        /// The template and its parameters.
        template: TemplateRequest,
    },
    /// `reaction` to a message of the conversation (no emoji removes ours).
    Reaction {
        /// The reaction.
        reaction: ReactionRequest,
    },
    /// `location`.
    Location {
        /// The place.
        location: LocationRequest,
    },
    /// `contacts`.
    Contacts {
        /// The cards.
        contacts: Vec<ContactRequest>,
    },
}

/// A text body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TextRequest {
    /// 1 to 4,096 characters.
    pub body: String,
    /// Whether WhatsApp renders a preview of the first URL.
    #[serde(default)]
    pub preview_url: bool,
}

/// A media file by uploaded id or by link (exactly one of them).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MediaRequest {
    /// Meta's media id, from an upload.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// A public `http(s)` URL.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub link: Option<String>,
    /// Image, video and document only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub caption: Option<String>,
    /// Document only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub filename: Option<String>,
}

/// An interactive message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum InteractiveRequest {
    /// One to three reply buttons.
    Button {
        /// Body text.
        body: String,
        /// The buttons.
        buttons: Vec<ButtonRequest>,
        /// Text header.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        header: Option<String>,
        /// Footer text.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        footer: Option<String>,
    },
    /// A list of rows in sections.
    List {
        /// Body text.
        body: String,
        /// The text of the button that opens the list.
        button: String,
        /// The sections.
        sections: Vec<SectionRequest>,
        /// Text header.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        header: Option<String>,
        /// Footer text.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        footer: Option<String>,
    },
    /// One button that opens a URL.
    CtaUrl {
        /// Body text.
        body: String,
        /// The button's text.
        display_text: String,
        /// Where it leads.
        url: String,
        /// Text header.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        header: Option<String>,
        /// Footer text.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        footer: Option<String>,
    },
}

/// A reply button.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ButtonRequest {
    /// What comes back when the customer taps it.
    pub id: String,
    /// Its label.
    pub title: String,
}

/// A list section.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SectionRequest {
    /// Required when there are several sections.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Its rows.
    pub rows: Vec<RowRequest>,
}

/// A list row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RowRequest {
    /// What comes back when the customer picks it.
    pub id: String,
    /// Its label.
    pub title: String,
    /// A second line.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

/// An approved template with its parameter values.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TemplateRequest {
    /// The template's name.
    pub name: String,
    /// Its language code, e.g. `en_US`.
    pub language: String,
    /// The header parameter, if the template has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub header: Option<ParameterRequest>,
    /// The body parameters, in order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub body: Vec<ParameterRequest>,
    /// The button parameters.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub buttons: Vec<TemplateButtonRequest>,
}

/// One template parameter.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum ParameterRequest {
    /// A text value, named for named templates.
    Text {
        /// The value.
        text: String,
        /// The parameter's name.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        name: Option<String>,
    },
    /// A currency value.
    Currency {
        /// Shown when the amount cannot be localised.
        fallback_value: String,
        /// ISO 4217 code.
        code: String,
        /// The amount times 1,000.
        amount_1000: i64,
    },
    /// A date and time.
    DateTime {
        /// What is shown.
        fallback_value: String,
    },
    /// A header image.
    Image {
        /// The file.
        #[serde(flatten)]
        media: MediaRequest,
    },
    /// A header video.
    Video {
        /// The file.
        #[serde(flatten)]
        media: MediaRequest,
    },
    /// A header document.
    Document {
        /// The file.
        #[serde(flatten)]
        media: MediaRequest,
    },
}

/// A button parameter of a template.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TemplateButtonRequest {
    /// The button's position, 0 to 9.
    pub index: u8,
    /// `quick_reply`, `url` or `copy_code`.
    pub sub_type: String,
    /// The payload, URL suffix or coupon code.
    pub value: String,
}

/// A reaction to one of the conversation's messages.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReactionRequest {
    /// Our id of the message reacted to.
    pub message_id: MessageId,
    /// The emoji; none removes our reaction.
    #[serde(default)]
    pub emoji: Option<String>,
}

/// A location pin.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LocationRequest {
    /// Degrees, -90 to 90.
    pub latitude: f64,
    /// Degrees, -180 to 180.
    pub longitude: f64,
    /// The place's name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The place's address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
}

/// A contact card.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContactRequest {
    /// The name as shown.
    pub formatted_name: String,
    /// First name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_name: Option<String>,
    /// Last name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_name: Option<String>,
    /// Company.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub company: Option<String>,
    /// Phone numbers.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub phones: Vec<ContactPhoneRequest>,
    /// Email addresses.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub emails: Vec<ContactEmailRequest>,
    /// Websites.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub urls: Vec<String>,
}

/// A phone number of a contact card.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContactPhoneRequest {
    /// The number as written.
    pub phone: String,
    /// A label such as `CELL`.
    #[serde(default, rename = "type", skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// Its WhatsApp id, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wa_id: Option<String>,
}

/// An email address of a contact card.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContactEmailRequest {
    /// The address.
    pub email: String,
    /// A label such as `WORK`.
    #[serde(default, rename = "type", skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
}
