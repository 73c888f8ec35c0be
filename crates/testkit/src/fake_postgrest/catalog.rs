//! The schema cache: tables, views and functions of the exposed schema, read from the catalog.
//!
//! Identifiers reach SQL only after they are found here, so a request can never name anything
//! the schema does not have.

use std::collections::HashMap;
use tokio_postgres::Client;
use tokio_postgres::types::Type;

use super::error::ApiError;

/// A column and its type as `format_type` spells it (no typmod), for `$n::text::<type>` casts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Column {
    pub(crate) name: String,
    pub(crate) ty: String,
}

/// A table or a view of the exposed schema.
#[derive(Debug, Clone)]
pub(crate) struct Relation {
    pub(crate) name: String,
    /// A plain or partitioned table: `xmax` tells inserted rows from updated ones.
    pub(crate) is_table: bool,
    pub(crate) columns: Vec<Column>,
    pub(crate) primary_key: Vec<String>,
}

impl Relation {
    /// The column `name`.
    pub(crate) fn column(&self, name: &str) -> Option<&Column> {
        self.columns.iter().find(|column| column.name == name)
    }
}

/// A named input parameter of a function.
#[derive(Debug, Clone)]
pub(crate) struct Param {
    pub(crate) name: String,
    pub(crate) ty: String,
    pub(crate) has_default: bool,
}

/// What a function gives back, which decides the shape of the answer.
#[derive(Debug, Clone)]
pub(crate) enum Returns {
    /// `void`: 204 without a body.
    Void,
    /// A scalar (or `SETOF` scalar): the bare JSON value (or an array of them).
    Scalar { set: bool },
    /// A composite, `TABLE (…)` or OUT parameters: an object (or an array of them).
    Rows { set: bool, columns: Vec<Column> },
}

/// A function of the exposed schema.
#[derive(Debug, Clone)]
pub(crate) struct Function {
    pub(crate) name: String,
    pub(crate) params: Vec<Param>,
    pub(crate) returns: Returns,
    /// `VOLATILE`: PostgREST runs every other function in a read-only transaction.
    pub(crate) volatile: bool,
}

impl Function {
    /// One unnamed `json`/`jsonb` parameter: it receives the whole body.
    pub(crate) fn takes_whole_body(&self) -> bool {
        matches!(self.params.as_slice(), [param] if param.name.is_empty()
            && (param.ty == "json" || param.ty == "jsonb"))
    }
}

/// Everything the server knows about the exposed schema.
#[derive(Debug, Default)]
pub(crate) struct Catalog {
    pub(crate) relations: HashMap<String, Relation>,
    pub(crate) functions: HashMap<String, Vec<Function>>,
}

const RELATIONS: &str = "
SELECT c.relname::text, c.relkind::text, a.attname::text, format_type(a.atttypid, NULL)
  FROM pg_class c
  JOIN pg_namespace n ON n.oid = c.relnamespace
  JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
 WHERE n.nspname = $1 AND c.relkind IN ('r', 'v', 'm', 'p', 'f')
 ORDER BY c.relname, a.attnum";

const PRIMARY_KEYS: &str = "
SELECT c.relname::text, array_agg(a.attname::text ORDER BY k.ord)
  FROM pg_index i
  JOIN pg_class c ON c.oid = i.indrelid
  JOIN pg_namespace n ON n.oid = c.relnamespace
 CROSS JOIN LATERAL unnest(i.indkey::int2[]) WITH ORDINALITY AS k(attnum, ord)
  JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = k.attnum
 WHERE i.indisprimary AND n.nspname = $1
 GROUP BY c.relname";

