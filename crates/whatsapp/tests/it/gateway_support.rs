//! The rig of the gateway tests: a fake Meta on 127.0.0.1, a gateway pointed at it, credentials.

use inbox_domain::outbound::{OutboundContent, OutboundMessage, SenderCredentials, TextContent};
use inbox_domain::{PhoneNumberId, WaId, WabaId};
use inbox_testkit::fake_meta::{FakeMeta, FakeMetaConfig, FakeRoute};
use inbox_whatsapp::{GraphConfig, GraphGateway};
use secrecy::SecretString;
use serde_json::Value;

/// The business number of the tests.
pub const PNID: &str = "106540352242922";
/// The WhatsApp Business Account of the tests.
pub const WABA: &str = "102290129340398";
/// The customer of the tests.
pub const CUSTOMER: &str = "16505551234";

/// A fake Meta, a gateway talking to it, and valid credentials.
pub struct Rig {
    pub fake: FakeMeta,
    pub gateway: GraphGateway,
    pub from: SenderCredentials,
}

/// A rig with the fake's defaults and the gateway's defaults (pointed at the fake).
pub async fn rig() -> Rig {
    rig_with(FakeMetaConfig::default(), |_| {}).await
}

/// A rig with a configured fake and a tweaked gateway configuration.
pub async fn rig_with(config: FakeMetaConfig, tweak: impl FnOnce(&mut GraphConfig)) -> Rig {
    let fake = FakeMeta::start_with(config)
        .await
        .expect("fake Meta starts");
    let mut graph = GraphConfig::local_fake(fake.url());
    tweak(&mut graph);
    let gateway = GraphGateway::new(graph).expect("gateway builds");
    let token = fake.access_token().unwrap_or("any-token").to_owned();
    let from = SenderCredentials::new(
        PhoneNumberId::parse(PNID).unwrap(),
        SecretString::from(token),
    );
    Rig {
        fake,
        gateway,
        from,
    }
}

/// The customer as a domain value.
pub fn customer() -> WaId {
    WaId::parse(CUSTOMER).unwrap()
}

/// The account as a domain value.
pub fn waba() -> WabaId {
    WabaId::parse(WABA).unwrap()
}

/// A text message to the customer.
pub fn text(body: &str) -> OutboundMessage {
    let content = OutboundContent::Text(TextContent::new(body, false).unwrap());
    OutboundMessage::new(customer(), content)
}

/// A message of `content` to the customer.
pub fn message(content: OutboundContent) -> OutboundMessage {
    OutboundMessage::new(customer(), content)
}

/// The JSON body of the last call to `route`, as the fake recorded it.
pub fn last_body(fake: &FakeMeta, route: FakeRoute) -> Value {
    fake.last_call(route).expect("a recorded call").body
}
