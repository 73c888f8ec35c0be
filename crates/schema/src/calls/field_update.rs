//! A field change as the SQL update functions (`inbox_update_contact`) take it: two arguments,
//! whether to set the field and the value, because a NULL value alone cannot tell "clear" from
//! "keep".

use inbox_domain::FieldUpdate;

/// Whether to set the field, and the value to set (`None` clears it).
pub fn set_or_keep<T>(update: &FieldUpdate<T>, text: impl Fn(&T) -> &str) -> (bool, Option<&str>) {
    match update {
        FieldUpdate::Keep => (false, None),
        FieldUpdate::Clear => (true, None),
        FieldUpdate::Set(value) => (true, Some(text(value))),
    }
}
