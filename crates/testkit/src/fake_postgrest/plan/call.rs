//! The plan of a function call (`/rpc/<fn>`): the arguments bound as one JSON record, the answer
//! shaped by what the function returns.

use serde_json::Value;

use super::clauses::{order_clause, page_clause, select_list, where_clause};
use super::{Plan, Shape, qualified};
use crate::fake_postgrest::catalog::{Function, Returns};
use crate::fake_postgrest::error::ApiError;
use crate::fake_postgrest::request::Query;
use crate::fake_postgrest::sql::{Sql, ident};

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
