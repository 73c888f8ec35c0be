//! `inboxd user add` and `inboxd token`: a first administrator and a bearer token, without
//! Supabase, for the embedded default.

use std::io::Write;
use std::time::Duration;

use inbox_domain::access::{AccountScope, AppUser, InvitationState, NewAppUser, RoleKey};
use inbox_domain::ports::Storage;
use inbox_domain::{AccountId, IdentityId, PageLimit, RepoError};
use uuid::Uuid;

use crate::backend::{Backend, Migrations};
use crate::config::Settings;
use crate::error::StartupError;

/// What `inboxd user add` asks for.
#[derive(Debug, Clone)]
pub struct AddUser {
    /// Login email.
    pub email: String,
    /// Name shown to colleagues.
    pub name: Option<String>,
    /// Role key, e.g. `admin`.
    pub role: RoleKey,
    /// The account the role applies to; `None`: every account, present and future.
    pub account: Option<AccountId>,
}

/// `inboxd user add`: creates the user (or finds it by email) and grants the role. Without an
/// external issuer the user gets a local identity at once, so `inboxd token` works for it.
///
/// # Errors
/// `Invalid` for a bad email or name; `Storage` when the role or account does not exist.
pub async fn add_user(settings: &Settings, request: AddUser) -> Result<(), StartupError> {
    let backend = Backend::open(settings, Migrations::Apply).await?;
    let result = add_user_to(&backend.storage, &request, !settings.auth.external()).await;
    backend.shutdown().await;
    let (user, created) = result?;
    tracing::info!(
        user.id = %user.id,
        created,
        role = %request.role,
        account = request.account.map(|a| a.to_string()).as_deref().unwrap_or("every account"),
        "user ready"
    );
    Ok(())
}

/// The work of `add_user` on open storage: (the user, whether it was created).
///
/// # Errors
/// As [`add_user`].
pub async fn add_user_to(
    storage: &Storage,
    request: &AddUser,
    local_identity: bool,
) -> Result<(AppUser, bool), StartupError> {
    let identity = local_identity.then(|| IdentityId::from_uuid(Uuid::new_v4()));
    let new = NewAppUser::new(&request.email, request.name.as_deref(), identity)
        .map_err(|e| StartupError::Invalid(e.to_string()))?;
    let (user, created) = match storage.access.create_user(new).await {
        Ok(user) => (user, true),
        Err(RepoError::Conflict { .. }) => (
            storage
                .access
                .user_by_email(&request.email)
                .await
                .map_err(StartupError::Storage)?,
            false,
        ),
        Err(e) => return Err(StartupError::Storage(e)),
    };
    storage
        .access
        .assign_role(user.id, request.account, &request.role)
        .await
        .map_err(|e| match e {
            RepoError::MissingReference { entity } => {
                StartupError::Invalid(format!("no such {entity}"))
            }
            other => StartupError::Storage(other),
        })?;
    Ok((user, created))
}

/// `inboxd token`: prints a bearer token for the user with this email, signed with the local
/// secret of the data directory.
///
/// # Errors
/// `Invalid` when an external issuer is configured (its tokens come from Supabase Auth), when
/// the user does not exist or has no local identity.
pub async fn print_token(
    settings: &Settings,
    email: &str,
    lifetime: Duration,
) -> Result<(), StartupError> {
    if settings.auth.external() {
        return Err(StartupError::Invalid(
            "auth.jwt_secret or auth.jwks_url is set: tokens come from Supabase Auth, not inboxd"
                .to_owned(),
        ));
    }
    let signer = crate::auth::local_signer(settings)?;
    let backend = Backend::open(settings, Migrations::Apply).await?;
    let who = local_identity(&backend.storage, email).await;
    backend.shutdown().await;
    let (identity, email) = who?;
    let token = signer
        .mint(identity, Some(&email), lifetime)
        .map_err(|e| StartupError::Invalid(format!("minting the token: {e}")))?;
    // The token is the command's output: plain stdout, so `$(inboxd token ...)` works.
    writeln!(std::io::stdout(), "{token}")?;
    Ok(())
}

/// The identity and email a local token is minted for: the user's own identity; a fresh one
/// for a user not yet linked or a pending invitation of the email (the first request with the
/// token links it, accepting the invitation).
///
/// # Errors
/// `Invalid` when there is neither a user nor a pending invitation with this email.
async fn local_identity(
    storage: &Storage,
    email: &str,
) -> Result<(IdentityId, String), StartupError> {
    let fresh = || IdentityId::from_uuid(Uuid::new_v4());
    match storage.access.user_by_email(email).await {
        Ok(user) => return Ok((user.identity.unwrap_or_else(fresh), user.email)),
        Err(RepoError::NotFound { .. }) => {}
        Err(other) => return Err(StartupError::Storage(other)),
    }
    let mut before = None;
    loop {
        let page = storage
            .access
            .list_invitations(
                &AccountScope::All,
                Some(InvitationState::Pending),
                before,
                PageLimit::parse(Some(100)).map_err(|e| StartupError::Invalid(e.to_string()))?,
            )
            .await
            .map_err(StartupError::Storage)?;
        if let Some(invited) = page
            .iter()
            .find(|i| i.email.eq_ignore_ascii_case(email.trim()))
        {
            return Ok((fresh(), invited.email.clone()));
        }
        match page.last() {
            Some(last) if page.len() == 100 => before = Some(last.id),
            _ => break,
        }
    }
    Err(StartupError::Invalid(format!(
        "no user or pending invitation with this email; create one with \
         `inboxd user add --email {email} --role admin`"
    )))
}
