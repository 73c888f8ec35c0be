//! The clauses every plan is built from: the select list, `WHERE` from the filters, `ORDER BY`,
//! and `LIMIT`/`OFFSET`, each naming only columns the catalog knows.

use crate::fake_postgrest::catalog::Column;
use crate::fake_postgrest::error::ApiError;
use crate::fake_postgrest::request::{Query, SelectItem};
use crate::fake_postgrest::sql::{Sql, ident};

fn lookup<'a>(
    table: &'a str,
    columns: &'a [Column],
) -> impl Fn(&str) -> Result<Column, ApiError> + 'a {
    move |name: &str| {
        columns
            .iter()
            .find(|column| column.name == name)
            .cloned()
            .ok_or_else(|| ApiError::unknown_column(table, name))
    }
}

pub(super) fn select_list(
    query: &Query,
    table: &str,
    columns: &[Column],
) -> Result<String, ApiError> {
    let all = [SelectItem {
        column: "*".to_owned(),
        alias: None,
        cast: None,
    }];
    let items = query.select.as_deref().unwrap_or(&all);
    let mut parts = Vec::new();
    for item in items {
        if item.column == "*" {
            parts.extend(
                columns
                    .iter()
                    .map(|column| format!("_t.{0} AS {0}", ident(&column.name))),
            );
            continue;
        }
        let column = lookup(table, columns)(&item.column)?;
        let name = item.alias.as_deref().unwrap_or(&column.name);
        let cast = item
            .cast
            .as_deref()
            .map(|ty| format!("::{ty}"))
            .unwrap_or_default();
        parts.push(format!(
            "_t.{}{cast} AS {}",
            ident(&column.name),
            ident(name)
        ));
    }
    if parts.is_empty() {
        return Ok("NULL AS \"\"".to_owned());
    }
    Ok(parts.join(", "))
}

pub(super) fn where_clause(
    sql: &mut Sql,
    query: &Query,
    table: &str,
    columns: &[Column],
) -> Result<String, ApiError> {
    let find = lookup(table, columns);
    let conditions = query
        .filters
        .iter()
        .map(|filter| filter.render(sql, "_t", &find))
        .collect::<Result<Vec<_>, _>>()?;
    if conditions.is_empty() {
        return Ok(String::new());
    }
    Ok(format!(" WHERE {}", conditions.join(" AND ")))
}

pub(super) fn order_clause(
    query: &Query,
    table: &str,
    columns: &[Column],
) -> Result<String, ApiError> {
    if query.order.is_empty() {
        return Ok(String::new());
    }
    let find = lookup(table, columns);
    let terms = query
        .order
        .iter()
        .map(|term| {
            let column = find(&term.column)?;
            let direction = if term.descending { " DESC" } else { " ASC" };
            let nulls = match term.nulls_first {
                Some(true) => " NULLS FIRST",
                Some(false) => " NULLS LAST",
                None => "",
            };
            Ok(format!("_t.{}{direction}{nulls}", ident(&column.name)))
        })
        .collect::<Result<Vec<_>, ApiError>>()?;
    Ok(format!(" ORDER BY {}", terms.join(", ")))
}

pub(super) fn page_clause(query: &Query) -> String {
    let limit = query
        .limit
        .map(|n| format!(" LIMIT {n}"))
        .unwrap_or_default();
    format!("{limit} OFFSET {}", query.offset)
}
