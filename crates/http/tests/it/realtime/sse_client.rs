//! A minimal server-sent-events reader over reqwest: events and comments, in order.

use serde_json::Value;

/// One thing read from an event stream.
#[derive(Debug, Clone, PartialEq)]
pub enum Sse {
    /// A comment line (`: heartbeat`).
    Comment(String),
    /// An event with its `id:`, `event:` and `data:` (parsed JSON).
    Event {
        id: String,
        kind: String,
        data: Value,
    },
}

/// Reads an open `text/event-stream` response block by block.
pub struct SseReader {
    response: reqwest::Response,
    buffer: String,
}

impl SseReader {
    pub fn new(response: reqwest::Response) -> Self {
        assert_eq!(response.status(), 200, "the stream opens");
        let content_type = response.headers()["content-type"]
            .to_str()
            .unwrap()
            .to_owned();
        assert!(
            content_type.starts_with("text/event-stream"),
            "{content_type}"
        );
        Self {
            response,
            buffer: String::new(),
        }
    }

    /// The next block (an event, or a comment); panics when the stream ends first.
    pub async fn next(&mut self) -> Sse {
        loop {
            if let Some(end) = self.buffer.find("\n\n") {
                let block: String = self.buffer.drain(..end + 2).collect();
                return parse(block.trim_end());
            }
            let chunk = self
                .response
                .chunk()
                .await
                .expect("reading the stream")
                .expect("the stream ended");
            self.buffer
                .push_str(std::str::from_utf8(&chunk).expect("UTF-8"));
        }
    }

    /// The next event, skipping comments.
    pub async fn next_event(&mut self) -> (String, String, Value) {
        loop {
            if let Sse::Event { id, kind, data } = self.next().await {
                return (id, kind, data);
            }
        }
    }
}

fn parse(block: &str) -> Sse {
    if let Some(comment) = block.strip_prefix(':') {
        return Sse::Comment(comment.trim().to_owned());
    }
    let (mut id, mut kind, mut data) = (String::new(), String::new(), String::new());
    for line in block.lines() {
        let (field, value) = line.split_once(": ").unwrap_or((line, ""));
        match field {
            "id" => id = value.to_owned(),
            "event" => kind = value.to_owned(),
            "data" => data.push_str(value),
            other => panic!("unexpected field {other:?} in {block:?}"),
        }
    }
    Sse::Event {
        id,
        kind,
        data: serde_json::from_str(&data).expect("data is JSON"),
    }
}
