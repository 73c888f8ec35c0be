//! Two `inboxd` processes on one database drain one webhook queue: every delivery applied once.

use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use inbox_testkit::db::TestDatabase;
use inbox_testkit::webhook::{Delivery, Msg, PHONE_NUMBER_ID, sign, wamid};
use nix::sys::signal::{Signal, kill};
use nix::unistd::Pid;

use crate::support::{admin_token, client_with_token, free_port, inboxd, wait_for_health};

const SECRET: &str = "two-instances-app-secret";
/// Deliveries stored while no worker runs, then as many while both instances run.
const PER_PHASE: usize = 150;

/// A running `inboxd`, killed if the test ends (or panics) before stopping it.
struct Instance(Option<Child>);

impl Drop for Instance {
    fn drop(&mut self) {
        if let Some(mut child) = self.0.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

/// `inboxd serve` on `port` over `db` with `workers` webhook workers, polling every 50 ms.
fn inboxd_on(db: &TestDatabase, port: u16, workers: usize) -> Command {
    let mut command = inboxd();
    command
        .args(["serve", "--bind", &format!("127.0.0.1:{port}")])
        .env("DATABASE_URL", db.connection_string())
        .env("INBOX_DATABASE__POOL_MIN", "2")
        .env("INBOX_DATABASE__POOL_MAX", "6")
        .env("INBOX_WEBHOOKS__WORKERS", workers.to_string())
        .env("INBOX_WEBHOOKS__BATCH_SIZE", "4")
        .env("INBOX_WEBHOOKS__POLL_INTERVAL_MS", "50")
        .env("INBOX_LOG__LEVEL", "warn")
        .stderr(Stdio::null());
    command
}

fn spawn(command: &mut Command) -> Instance {
    Instance(Some(command.spawn().unwrap()))
}

fn spawn_inboxd(db: &TestDatabase, port: u16, workers: usize) -> Instance {
    spawn(&mut inboxd_on(db, port, workers))
}

/// Stops an instance as an operator would (SIGTERM) and expects a clean exit.
fn stop(mut instance: Instance) {
    let mut child = instance.0.take().unwrap();
    let pid = Pid::from_raw(i32::try_from(child.id()).unwrap());
    kill(pid, Signal::SIGTERM).unwrap();
    assert!(
        child.wait().unwrap().success(),
        "inboxd did not stop cleanly"
    );
}

/// Posts deliveries `range` round-robin over `ports`, eight at a time; each must answer 200.
async fn post_all(client: &reqwest::Client, ports: &[u16], range: std::ops::Range<usize>) {
    let mut lanes = Vec::new();
    for lane in 0..8 {
        let client = client.clone();
        let ports = ports.to_vec();
        let range = range.clone();
        lanes.push(tokio::spawn(async move {
            for index in range.skip(lane).step_by(8) {
                let body = Delivery::new(PHONE_NUMBER_ID)
                    .message(Msg::text(
                        &format!("1650555{index:04}"),
                        &wamid(&format!("two-{index}")),
                        "hi",
                    ))
                    .to_bytes();
                let port = ports[index % ports.len()];
                let response = client
                    .post(format!("http://127.0.0.1:{port}/webhook/whatsapp"))
                    .header("x-hub-signature-256", sign(&body, SECRET.as_bytes()))
                    .body(body)
                    .send()
                    .await
                    .unwrap();
                assert_eq!(response.status(), 200, "delivery {index}");
            }
        }));
    }
    for lane in lanes {
        lane.await.unwrap();
    }
}

/// Connects the account whose app secret signs the deliveries, through the instance on `port`.
async fn create_account(db: &TestDatabase, port: u16) {
    let client = client_with_token(&admin_token(&db.connection_string()));
    let created = client
        .post(format!("http://127.0.0.1:{port}/accounts"))
        .json(&serde_json::json!({
            "name": "Two", "phone_number_id": PHONE_NUMBER_ID, "waba_id": "102290129340398",
            "display_phone_number": "+15550783881", "access_token": "token",
            "app_secret": SECRET, "verify_token": "verify",
        }))
        .send()
        .await
        .unwrap();
    assert_eq!(created.status(), 201);
}

/// `webhook_deliveries_processed_total{outcome="<outcome>"}` of the instance on `port`.
async fn processed(client: &reqwest::Client, port: u16, outcome: &str) -> u64 {
    let text = client
        .get(format!("http://127.0.0.1:{port}/metrics"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let series = format!("webhook_deliveries_processed_total{{outcome=\"{outcome}\"}} ");
    text.lines()
        .find_map(|line| line.strip_prefix(&series))
        .map_or(0, |value| value.trim().parse().unwrap())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_instances_drain_one_queue_and_apply_every_delivery_once() {
    let db = TestDatabase::new().await.unwrap();
    let client = reqwest::Client::new();

    // Phase 1: an instance without workers stores a backlog.
    let ingest = free_port();
    let ingest_only = spawn_inboxd(&db, ingest, 0);
    wait_for_health(ingest).await;
    create_account(&db, ingest).await;
    post_all(&client, &[ingest], 0..PER_PHASE).await;
    stop(ingest_only);

    // Phase 2: two instances with workers drain it while more deliveries reach both.
    let ports = [free_port(), free_port()];
    let instances: Vec<Instance> = ports
        .iter()
        .map(|port| spawn_inboxd(&db, *port, 2))
        .collect();
    for port in ports {
        wait_for_health(port).await;
    }
    post_all(&client, &ports, PER_PHASE..2 * PER_PHASE).await;

    let pg = db.connect().await.unwrap();
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let row = pg
            .query_one(
                "SELECT count(*) FILTER (WHERE state <> 'done') FROM webhook_deliveries",
                &[],
            )
            .await
            .unwrap();
        let unfinished: i64 = row.get(0);
        if unfinished == 0 {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "{unfinished} deliveries never finished"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let applied = [
        processed(&client, ports[0], "applied").await,
        processed(&client, ports[1], "applied").await,
    ];
    for instance in instances {
        stop(instance);
    }

    let total = 2 * PER_PHASE;
    let row = pg
        .query_one(
            "SELECT (SELECT count(*) FROM messages), (SELECT count(DISTINCT wamid) FROM messages), \
                    (SELECT COALESCE(sum(unread_count), 0) FROM conversations), \
                    (SELECT count(*) FROM webhook_deliveries WHERE state = 'done')",
            &[],
        )
        .await
        .unwrap();
    let (messages, distinct, unread, done): (i64, i64, i64, i64) =
        (row.get(0), row.get(1), row.get(2), row.get(3));
    assert_eq!(done, total as i64, "every delivery done");
    assert_eq!(messages, total as i64, "every message stored");
    assert_eq!(distinct, messages, "no message stored twice");
    assert_eq!(unread, messages, "unread counts bumped once per message");
    assert_eq!(
        applied[0] + applied[1],
        total as u64,
        "each delivery applied by one instance: {applied:?}"
    );
    assert!(
        applied.iter().all(|n| *n > 0),
        "both instances took part: {applied:?}"
    );
}

/// Waits (at most 10 s) until some `inboxd` of `db` has run `LISTEN` on its listener connection.
async fn wait_for_listener(pg: &tokio_postgres::Client) {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let row = pg
            .query_one(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() \
                 AND application_name = 'inboxd-listener' AND state = 'idle' \
                 AND query LIKE 'LISTEN%'",
                &[],
            )
            .await
            .unwrap();
        if row.get::<_, i64>(0) > 0 {
            return;
        }
        assert!(Instant::now() < deadline, "no instance ever listened");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_delivery_stored_by_one_instance_wakes_the_idle_workers_of_another() {
    let db = TestDatabase::new().await.unwrap();
    let client = reqwest::Client::new();
    let (receiver, applier) = (free_port(), free_port());
    // A stores deliveries and runs no worker; B's workers poll once a minute, so within the
    // few seconds below only a wake-up sent across instances can bring them back.
    let _a = spawn_inboxd(&db, receiver, 0);
    let _b = spawn(inboxd_on(&db, applier, 1).env("INBOX_WEBHOOKS__POLL_INTERVAL_MS", "60000"));
    wait_for_health(receiver).await;
    wait_for_health(applier).await;
    let pg = db.connect().await.unwrap();
    wait_for_listener(&pg).await;
    create_account(&db, receiver).await;

    let posted = Instant::now();
    post_all(&client, &[receiver], 0..1).await;

    let deadline = posted + Duration::from_secs(5);
    loop {
        let row = pg
            .query_one(
                "SELECT (SELECT count(*) FROM webhook_deliveries WHERE state = 'done'), \
                        (SELECT count(*) FROM messages)",
                &[],
            )
            .await
            .unwrap();
        if (row.get::<_, i64>(0), row.get::<_, i64>(1)) == (1, 1) {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "the delivery posted to A was not applied by B within 5 s: no cross-instance wake-up"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert_eq!(processed(&client, applier, "applied").await, 1);
    let metrics = client
        .get(format!("http://127.0.0.1:{applier}/metrics"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        metrics.contains("webhook_remote_wakeups_total{reason=\"notified\"}"),
        "B counts the remote wake-up"
    );
}
