//! Which columns make a `Contact` (a `contacts` row) and a `ContactCard` (the contact part of an
//! `inbox_conversation_summaries` row).

use inbox_domain::{AccountId, Contact, ContactCard, ContactId, WaId};

use super::{StoredRow, parsed_opt};

/// Where a contact card's columns are in a row: their names, or their positions once found.
#[derive(Debug, Clone, Copy)]
pub struct CardColumns<C = &'static str> {
    /// `id`.
    pub id: C,
    /// `wa_id`.
    pub wa_id: C,
    /// `bsuid`.
    pub bsuid: C,
    /// `profile_name`.
    pub profile_name: C,
    /// `display_name`.
    pub display_name: C,
}

/// Where a contact's columns are in a row: its card's, then the rest.
#[derive(Debug, Clone, Copy)]
pub struct ContactColumns<C = &'static str> {
    /// The columns the card reads.
    pub card: CardColumns<C>,
    /// `account_id`.
    pub account_id: C,
    /// `notes`.
    pub notes: C,
    /// `tags`.
    pub tags: C,
    /// `created_at`.
    pub created_at: C,
    /// `updated_at`.
    pub updated_at: C,
}

/// A `contacts` row.
pub const CONTACT: ContactColumns = ContactColumns {
    card: CardColumns {
        id: "id",
        wa_id: "wa_id",
        bsuid: "bsuid",
        profile_name: "profile_name",
        display_name: "display_name",
    },
    account_id: "account_id",
    notes: "notes",
    tags: "tags",
    created_at: "created_at",
    updated_at: "updated_at",
};

/// The contact card inside an `inbox_conversation_summaries` row.
pub const SUMMARY_CARD: CardColumns = CardColumns {
    id: "contact_id",
    wa_id: "contact_wa_id",
    bsuid: "contact_bsuid",
    profile_name: "contact_profile_name",
    display_name: "contact_display_name",
};

impl<C: Copy> CardColumns<C> {
    /// The same columns addressed another way (see `MessageColumns::locate`).
    ///
    /// # Errors
    /// The first error of `find`.
    pub fn locate<D, E>(
        &self,
        mut find: impl FnMut(C) -> Result<D, E>,
    ) -> Result<CardColumns<D>, E> {
        Ok(CardColumns {
            id: find(self.id)?,
            wa_id: find(self.wa_id)?,
            bsuid: find(self.bsuid)?,
            profile_name: find(self.profile_name)?,
            display_name: find(self.display_name)?,
        })
    }
}

impl<C: Copy> ContactColumns<C> {
    /// The same columns addressed another way (see `MessageColumns::locate`).
    ///
    /// # Errors
    /// The first error of `find`.
    pub fn locate<D, E>(
        &self,
        mut find: impl FnMut(C) -> Result<D, E>,
    ) -> Result<ContactColumns<D>, E> {
        Ok(ContactColumns {
            card: self.card.locate(&mut find)?,
            account_id: find(self.account_id)?,
            notes: find(self.notes)?,
            tags: find(self.tags)?,
            created_at: find(self.created_at)?,
            updated_at: find(self.updated_at)?,
        })
    }
}

/// The contact card in the columns `at` names, its `wa_id` checked.
///
/// # Errors
/// The adapter's error for a column it cannot read, or an [`InvalidValue`](super::InvalidValue)
/// for a stored `wa_id` the domain rejects.
pub fn contact_card<R: StoredRow>(
    row: &R,
    at: &CardColumns<R::Column>,
) -> Result<ContactCard, R::Error> {
    Ok(ContactCard {
        id: ContactId::from_uuid(row.uuid(at.id)?),
        wa_id: parsed_opt(row, at.wa_id, WaId::parse)?,
        bsuid: row.text_opt(at.bsuid)?.map(str::to_owned),
        profile_name: row.text_opt(at.profile_name)?.map(str::to_owned),
        display_name: row.text_opt(at.display_name)?.map(str::to_owned),
    })
}

/// The contact in the columns `at` names (see [`contact_card`]).
///
/// # Errors
/// As [`contact_card`].
pub fn contact<R: StoredRow>(row: &R, at: &ContactColumns<R::Column>) -> Result<Contact, R::Error> {
    let ContactCard {
        id,
        wa_id,
        bsuid,
        profile_name,
        display_name,
    } = contact_card(row, &at.card)?;
    Ok(Contact {
        id,
        account_id: AccountId::from_uuid(row.uuid(at.account_id)?),
        wa_id,
        bsuid,
        profile_name,
        display_name,
        notes: row.text_opt(at.notes)?.map(str::to_owned),
        tags: row.texts(at.tags)?,
        created_at: row.time(at.created_at)?,
        updated_at: row.time(at.updated_at)?,
    })
}
