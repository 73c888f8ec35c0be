//! A [`SendRequest`] checked against Meta's limits and turned into [`OutboundContent`], and
//! what the stored message shows of it (kind, body, media).

use super::request::{
    ContactRequest, InteractiveRequest, MediaRequest, ParameterRequest, SendContent, SendRequest,
    TemplateButtonRequest, TemplateRequest,
};
use crate::error::ValidationError;
use crate::message::{MediaRef, MessageKind};
use crate::outbound::{
    ButtonParameter, ContactCard, CtaUrl, Interactive, InteractiveHeader, LanguageCode,
    ListMessage, ListRow, ListSection, LocationContent, MediaContent, MediaId, MediaKind,
    MediaSource, OutboundContent, ReactionContent, ReplyButton, ReplyButtons, TemplateButton,
    TemplateMessage, TemplateName, TemplateParameter, TextContent,
};
use crate::phone::WaId;
use crate::wamid::Wamid;

impl SendRequest {
    /// Checks every field; the error names the first field that breaks a limit. A reaction is
    /// checked without its target's wamid, which is only known when it is sent.
    ///
    /// # Errors
    /// A [`ValidationError`] naming the field, e.g. `text.body`.
    pub fn validate(&self) -> Result<(), ValidationError> {
        match &self.content {
            SendContent::Reaction { reaction } => {
                if self.reply_to.is_some() {
                    return Err(ValidationError::new(
                        "reply_to",
                        "a reaction cannot be a reply",
                    ));
                }
                // Only the emoji can be wrong here; any well-formed wamid stands in.
                let placeholder = Wamid::parse("wamid.validation")?;
                ReactionContent::new(placeholder, reaction.emoji.as_deref()).map(|_| ())
            }
            _ => self.content(None).map(|_| ()),
        }
    }

    /// The content to send; `target` is the wamid of the message a reaction is about.
    ///
    /// # Errors
    /// A [`ValidationError`] naming the field; `reaction.message_id` when a reaction's target
    /// has no wamid.
    pub fn content(&self, target: Option<&Wamid>) -> Result<OutboundContent, ValidationError> {
        Ok(match &self.content {
            SendContent::Text { text } => {
                OutboundContent::Text(TextContent::new(&text.body, text.preview_url)?)
            }
            SendContent::Image { image } => media(MediaKind::Image, image)?,
            SendContent::Audio { audio } => media(MediaKind::Audio, audio)?,
            SendContent::Video { video } => media(MediaKind::Video, video)?,
            SendContent::Document { document } => media(MediaKind::Document, document)?,
            SendContent::Sticker { sticker } => media(MediaKind::Sticker, sticker)?,
            SendContent::Interactive { interactive } => {
                OutboundContent::Interactive(self::interactive(interactive)?)
            }
            SendContent::Template { template } => {
                OutboundContent::Template(self::template(template)?)
            }
            SendContent::Reaction { reaction } => {
                let target = target.cloned().ok_or_else(|| {
                    ValidationError::new("reaction.message_id", "has no WhatsApp id yet")
                })?;
                OutboundContent::Reaction(ReactionContent::new(target, reaction.emoji.as_deref())?)
            }
            SendContent::Location { location } => OutboundContent::Location(LocationContent::new(
                location.latitude,
                location.longitude,
                location.name.as_deref(),
                location.address.as_deref(),
            )?),
            SendContent::Contacts { contacts } => OutboundContent::contacts(
                contacts.iter().map(card).collect::<Result<Vec<_>, _>>()?,
            )?,
        })
    }

    /// The message to send to `to`, replying to `reply_to` when given, carrying `callback`
    /// (our message id) in `biz_opaque_callback_data`.
    ///
    /// # Errors
    /// A [`ValidationError`] naming the field.
    pub fn outbound(
        &self,
        to: WaId,
        reply_to: Option<Wamid>,
        target: Option<&Wamid>,
        callback: Option<&str>,
    ) -> Result<crate::outbound::OutboundMessage, ValidationError> {
        let mut message = crate::outbound::OutboundMessage::new(to, self.content(target)?);
        if let Some(reply_to) = reply_to {
            message = message.reply_to(reply_to)?;
        }
        if let Some(callback) = callback {
            message = message.callback_data(callback)?;
        }
        Ok(message)
    }

