//! Storage backend selection at startup, as an operator configures it: each of the four cases
//! with its log line, and `/health` naming the active backend and every dependency.

use std::process::{Child, Stdio};

use inbox_postgres::PgSettings;
use inbox_testkit::contract::fixtures;
use inbox_testkit::db::TestDatabase;
use inbox_testkit::fake_postgrest::FakeSupabase;
use nix::sys::signal::{Signal, kill};
use nix::unistd::Pid;
use serde_json::Value;
use std::io::Read;

use crate::support::{admin_token, client_with_token, free_port, inboxd, wait_for_health};

/// Starts `inboxd serve` on a free port with `env`, logging to a pipe.
fn serve(env: &[(&str, &str)]) -> (Child, u16) {
    let port = free_port();
    let child = inboxd()
        .args(["serve", "--bind", &format!("127.0.0.1:{port}")])
        .envs(env.iter().copied())
        .env("INBOX_DATABASE__POOL_MIN", "1")
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    (child, port)
}

/// Stops `child` with SIGTERM and returns its log; it must exit zero.
fn stop(mut child: Child) -> String {
    kill(Pid::from_raw(child.id() as i32), Signal::SIGTERM).unwrap();
    let status = child.wait().unwrap();
    let mut log = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut log)
        .unwrap();
    assert!(status.success(), "exit {status:?}: {log}");
    log
}

/// `/health` once the process answers 200.
async fn health(port: u16) -> Value {
    wait_for_health(port).await;
    reqwest::get(format!("http://127.0.0.1:{port}/health"))
        .await
        .unwrap()
        .json()
        .await
        .unwrap()
}

/// The entry of `health["dependencies"]` named `name`.
fn dependency<'a>(health: &'a Value, name: &str) -> &'a Value {
    health["dependencies"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["name"] == name)
        .unwrap_or_else(|| panic!("no dependency {name} in {health}"))
}

/// The log line (JSON) whose message is `message`, if any.
fn log_line(log: &str, message: &str) -> Option<Value> {
    log.lines()
        .filter_map(|line| serde_json::from_str::<Value>(line).ok())
        .find(|line| line["fields"]["message"] == message || line["message"] == message)
}

#[tokio::test]
async fn a_good_database_url_opens_the_pool_and_health_reports_every_supabase_service() {
    let db = TestDatabase::new().await.unwrap();
    let supabase = FakeSupabase::start(&db).await.unwrap();
    let url = db.connection_string();
    let (child, port) = serve(&[
        ("DATABASE_URL", url.as_str()),
        ("SUPABASE_URL", supabase.url()),
        ("SUPABASE_SERVICE_KEY", supabase.service_key()),
        ("SUPABASE_KEY", supabase.anon_key()),
    ]);

    let health = health(port).await;
    let log = stop(child);

    assert!(
        log.contains("PostgreSQL pool created (min=1, max=20)"),
        "{log}"
    );
    assert_eq!(health["status"], "ok", "{health}");
    assert_eq!(health["backend"], "postgres");
    let expected = [
        ("database", "postgres", true),
        ("identity_provider", "supabase-auth", false),
        ("media_store", "supabase-storage", false),
        ("supabase_rest", "supabase", false),
    ];
    for (name, backend, required) in expected {
        let dependency = dependency(&health, name);
        assert_eq!(dependency["backend"], backend, "{dependency}");
        assert_eq!(dependency["status"], "up", "{dependency}");
        assert_eq!(dependency["required"], required, "{dependency}");
        assert!(dependency["latency_ms"].as_f64().unwrap() >= 0.0);
    }
}

