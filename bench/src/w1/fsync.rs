//! The disk's own floor for a durable acknowledgement: the latency of one 8 kB write plus
//! `fdatasync` (what a commit's WAL flush costs), timed one by one, on the disk the cluster uses.

use std::io::Write as _;
use std::os::unix::fs::FileExt as _;
use std::path::Path;
use std::time::Instant;

use crate::error::{BenchError, Result};
use crate::stats::{self, Summary};

/// Flushes timed.
const FLUSHES: u64 = 2_000;
/// Bytes written before each flush (one WAL page).
const PAGE: usize = 8 * 1024;

/// Writes and flushes `FLUSHES` pages in a scratch file under `dir`; the flush latencies.
pub async fn latency(dir: &Path) -> Result<Summary> {
    let file = dir.join("w1_fdatasync.bin");
    tokio::task::spawn_blocking(move || measure(&file))
        .await
        .map_err(|e| BenchError::other(format!("fdatasync task failed: {e}")))?
}

fn measure(path: &Path) -> Result<Summary> {
    let mut histogram = stats::histogram()?;
    let mut file =
        std::fs::File::create(path).map_err(BenchError::io("creating the fsync probe"))?;
    let page = vec![b'w'; PAGE];
    // Preallocate, as PostgreSQL does with WAL segments: the flushes then write data only.
    for _ in 0..256 {
        file.write_all(&page)
            .map_err(BenchError::io("preallocating the fsync probe"))?;
    }
    file.sync_all()
        .map_err(BenchError::io("syncing the fsync probe"))?;
    for i in 0..FLUSHES {
        file.write_all_at(&page, (i % 256) * PAGE as u64)
            .map_err(BenchError::io("writing the fsync probe"))?;
        let started = Instant::now();
        file.sync_data()
            .map_err(BenchError::io("flushing the fsync probe"))?;
        stats::record(&mut histogram, started.elapsed().as_micros() as u64);
    }
    drop(file);
    let _ = std::fs::remove_file(path);
    Ok(Summary::of(&histogram))
}
