//! Who may see and do what: permissions, roles, app users and the principal of a request.

mod admin_rules;
mod invitation;
mod permission;
mod principal;
mod record;
mod role;
mod role_definition;
mod stored;
mod stored_invitation;
#[cfg(test)]
mod tests;

pub use admin_rules::{may_administer, may_give, may_manage_user, scopes_of, user_list_scope};
pub use invitation::{
    INVITATION_GRANTS_MAX, InvitationGrant, InvitationRecord, InvitationState, NewInvitation,
};
pub use permission::{Permission, PermissionSet};
pub use principal::{AccountAccess, AccountScope, Denied, HeldRole, Principal};
pub use record::{
    AccessRecord, AppUser, NewAppUser, OverrideEffect, PermissionOverride, RoleGrant,
    parse_display_name, parse_email,
};
pub use role::{BUILTIN_ROLES, BuiltinRole, RoleKey, builtin_permissions};
pub use role_definition::{NewRole, RoleDefinition, RoleDeletion};
pub use stored::decode_access_record;
pub use stored_invitation::decode_invitation;