#[tokio::test]
async fn a_dead_database_with_supabase_configured_warns_then_serves_over_postgrest() {
    let db = TestDatabase::new().await.unwrap();
    let supabase = FakeSupabase::start(&db).await.unwrap();
    let token = admin_token(&db.connection_string());
    let direct = inbox_postgres::connect(PgSettings::new(db.pg_config()))
        .await
        .unwrap();
    let conversation = fixtures::conversation(&direct.storage()).await;
    // The customer wrote just now: the 24-hour window is open for a free-form reply.
    let inbound = inbox_domain::NewMessage {
        sent_at: time::OffsetDateTime::now_utc(),
        ..fixtures::inbound(conversation.id, 0)
    };
    direct.storage().messages.append(inbound).await.unwrap();
    let template = template_named("fallback_greeting");
    let created = inbox_domain::outbound::CreatedTemplate {
        id: "1700000000000001".to_owned(),
        status: inbox_domain::outbound::TemplateState::Approved,
        category: None,
    };
    direct
        .templates()
        .record_created(conversation.account_id, &template, &created, false)
        .await
        .unwrap();
    direct.close();
    let graph = format!("http://127.0.0.1:{}", free_port());
    let dead = format!(
        "postgres://inbox@127.0.0.1:{}/inbox?connect_timeout=5",
        free_port()
    );
    let (child, port) = serve(&[
        ("DATABASE_URL", dead.as_str()),
        ("SUPABASE_URL", supabase.url()),
        ("SUPABASE_SERVICE_KEY", supabase.service_key()),
        // The send workers may try Meta: a dead loopback port, never the network.
        ("INBOX_GRAPH_API_URL", graph.as_str()),
    ]);

    let health = health(port).await;
    let client = client_with_token(&token);
    let listed = client
        .get(format!(
            "http://127.0.0.1:{port}/conversations?account_id={}",
            conversation.account_id
        ))
        .send()
        .await
        .unwrap();
    let listed_status = listed.status().as_u16();
    let listed_body = listed.text().await.unwrap();
    let send = client
        .post(format!(
            "http://127.0.0.1:{port}/conversations/{}/messages",
            conversation.id
        ))
        .json(&serde_json::json!({"type": "text", "text": {"body": "hi"}}))
        .send()
        .await
        .unwrap();
    let send_status = send.status().as_u16();
    let send_body: Value = send.json().await.unwrap();
    let templates = client
        .get(format!(
            "http://127.0.0.1:{port}/accounts/{}/templates",
            conversation.account_id
        ))
        .send()
        .await
        .unwrap();
    let templates_status = templates.status().as_u16();
    let templates_body: Value = templates.json().await.unwrap();
    let log = stop(child);

    let warning = log_line(
        &log,
        "PostgreSQL pool init failed, falling back to Supabase PostgREST",
    )
    .unwrap_or_else(|| panic!("no fallback warning in {log}"));
    assert_eq!(warning["level"], "WARN", "{warning}");
    assert!(
        warning.to_string().contains("127.0.0.1"),
        "the reason: {warning}"
    );
    assert!(!log.contains("PostgreSQL pool created"), "{log}");
    assert!(!log.contains("not available on this backend"), "{log}");
    assert_eq!(health["backend"], "supabase", "{health}");
    assert_eq!(dependency(&health, "database")["status"], "up");
    assert!(
        health["dependencies"]
            .as_array()
            .unwrap()
            .iter()
            .all(|d| d["name"] != "supabase_rest"),
        "PostgREST is the database here, not reported twice: {health}"
    );
    assert_eq!(listed_status, 200, "{listed_body}");
    assert!(
        listed_body.contains(&conversation.id.to_string()),
        "{listed_body}"
    );
    // Sending goes through the PostgREST outbox, templates through the PostgREST templates.
    assert_eq!(send_status, 202, "{send_body}");
    assert_eq!(send_body["status"], "pending", "{send_body}");
    assert_eq!(templates_status, 200, "{templates_body}");
    assert!(
        templates_body.to_string().contains("fallback_greeting"),
        "the template stored directly, read over PostgREST: {templates_body}"
    );
}

/// A utility template named `name` in English.
fn template_named(name: &str) -> inbox_domain::outbound::NewTemplate {
    use inbox_domain::outbound::{LanguageCode, NewTemplate, TemplateCategory, TemplateName};
    NewTemplate::new(
        TemplateName::parse(name).unwrap(),
        LanguageCode::parse("en").unwrap(),
        TemplateCategory::Utility,
        false,
        vec![serde_json::json!({"type": "BODY", "text": "Hello"})],
    )
    .unwrap()
}

#[tokio::test]
async fn no_database_url_with_supabase_configured_skips_the_pool_and_uses_postgrest() {
    let db = TestDatabase::new().await.unwrap();
    let supabase = FakeSupabase::start(&db).await.unwrap();
    let (child, port) = serve(&[
        ("SUPABASE_URL", supabase.url()),
        ("SUPABASE_SERVICE_KEY", supabase.service_key()),
    ]);

    let health = health(port).await;
    let log = stop(child);

    assert!(
        log_line(&log, "DATABASE_URL not set, skipping PostgreSQL pool init").is_some(),
        "{log}"
    );
    assert!(!log.contains("PostgreSQL pool created"), "{log}");
    assert!(!log.contains("embedded"), "{log}");
    assert_eq!(health["backend"], "supabase", "{health}");
    assert_eq!(health["storage"]["backend"], "supabase");
    assert_eq!(dependency(&health, "database")["backend"], "supabase");
    assert_eq!(
        dependency(&health, "identity_provider")["backend"],
        "supabase-auth"
    );
    assert_eq!(
        dependency(&health, "media_store")["backend"],
        "supabase-storage"
    );
}

#[tokio::test]
async fn neither_database_url_nor_supabase_starts_the_embedded_cluster() {
    let data = tempfile::tempdir().unwrap();
    let (child, port) = serve(&[("INBOX_DATA_DIR", data.path().to_str().unwrap())]);

    let health = health(port).await;
    let log = stop(child);

    assert!(
        log.contains("DATABASE_URL not set: using the embedded PostgreSQL cluster"),
        "{log}"
    );
    assert!(log.contains("PostgreSQL pool created"), "{log}");
    assert_eq!(health["backend"], "embedded-postgres", "{health}");
    assert_eq!(dependency(&health, "identity_provider")["backend"], "local");
    assert_eq!(dependency(&health, "media_store")["backend"], "filesystem");
    assert!(
        health["dependencies"]
            .as_array()
            .unwrap()
            .iter()
            .all(|d| d["name"] != "supabase_rest"),
        "{health}"
    );
}