    /// The kind of the stored message.
    pub fn kind(&self) -> MessageKind {
        match &self.content {
            SendContent::Text { .. } => MessageKind::Text,
            SendContent::Image { .. } => MessageKind::Image,
            SendContent::Audio { .. } => MessageKind::Audio,
            SendContent::Video { .. } => MessageKind::Video,
            SendContent::Document { .. } => MessageKind::Document,
            SendContent::Sticker { .. } => MessageKind::Sticker,
            SendContent::Interactive { .. } => MessageKind::Interactive,
            SendContent::Template { .. } => MessageKind::Template,
            SendContent::Reaction { .. } => MessageKind::Reaction,
            SendContent::Location { .. } => MessageKind::Location,
            SendContent::Contacts { .. } => MessageKind::Contacts,
        }
    }

    /// The readable text of the stored message: the text, caption, interactive body,
    /// template name or place name.
    pub fn body(&self) -> Option<String> {
        match &self.content {
            SendContent::Text { text } => Some(text.body.clone()),
            SendContent::Image { image: m }
            | SendContent::Audio { audio: m }
            | SendContent::Video { video: m }
            | SendContent::Document { document: m }
            | SendContent::Sticker { sticker: m } => m.caption.clone(),
            SendContent::Interactive { interactive } => Some(match interactive {
                InteractiveRequest::Button { body, .. }
                | InteractiveRequest::List { body, .. }
                | InteractiveRequest::CtaUrl { body, .. } => body.clone(),
            }),
            SendContent::Template { template } => Some(template.name.clone()),
            SendContent::Reaction { reaction } => reaction.emoji.clone(),
            SendContent::Location { location } => location.name.clone(),
            SendContent::Contacts { contacts } => {
                contacts.first().map(|c| c.formatted_name.clone())
            }
        }
    }

    /// The media reference of the stored message, for media kinds (Meta's id when sent by id).
    pub fn media(&self) -> Option<MediaRef> {
        let file = match &self.content {
            SendContent::Image { image: m }
            | SendContent::Audio { audio: m }
            | SendContent::Video { video: m }
            | SendContent::Document { document: m }
            | SendContent::Sticker { sticker: m } => m,
            _ => return None,
        };
        Some(MediaRef {
            meta_media_id: file.id.clone(),
            storage_key: None,
            mime_type: None,
            sha256: None,
            filename: file.filename.clone(),
        })
    }
}

fn source(field: &'static str, file: &MediaRequest) -> Result<MediaSource, ValidationError> {
    match (&file.id, &file.link) {
        (Some(id), None) => Ok(MediaSource::Id(MediaId::parse(id)?)),
        (None, Some(link)) => MediaSource::link(field, link),
        _ => Err(ValidationError::new(
            field,
            "must give exactly one of id and link",
        )),
    }
}

fn media(kind: MediaKind, file: &MediaRequest) -> Result<OutboundContent, ValidationError> {
    let field = match kind {
        MediaKind::Image => "image.link",
        MediaKind::Audio => "audio.link",
        MediaKind::Video => "video.link",
        MediaKind::Document => "document.link",
        MediaKind::Sticker => "sticker.link",
    };
    Ok(OutboundContent::Media(MediaContent::new(
        kind,
        source(field, file)?,
        file.caption.as_deref(),
        file.filename.as_deref(),
    )?))
}

fn header(text: Option<&String>) -> Result<Option<InteractiveHeader>, ValidationError> {
    text.map(|t| InteractiveHeader::text(t)).transpose()
}

