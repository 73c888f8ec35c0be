//! Templates in the running server: the settings of `[templates]`, the periodic check that
//! asks Meta about templates pending review for too long, and the cleanup of read-out
//! auto-created templates.

mod check;
#[cfg(test)]
mod check_tests;
mod cleanup;
#[cfg(test)]
mod cleanup_tests;
mod settings;
#[cfg(test)]
mod test_rig;

pub use check::{CheckReport, TemplateStatusCheck, TemplateStatusChecker};
pub use cleanup::{AutoTemplateCleanup, CleanupReport};
pub use settings::TemplateSettings;
