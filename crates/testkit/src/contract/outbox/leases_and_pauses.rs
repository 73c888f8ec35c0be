//! Jobs held back: expired leases rescued (retried, or held as `unknown` once dispatched), and
//! a paused account's jobs waiting until it resumes.

use std::time::Duration;

use inbox_domain::outbox::SendJobState;

use super::world::{LEASE, OutboxWorld, claim_one, claim_ready, only_job, recorded};
use crate::contract::fixtures::Must;
use crate::contract::port_case::port_cases;

port_cases![OutboxWorld;
    rescue_retries_undispatched_jobs_and_holds_dispatched_ones,
    a_paused_account_is_not_claimed_until_resumed,
];

/// "one whose attempt never reached `dispatching` goes to `retry` (runnable now); one that did
/// may have reached Meta and becomes `unknown`".
async fn rescue_retries_undispatched_jobs_and_holds_dispatched_ones(
    case: &'static str,
    w: OutboxWorld,
) {
    let (_, quiet) = recorded(case, &w).await;
    let (_, called) = recorded(case, &w).await;
    // Long enough to note the dispatch while holding the lease, short enough to wait out.
    let short = Duration::from_millis(1000);
    let jobs = w.outbox.claim(10, short).await.must(case, "claim");
    assert_eq!(jobs.len(), 2, "{case}: both claimed");
    for job in jobs.iter().filter(|job| job.id == called.job_id) {
        let noted = w
            .outbox
            .dispatching(job.id, job.attempt)
            .await
            .must(case, "dispatching");
        assert!(noted, "{case}: the dispatch is noted within the lease");
    }
    tokio::time::sleep(short + Duration::from_millis(100)).await;
    assert_eq!(
        w.outbox.rescue_expired(LEASE).await.must(case, "rescue"),
        2,
        "{case}: both rescued"
    );
    let quiet_job = only_job(case, &w, quiet.message_id).await;
    assert_eq!(
        quiet_job.state,
        SendJobState::Retry,
        "{case}: never called: retried"
    );
    let called_job = only_job(case, &w, called.message_id).await;
    assert_eq!(
        called_job.state,
        SendJobState::Unknown,
        "{case}: maybe sent: waits"
    );
    let again = claim_one(case, &w, &quiet).await;
    assert_eq!(again.attempt, 2, "{case}: the quiet one runs again");
}

/// "Stops claiming the account's jobs ... its jobs wait, none fails"; "Returns false when it
/// was already paused (the first reason is kept)"; resume "Lets the account's jobs be claimed
/// again".
async fn a_paused_account_is_not_claimed_until_resumed(case: &'static str, w: OutboxWorld) {
    let (thread, recorded) = recorded(case, &w).await;
    let account = thread.account_id;
    assert!(
        w.outbox
            .pause_account(account, "token expired")
            .await
            .must(case, "pause")
    );
    assert!(
        !w.outbox
            .pause_account(account, "again")
            .await
            .must(case, "pause again"),
        "{case}: already paused"
    );
    assert_eq!(
        w.outbox
            .paused(account)
            .await
            .must(case, "paused")
            .as_deref(),
        Some("token expired"),
        "{case}: the first reason"
    );
    assert!(
        claim_ready(case, &w).await.is_empty(),
        "{case}: a paused account's job waits"
    );
    assert_eq!(
        only_job(case, &w, recorded.message_id).await.state,
        SendJobState::Queued,
        "{case}: and does not fail"
    );
    assert!(w.outbox.resume_account(account).await.must(case, "resume"));
    assert!(
        !w.outbox
            .resume_account(account)
            .await
            .must(case, "resume again"),
        "{case}: not paused any more"
    );
    assert_eq!(w.outbox.paused(account).await.must(case, "paused"), None);
    claim_one(case, &w, &recorded).await;
}