fn interactive(request: &InteractiveRequest) -> Result<Interactive, ValidationError> {
    Ok(match request {
        InteractiveRequest::Button {
            body,
            buttons,
            header: head,
            footer,
        } => Interactive::Buttons(ReplyButtons::new(
            body,
            buttons
                .iter()
                .map(|b| ReplyButton::new(&b.id, &b.title))
                .collect::<Result<Vec<_>, _>>()?,
            header(head.as_ref())?,
            footer.as_deref(),
        )?),
        InteractiveRequest::List {
            body,
            button,
            sections,
            header: head,
            footer,
        } => {
            let sections = sections
                .iter()
                .map(|s| {
                    let rows = s
                        .rows
                        .iter()
                        .map(|r| ListRow::new(&r.id, &r.title, r.description.as_deref()))
                        .collect::<Result<Vec<_>, _>>()?;
                    ListSection::new(s.title.as_deref(), rows)
                })
                .collect::<Result<Vec<_>, _>>()?;
            Interactive::List(ListMessage::new(
                body,
                button,
                sections,
                head.as_deref(),
                footer.as_deref(),
            )?)
        }
        InteractiveRequest::CtaUrl {
            body,
            display_text,
            url,
            header: head,
            footer,
        } => Interactive::CtaUrl(CtaUrl::new(
            body,
            display_text,
            url,
            header(head.as_ref())?,
            footer.as_deref(),
        )?),
    })
}

fn parameter(request: &ParameterRequest) -> Result<TemplateParameter, ValidationError> {
    let field = "template.header.link";
    match request {
        ParameterRequest::Text { text, name: None } => TemplateParameter::text(text),
        ParameterRequest::Text {
            text,
            name: Some(name),
        } => TemplateParameter::named_text(name, text),
        ParameterRequest::Currency {
            fallback_value,
            code,
            amount_1000,
        } => TemplateParameter::currency(fallback_value, code, *amount_1000),
        ParameterRequest::DateTime { fallback_value } => {
            TemplateParameter::date_time(fallback_value)
        }
        ParameterRequest::Image { media } => {
            TemplateParameter::media(MediaKind::Image, source(field, media)?, None)
        }
        ParameterRequest::Video { media } => {
            TemplateParameter::media(MediaKind::Video, source(field, media)?, None)
        }
        ParameterRequest::Document { media } => TemplateParameter::media(
            MediaKind::Document,
            source(field, media)?,
            media.filename.as_deref(),
        ),
    }
}

fn button(request: &TemplateButtonRequest) -> Result<TemplateButton, ValidationError> {
    let parameter = match request.sub_type.as_str() {
        "quick_reply" => ButtonParameter::QuickReply(request.value.clone()),
        "url" => ButtonParameter::Url(request.value.clone()),
        "copy_code" => ButtonParameter::CopyCode(request.value.clone()),
        _ => {
            return Err(ValidationError::new(
                "template.buttons.sub_type",
                "must be quick_reply, url or copy_code",
            ));
        }
    };
    TemplateButton::new(request.index, parameter)
}

fn template(request: &TemplateRequest) -> Result<TemplateMessage, ValidationError> {
    TemplateMessage::new(
        TemplateName::parse(&request.name)?,
        LanguageCode::parse(&request.language)?,
        request.header.as_ref().map(parameter).transpose()?,
        request
            .body
            .iter()
            .map(parameter)
            .collect::<Result<Vec<_>, _>>()?,
        request
            .buttons
            .iter()
            .map(button)
            .collect::<Result<Vec<_>, _>>()?,
    )
}

fn card(request: &ContactRequest) -> Result<ContactCard, ValidationError> {
    let mut card = ContactCard::new(&request.formatted_name)?
        .with_names(request.first_name.as_deref(), request.last_name.as_deref())?;
    if let Some(company) = &request.company {
        card = card.with_company(company)?;
    }
    for phone in &request.phones {
        let wa_id = phone.wa_id.as_deref().map(WaId::parse).transpose()?;
        card = card.with_phone(&phone.phone, phone.label.as_deref(), wa_id)?;
    }
    for email in &request.emails {
        card = card.with_email(&email.email, email.label.as_deref())?;
    }
    for url in &request.urls {
        card = card.with_url(url)?;
    }
    Ok(card)
}
