//! Meta's checks of the rich send objects: interactive (buttons, list, CTA URL) and template.

use serde_json::Value;
use std::collections::HashSet;

use super::reply::Invalid;
use super::validate::{Checked, array, bounded, media_source, optional, string};

/// `interactive{type, header?, body, footer?, action}`.
pub(crate) fn interactive(content: &Value) -> Checked<()> {
    let kind = string(&content["type"], "interactive['type']")?;
    let body_max = match kind {
        "button" | "cta_url" => 1024,
        "list" => 4096,
        _ => {
            return Err(Invalid::new(
                "Param interactive['type'] must be one of {button, list, cta_url}",
            ));
        }
    };
    bounded(
        &content["body"]["text"],
        "interactive['body']['text']",
        1,
        body_max,
    )?;
    if let Some(footer) = content.get("footer") {
        bounded(&footer["text"], "interactive['footer']['text']", 1, 60)?;
    }
    if let Some(header) = content.get("header") {
        match string(&header["type"], "interactive['header']['type']")? {
            "text" => {
                bounded(&header["text"], "interactive['header']['text']", 1, 60)?;
            }
            media @ ("image" | "video" | "document") if kind != "list" => {
                media_source(&header[media], &format!("interactive['header']['{media}']"))?;
            }
            _ => {
                return Err(Invalid::new(
                    "Param interactive['header']['type'] is invalid",
                ));
            }
        }
    }
    let action = &content["action"];
    if action.is_null() {
        return Err(Invalid::required("interactive['action']"));
    }
    match kind {
        "button" => buttons(action),
        "list" => list(action),
        _ => cta_url(action),
    }
}

fn buttons(action: &Value) -> Checked<()> {
    let mut ids = HashSet::new();
    let mut titles = HashSet::new();
    for button in array(&action["buttons"], "interactive['action']['buttons']", 1, 3)? {
        if button["type"] != "reply" {
            return Err(Invalid::new(
                "Param interactive['action']['buttons'][]['type'] must be reply",
            ));
        }
        let reply = &button["reply"];
        let id = bounded(
            &reply["id"],
            "interactive['action']['buttons'][]['reply']['id']",
            1,
            256,
        )?;
        let title = bounded(
            &reply["title"],
            "interactive['action']['buttons'][]['reply']['title']",
            1,
            20,
        )?;
        if !ids.insert(id) || !titles.insert(title) {
            return Err(Invalid::new("Buttons must have unique ids and titles"));
        }
    }
    Ok(())
}

fn list(action: &Value) -> Checked<()> {
    bounded(&action["button"], "interactive['action']['button']", 1, 20)?;
    let sections = array(
        &action["sections"],
        "interactive['action']['sections']",
        1,
        10,
    )?;
    let mut ids = HashSet::new();
    for section in sections {
        if sections.len() > 1 && section.get("title").is_none() {
            return Err(Invalid::required(
                "interactive['action']['sections'][]['title']",
            ));
        }
        optional(
            &section["title"],
            "interactive['action']['sections'][]['title']",
            24,
        )?;
        for row in array(
            &section["rows"],
            "interactive['action']['sections'][]['rows']",
            1,
            10,
        )? {
            let id = bounded(
                &row["id"],
                "interactive['action']['sections'][]['rows'][]['id']",
                1,
                200,
            )?;
            bounded(
                &row["title"],
                "interactive['action']['sections'][]['rows'][]['title']",
                1,
                24,
            )?;
            optional(
                &row["description"],
                "interactive['action']['sections'][]['rows'][]['description']",
                72,
            )?;
            if !ids.insert(id) {
                return Err(Invalid::new("Row ids must be unique"));
            }
        }
    }
    if ids.len() > 10 {
        return Err(Invalid::new("Total row count exceed max allowed count: 10"));
    }
    Ok(())
}

fn cta_url(action: &Value) -> Checked<()> {
    if action["name"] != "cta_url" {
        return Err(Invalid::new(
            "Param interactive['action']['name'] must be cta_url",
        ));
    }
    let parameters = &action["parameters"];
    bounded(
        &parameters["display_text"],
        "interactive['action']['parameters']['display_text']",
        1,
        20,
    )?;
    let url = string(
        &parameters["url"],
        "interactive['action']['parameters']['url']",
    )?;
    if url.starts_with("https://") || url.starts_with("http://") {
        Ok(())
    } else {
        Err(Invalid::new(
            "Param interactive['action']['parameters']['url'] must be a valid URL",
        ))
    }
}

/// `template{name, language{code}, components?[{type, sub_type?, index?, parameters[]}]}`.
pub(crate) fn template(content: &Value) -> Checked<()> {
    bounded(&content["name"], "template['name']", 1, 512)?;
    string(&content["language"]["code"], "template['language']['code']")?;
    let Some(components) = content.get("components") else {
        return Ok(());
    };
    for component in array(components, "template['components']", 0, 20)? {
        let kind = string(&component["type"], "template['components'][]['type']")?;
        match kind.to_ascii_lowercase().as_str() {
            "header" | "body" => {}
            "button" => {
                string(
                    &component["sub_type"],
                    "template['components'][]['sub_type']",
                )?;
                let index = match &component["index"] {
                    Value::String(s) => s.parse::<u64>().ok(),
                    other => other.as_u64(),
                };
                if index.is_none_or(|i| i > 9) {
                    return Err(Invalid::new(
                        "Param template['components'][]['index'] must be 0 to 9",
                    ));
                }
            }
            _ => {
                return Err(Invalid::new(
                    "Param template['components'][]['type'] is invalid",
                ));
            }
        }
        for parameter in array(
            &component["parameters"],
            "template['components'][]['parameters']",
            0,
            100,
        )? {
            template_parameter(parameter)?;
        }
    }
    Ok(())
}

fn template_parameter(parameter: &Value) -> Checked<()> {
    const NAME: &str = "template['components'][]['parameters'][]";
    let kind = string(&parameter["type"], &format!("{NAME}['type']"))?;
    match kind {
        "text" => bounded(&parameter["text"], &format!("{NAME}['text']"), 1, 32_768).map(|_| ()),
        "payload" => string(&parameter["payload"], &format!("{NAME}['payload']")).map(|_| ()),
        "coupon_code" => bounded(
            &parameter["coupon_code"],
            &format!("{NAME}['coupon_code']"),
            1,
            15,
        )
        .map(|_| ()),
        "currency" => {
            let currency = &parameter["currency"];
            string(
                &currency["fallback_value"],
                &format!("{NAME}['currency']['fallback_value']"),
            )?;
            string(&currency["code"], &format!("{NAME}['currency']['code']"))?;
            currency["amount_1000"]
                .as_i64()
                .map(|_| ())
                .ok_or_else(|| Invalid::required(&format!("{NAME}['currency']['amount_1000']")))
        }
        "date_time" => string(
            &parameter["date_time"]["fallback_value"],
            &format!("{NAME}['date_time']['fallback_value']"),
        )
        .map(|_| ()),
        "image" | "video" | "document" => {
            media_source(&parameter[kind], &format!("{NAME}['{kind}']"))
        }
        _ => Err(Invalid::new(format!("Param {NAME}['type'] is invalid"))),
    }
}
