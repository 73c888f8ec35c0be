//! The `IdentityProvider` contract of the testkit, on the adapter against a fresh fake per case.

use std::sync::Arc;

use inbox_testkit::contract::identity::IdentityWorld;
use inbox_testkit::contract::identity_contract;

use crate::helpers::{admin, fake};

#[tokio::test]
async fn supabase_auth_admin_passes_the_identity_provider_contract() {
    identity_contract(|| async {
        let fake = Arc::new(fake().await);
        IdentityWorld {
            provider: Arc::new(admin(&fake)),
            backdoor: fake,
        }
    })
    .await;
}
