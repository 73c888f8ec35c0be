//! The `IdentityProvider` port over Supabase Auth's admin API (`/auth/v1`, service key).

mod call;
mod errors;
mod wire;

pub use errors::AuthAdminError;

use async_trait::async_trait;
use reqwest::{Client, Method, RequestBuilder};
use serde_json::json;

use inbox_domain::IdentityId;
use inbox_domain::access::parse_email;
use inbox_domain::identity_admin::{IdentityPage, IdentityPageRequest, IdentityRecord, Invitation};
use inbox_domain::ports::{IdentityError, IdentityProvider};

use crate::client::{ClientSettings, service_client};
use crate::project::{SupabaseProject, SupabaseSetupError};
use call::execute;

/// Matches fetched per page while looking an email up: the `filter` is a substring match, so
/// an exact address rarely has more than one.
const FIND_PAGE: u32 = 100;
/// Pages read while looking an email up before giving up (10,000 substring matches).
const FIND_PAGES_MAX: u32 = 100;

/// Supabase Auth's admin endpoints, with the project's service key. Cheap to clone.
#[derive(Debug, Clone)]
pub struct SupabaseAuthAdmin {
    client: Client,
    /// `<project url>/auth/v1`.
    base: String,
}

impl SupabaseAuthAdmin {
    /// An adapter for `project` with its own pooled client (see [`ClientSettings`]).
    ///
    /// # Errors
    /// `ServiceKey` when the key cannot be a header value; `Client` when reqwest fails.
    pub fn new(
        project: &SupabaseProject,
        settings: &ClientSettings,
    ) -> Result<Self, SupabaseSetupError> {
        Ok(Self {
            client: service_client(project, settings)?,
            base: format!("{}/auth/v1", project.url()),
        })
    }

    /// A request to `<base><path>`; `path` is built from UUIDs and constants only.
    fn request(&self, method: Method, path: &str) -> RequestBuilder {
        self.client.request(method, format!("{}{path}", self.base))
    }

    /// One page of `GET /admin/users`, optionally filtered, with `X-Total-Count`.
    async fn users_page(
        &self,
        operation: &'static str,
        page: IdentityPageRequest,
        filter: Option<&str>,
    ) -> Result<(Vec<IdentityRecord>, Option<u64>), IdentityError> {
        let mut query = vec![
            ("page", page.page().to_string()),
            ("per_page", page.per_page().to_string()),
        ];
        if let Some(filter) = filter {
            query.push(("filter", filter.to_owned()));
        }
        let request = self.request(Method::GET, "/admin/users").query(&query);
        let answer = execute(operation, request).await?;
        let users = wire::users(operation, &answer.body)?;
        Ok((users, wire::total_count(&answer.headers)))
    }
}

#[async_trait]
impl IdentityProvider for SupabaseAuthAdmin {
    fn backend(&self) -> &'static str {
        "supabase-auth"
    }

    async fn ping(&self) -> Result<(), IdentityError> {
        let answer = execute("health", self.request(Method::GET, "/health")).await;
        match answer {
            Ok(_) => Ok(()),
            // Whatever the reason, Auth is not usable for us right now.
            Err(IdentityError::Unavailable(cause) | IdentityError::Internal(cause)) => {
                Err(IdentityError::Unavailable(cause))
            }
            Err(other) => Err(other),
        }
    }

    async fn invite(&self, invitation: &Invitation) -> Result<IdentityRecord, IdentityError> {
        let body = json!({
            "email": invitation.email(),
            "data": invitation.user_metadata(),
        });
        let mut request = self.request(Method::POST, "/invite").json(&body);
        if let Some(url) = invitation.redirect_url() {
            request = request.query(&[("redirect_to", url)]);
        }
        let answer = execute("invite", request).await?;
        wire::user("invite", &answer.body)
    }

    async fn get(&self, id: IdentityId) -> Result<IdentityRecord, IdentityError> {
        let path = format!("/admin/users/{id}");
        let answer = execute("get_user", self.request(Method::GET, &path)).await?;
        wire::user("get_user", &answer.body)
    }

    async fn find_by_email(&self, email: &str) -> Result<Option<IdentityRecord>, IdentityError> {
        let email = parse_email(email)
            .map_err(IdentityError::Rejected)?
            .to_lowercase();
        // `filter` is `email LIKE '%<filter>%'` (and the full name): substrings and `_`
        // wildcards match too, so only an exact, case-insensitive match counts.
        for page in 1..=FIND_PAGES_MAX {
            let request =
                IdentityPageRequest::new(page, FIND_PAGE).map_err(IdentityError::Rejected)?;
            let (users, total) = self
                .users_page("find_user_by_email", request, Some(&email))
                .await?;
            let fetched = users.len();
            if let Some(found) = users.into_iter().find(|user| {
                user.email
                    .as_deref()
                    .is_some_and(|candidate| candidate.eq_ignore_ascii_case(&email))
            }) {
                return Ok(Some(found));
            }
            let seen = u64::from(page) * u64::from(FIND_PAGE);
            if fetched < FIND_PAGE as usize || total.is_some_and(|total| seen >= total) {
                return Ok(None);
            }
        }
        Err(errors::unreadable(
            "find_user_by_email",
            "too many users match the email's filter",
        ))
    }

    async fn list(&self, page: IdentityPageRequest) -> Result<IdentityPage, IdentityError> {
        let (identities, total) = self.users_page("list_users", page, None).await?;
        let total =
            total.ok_or_else(|| errors::unreadable("list_users", "no X-Total-Count header"))?;
        let before = u64::from(page.page() - 1) * u64::from(page.per_page());
        let next_page = if before + u64::from(page.per_page()) < total {
            IdentityPageRequest::new(page.page().saturating_add(1), page.per_page()).ok()
        } else {
            None
        };
        Ok(IdentityPage {
            identities,
            total,
            next_page,
        })
    }

    async fn delete(&self, id: IdentityId) -> Result<(), IdentityError> {
        let path = format!("/admin/users/{id}");
        // A hard delete: GoTrue's soft delete keeps the email taken.
        let request = self
            .request(Method::DELETE, &path)
            .json(&json!({"should_soft_delete": false}));
        execute("delete_user", request).await.map(|_| ())
    }
}
