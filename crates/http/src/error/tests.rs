//! The envelope: the field a validation error names, the request id only on internal errors,
//! and the cause chain logged for them.

use super::*;

#[test]
fn validation_errors_name_their_field() {
    let body =
        ApiError::from(ValidationError::new("limit", "must be between 1 and 100")).envelope(None);
    assert_eq!(body.error.code, "invalid_limit");
    assert_eq!(body.error.field.as_deref(), Some("limit"));
    assert_eq!(body.error.message, "limit: must be between 1 and 100");
}

#[test]
fn internal_errors_are_opaque_and_carry_the_request_id() {
    let err = ApiError::from(RepoError::Internal("relation \"x\" does not exist".into()));
    let body = err.envelope(Some("abc".into()));
    assert_eq!(err.status(), StatusCode::INTERNAL_SERVER_ERROR);
    assert!(!body.error.message.contains("relation"));
    assert_eq!(body.error.request_id.as_deref(), Some("abc"));
    assert!(!format!("{err:?}").contains("relation"));
}

#[test]
fn client_errors_do_not_carry_the_request_id() {
    let body = ApiError::from(RepoError::not_found("account")).envelope(Some("abc".into()));
    assert_eq!(body.error.code, "account_not_found");
    assert_eq!(body.error.request_id, None);
}

#[test]
fn cause_chain_walks_every_source() {
    let err = RepoError::Unavailable("connection refused".into());
    assert_eq!(
        format!("{:?}", CauseChain(&err)),
        "storage unavailable: connection refused"
    );
}
