//! Answers of the fake: Meta's success bodies and its error shape.

use actix_web::HttpResponse;
use actix_web::http::StatusCode;
use rand::Rng;
use rand::distr::Alphanumeric;
use serde_json::{Value, json};

/// What a route answers, kept small until it becomes a response.
#[derive(Debug)]
pub(crate) struct Reply {
    pub(crate) status: u16,
    pub(crate) body: Body,
}

#[derive(Debug)]
pub(crate) enum Body {
    Json(Value),
    Bytes {
        content_type: String,
        bytes: Vec<u8>,
    },
    Text(String),
}

/// Why a request was refused: Meta's `code 100` family of answers.
#[derive(Debug)]
pub(crate) struct Invalid {
    pub(crate) message: String,
    pub(crate) details: String,
    pub(crate) subcode: Option<i64>,
}

impl Invalid {
    /// `(#100) Invalid parameter` with `details`.
    pub(crate) fn new(details: impl Into<String>) -> Self {
        Self {
            message: "(#100) Invalid parameter".to_owned(),
            details: details.into(),
            subcode: None,
        }
    }

    /// `(#100) The parameter <name> is required.`
    pub(crate) fn required(name: &str) -> Self {
        Self {
            message: format!("(#100) The parameter {name} is required."),
            details: format!("The parameter {name} is required."),
            subcode: None,
        }
    }

    /// Sets `error_subcode`.
    pub(crate) fn subcode(mut self, subcode: i64) -> Self {
        self.subcode = Some(subcode);
        self
    }
}

impl From<Invalid> for Reply {
    fn from(invalid: Invalid) -> Self {
        Reply::meta_error(
            400,
            100,
            invalid.subcode,
            &invalid.message,
            Some(&invalid.details),
        )
    }
}

impl Reply {
    /// `200` with a JSON body.
    pub(crate) fn ok(body: Value) -> Self {
        Self {
            status: 200,
            body: Body::Json(body),
        }
    }

    /// `{"success": true}`.
    pub(crate) fn success() -> Self {
        Self::ok(json!({"success": true}))
    }

    /// Meta's error body: `{"error": {message, type, code, error_subcode?, error_data?,
    /// fbtrace_id}}`.
    pub(crate) fn meta_error(
        http_status: u16,
        code: i64,
        subcode: Option<i64>,
        message: &str,
        details: Option<&str>,
    ) -> Self {
        let mut error = json!({"message": message, "type": "OAuthException", "code": code,
                               "fbtrace_id": fbtrace_id()});
        if let Some(subcode) = subcode {
            error["error_subcode"] = json!(subcode);
        }
        if let Some(details) = details {
            error["error_data"] = json!({"messaging_product": "whatsapp", "details": details});
        }
        if matches!(code, 1 | 2 | 130_429 | 131_000 | 131_016) {
            error["is_transient"] = json!(true);
        }
        Self {
            status: http_status,
            body: Body::Json(json!({"error": error})),
        }
    }

    /// `190`: the token is not accepted.
    pub(crate) fn bad_token() -> Self {
        Self::meta_error(
            401,
            190,
            None,
            "Invalid OAuth access token - Cannot parse access token",
            None,
        )
    }

    /// A plain-text answer (what a proxy in front of Meta would send).
    pub(crate) fn text(status: u16, text: &str) -> Self {
        Self {
            status,
            body: Body::Text(text.to_owned()),
        }
    }

    /// Raw bytes with their content type.
    pub(crate) fn bytes(content_type: &str, bytes: Vec<u8>) -> Self {
        Self {
            status: 200,
            body: Body::Bytes {
                content_type: content_type.to_owned(),
                bytes,
            },
        }
    }

    /// The HTTP response.
    pub(crate) fn into_response(self) -> HttpResponse {
        let status = StatusCode::from_u16(self.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let mut builder = HttpResponse::build(status);
        match self.body {
            Body::Json(value) => builder.json(value),
            Body::Bytes {
                content_type,
                bytes,
            } => builder.content_type(content_type).body(bytes),
            Body::Text(text) => builder.content_type("text/plain").body(text),
        }
    }
}

/// A random trace id like Meta's (`AbC1dEf2GhI`).
fn fbtrace_id() -> String {
    rand::rng()
        .sample_iter(&Alphanumeric)
        .take(11)
        .map(char::from)
        .collect()
}
