//! The outbox over PostgREST beyond its contract: one request per call to the shared SQL, and
//! claims that stay apart when two processes (two clients) claim at once.

use std::collections::HashSet;

use futures::future::BoxFuture;
use inbox_domain::outbox::SendJobId;
use inbox_supabase::{SupabaseProject, SupabaseRest};
use inbox_testkit::contract::fixtures;
use inbox_testkit::contract::outbox::world::{LEASE, send, text};
use secrecy::SecretString;

use crate::rest_contract::fresh_outbox;

/// Each outbox call is one request to the expected path.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_outbox_call_is_one_request_to_the_shared_sql() {
    let (world, guard) = fresh_outbox().await;
    let fake = &guard.0;
    let outbox = &world.outbox;
    let thread = fixtures::conversation(&world.storage).await;
    let account = thread.account_id;
    fake.clear_requests();
    let recorded = outbox
        .record(&send(&thread, text("hello")))
        .await
        .expect("record");
    let paths: Vec<String> = fake.requests().into_iter().map(|r| r.path).collect();
    assert_eq!(paths, ["/rest/v1/rpc/inbox_outbox_record_message"]);
    let message = recorded.message_id;
    let calls: [(&str, BoxFuture<'_, ()>); 6] = [
        (
            "/rest/v1/rpc/inbox_outbox_claim",
            Box::pin(async {
                let jobs = outbox.claim(10, LEASE).await.expect("claim");
                assert_eq!(jobs.len(), 1);
            }),
        ),
        (
            "/rest/v1/rpc/inbox_outbox_dispatching",
            Box::pin(async {
                let held = outbox.dispatching(recorded.job_id, 1).await;
                assert!(held.expect("dispatching"));
            }),
        ),
        (
            "/rest/v1/rpc/inbox_outbox_pause",
            Box::pin(async {
                let paused = outbox.pause_account(account, "token expired").await;
                assert!(paused.expect("pause"));
            }),
        ),
        (
            "/rest/v1/send_pauses",
            Box::pin(async {
                let reason = outbox.paused(account).await.expect("paused");
                assert_eq!(reason.as_deref(), Some("token expired"));
            }),
        ),
        (
            "/rest/v1/rpc/inbox_outbox_resume",
            Box::pin(async {
                assert!(outbox.resume_account(account).await.expect("resume"));
            }),
        ),
        (
            "/rest/v1/send_jobs",
            Box::pin(async {
                assert_eq!(outbox.jobs(message).await.expect("jobs").len(), 1);
            }),
        ),
    ];
    for (path, call) in calls {
        fake.clear_requests();
        call.await;
        let paths: Vec<String> = fake.requests().into_iter().map(|r| r.path).collect();
        assert_eq!(paths, [path]);
    }
}

/// Two clients claiming at once (as two processes would) never get the same job, and between
/// them claim every ready job: the claim's `SKIP LOCKED` holds inside its request.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_claims_from_two_clients_never_share_a_job() {
    const JOBS: usize = 20;
    let (world, guard) = fresh_outbox().await;
    let fake = &guard.0;
    let thread = fixtures::conversation(&world.storage).await;
    let mut recorded = HashSet::new();
    for n in 0..JOBS {
        let send = send(&thread, text(&format!("message {n}")));
        let job = world.outbox.record(&send).await.expect("record").job_id;
        recorded.insert(job);
    }
    let key = SecretString::from(fake.service_key().to_owned());
    let project = SupabaseProject::new(fake.url(), key).expect("valid project");
    let other = SupabaseRest::new(&project, &SupabaseRest::default_settings())
        .expect("adapter")
        .outbox();
    let max = u32::try_from(JOBS).expect("small");
    let (first, second) = tokio::join!(world.outbox.claim(max, LEASE), other.claim(max, LEASE));
    let first: Vec<SendJobId> = first.expect("claim").into_iter().map(|j| j.id).collect();
    let second: Vec<SendJobId> = second.expect("claim").into_iter().map(|j| j.id).collect();
    let claimed: HashSet<SendJobId> = first.iter().chain(&second).copied().collect();
    assert_eq!(
        claimed.len(),
        first.len() + second.len(),
        "no job is claimed twice"
    );
    assert_eq!(claimed, recorded, "every ready job is claimed once");
}
