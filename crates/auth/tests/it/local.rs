//! `LocalSigner`: the secret file (created 0600, reused), minting, and verifying its tokens.

use inbox_auth::{LOCAL_ISSUER, LocalKeyError, LocalSigner};
use inbox_domain::IdentityId;
use inbox_domain::ports::{TokenRejected, TokenVerifier};
use std::fs;
use std::os::unix::fs::PermissionsExt as _;
use std::time::Duration;
use uuid::Uuid;

fn identity() -> IdentityId {
    IdentityId::from_uuid(Uuid::new_v4())
}

#[tokio::test]
async fn the_secret_file_is_created_private_and_reused_across_instances() {
    let dir = tempfile::tempdir().unwrap();
    let data_dir = dir.path().join("data");

    let first = LocalSigner::open_or_create(&data_dir).unwrap();
    let path = LocalSigner::secret_path(&data_dir);
    let mode = fs::metadata(&path).unwrap().permissions().mode() & 0o777;
    let contents = fs::read_to_string(&path).unwrap();
    let second = LocalSigner::open_or_create(&data_dir).unwrap();

    assert_eq!(mode, 0o600);
    assert!(contents.trim().len() >= 43, "32 random bytes, base64url");
    assert!(first.same_secret_as(&second));
    assert_eq!(
        fs::read_to_string(&path).unwrap(),
        contents,
        "not rewritten"
    );
    let leftovers: Vec<_> = fs::read_dir(&data_dir).unwrap().collect();
    assert_eq!(leftovers.len(), 1, "no temporary files left behind");

    let who = identity();
    let token = first
        .mint(who, Some("admin@example.test"), Duration::from_secs(600))
        .unwrap();
    let verified = second.verifier().unwrap().verify(&token).await.unwrap();
    assert_eq!(verified.identity, who);
    assert_eq!(verified.email.as_deref(), Some("admin@example.test"));
    assert_eq!(verified.role.as_deref(), Some("authenticated"));
    assert!(verified.session_id.is_some());
}

#[tokio::test]
async fn each_data_directory_has_its_own_secret() {
    let dir = tempfile::tempdir().unwrap();
    let here = LocalSigner::open_or_create(&dir.path().join("a")).unwrap();
    let there = LocalSigner::open_or_create(&dir.path().join("b")).unwrap();

    let token = there
        .mint(identity(), None, Duration::from_secs(600))
        .unwrap();

    assert!(!here.same_secret_as(&there));
    assert_eq!(
        here.verifier().unwrap().verify(&token).await.map(|_| ()),
        Err(TokenRejected::BadSignature)
    );
}

#[tokio::test]
async fn local_tokens_carry_the_local_issuer_and_expire() {
    let dir = tempfile::tempdir().unwrap();
    let signer = LocalSigner::open_or_create(dir.path()).unwrap();
    let settings = signer.settings();

    let token = signer.mint(identity(), None, Duration::ZERO).unwrap();
    let strict = inbox_auth::JwtVerifier::new(inbox_auth::JwtSettings {
        leeway: Duration::ZERO,
        ..signer.settings()
    })
    .unwrap();

    assert_eq!(settings.issuer.as_deref(), Some(LOCAL_ISSUER));
    assert!(settings.jwks_url.is_none());
    // Expiring now: accepted within the default leeway, refused one second later without one.
    assert!(signer.verifier().unwrap().verify(&token).await.is_ok());
    tokio::time::sleep(Duration::from_millis(1100)).await;
    assert_eq!(
        strict.verify(&token).await.map(|_| ()),
        Err(TokenRejected::Expired)
    );
}

#[test]
fn a_secret_file_readable_by_others_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    LocalSigner::open_or_create(dir.path()).unwrap();
    let path = LocalSigner::secret_path(dir.path());
    fs::set_permissions(&path, fs::Permissions::from_mode(0o644)).unwrap();

    let result = LocalSigner::open_or_create(dir.path());

    assert!(
        matches!(
            result,
            Err(LocalKeyError::InsecurePermissions { mode: 0o644, .. })
        ),
        "{result:?}"
    );
}

#[test]
fn a_truncated_secret_file_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    LocalSigner::open_or_create(dir.path()).unwrap();
    let path = LocalSigner::secret_path(dir.path());
    fs::write(&path, "short\n").unwrap();

    let result = LocalSigner::open_or_create(dir.path());

    assert!(
        matches!(result, Err(LocalKeyError::Corrupt { .. })),
        "{result:?}"
    );
}

#[test]
fn concurrent_first_uses_agree_on_one_secret() {
    let dir = tempfile::tempdir().unwrap();
    let data_dir = dir.path().to_owned();

    let signers: Vec<LocalSigner> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..8)
            .map(|_| scope.spawn(|| LocalSigner::open_or_create(&data_dir).unwrap()))
            .collect();
        handles
            .into_iter()
            .map(|handle| handle.join().unwrap())
            .collect()
    });

    assert!(
        signers
            .iter()
            .all(|signer| signer.same_secret_as(&signers[0]))
    );
}
