//! Templates in the running server: the settings of `[templates]` and the periodic check that
//! asks Meta about templates pending review for too long.

mod check;
#[cfg(test)]
mod check_tests;
mod settings;

pub use check::{CheckReport, TemplateStatusCheck, TemplateStatusChecker};
pub use settings::TemplateSettings;
