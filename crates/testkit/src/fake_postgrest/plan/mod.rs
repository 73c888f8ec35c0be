//! Statements for each kind of request. Every statement answers one row:
//! `(body text, rows int8, inserted int8, total int8)`, the body being a JSON array. Reads are
//! planned here; writes, function calls and the clauses they share have files of their own.

mod call;
mod clauses;
mod write;

pub(crate) use call::call;
pub(crate) use write::{delete, insert, update};

use super::catalog::Relation;
use super::error::ApiError;
use super::request::Query;
use super::sql::{Sql, ident};
use clauses::{order_clause, page_clause, select_list, where_clause};

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
