//! Horizontal filters: `col=op.value`, `not.`, and the `or=(…)` / `and=(…)` trees.

use super::catalog::Column;
use super::error::ApiError;
use super::sql::{Sql, ident};

/// A comparison operator of the URL grammar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Op {
    Eq,
    Neq,
    Gt,
    Gte,
    Lt,
    Lte,
    Like,
    Ilike,
    Is,
    In,
    Contains,
    ContainedIn,
}

impl Op {
    fn parse(word: &str) -> Option<Self> {
        Some(match word {
            "eq" => Self::Eq,
            "neq" => Self::Neq,
            "gt" => Self::Gt,
            "gte" => Self::Gte,
            "lt" => Self::Lt,
            "lte" => Self::Lte,
            "like" => Self::Like,
            "ilike" => Self::Ilike,
            "is" => Self::Is,
            "in" => Self::In,
            "cs" => Self::Contains,
            "cd" => Self::ContainedIn,
            _ => return None,
        })
    }
}

/// A filter tree.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Filter {
    /// `column <op> value`, negated with `not.`.
    Compare {
        column: String,
        negated: bool,
        op: Op,
        /// One value; several for `in`.
        values: Vec<String>,
    },
    /// `and(…)` / `or(…)`, negated with `not.`.
    Logic {
        or: bool,
        negated: bool,
        children: Vec<Filter>,
    },
}

/// Parses the value of a top-level `column=` parameter (`[not.]op.value`). The value is taken
/// literally: only lists (`in.(…)`) are split and unquoted.
pub(crate) fn parse_column_filter(column: &str, raw: &str) -> Result<Filter, ApiError> {
    let (negated, rest) = match raw.strip_prefix("not.") {
        Some(rest) => (true, rest),
        None => (false, raw),
    };
    let (word, value) = rest.split_once('.').unwrap_or((rest, ""));
    let op = Op::parse(word).ok_or_else(|| {
        ApiError::parse(
            &format!("filter ({raw})"),
            format!("unknown operator {word}"),
        )
    })?;
    let values = if op == Op::In {
        parse_list(value).ok_or_else(|| ApiError::parse(&format!("filter ({raw})"), "bad list"))?
    } else {
        vec![value.to_owned()]
    };
    Ok(Filter::Compare {
        column: column.to_owned(),
        negated,
        op,
        values,
    })
}

/// Parses the value of an `or=`/`and=` (or `not.or=`) parameter: `(item,item,…)`.
pub(crate) fn parse_logic(key: &str, raw: &str) -> Result<Filter, ApiError> {
    let (negated, word) = match key.strip_prefix("not.") {
        Some(word) => (true, word),
        None => (false, key),
    };
    let fail = || ApiError::parse(&format!("logic tree ({raw})"), "unexpected input");
    let inner = raw
        .strip_prefix('(')
        .and_then(|rest| rest.strip_suffix(')'))
        .ok_or_else(fail)?;
    let children = split_top(inner)
        .ok_or_else(fail)?
        .into_iter()
        .map(|item| parse_item(&item).ok_or_else(fail))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Filter::Logic {
        or: word == "or",
        negated,
        children,
    })
}

/// One element of a logic tree: `col.[not.]op.value`, or a nested `[not.]and(…)` / `or(…)`.
fn parse_item(item: &str) -> Option<Filter> {
    let (negated, body) = match item.strip_prefix("not.") {
        Some(body) => (true, body),
        None => (false, item),
    };
    for (word, or) in [("and(", false), ("or(", true)] {
        if let Some(rest) = body.strip_prefix(word) {
            let inner = rest.strip_suffix(')')?;
            let children = split_top(inner)?
                .iter()
                .map(|child| parse_item(child))
                .collect::<Option<Vec<_>>>()?;
            return Some(Filter::Logic {
                or,
                negated,
                children,
            });
        }
    }
    let (column, rest) = item.split_once('.')?;
    let (negated, rest) = match rest.strip_prefix("not.") {
        Some(rest) => (true, rest),
        None => (false, rest),
    };
    let (word, value) = rest.split_once('.').unwrap_or((rest, ""));
    let op = Op::parse(word)?;
    let values = if op == Op::In {
        parse_list(value)?
    } else {
        vec![unquote(value)?]
    };
    Some(Filter::Compare {
        column: column.to_owned(),
        negated,
        op,
        values,
    })
}

