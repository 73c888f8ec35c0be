//! Lines every workload section of docs/performance.md starts with: where and on what it ran.

use crate::env::Environment;

/// `- **Build:** …`: the git revision and inboxd's version.
pub fn build(e: &Environment) -> String {
    format!(
        "- **Build:** git {}; `{}`.",
        e.git,
        if e.inboxd.is_empty() {
            "inboxd"
        } else {
            &e.inboxd
        }
    )
}

/// `- **Machine:** …`: CPU, memory, kernel, load before and after, R7.
pub fn machine(e: &Environment) -> String {
    format!(
        "- **Machine:** {} × {} vCPU, {:.0} GiB RAM, Linux {}; load average {} at the start, {} at the end; \
         R7 fdatasync {}.",
        e.cpu,
        e.nproc,
        e.memory_gib,
        e.kernel,
        e.load_before,
        e.load_after,
        e.fsync_per_second
            .map_or("not measured".to_owned(), |r| format!("{r:.0}/s"))
    )
}

/// `- **PostgreSQL:** …`: version and the settings that matter, then `durable` (what a commit
/// guarantees in this workload).
pub fn postgres(e: &Environment, durable: &str) -> String {
    let settings: Vec<String> = e
        .settings
        .iter()
        .map(|(k, v)| format!("`{k}={v}`"))
        .collect();
    format!(
        "- **PostgreSQL:** {}, private cluster under `target/bench-pg`; {}. {durable}",
        e.postgres,
        settings.join(", ")
    )
}

/// A validity list: the items joined with `separator`, or `none`.
pub fn listed(items: &[String], separator: &str) -> String {
    if items.is_empty() {
        "none".to_owned()
    } else {
        items.join(separator)
    }
}

/// ` – <detail>` after an error count when the driver kept one, else nothing.
pub fn detail_suffix(detail: &Option<String>) -> String {
    detail
        .as_ref()
        .map(|d| format!(" – {d}"))
        .unwrap_or_default()
}
