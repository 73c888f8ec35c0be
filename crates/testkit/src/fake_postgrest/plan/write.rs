//! Plans that write: insert or upsert (`POST`), update (`PATCH`) and delete, each answering
//! the rows it touched through one `RETURNING` wrapper.

use serde_json::Value;

use super::clauses::{order_clause, select_list, where_clause};
use super::{Plan, Shape, qualified};
use crate::fake_postgrest::catalog::Relation;
use crate::fake_postgrest::error::ApiError;
use crate::fake_postgrest::request::Query;
use crate::fake_postgrest::sql::{Sql, ident};

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
