//! PostgREST's error answers: the `{"code", "message", "details", "hint"}` body and its status.

use actix_web::HttpResponse;
use actix_web::http::StatusCode;
use serde_json::{Value, json};

/// An error answer as PostgREST gives it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ApiError {
    pub(crate) status: u16,
    pub(crate) code: String,
    pub(crate) message: String,
    pub(crate) details: Option<String>,
    pub(crate) hint: Option<String>,
}

impl ApiError {
    /// An error of PostgREST itself (`PGRSTxxx`) or one it words like PostgreSQL would.
    pub(crate) fn new(status: u16, code: &str, message: impl Into<String>) -> Self {
        Self {
            status,
            code: code.to_owned(),
            message: message.into(),
            details: None,
            hint: None,
        }
    }

    /// The same error with `details`.
    pub(crate) fn details(mut self, details: impl Into<String>) -> Self {
        self.details = Some(details.into());
        self
    }

    /// The same error with `hint`.
    pub(crate) fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// `PGRST100`: the query string could not be parsed.
    pub(crate) fn parse(what: &str, details: impl Into<String>) -> Self {
        Self::new(400, "PGRST100", format!("\"failed to parse {what}\"")).details(details)
    }

    /// `PGRST102`: the body is not the JSON this request needs.
    pub(crate) fn body(details: impl Into<String>) -> Self {
        Self::new(400, "PGRST102", "Empty or invalid json").details(details)
    }

    /// `42703` as PostgREST 12 reports an unknown column in `select`, a filter or `order`.
    pub(crate) fn unknown_column(table: &str, column: &str) -> Self {
        Self::new(
            400,
            "42703",
            format!("column {table}.{column} does not exist"),
        )
    }

    /// `PGRST204`: a written key names no column.
    pub(crate) fn unknown_write_column(table: &str, column: &str) -> Self {
        Self::new(
            400,
            "PGRST204",
            format!("Could not find the '{column}' column of '{table}' in the schema cache"),
        )
    }

    /// `42P01`: no table or view of that name (PostgREST 12; 13 says `PGRST205`).
    pub(crate) fn unknown_relation(schema: &str, table: &str) -> Self {
        Self::new(
            404,
            "42P01",
            format!("relation \"{schema}.{table}\" does not exist"),
        )
    }

    /// `PGRST116`: single-object `Accept` and not exactly one row.
    pub(crate) fn not_single(rows: i64) -> Self {
        Self::new(
            406,
            "PGRST116",
            "JSON object requested, multiple (or no) rows returned",
        )
        .details(format!("The result contains {rows} rows"))
    }

    /// A PostgreSQL error, with PostgREST's status for its SQLSTATE.
    pub(crate) fn from_db(error: &tokio_postgres::Error) -> Self {
        match error.as_db_error() {
            Some(db) => Self {
                status: status_for_sqlstate(db.code().code()),
                code: db.code().code().to_owned(),
                message: db.message().to_owned(),
                details: db.detail().map(str::to_owned),
                hint: db.hint().map(str::to_owned),
            },
            None => Self::new(
                503,
                "PGRST001",
                "Database client error. Retrying the connection.",
            )
            .details(error.to_string()),
        }
    }

    /// The JSON body.
    pub(crate) fn body_json(&self) -> Value {
        json!({
            "code": self.code,
            "message": self.message,
            "details": self.details,
            "hint": self.hint,
        })
    }

    /// The response to send.
    pub(crate) fn into_response(self) -> HttpResponse {
        let status = StatusCode::from_u16(self.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let mut response = HttpResponse::build(status);
        if status == StatusCode::UNAUTHORIZED {
            response.insert_header((
                "WWW-Authenticate",
                format!(
                    "Bearer error=\"invalid_token\", error_description=\"{}\"",
                    self.message
                ),
            ));
        }
        response.json(self.body_json())
    }
}

/// PostgREST's HTTP status for a PostgreSQL SQLSTATE (its documented table; `PTxyz` → `xyz`).
pub(crate) fn status_for_sqlstate(code: &str) -> u16 {
    if let Some(custom) = code.strip_prefix("PT") {
        return custom
            .parse()
            .ok()
            .filter(|s| (100..600).contains(s))
            .unwrap_or(500);
    }
    match code {
        "23503" | "23505" => return 409,
        "25006" => return 405,
        "53400" => return 500,
        "P0001" => return 400,
        "42883" | "42P01" => return 404,
        "42P17" => return 500,
        "42501" => return 403,
        _ => {}
    }
    match code.get(..2).unwrap_or_default() {
        "08" | "53" => 503,
        "0L" | "0P" | "28" => 403,
        "09" | "25" | "2D" | "38" | "39" | "3B" | "40" | "54" | "55" | "57" | "58" | "F0"
        | "HV" | "P0" | "XX" => 500,
        _ => 400,
    }
}
