//! A statement under construction: SQL text plus its text parameters.

/// SQL text and the values it binds, every one as `text` (cast in the SQL to the column type).
#[derive(Debug, Default)]
pub(crate) struct Sql {
    pub(crate) text: String,
    pub(crate) params: Vec<Option<String>>,
}

impl Sql {
    /// Binds `value` and returns its placeholder, typed `text` so the driver sends it as such.
    pub(crate) fn param(&mut self, value: Option<String>) -> String {
        self.params.push(value);
        format!("${}::text", self.params.len())
    }

    /// Binds `value` as a value of the SQL type `ty`.
    pub(crate) fn typed(&mut self, value: Option<String>, ty: &str) -> String {
        let placeholder = self.param(value);
        format!("{placeholder}::{ty}")
    }
}

/// `name` as a quoted SQL identifier.
pub(crate) fn ident(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}
