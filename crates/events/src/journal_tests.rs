//! The journal's contract: numbering, replay, resync, bounded history, lagging subscribers.

use inbox_domain::events::InboxEvent;
use inbox_domain::ports::EventBus;
use inbox_domain::ports::{
    EventFeed, EventPosition, FeedItem, FeedSubscription, ResumeFrom, ResyncReason,
};
use inbox_domain::{AccountId, ContactId};

use crate::{EventJournal, InProcessEventBus, JournalSettings};

fn event() -> InboxEvent {
    InboxEvent::ContactUpdated {
        account_id: AccountId::generate(),
        contact_id: ContactId::generate(),
    }
}

fn journal(history: usize, subscriber_buffer: usize) -> EventJournal {
    EventJournal::new(JournalSettings {
        history,
        subscriber_buffer,
    })
}

async fn next_event(subscription: &mut Box<dyn FeedSubscription>) -> (u64, InboxEvent) {
    match subscription.next().await {
        Some(FeedItem::Event(numbered)) => (numbered.position.seq, numbered.event.clone()),
        other => panic!("expected an event, got {other:?}"),
    }
}

async fn next_resync(
    subscription: &mut Box<dyn FeedSubscription>,
) -> (EventPosition, ResyncReason) {
    match subscription.next().await {
        Some(FeedItem::Resync { position, reason }) => (position, reason),
        other => panic!("expected a resync, got {other:?}"),
    }
}

fn at(journal: &EventJournal, seq: u64) -> EventPosition {
    EventPosition {
        epoch: journal.newest().epoch,
        seq,
    }
}

#[tokio::test]
async fn a_subscriber_gets_the_events_published_after_it_subscribed_numbered_in_order() {
    let journal = journal(100, 100);
    journal.record([event()]);
    let mut subscription = journal.subscribe(ResumeFrom::Now);
    let events = vec![event(), event(), event()];

    journal.record(events.clone());

    for (offset, expected) in events.into_iter().enumerate() {
        assert_eq!(
            next_event(&mut subscription).await,
            (2 + offset as u64, expected)
        );
    }
}

#[tokio::test]
async fn resuming_after_a_held_id_replays_what_was_missed_then_continues_live() {
    let journal = journal(100, 100);
    let missed = vec![event(), event(), event(), event()];
    journal.record(missed.clone());

    let mut subscription = journal.subscribe(ResumeFrom::After(at(&journal, 2)));
    let live = event();
    journal.record([live.clone()]);

    assert_eq!(next_event(&mut subscription).await, (3, missed[2].clone()));
    assert_eq!(next_event(&mut subscription).await, (4, missed[3].clone()));
    assert_eq!(next_event(&mut subscription).await, (5, live));
}

#[tokio::test]
async fn resuming_from_the_newest_id_replays_nothing() {
    let journal = journal(100, 100);
    journal.record([event(), event()]);
    let mut subscription = journal.subscribe(ResumeFrom::After(journal.newest()));
    let live = event();
    journal.record([live.clone()]);
    assert_eq!(next_event(&mut subscription).await, (3, live));
}

#[tokio::test]
async fn the_history_keeps_only_the_newest_events_and_an_older_id_gets_a_too_old_resync() {
    let journal = journal(3, 100);
    journal.record((0..10).map(|_| event()));

    let mut held = journal.subscribe(ResumeFrom::After(at(&journal, 7)));
    assert_eq!(next_event(&mut held).await.0, 8);

    let mut too_old = journal.subscribe(ResumeFrom::After(at(&journal, 6)));
    assert_eq!(
        next_resync(&mut too_old).await,
        (at(&journal, 10), ResyncReason::TooOld)
    );
    let live = event();
    journal.record([live.clone()]);
    assert_eq!(next_event(&mut too_old).await, (11, live));
}

#[tokio::test]
async fn an_id_this_journal_never_handed_out_gets_an_unknown_id_resync() {
    let journal = journal(100, 100);
    journal.record([event(), event()]);
    let other_epoch = EventPosition {
        epoch: journal.newest().epoch.wrapping_add(1),
        seq: 1,
    };
    for (case, from) in [
        ("another epoch (a restart)", ResumeFrom::After(other_epoch)),
        (
            "a number not reached yet",
            ResumeFrom::After(at(&journal, 3)),
        ),
        ("an unreadable id", ResumeFrom::Unreadable),
    ] {
        let mut subscription = journal.subscribe(from);
        assert_eq!(
            next_resync(&mut subscription).await,
            (at(&journal, 2), ResyncReason::UnknownId),
            "case {case}"
        );
    }
}

#[tokio::test]
async fn a_subscriber_that_overflows_its_buffer_catches_up_from_the_history_without_loss() {
    let journal = journal(100, 2);
    let mut slow = journal.subscribe(ResumeFrom::Now);
    let events: Vec<_> = (0..10).map(|_| event()).collect();

    journal.record(events.clone());

    for (offset, expected) in events.into_iter().enumerate() {
        assert_eq!(next_event(&mut slow).await, (1 + offset as u64, expected));
    }
}

#[tokio::test]
async fn a_subscriber_behind_the_history_gets_a_lagged_resync_and_continues() {
    let journal = journal(3, 2);
    let mut slow = journal.subscribe(ResumeFrom::Now);
    journal.record((0..10).map(|_| event()));

    assert_eq!(
        next_resync(&mut slow).await,
        (at(&journal, 10), ResyncReason::Lagged)
    );
    let live = event();
    journal.record([live.clone()]);
    assert_eq!(next_event(&mut slow).await, (11, live));
}

#[tokio::test]
async fn the_bus_records_what_it_publishes_in_its_journal() {
    let journal = journal(100, 100);
    let bus = InProcessEventBus::new(16).with_journal(journal.clone());
    let mut subscription = journal.subscribe(ResumeFrom::Now);
    let published = event();

    bus.publish(vec![published.clone()]).await;

    assert_eq!(next_event(&mut subscription).await, (1, published));
    assert_eq!(journal.newest().seq, 1);
}

#[tokio::test]
async fn closing_the_journal_ends_waiting_present_and_future_subscriptions() {
    let journal = journal(100, 100);
    let mut waiting = journal.subscribe(ResumeFrom::Now);
    let waiter = tokio::spawn(async move { waiting.next().await });
    let bus = InProcessEventBus::new(16).with_journal(journal.clone());

    bus.close_streams();

    assert_eq!(waiter.await.unwrap(), None);
    assert_eq!(journal.subscribe(ResumeFrom::Now).next().await, None);
}
