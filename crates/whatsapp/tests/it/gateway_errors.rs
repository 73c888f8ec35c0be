//! Each error class as the gateway reports it, from errors the fake answers or transport faults.

use inbox_domain::outbound::*;
use inbox_domain::ports::WhatsAppGateway;
use inbox_domain::{PhoneNumberId, Wamid};
use inbox_testkit::fake_meta::{FakeMetaConfig, FakeRoute, Fault};
use inbox_whatsapp::{GraphConfig, GraphGateway};
use secrecy::SecretString;
use std::time::{Duration, Instant};

use crate::gateway_support::{PNID, message, rig, rig_with, text};

#[tokio::test]
async fn throughput_and_pair_limits_are_retryable_with_their_delays() {
    let rig = rig().await;
    rig.fake.inject(FakeRoute::SendMessage, Fault::throughput());
    rig.fake
        .inject(FakeRoute::SendMessage, Fault::pair_rate_limit());
    let throughput = rig.gateway.send(&rig.from, &text("a")).await.unwrap_err();
    assert_eq!(throughput.class(), ErrorClass::Retryable, "{throughput:?}");
    assert_eq!(throughput.code(), Some(130_429));
    assert_eq!(throughput.retry_after(), Some(Duration::from_secs(1)));
    let pair = rig.gateway.send(&rig.from, &text("b")).await.unwrap_err();
    assert_eq!(pair.code(), Some(131_056));
    assert_eq!(pair.retry_after(), Some(Duration::from_secs(6)));
    assert!(rig.fake.sent_messages().is_empty(), "nothing was accepted");
    rig.gateway
        .send(&rig.from, &text("c"))
        .await
        .expect("faults are used up");
}

#[tokio::test]
async fn closed_window_undeliverable_and_templates_are_classified_with_meta_s_fields() {
    let rig = rig().await;
    rig.fake
        .inject(FakeRoute::SendMessage, Fault::window_closed());
    rig.fake
        .inject(FakeRoute::SendMessage, Fault::undeliverable());
    let window = rig.gateway.send(&rig.from, &text("a")).await.unwrap_err();
    assert_eq!(window.class(), ErrorClass::WindowClosed, "{window:?}");
    assert_eq!(window.code(), Some(131_047));
    let undeliverable = rig.gateway.send(&rig.from, &text("b")).await.unwrap_err();
    assert_eq!(undeliverable.class(), ErrorClass::Permanent);
    let failure = undeliverable.failure();
    assert_eq!(failure.code, Some(131_026));
    assert_eq!(failure.http_status, Some(400));
    assert_eq!(failure.error_type.as_deref(), Some("OAuthException"));
    assert_eq!(failure.details.as_deref(), Some("Message Undeliverable."));
    assert!(
        failure
            .fbtrace_id
            .as_deref()
            .is_some_and(|id| !id.is_empty())
    );
}

fn template(name: &str, body: Vec<TemplateParameter>) -> OutboundMessage {
    let template = TemplateMessage::new(
        TemplateName::parse(name).unwrap(),
        LanguageCode::parse("en_US").unwrap(),
        None,
        body,
        vec![],
    )
    .unwrap();
    message(OutboundContent::Template(template))
}

#[tokio::test]
async fn missing_paused_and_miscounted_templates_are_permanent() {
    let rig = rig().await;
    rig.fake.add_template("paused_one", "en_US", "PAUSED", "Hi");
    rig.fake
        .add_template("two_params", "en_US", "APPROVED", "Hi {{1}} {{2}}");
    let cases = [
        ("missing", template("no_such_template", vec![]), 132_001),
        ("paused", template("paused_one", vec![]), 132_015),
        (
            "miscounted",
            template("two_params", vec![TemplateParameter::text("x").unwrap()]),
            132_000,
        ),
    ];
    for (name, outbound, code) in cases {
        let err = rig.gateway.send(&rig.from, &outbound).await.unwrap_err();
        assert_eq!(
            (err.class(), err.code()),
            (ErrorClass::Permanent, Some(code)),
            "{name}: {err:?}"
        );
    }
}

#[tokio::test]
async fn a_wrong_or_expired_token_is_a_credentials_error() {
    let rig = rig().await;
    let wrong = SenderCredentials::new(
        PhoneNumberId::parse(PNID).unwrap(),
        SecretString::from("nope".to_owned()),
    );
    let err = rig.gateway.send(&wrong, &text("a")).await.unwrap_err();
    assert_eq!(
        (err.class(), err.code()),
        (ErrorClass::Credentials, Some(190)),
        "{err:?}"
    );
    assert!(
        !rig.fake
            .last_call(FakeRoute::SendMessage)
            .unwrap()
            .authorized
    );
    rig.fake.inject(FakeRoute::MarkRead, Fault::token_expired());
    let wamid = Wamid::parse("wamid.HBgLMTY1").unwrap();
    let err = rig.gateway.mark_read(&rig.from, &wamid).await.unwrap_err();
    assert_eq!(err.class(), ErrorClass::Credentials);
    assert_eq!(err.failure().subcode, Some(463));
}

