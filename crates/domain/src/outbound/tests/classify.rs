//! The classification table, one documented code at a time (`docs/whatsapp-cloud-api.md` §7).

use std::time::Duration;

use crate::outbound::{CallKind, ErrorClass, GatewayError, GraphFailure, classify};

fn meta(code: i64, http_status: u16) -> GraphFailure {
    GraphFailure {
        http_status: Some(http_status),
        code: Some(code),
        title: format!("(#{code}) test"),
        fbtrace_id: Some("AbCdEf".into()),
        ..GraphFailure::default()
    }
}

fn class_of(call: CallKind, code: i64) -> ErrorClass {
    classify(call, meta(code, 400), None).class()
}

#[track_caller]
fn assert_codes(codes: &[i64], call: CallKind, expected: ErrorClass) {
    for &code in codes {
        assert_eq!(class_of(call, code), expected, "code {code} on {call:?}");
    }
}

#[test]
fn token_permission_and_account_codes_are_credentials() {
    let codes = [
        0, 3, 10, 190, 200, 250, 299, 131005, 33, 133010, 131045, 131037, 368, 131031, 131042,
    ];
    assert_codes(&codes, CallKind::Send, ErrorClass::Credentials);
    assert_codes(&codes, CallKind::Repeatable, ErrorClass::Credentials);
}

#[test]
fn rate_limits_are_retryable_with_their_own_delays() {
    for (code, delay) in [(130429, 1), (131056, 6), (131057, 60), (4, 60), (80007, 60)] {
        let err = classify(CallKind::Send, meta(code, 400), None);
        assert_eq!(err.class(), ErrorClass::Retryable, "code {code}");
        assert_eq!(
            err.retry_after(),
            Some(Duration::from_secs(delay)),
            "code {code}"
        );
        assert_eq!(err.code(), Some(code));
    }
}

#[test]
fn pair_limit_waits_longer_than_throughput() {
    let pair = classify(CallKind::Send, meta(131056, 400), None).retry_after();
    let throughput = classify(CallKind::Send, meta(130429, 400), None).retry_after();
    assert!(pair > throughput, "{pair:?} vs {throughput:?}");
}

#[test]
fn transient_codes_are_ambiguous_for_sends_and_retryable_otherwise() {
    let codes = [1, 2, 131000, 131016];
    assert_codes(&codes, CallKind::Send, ErrorClass::Ambiguous);
    assert_codes(&codes, CallKind::Repeatable, ErrorClass::Retryable);
}

#[test]
fn closed_window_is_its_own_class() {
    assert_codes(&[131047], CallKind::Send, ErrorClass::WindowClosed);
}

#[test]
fn parameter_recipient_content_and_template_codes_are_permanent() {
    let codes = [
        131049, 131048, 100, 131008, 131009, 131021, 135000, 131026, 130403, 130472, 130497,
        131050, 131051, 131052, 131053, 131062, 137000, 132000, 132001, 132005, 132007, 132012,
        132015, 132016, 132068, 132069, 131063, 131064,
    ];
    assert_codes(&codes, CallKind::Send, ErrorClass::Permanent);
}

#[test]
fn the_code_decides_even_when_the_http_status_says_otherwise() {
    let err = classify(CallKind::Send, meta(131026, 500), None);
    assert_eq!(err.class(), ErrorClass::Permanent);
    let err = classify(CallKind::Send, meta(130429, 500), None);
    assert_eq!(err.class(), ErrorClass::Retryable);
}

#[test]
fn without_a_known_code_the_http_status_decides() {
    let status = |s: u16, code: Option<i64>| GraphFailure {
        http_status: Some(s),
        code,
        ..GraphFailure::default()
    };
    let cases = [
        (
            "429",
            status(429, None),
            CallKind::Send,
            ErrorClass::Retryable,
        ),
        (
            "502 send",
            status(502, None),
            CallKind::Send,
            ErrorClass::Ambiguous,
        ),
        (
            "500 unknown code send",
            status(500, Some(999_999)),
            CallKind::Send,
            ErrorClass::Ambiguous,
        ),
        (
            "503 repeatable",
            status(503, None),
            CallKind::Repeatable,
            ErrorClass::Retryable,
        ),
        (
            "401 no body",
            status(401, None),
            CallKind::Send,
            ErrorClass::Credentials,
        ),
        (
            "400 unknown code",
            status(400, Some(999_999)),
            CallKind::Send,
            ErrorClass::Permanent,
        ),
        (
            "404 no body",
            status(404, None),
            CallKind::Repeatable,
            ErrorClass::Permanent,
        ),
    ];
    for (name, failure, call, expected) in cases {
        assert_eq!(classify(call, failure, None).class(), expected, "{name}");
    }
    let transient = GraphFailure {
        http_status: Some(400),
        code: Some(999_999),
        is_transient: Some(true),
        ..GraphFailure::default()
    };
    assert_eq!(
        classify(CallKind::Send, transient, None).class(),
        ErrorClass::Ambiguous
    );
}

#[test]
fn a_retry_after_header_only_lengthens_the_delay() {
    let longer = classify(
        CallKind::Send,
        meta(130429, 429),
        Some(Duration::from_secs(30)),
    );
    assert_eq!(longer.retry_after(), Some(Duration::from_secs(30)));
    let shorter = classify(
        CallKind::Send,
        meta(131056, 429),
        Some(Duration::from_secs(1)),
    );
    assert_eq!(shorter.retry_after(), Some(Duration::from_secs(6)));
}

#[test]
fn failures_keep_meta_s_fields_and_hide_details_from_debug() {
    let mut failure = meta(131026, 400);
    failure.subcode = Some(2494010);
    failure.details = Some("Message undeliverable to +16505551234".into());
    let err = classify(CallKind::Send, failure, None);
    let GatewayError::Permanent { failure } = &err else {
        panic!("expected permanent, got {err:?}");
    };
    assert_eq!(failure.fbtrace_id.as_deref(), Some("AbCdEf"));
    assert_eq!(failure.to_meta_error().map(|e| e.code), Some(131026));
    assert!(!format!("{err:?} {err}").contains("16505551234"));
    assert_eq!(err.class().label(), "permanent");
}
