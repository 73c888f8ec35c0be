//! A request's query string and headers, parsed into what the statement builders need.

use actix_web::{HttpRequest, web};

use super::error::ApiError;
use super::filter::{Filter, parse_column_filter, parse_logic};

/// One item of `select=`: a column, perhaps renamed (`alias:col`) or cast (`col::text`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct SelectItem {
    pub(crate) column: String,
    pub(crate) alias: Option<String>,
    pub(crate) cast: Option<String>,
}

/// One term of `order=`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct OrderTerm {
    pub(crate) column: String,
    pub(crate) descending: bool,
    /// `Some(true)` for `nullsfirst`, `Some(false)` for `nullslast`, else PostgreSQL's default.
    pub(crate) nulls_first: Option<bool>,
}

/// The `Prefer` header's preferences this server honours.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Prefer {
    pub(crate) representation: bool,
    pub(crate) merge_duplicates: bool,
    pub(crate) ignore_duplicates: bool,
    pub(crate) count_exact: bool,
}

/// The parsed query string and headers.
#[derive(Debug, Default)]
pub(crate) struct Query {
    /// `None` means `*`.
    pub(crate) select: Option<Vec<SelectItem>>,
    pub(crate) order: Vec<OrderTerm>,
    pub(crate) limit: Option<i64>,
    pub(crate) offset: i64,
    pub(crate) filters: Vec<Filter>,
    pub(crate) on_conflict: Option<Vec<String>>,
    pub(crate) columns: Option<Vec<String>>,
    /// Parameters left for an RPC's arguments (GET `/rpc/fn?arg=…`), in order.
    pub(crate) rest: Vec<(String, String)>,
    pub(crate) prefer: Prefer,
    pub(crate) single: bool,
}

impl Query {
    /// Parses `req`. With `args` (a GET to a function), parameters named like an argument are kept
    /// in `rest` instead of becoming filters.
    pub(crate) fn parse(req: &HttpRequest, args: &[String]) -> Result<Self, ApiError> {
        let pairs = web::Query::<Vec<(String, String)>>::from_query(req.query_string())
            .map_err(|e| ApiError::parse("query string", e.to_string()))?
            .into_inner();
        let mut query = Self {
            prefer: prefer(req),
            single: header(req, "accept")
                .is_some_and(|accept| accept.contains("application/vnd.pgrst.object+json")),
            ..Self::default()
        };
        for (key, value) in pairs {
            match key.as_str() {
                "select" => query.select = Some(parse_select(&value)?),
                "order" => query.order = parse_order(&value)?,
                "limit" => query.limit = Some(number("limit", &value)?),
                "offset" => query.offset = number("offset", &value)?,
                "on_conflict" => query.on_conflict = Some(list(&value)),
                "columns" => query.columns = Some(list(&value)),
                "or" | "and" | "not.or" | "not.and" => {
                    query.filters.push(parse_logic(&key, &value)?);
                }
                _ if args.contains(&key) => query.rest.push((key, value)),
                _ => query.filters.push(parse_column_filter(&key, &value)?),
            }
        }
        if let Some(range) = header(req, "range") {
            query.apply_range(&range)?;
        }
        Ok(query)
    }

    /// `Range: 0-49` (with `Range-Unit: items`): an offset and a limit.
    fn apply_range(&mut self, range: &str) -> Result<(), ApiError> {
        let fail = || ApiError::parse("range", range.to_owned());
        let (from, to) = range.trim().split_once('-').ok_or_else(fail)?;
        let from: i64 = from.parse().map_err(|_| fail())?;
        self.offset = from;
        if !to.is_empty() {
            let to: i64 = to.parse().map_err(|_| fail())?;
            self.limit = Some((to - from + 1).max(0));
        }
        Ok(())
    }
}

/// A header's value as text.
pub(crate) fn header(req: &HttpRequest, name: &str) -> Option<String> {
    req.headers()
        .get(name)
        .and_then(|value| value.to_str().ok())
        .map(str::to_owned)
}

fn prefer(req: &HttpRequest) -> Prefer {
    let mut prefer = Prefer::default();
    for value in req.headers().get_all("prefer") {
        for item in value.to_str().unwrap_or_default().split(',') {
            match item.trim() {
                "return=representation" => prefer.representation = true,
                "resolution=merge-duplicates" => prefer.merge_duplicates = true,
                "resolution=ignore-duplicates" => prefer.ignore_duplicates = true,
                "count=exact" | "count=planned" | "count=estimated" => prefer.count_exact = true,
                _ => {}
            }
        }
    }
    prefer
}

fn number(what: &str, value: &str) -> Result<i64, ApiError> {
    value
        .parse::<i64>()
        .ok()
        .filter(|n| *n >= 0)
        .ok_or_else(|| ApiError::parse(what, format!("expected a natural number, got {value}")))
}

fn list(value: &str) -> Vec<String> {
    value
        .split(',')
        .map(|item| item.trim().trim_matches('"').to_owned())
        .filter(|item| !item.is_empty())
        .collect()
}

fn parse_select(value: &str) -> Result<Vec<SelectItem>, ApiError> {
    let mut items = Vec::new();
    for raw in value
        .split(',')
        .map(str::trim)
        .filter(|raw| !raw.is_empty())
    {
        if raw.contains('(') || raw.contains("->") {
            return Err(ApiError::parse(
                &format!("select ({raw})"),
                "embedding and JSON paths are not supported by the fake PostgREST",
            ));
        }
        let (alias, rest) = match raw.split_once(':') {
            Some((alias, rest)) if !alias.is_empty() && !rest.starts_with(':') => {
                (Some(alias.to_owned()), rest)
            }
            _ => (None, raw),
        };
        let (column, cast) = match rest.split_once("::") {
            Some((column, cast)) => (column, Some(cast.to_owned())),
            None => (rest, None),
        };
        // A type name only (`text`, `int8`, `text[]`): nothing else may reach the SQL.
        if let Some(cast) = &cast
            && (cast.is_empty()
                || !cast
                    .trim_end_matches("[]")
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '_'))
        {
            return Err(ApiError::parse(&format!("select ({raw})"), "bad cast"));
        }
        items.push(SelectItem {
            column: column.to_owned(),
            alias,
            cast,
        });
    }
    Ok(items)
}

fn parse_order(value: &str) -> Result<Vec<OrderTerm>, ApiError> {
    value
        .split(',')
        .map(str::trim)
        .filter(|raw| !raw.is_empty())
        .map(|raw| {
            let mut parts = raw.split('.');
            let column = parts.next().unwrap_or_default().to_owned();
            let mut term = OrderTerm {
                column,
                descending: false,
                nulls_first: None,
            };
            for part in parts {
                match part {
                    "asc" => term.descending = false,
                    "desc" => term.descending = true,
                    "nullsfirst" => term.nulls_first = Some(true),
                    "nullslast" => term.nulls_first = Some(false),
                    _ => {
                        return Err(ApiError::parse(
                            &format!("order ({raw})"),
                            format!("unexpected \"{part}\""),
                        ));
                    }
                }
            }
            Ok(term)
        })
        .collect()
}