const FUNCTIONS: &str = "
SELECT p.proname::text,
       coalesce(p.proargnames, '{}')::text[],
       coalesce(p.proargmodes::text[], '{}'),
       array(SELECT format_type(t, NULL)
               FROM unnest(coalesce(p.proallargtypes, p.proargtypes::oid[])) WITH ORDINALITY u(t, o)
              ORDER BY o),
       p.pronargdefaults::int4,
       p.proretset,
       p.prorettype = 'void'::regtype,
       rt.typrelid <> 0,
       array(SELECT a.attname::text FROM pg_attribute a
              WHERE a.attrelid = rt.typrelid AND a.attnum > 0 AND NOT a.attisdropped
              ORDER BY a.attnum),
       array(SELECT format_type(a.atttypid, NULL) FROM pg_attribute a
              WHERE a.attrelid = rt.typrelid AND a.attnum > 0 AND NOT a.attisdropped
              ORDER BY a.attnum),
       p.provolatile = 'v'
  FROM pg_proc p
  JOIN pg_namespace n ON n.oid = p.pronamespace
  JOIN pg_type rt ON rt.oid = p.prorettype
 WHERE n.nspname = $1 AND p.prokind = 'f'";

impl Catalog {
    /// Reads the schema `schema` from the catalog (unnamed statements: pooler-safe).
    pub(crate) async fn load(client: &Client, schema: &str) -> Result<Self, ApiError> {
        let db = |e: tokio_postgres::Error| ApiError::from_db(&e);
        let mut catalog = Self::default();
        for row in client
            .query_typed(RELATIONS, &[(&schema, Type::TEXT)])
            .await
            .map_err(db)?
        {
            let name: String = row.get(0);
            let kind: String = row.get(1);
            let relation = catalog
                .relations
                .entry(name.clone())
                .or_insert_with(|| Relation {
                    name,
                    is_table: kind == "r" || kind == "p",
                    columns: Vec::new(),
                    primary_key: Vec::new(),
                });
            relation.columns.push(Column {
                name: row.get(2),
                ty: row.get(3),
            });
        }
        for row in client
            .query_typed(PRIMARY_KEYS, &[(&schema, Type::TEXT)])
            .await
            .map_err(db)?
        {
            let name: String = row.get(0);
            if let Some(relation) = catalog.relations.get_mut(&name) {
                relation.primary_key = row.get(1);
            }
        }
        for row in client
            .query_typed(FUNCTIONS, &[(&schema, Type::TEXT)])
            .await
            .map_err(db)?
        {
            let function = function_from_row(&row);
            catalog
                .functions
                .entry(function.name.clone())
                .or_default()
                .push(function);
        }
        Ok(catalog)
    }
}

fn function_from_row(row: &tokio_postgres::Row) -> Function {
    let name: String = row.get(0);
    let names: Vec<String> = row.get(1);
    let modes: Vec<String> = row.get(2);
    let types: Vec<String> = row.get(3);
    let defaults = usize::try_from(row.get::<_, i32>(4)).unwrap_or_default();
    let set: bool = row.get(5);
    let void: bool = row.get(6);
    let composite: bool = row.get(7);
    let mode = |i: usize| modes.get(i).map_or("i", String::as_str);
    let mut params = Vec::new();
    let mut outs = Vec::new();
    for (i, ty) in types.iter().enumerate() {
        let column = Column {
            name: names.get(i).cloned().unwrap_or_default(),
            ty: ty.clone(),
        };
        match mode(i) {
            "o" | "t" => outs.push(column),
            "b" => {
                outs.push(column.clone());
                params.push(column);
            }
            _ => params.push(column),
        }
    }
    let first_default = params.len().saturating_sub(defaults);
    let params = params
        .into_iter()
        .enumerate()
        .map(|(i, column)| Param {
            name: column.name,
            ty: column.ty,
            has_default: i >= first_default,
        })
        .collect();
    let returns = if void {
        Returns::Void
    } else if composite {
        let names: Vec<String> = row.get(8);
        let types: Vec<String> = row.get(9);
        let columns = names
            .into_iter()
            .zip(types)
            .map(|(name, ty)| Column { name, ty })
            .collect();
        Returns::Rows { set, columns }
    } else if outs.len() > 1 {
        Returns::Rows { set, columns: outs }
    } else {
        Returns::Scalar { set }
    };
    Function {
        name,
        params,
        returns,
        volatile: row.get(10),
    }
}
