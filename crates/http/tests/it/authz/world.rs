//! The world the matrix runs in: two accounts with a conversation each, one user per role on
//! the first, a user without roles, and a global admin.

use std::sync::atomic::{AtomicUsize, Ordering};

use inbox_domain::access::{
    BUILTIN_ROLES, InvitationGrant, NewInvitation, PermissionSet, builtin_permissions,
};
use inbox_domain::ids::InvitationId;
use inbox_domain::{AccountId, AppUserId, ContactId, ConversationId, MessageId};
use inbox_testkit::agents::{TestAgent, agent, user};
use serde_json::{Value, json};
use uuid::Uuid;

use crate::helpers::{
    TestApp, seed_account, seed_conversation, seed_message, seed_outbound_text, spawn_app,
};

/// The resources of one account that routes address.
pub struct Target {
    pub account: AccountId,
    pub conversation: ConversationId,
    /// The contact of the conversation.
    pub contact: ContactId,
    /// An outbound text message of the conversation (edited and reacted to, never deleted).
    pub message: MessageId,
    /// An outbound text message that the delete call deletes.
    pub deletable_message: MessageId,
    /// A user holding the agent role on the account.
    pub user: AppUserId,
    /// Users holding the agent role on the account, one for each deleting call.
    pub spare_users: Vec<AppUserId>,
    pub next_spare: AtomicUsize,
    /// A pending invitation granting a role on the account.
    pub invitation: InvitationId,
}

impl Target {
    /// A user of the account no earlier call deleted.
    pub fn spare_user(&self) -> AppUserId {
        let next = self.next_spare.fetch_add(1, Ordering::Relaxed);
        self.spare_users[next % self.spare_users.len()]
    }
}

/// A user holding the agent role on `account`.
async fn account_user(app: &TestApp, account: AccountId) -> AppUserId {
    agent(&app.storage, &app.tokens, "agent", Some(account))
        .await
        .user
        .id
}

/// A caller of the matrix and the permissions it holds.
pub struct Caller {
    pub name: String,
    pub agent: TestAgent,
    /// Permissions on the own account, from its role there.
    pub own: PermissionSet,
    /// Permissions on every account, from a global role.
    pub global: PermissionSet,
}

pub struct World {
    pub app: TestApp,
    pub own: Target,
    pub foreign: Target,
    pub callers: Vec<Caller>,
}

async fn target(app: &TestApp, phone_number_id: &str) -> Target {
    let account = seed_account(&app.storage, phone_number_id).await;
    let (contact, conversation) = seed_conversation(&app.storage, account.id, "16505550001").await;
    seed_message(&app.storage, conversation.id, "hello", 1).await;
    let message = seed_outbound_text(&app.storage, conversation.id, "hi there", 1).await;
    let deletable = seed_outbound_text(&app.storage, conversation.id, "oops", 1).await;
    let mut spare_users = Vec::new();
    for _ in 0..32 {
        spare_users.push(account_user(app, account.id).await);
    }
    let grants = vec![InvitationGrant {
        account: Some(account.id),
        role: "viewer".parse().unwrap(),
    }];
    let email = format!("invited-{}@example.com", Uuid::new_v4().simple());
    let expires = time::OffsetDateTime::now_utc() + time::Duration::days(1);
    let invitation = NewInvitation::new(&email, grants, expires, None).unwrap();
    let invitation = app
        .storage
        .access
        .create_invitation(invitation)
        .await
        .unwrap();
    Target {
        account: account.id,
        conversation: conversation.id,
        contact: contact.id,
        message: message.id,
        deletable_message: deletable.id,
        user: account_user(app, account.id).await,
        spare_users,
        next_spare: AtomicUsize::new(0),
        invitation: invitation.id,
    }
}

impl World {
    pub async fn new() -> Self {
        let app = spawn_app().await;
        let own = target(&app, "106540352242922").await;
        let foreign = target(&app, "106540352242923").await;
        let mut callers = Vec::new();
        for role in BUILTIN_ROLES {
            let agent = agent(&app.storage, &app.tokens, role.key, Some(own.account)).await;
            callers.push(Caller {
                name: format!("{} on own", role.key),
                agent,
                own: builtin_permissions(role.key).unwrap(),
                global: PermissionSet::EMPTY,
            });
        }
        callers.push(Caller {
            name: "no role".into(),
            agent: user(&app.storage, &app.tokens).await,
            own: PermissionSet::EMPTY,
            global: PermissionSet::EMPTY,
        });
        callers.push(Caller {
            name: "global admin".into(),
            agent: app.admin.clone(),
            own: PermissionSet::EMPTY,
            global: PermissionSet::all(),
        });
        Self {
            app,
            own,
            foreign,
            callers,
        }
    }

    /// A `POST /accounts` body with a fresh phone_number_id.
    pub fn new_account_body() -> Value {
        let digits: String = Uuid::new_v4()
            .as_u128()
            .to_string()
            .chars()
            .take(15)
            .collect();
        json!({
            "name": "Matrix",
            "phone_number_id": digits,
            "waba_id": "102290129340398",
            "display_phone_number": "+1 555-078 3881",
            "access_token": "token",
            "app_secret": "secret",
            "verify_token": "verify",
        })
    }
}
