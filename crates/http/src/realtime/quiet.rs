//! The feed of an app whose server wired none: streams stay open with heartbeats only.

use async_trait::async_trait;
use inbox_domain::ports::{EventFeed, FeedItem, FeedSubscription, ResumeFrom};

/// A feed on which nothing is ever published.
pub(crate) struct QuietFeed;

struct Silence;

#[async_trait]
impl FeedSubscription for Silence {
    async fn next(&mut self) -> Option<FeedItem> {
        std::future::pending().await
    }
}

impl EventFeed for QuietFeed {
    fn subscribe(&self, _from: ResumeFrom) -> Box<dyn FeedSubscription> {
        Box::new(Silence)
    }
}
