//! Statements for each kind of request. Every statement answers one row:
//! `(body text, rows int8, inserted int8, total int8)`, the body being a JSON array.

use serde_json::Value;

use super::catalog::{Column, Function, Relation, Returns};
use super::error::ApiError;
use super::request::{Query, SelectItem};
use super::sql::{Sql, ident};

/// The schema every request works in.
pub(crate) const SCHEMA: &str = "public";

/// What the answer's body looks like.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Shape {
    /// A JSON array of rows (or an object with single-object `Accept`).
    Rows,
    /// One object (a function returning one composite).
    Object,
    /// A bare JSON value (a function returning a scalar).
    Scalar,
    /// No body (a function returning `void`).
    Nothing,
}

/// A statement and how to shape its answer.
#[derive(Debug)]
pub(crate) struct Plan {
    pub(crate) sql: Sql,
    pub(crate) shape: Shape,
}

fn qualified(name: &str) -> String {
    format!("{}.{}", ident(SCHEMA), ident(name))
}

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

fn select_list(query: &Query, table: &str, columns: &[Column]) -> Result<String, ApiError> {
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

fn where_clause(
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

fn order_clause(query: &Query, table: &str, columns: &[Column]) -> Result<String, ApiError> {
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

fn page_clause(query: &Query) -> String {
    let limit = query
        .limit
        .map(|n| format!(" LIMIT {n}"))
        .unwrap_or_default();
    format!("{limit} OFFSET {}", query.offset)
}

/// `GET /rest/v1/<relation>`.
pub(crate) fn read(relation: &Relation, query: &Query) -> Result<Plan, ApiError> {
    let mut sql = Sql::default();
    let (name, columns) = (&relation.name, relation.columns.as_slice());
    let select = select_list(query, name, columns)?;
    let filter = where_clause(&mut sql, query, name, columns)?;
    let order = order_clause(query, name, columns)?;
    let from = format!("{} AS _t{filter}", qualified(name));
    let total = if query.prefer.count_exact {
        format!("(SELECT count(*) FROM {from})")
    } else {
        "NULL::int8".to_owned()
    };
    sql.text = format!(
        "SELECT coalesce(json_agg(_r), '[]')::text, count(*), 0::int8, {total} \
         FROM (SELECT {select} FROM {from}{order}{}) _r",
        page_clause(query)
    );
    Ok(Plan {
        sql,
        shape: Shape::Rows,
    })
}

/// Wraps a data-modifying statement (`… RETURNING _t.*, <inserted> AS pgrst_inserted`).
fn returning(
    sql: &mut Sql,
    modify: &str,
    query: &Query,
    relation: &Relation,
) -> Result<(), ApiError> {
    let select = select_list(query, &relation.name, &relation.columns)?;
    let order = order_clause(query, &relation.name, &relation.columns)?;
    sql.text = format!(
        "WITH _m AS ({modify}) SELECT \
         (SELECT coalesce(json_agg(_r), '[]')::text FROM (SELECT {select} FROM _m AS _t{order}) _r), \
         (SELECT count(*) FROM _m), (SELECT count(*) FROM _m WHERE pgrst_inserted), NULL::int8"
    );
    Ok(())
}

/// The keys every object of the payload has (PostgREST wants them uniform), or `columns=`.
fn payload_columns(
    relation: &Relation,
    rows: &[Value],
    query: &Query,
) -> Result<Vec<String>, ApiError> {
    let keys = |row: &Value| -> Result<Vec<String>, ApiError> {
        let object = row
            .as_object()
            .ok_or_else(|| ApiError::body("expected a JSON object or an array of objects"))?;
        let mut keys: Vec<String> = object.keys().cloned().collect();
        keys.sort();
        Ok(keys)
    };
    let columns = match &query.columns {
        Some(columns) => columns.clone(),
        None => {
            let first = rows.first().map(keys).transpose()?.unwrap_or_default();
            for row in rows.iter().skip(1) {
                if keys(row)? != first {
                    return Err(ApiError::body("All object keys must match"));
                }
            }
            first
        }
    };
    for column in &columns {
        if relation.column(column).is_none() {
            return Err(ApiError::unknown_write_column(&relation.name, column));
        }
    }
    Ok(columns)
}

/// `POST /rest/v1/<relation>`: insert, or upsert with `resolution=…`.
pub(crate) fn insert(relation: &Relation, query: &Query, body: &Value) -> Result<Plan, ApiError> {
    let rows = match body {
        Value::Array(rows) => rows.clone(),
        other => vec![other.clone()],
    };
    let columns = payload_columns(relation, &rows, query)?;
    let mut sql = Sql::default();
    let table = qualified(&relation.name);
    let list = columns
        .iter()
        .map(|c| ident(c))
        .collect::<Vec<_>>()
        .join(", ");
    let inserted = if relation.is_table {
        "(_t.xmax = 0)"
    } else {
        "TRUE"
    };
    let source = if rows.is_empty() {
        format!("INSERT INTO {table} AS _t SELECT * FROM {table} WHERE FALSE")
    } else if columns.is_empty() {
        format!("INSERT INTO {table} AS _t DEFAULT VALUES")
    } else {
        let payload = sql.param(Some(Value::Array(rows).to_string()));
        format!(
            "INSERT INTO {table} AS _t ({list}) SELECT {list} \
             FROM json_populate_recordset(NULL::{table}, {payload}::json)"
        )
    };
    let conflict = conflict_clause(relation, query, &columns)?;
    let modify = format!("{source}{conflict} RETURNING _t.*, {inserted} AS pgrst_inserted");
    returning(&mut sql, &modify, query, relation)?;
    Ok(Plan {
        sql,
        shape: Shape::Rows,
    })
}

fn conflict_clause(
    relation: &Relation,
    query: &Query,
    columns: &[String],
) -> Result<String, ApiError> {
    if !query.prefer.merge_duplicates && !query.prefer.ignore_duplicates {
        return Ok(String::new());
    }
    let target = query
        .on_conflict
        .clone()
        .unwrap_or_else(|| relation.primary_key.clone());
    if target.is_empty() {
        return Ok(String::new());
    }
    let mut idents = Vec::new();
    for column in &target {
        if relation.column(column).is_none() {
            return Err(ApiError::unknown_column(&relation.name, column));
        }
        idents.push(ident(column));
    }
    let target = idents.join(", ");
    if query.prefer.ignore_duplicates || columns.is_empty() {
        return Ok(format!(" ON CONFLICT ({target}) DO NOTHING"));
    }
    let set = columns
        .iter()
        .map(|column| format!("{0} = EXCLUDED.{0}", ident(column)))
        .collect::<Vec<_>>()
        .join(", ");
    Ok(format!(" ON CONFLICT ({target}) DO UPDATE SET {set}"))
}

/// `PATCH /rest/v1/<relation>?<filters>`.
pub(crate) fn update(relation: &Relation, query: &Query, body: &Value) -> Result<Plan, ApiError> {
    if !body.is_object() {
        return Err(ApiError::body("expected a JSON object"));
    }
    let columns = payload_columns(relation, std::slice::from_ref(body), query)?;
    let mut sql = Sql::default();
    let table = qualified(&relation.name);
    let filter = where_clause(&mut sql, query, &relation.name, &relation.columns)?;
    let modify = if columns.is_empty() {
        format!("SELECT _t.*, FALSE AS pgrst_inserted FROM {table} AS _t WHERE FALSE")
    } else {
        let payload = sql.param(Some(body.to_string()));
        let set = columns
            .iter()
            .map(|column| format!("{0} = _p.{0}", ident(column)))
            .collect::<Vec<_>>()
            .join(", ");
        format!(
            "UPDATE {table} AS _t SET {set} FROM json_populate_record(NULL::{table}, {payload}::json) AS _p\
             {filter} RETURNING _t.*, FALSE AS pgrst_inserted"
        )
    };
    returning(&mut sql, &modify, query, relation)?;
    Ok(Plan {
        sql,
        shape: Shape::Rows,
    })
}

/// `DELETE /rest/v1/<relation>?<filters>`.
pub(crate) fn delete(relation: &Relation, query: &Query) -> Result<Plan, ApiError> {
    let mut sql = Sql::default();
    let filter = where_clause(&mut sql, query, &relation.name, &relation.columns)?;
    let modify = format!(
        "DELETE FROM {} AS _t{filter} RETURNING _t.*, FALSE AS pgrst_inserted",
        qualified(&relation.name)
    );
    returning(&mut sql, &modify, query, relation)?;
    Ok(Plan {
        sql,
        shape: Shape::Rows,
    })
}

/// `POST /rest/v1/rpc/<fn>` (named arguments in `args`) or `GET` (arguments from the query).
pub(crate) fn call(function: &Function, query: &Query, args: &Value) -> Result<Plan, ApiError> {
    let mut sql = Sql::default();
    let name = qualified(&function.name);
    let (from, call) = if function.takes_whole_body() {
        let ty = function
            .params
            .first()
            .map_or("json", |param| param.ty.as_str());
        let payload = sql.param(Some(args.to_string()));
        (String::new(), format!("{name}({payload}::{ty})"))
    } else {
        let object = args.as_object();
        let given: Vec<_> = function
            .params
            .iter()
            .filter(|param| object.is_some_and(|object| object.contains_key(&param.name)))
            .collect();
        if given.is_empty() {
            (String::new(), format!("{name}()"))
        } else {
            let payload = sql.param(Some(args.to_string()));
            let definition = given
                .iter()
                .map(|param| format!("{} {}", ident(&param.name), param.ty))
                .collect::<Vec<_>>()
                .join(", ");
            let named = given
                .iter()
                .map(|param| format!("{0} => _a.{0}", ident(&param.name)))
                .collect::<Vec<_>>()
                .join(", ");
            (
                format!("json_to_record({payload}::json) AS _a({definition})"),
                format!("{name}({named})"),
            )
        }
    };
    let lateral = |call: &str, alias: &str| {
        if from.is_empty() {
            format!("{call} AS {alias}")
        } else {
            format!("{from} CROSS JOIN LATERAL {call} AS {alias}")
        }
    };
    let from_args = if from.is_empty() {
        String::new()
    } else {
        format!(" FROM {from}")
    };
    let shape = match &function.returns {
        Returns::Void => {
            sql.text = format!(
                "SELECT NULL::text, count(*), 0::int8, NULL::int8 FROM (SELECT {call}{from_args}) _v"
            );
            Shape::Nothing
        }
        Returns::Scalar { set: false } => {
            sql.text = format!(
                "SELECT to_json(_v.v)::text, 1::int8, 0::int8, NULL::int8 FROM (SELECT {call} AS v{from_args}) _v"
            );
            Shape::Scalar
        }
        Returns::Scalar { set: true } => {
            sql.text = format!(
                "SELECT coalesce(json_agg(_r.v), '[]')::text, count(*), 0::int8, NULL::int8 \
                 FROM (SELECT _t.v FROM {}{}) _r",
                lateral(&call, "_t(v)"),
                page_clause(query)
            );
            Shape::Rows
        }
        Returns::Rows { set, columns } => {
            let select = select_list(query, &function.name, columns)?;
            let filter = where_clause(&mut sql, query, &function.name, columns)?;
            let order = order_clause(query, &function.name, columns)?;
            sql.text = format!(
                "SELECT coalesce(json_agg(_r), '[]')::text, count(*), 0::int8, NULL::int8 \
                 FROM (SELECT {select} FROM {}{filter}{order}{}) _r",
                lateral(&call, "_t"),
                page_clause(query)
            );
            if *set { Shape::Rows } else { Shape::Object }
        }
    };
    Ok(Plan { sql, shape })
}
