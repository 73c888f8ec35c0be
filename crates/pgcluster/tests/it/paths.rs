//! Data directory paths: long ones move the socket under /tmp, foreign contents are refused.

use std::fs::Permissions;
use std::os::unix::fs::PermissionsExt;

use inbox_pgcluster::{ClusterError, PgCluster};

use crate::support::{Running, config, connect, scratch};

#[tokio::test]
async fn a_long_data_dir_gets_its_socket_under_tmp() {
    let dir = scratch();
    let data_dir = dir
        .path()
        .join("a".repeat(60))
        .join("b".repeat(40))
        .join("pg");
    let running = Running::start(config(&data_dir));
    let cluster = running.get();
    let socket_dir = RemoveDir(cluster.socket_dir().to_path_buf());
    let socket_dir = &socket_dir.0;
    assert!(
        socket_dir.to_string_lossy().starts_with("/tmp/inbox-pg-"),
        "{}",
        socket_dir.display()
    );

    let client = connect(&cluster.socket_connection_string_for("postgres")).await;
    client
        .batch_execute("SELECT 1")
        .await
        .expect("query over the socket");
}

#[test]
fn a_directory_with_other_files_is_not_initialised() {
    let dir = scratch();
    let data_dir = dir.path().join("pg");
    std::fs::create_dir(&data_dir).expect("mkdir");
    std::fs::write(data_dir.join("precious.txt"), "do not touch").expect("write");

    let err = PgCluster::ensure_started(config(&data_dir)).expect_err("refused");
    assert!(matches!(err, ClusterError::NotADataDir { .. }), "{err}");
    assert!(data_dir.join("precious.txt").exists());
}

#[test]
fn as_root_a_data_dir_the_postgres_user_cannot_reach_is_refused_with_the_blocking_directory() {
    if !nix::unistd::geteuid().is_root() {
        return; // only root hands the server to another user
    }
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::set_permissions(dir.path(), Permissions::from_mode(0o700)).expect("chmod 0700");
    match PgCluster::ensure_started(config(&dir.path().join("pg"))) {
        Err(ClusterError::NotTraversable { path }) => assert_eq!(path, dir.path()),
        Err(other) => panic!("unexpected error: {other}"),
        Ok(cluster) => {
            let _ = cluster.stop();
            panic!("started although the postgres user cannot reach the data directory");
        }
    }
}

/// Removes a directory outside the scratch tree when the test ends.
struct RemoveDir(std::path::PathBuf);

impl Drop for RemoveDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}
