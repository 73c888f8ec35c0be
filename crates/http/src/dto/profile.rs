//! The caller's own profile: the change they may make, and how it reads back.

use inbox_domain::ValidationError;
use inbox_domain::access::{AppUser, parse_display_name};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

/// Where a user's picture is read (the caller's own, through `GET /me/profile-picture`).
pub const PROFILE_PICTURE_PATH: &str = "/me/profile-picture";

/// Body of `PUT /me`.
#[derive(Debug, Deserialize, ToSchema)]
pub struct ProfileRequest {
    /// Name shown to colleagues, 1 to 200 characters; `null` clears it.
    pub display_name: Option<String>,
}

impl ProfileRequest {
    /// The display name to store, checked.
    pub fn try_into_domain(&self) -> Result<Option<String>, ValidationError> {
        self.display_name
            .as_deref()
            .map(parse_display_name)
            .transpose()
    }
}

/// The caller's profile.
#[derive(Debug, Serialize, ToSchema)]
pub struct ProfileResponse {
    /// Our id of the user.
    pub id: Uuid,
    /// Login email.
    pub email: String,
    /// Name shown to colleagues.
    pub display_name: Option<String>,
    /// Where to read the profile picture, `null` when there is none.
    pub profile_picture_url: Option<String>,
}

impl From<&AppUser> for ProfileResponse {
    fn from(user: &AppUser) -> Self {
        Self {
            id: user.id.as_uuid(),
            email: user.email.clone(),
            display_name: user.display_name.clone(),
            profile_picture_url: user
                .avatar_key
                .as_ref()
                .map(|_| PROFILE_PICTURE_PATH.to_owned()),
        }
    }
}
