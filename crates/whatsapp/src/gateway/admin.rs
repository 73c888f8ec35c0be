//! Templates of a WhatsApp Business Account and the business profile of a number.

use inbox_domain::WabaId;
use inbox_domain::outbound::{
    BusinessProfile, BusinessProfileUpdate, CallKind, CreatedTemplate, GatewayError, NewTemplate,
    SenderCredentials, TemplateName, TemplatePage, TemplateQuery,
};
use reqwest::Method;
use serde_json::{Value, json};

use super::body::put;
use super::call::execute;
use super::{GraphGateway, op, wire};

/// The template fields we read back.
const TEMPLATE_FIELDS: &str = "id,name,language,status,category,components";
/// The profile fields we read back.
const PROFILE_FIELDS: &str =
    "about,address,description,email,profile_picture_url,websites,vertical";

impl GraphGateway {
    /// `GET /<WABA_ID>/message_templates?fields=…[&name][&limit][&after]`.
    pub(super) async fn templates(
        &self,
        from: &SenderCredentials,
        waba_id: &WabaId,
        query: &TemplateQuery,
    ) -> Result<TemplatePage, GatewayError> {
        let mut params = vec![("fields", TEMPLATE_FIELDS.to_owned())];
        if let Some(name) = &query.name {
            params.push(("name", name.as_str().to_owned()));
        }
        if let Some(limit) = query.limit {
            params.push(("limit", limit.to_string()));
        }
        if let Some(after) = &query.after {
            params.push(("after", after.clone()));
        }
        let path = format!("{waba_id}/message_templates");
        let request = self.request(Method::GET, from, &path).query(&params);
        let answer = execute(op("list_templates", CallKind::Repeatable, from), request).await?;
        wire::template_page(&answer)
    }

    /// `POST /<WABA_ID>/message_templates` with name, language, category, parameter format
    /// and components.
    pub(super) async fn new_template(
        &self,
        from: &SenderCredentials,
        waba_id: &WabaId,
        template: &NewTemplate,
    ) -> Result<CreatedTemplate, GatewayError> {
        let format = if template.named_parameters {
            "named"
        } else {
            "positional"
        };
        let body = json!({
            "name": template.name.as_str(),
            "language": template.language.as_str(),
            "category": template.category.as_str(),
            "parameter_format": format,
            "components": template.components,
        });
        let path = format!("{waba_id}/message_templates");
        let request = self.request(Method::POST, from, &path).json(&body);
        let answer = execute(op("create_template", CallKind::Repeatable, from), request).await?;
        wire::created_template(&answer)
    }

    /// `DELETE /<WABA_ID>/message_templates?name=<name>`.
    pub(super) async fn remove_template(
        &self,
        from: &SenderCredentials,
        waba_id: &WabaId,
        name: &TemplateName,
    ) -> Result<(), GatewayError> {
        let path = format!("{waba_id}/message_templates");
        let request = self
            .request(Method::DELETE, from, &path)
            .query(&[("name", name.as_str())]);
        let answer = execute(op("delete_template", CallKind::Repeatable, from), request).await?;
        wire::success(&answer)
    }

    /// `GET /<PNID>/whatsapp_business_profile?fields=…`.
    pub(super) async fn profile(
        &self,
        from: &SenderCredentials,
    ) -> Result<BusinessProfile, GatewayError> {
        let path = format!("{}/whatsapp_business_profile", from.phone_number_id);
        let request = self
            .request(Method::GET, from, &path)
            .query(&[("fields", PROFILE_FIELDS)]);
        let answer = execute(op("business_profile", CallKind::Repeatable, from), request).await?;
        wire::business_profile(&answer)
    }

    /// `POST /<PNID>/whatsapp_business_profile` with `messaging_product` and the changed fields.
    pub(super) async fn change_profile(
        &self,
        from: &SenderCredentials,
        update: &BusinessProfileUpdate,
    ) -> Result<(), GatewayError> {
        if update.is_empty() {
            return Ok(());
        }
        let mut body = json!({"messaging_product": "whatsapp"});
        put(&mut body, "about", update.about());
        put(&mut body, "address", update.address());
        put(&mut body, "description", update.description());
        put(&mut body, "email", update.email());
        put(&mut body, "vertical", update.vertical());
        put(
            &mut body,
            "profile_picture_handle",
            update.profile_picture_handle(),
        );
        if let Some(websites) = update.websites() {
            body["websites"] = Value::from(websites.to_vec());
        }
        let path = format!("{}/whatsapp_business_profile", from.phone_number_id);
        let request = self.request(Method::POST, from, &path).json(&body);
        let operation = op("update_business_profile", CallKind::Repeatable, from);
        let answer = execute(operation, request).await?;
        wire::success(&answer)
    }
}
