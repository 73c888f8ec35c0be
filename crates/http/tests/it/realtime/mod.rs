//! `GET /events` (server-sent events) and `GET /ws` (WebSocket): order, filtering by account,
//! replay with `Last-Event-ID`, resync, heartbeats, clean closes.

mod app;
mod sse;
mod sse_client;
mod ws;