#[tokio::test]
async fn a_5xx_is_ambiguous_for_a_send_and_retryable_for_anything_else() {
    let rig = rig().await;
    rig.fake
        .inject(FakeRoute::SendMessage, Fault::internal_error());
    rig.fake.inject(FakeRoute::SendMessage, Fault::http(502));
    rig.fake
        .inject(FakeRoute::MarkRead, Fault::internal_error());
    let meta_500 = rig.gateway.send(&rig.from, &text("a")).await.unwrap_err();
    assert_eq!(
        (meta_500.class(), meta_500.code()),
        (ErrorClass::Ambiguous, Some(131_000))
    );
    let proxy_502 = rig.gateway.send(&rig.from, &text("b")).await.unwrap_err();
    assert_eq!(proxy_502.class(), ErrorClass::Ambiguous);
    assert_eq!(proxy_502.failure().http_status, Some(502));
    assert_eq!(proxy_502.code(), None);
    let wamid = Wamid::parse("wamid.HBgLMTY1").unwrap();
    let read = rig.gateway.mark_read(&rig.from, &wamid).await.unwrap_err();
    assert_eq!(read.class(), ErrorClass::Retryable);
}

#[tokio::test]
async fn a_send_accepted_before_a_5xx_exists_at_meta_and_is_reported_ambiguous() {
    let rig = rig().await;
    rig.fake.inject(
        FakeRoute::SendMessage,
        Fault::internal_error().after_accepting(),
    );
    let outbound = text("a").callback_data("msg-7").unwrap();
    let err = rig.gateway.send(&rig.from, &outbound).await.unwrap_err();
    assert_eq!(err.class(), ErrorClass::Ambiguous);
    let accepted = rig.fake.sent_messages();
    assert_eq!(accepted.len(), 1, "Meta kept the message");
    assert_eq!(accepted[0].callback_data.as_deref(), Some("msg-7"));
}

#[tokio::test]
async fn a_hang_past_the_timeout_is_ambiguous_for_a_send_and_retryable_for_mark_read() {
    let rig = rig_with(FakeMetaConfig::default(), |c| {
        c.send_timeout = Duration::from_millis(300)
    })
    .await;
    rig.fake
        .inject(FakeRoute::SendMessage, Fault::hang(Duration::from_secs(3)));
    rig.fake
        .inject(FakeRoute::MarkRead, Fault::hang(Duration::from_secs(3)));
    let started = Instant::now();
    let err = rig.gateway.send(&rig.from, &text("a")).await.unwrap_err();
    assert_eq!(err.class(), ErrorClass::Ambiguous, "{err:?}");
    assert!(
        err.failure().title.contains("timed out"),
        "{}",
        err.failure().title
    );
    assert!(
        !err.failure().title.contains("http://"),
        "no URL in the error"
    );
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "the client gave up at its timeout"
    );
    assert_eq!(
        rig.fake.sent_messages().len(),
        1,
        "the fake accepted it before hanging"
    );
    let wamid = Wamid::parse("wamid.HBgLMTY1").unwrap();
    let err = rig.gateway.mark_read(&rig.from, &wamid).await.unwrap_err();
    assert_eq!(err.class(), ErrorClass::Retryable);
}

#[tokio::test]
async fn a_refused_connection_is_retryable_because_nothing_was_sent() {
    let port = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap().port()
    };
    let gateway =
        GraphGateway::new(GraphConfig::local_fake(&format!("http://127.0.0.1:{port}"))).unwrap();
    let from = SenderCredentials::new(
        PhoneNumberId::parse(PNID).unwrap(),
        SecretString::from("t".to_owned()),
    );
    let err = gateway.send(&from, &text("a")).await.unwrap_err();
    assert_eq!(err.class(), ErrorClass::Retryable, "{err:?}");
    assert_eq!(err.code(), None);
    assert!(err.failure().title.contains("before the request was sent"));
    assert!(
        !err.failure().title.contains("http://"),
        "no URL in the error"
    );
    assert!(
        !format!("{err:?}").contains(&port.to_string()),
        "no URL in the error"
    );
}

#[tokio::test]
async fn the_fake_throttles_each_number_to_its_throughput() {
    let config = FakeMetaConfig {
        throughput_per_second: Some(5),
        ..FakeMetaConfig::default()
    };
    let rig = rig_with(config, |_| {}).await;
    let mut accepted = 0;
    let mut throttled = 0;
    for i in 0..10 {
        match rig.gateway.send(&rig.from, &text(&format!("m{i}"))).await {
            Ok(_) => accepted += 1,
            Err(err) => {
                assert_eq!(err.code(), Some(130_429), "{err:?}");
                assert_eq!(err.class(), ErrorClass::Retryable);
                throttled += 1;
            }
        }
    }
    assert!((5..=6).contains(&accepted), "a second's burst: {accepted}");
    assert_eq!(accepted + throttled, 10);
    assert_eq!(rig.fake.sent_messages().len(), accepted);
}