/// `(a,"b,c",d)` → `["a", "b,c", "d"]`.
fn parse_list(raw: &str) -> Option<Vec<String>> {
    let inner = raw.strip_prefix('(')?.strip_suffix(')')?;
    if inner.is_empty() {
        return Some(Vec::new());
    }
    split_top(inner)?.iter().map(|item| unquote(item)).collect()
}

/// A value of a list or tree: a double-quoted one loses its quotes and backslash escapes.
fn unquote(raw: &str) -> Option<String> {
    let Some(inner) = raw.strip_prefix('"') else {
        return Some(raw.to_owned());
    };
    let inner = inner.strip_suffix('"')?;
    let mut out = String::with_capacity(inner.len());
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        out.push(if c == '\\' { chars.next()? } else { c });
    }
    Some(out)
}

/// Splits at the commas outside parentheses and double quotes.
fn split_top(raw: &str) -> Option<Vec<String>> {
    let mut items = Vec::new();
    let mut current = String::new();
    let mut depth = 0_u32;
    let mut quoted = false;
    let mut chars = raw.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' if quoted => {
                current.push(c);
                current.push(chars.next()?);
                continue;
            }
            '"' => quoted = !quoted,
            '(' if !quoted => depth += 1,
            ')' if !quoted => depth = depth.checked_sub(1)?,
            ',' if !quoted && depth == 0 => {
                items.push(std::mem::take(&mut current));
                continue;
            }
            _ => {}
        }
        current.push(c);
    }
    if quoted || depth != 0 {
        return None;
    }
    items.push(current);
    Some(items)
}

impl Filter {
    /// Renders the condition over columns qualified by `alias`, binding every value.
    pub(crate) fn render(
        &self,
        sql: &mut Sql,
        alias: &str,
        lookup: &dyn Fn(&str) -> Result<Column, ApiError>,
    ) -> Result<String, ApiError> {
        match self {
            Self::Logic {
                or,
                negated,
                children,
            } => {
                let parts = children
                    .iter()
                    .map(|child| child.render(sql, alias, lookup))
                    .collect::<Result<Vec<_>, _>>()?;
                let joined = if parts.is_empty() {
                    "TRUE".to_owned()
                } else {
                    parts.join(if *or { " OR " } else { " AND " })
                };
                Ok(negate(*negated, format!("({joined})")))
            }
            Self::Compare {
                column,
                negated,
                op,
                values,
            } => {
                let column = lookup(column)?;
                let target = format!("{alias}.{}", ident(&column.name));
                let condition = compare(sql, &target, &column.ty, *op, values)?;
                Ok(negate(*negated, condition))
            }
        }
    }
}

fn negate(negated: bool, condition: String) -> String {
    if negated {
        format!("NOT ({condition})")
    } else {
        condition
    }
}

fn compare(
    sql: &mut Sql,
    target: &str,
    ty: &str,
    op: Op,
    values: &[String],
) -> Result<String, ApiError> {
    let first = values.first().cloned().unwrap_or_default();
    let symbol = match op {
        Op::Eq => "=",
        Op::Neq => "<>",
        Op::Gt => ">",
        Op::Gte => ">=",
        Op::Lt => "<",
        Op::Lte => "<=",
        Op::Contains => "@>",
        Op::ContainedIn => "<@",
        Op::Like | Op::Ilike => {
            let pattern = sql.param(Some(first.replace('*', "%")));
            let word = if op == Op::Like { "LIKE" } else { "ILIKE" };
            return Ok(format!("{target}::text {word} {pattern}"));
        }
        Op::Is => {
            let what = match first.to_ascii_lowercase().as_str() {
                "null" => "NULL",
                "not_null" => "NOT NULL",
                "true" => "TRUE",
                "false" => "FALSE",
                "unknown" => "UNKNOWN",
                _ => {
                    return Err(ApiError::parse(
                        &format!("filter (is.{first})"),
                        "expected null, not_null, true, false or unknown",
                    ));
                }
            };
            return Ok(format!("{target} IS {what}"));
        }
        Op::In => {
            if values.is_empty() {
                return Ok("FALSE".to_owned());
            }
            let items: Vec<String> = values
                .iter()
                .map(|value| sql.typed(Some(value.clone()), ty))
                .collect();
            return Ok(format!("{target} IN ({})", items.join(", ")));
        }
    };
    let value = sql.typed(Some(first), ty);
    Ok(format!("{target} {symbol} {value}"))
}
