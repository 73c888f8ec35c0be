//! The outbox's group steps over PostgREST: one request per group, to the shared SQL of V21.

use inbox_domain::outbox::{AttemptEnd, AttemptOutcome};
use inbox_testkit::contract::fixtures;
use inbox_testkit::contract::outbox::world::{LEASE, send, text};

use crate::rest_contract::fresh_outbox;

/// A group of dispatch notes, and a group of ends, are one request each.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_group_is_one_request_to_the_shared_sql() {
    let (world, guard) = fresh_outbox().await;
    let fake = &guard.0;
    let outbox = &world.outbox;
    let thread = fixtures::conversation(&world.storage).await;
    for n in 0..3 {
        outbox
            .record(&send(&thread, text(&format!("group {n}"))))
            .await
            .expect("record");
    }
    let jobs = outbox.claim(10, LEASE).await.expect("claim");
    assert_eq!(jobs.len(), 3);
    let attempts: Vec<_> = jobs.iter().map(|job| (job.id, job.attempt)).collect();

    fake.clear_requests();
    let held = outbox
        .dispatching_many(&attempts)
        .await
        .expect("dispatching_many");
    assert_eq!(held, vec![true; 3]);
    let paths: Vec<String> = fake.requests().into_iter().map(|r| r.path).collect();
    assert_eq!(paths, ["/rest/v1/rpc/inbox_outbox_dispatching_many"]);

    let outcomes: Vec<AttemptOutcome> = jobs
        .iter()
        .map(|job| AttemptOutcome {
            id: job.id,
            attempt: job.attempt,
            end: AttemptEnd::Sent(fixtures::wamid()),
        })
        .collect();
    fake.clear_requests();
    let finished = outbox.finish_many(&outcomes).await.expect("finish_many");
    assert!(finished.iter().all(|f| f.applied && f.events.len() == 1));
    let paths: Vec<String> = fake.requests().into_iter().map(|r| r.path).collect();
    assert_eq!(paths, ["/rest/v1/rpc/inbox_outbox_finish_many"]);
}
