//! Start, connect, restart with data kept, and reuse of a running server by a second caller.

use inbox_pgcluster::PgCluster;

use crate::support::{Running, config, connect, scratch};

#[tokio::test]
async fn a_new_cluster_accepts_connections_and_keeps_data_across_a_restart() {
    let dir = scratch();
    let cfg = config(&dir.path().join("pg"));

    let first = Running::start(cfg.clone());
    assert!(
        first.get().is_owned(),
        "the process that started the server owns it"
    );
    let client = connect(&first.get().connection_string()).await;
    client
        .batch_execute("CREATE TABLE kept (v text); INSERT INTO kept VALUES ('still here')")
        .await
        .expect("write");
    drop(client);
    first.stop();

    let second = Running::start(cfg);
    assert!(second.get().is_owned());
    let client = connect(&second.get().connection_string()).await;
    let row = client
        .query_one("SELECT v FROM kept", &[])
        .await
        .expect("read");
    assert_eq!(row.get::<_, String>(0), "still here");
}

#[tokio::test]
async fn a_second_caller_reuses_the_running_server_and_cannot_stop_it() {
    let dir = scratch();
    let cfg = config(&dir.path().join("pg"));
    let first = Running::start(cfg.clone());

    let second = PgCluster::ensure_started(cfg).expect("reuse");
    assert!(!second.is_owned());
    assert_eq!(second.port(), first.get().port());
    assert_eq!(second.postmaster_pid(), first.get().postmaster_pid());
    assert_eq!(second.socket_dir(), first.get().socket_dir());
    second.stop().expect("stop of a reused cluster is a no-op");

    assert!(first.get().is_running(), "the owner's server still runs");
    let client = connect(&first.get().connection_string()).await;
    client
        .batch_execute("SELECT 1")
        .await
        .expect("still serving");
}

#[tokio::test]
async fn a_fixed_port_is_honoured_and_the_unix_socket_works() {
    let dir = scratch();
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("free port")
        .port();
    let mut cfg = config(&dir.path().join("pg"));
    cfg.port = Some(port);
    let running = Running::start(cfg);
    let cluster = running.get();
    assert_eq!(cluster.port(), port);
    assert!(
        cluster.socket_dir().starts_with(cluster.data_dir()),
        "short paths keep the socket inside"
    );

    let client = connect(&cluster.socket_connection_string_for("postgres")).await;
    let row = client
        .query_one("SELECT current_user::text", &[])
        .await
        .expect("query");
    assert_eq!(row.get::<_, String>(0), cluster.user());
}
