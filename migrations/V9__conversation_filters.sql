-- The agents' view of conversations and contacts: list filters, search by contact name or
-- number, the actions on a conversation (read, favorite, bot mode, status), and contact edits.
-- Shared by every storage backend (the PostgREST adapter calls the functions through /rpc/).

-- Trigram indexes make "contains" searches an index lookup. pg_trgm is a trusted extension:
-- a database owner without superuser rights may create it (Supabase ships it).
CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- The text a contact search looks in: display name, profile name and wa_id, joined by a control
-- character that no search term may hold, so no match spans two fields. Plain operators only,
-- so the function inlines and the trigram index on it serves the queries that call it.
CREATE FUNCTION inbox_contact_search_text(p_display_name text, p_profile_name text, p_wa_id text)
RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT coalesce(p_display_name, '') || E'\x01' || coalesce(p_profile_name, '') || E'\x01'
           || coalesce(p_wa_id, '')
$$;

-- A search term as a LIKE pattern that matches it anywhere, its wildcards taken literally.
CREATE FUNCTION inbox_contains_pattern(p_term text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT '%' || replace(replace(replace(p_term, '\', '\\'), '%', '\%'), '_', '\_') || '%'
$$;

-- Whether a contact's tags are valid: at most 50, each 1 to 50 characters.
CREATE FUNCTION inbox_contact_tags_valid(p_tags text[]) RETURNS boolean
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT cardinality(p_tags) <= 50
       AND NOT EXISTS (SELECT 1 FROM unnest(p_tags) AS t (tag)
                       WHERE t.tag IS NULL OR char_length(t.tag) NOT BETWEEN 1 AND 50)
$$;

-- NOT VALID: checked for every new or changed row, without scanning the existing ones (which
-- hold no tags yet) under a lock; a later migration may VALIDATE it.
ALTER TABLE contacts
    ADD CONSTRAINT contacts_tags_valid CHECK (inbox_contact_tags_valid(tags)) NOT VALID;

-- The contacts list of an account, newest first.
CREATE INDEX contacts_account_created_idx ON contacts (account_id, created_at DESC, id DESC);
-- "Contains" searches over names and numbers (ILIKE '%term%' with a term of 3+ characters).
CREATE INDEX contacts_search_idx ON contacts
    USING gin (inbox_contact_search_text(display_name, profile_name, wa_id) gin_trgm_ops);

-- The summary view gains the contact's agent-set fields, appended after lm_created_at (the view
-- keeps its columns). A later migration that replaces this view must keep these three columns
-- in this place and append its own after them: CREATE OR REPLACE VIEW cannot drop or rename one.
CREATE OR REPLACE VIEW inbox_conversation_summaries AS
SELECT c.id, c.account_id, c.contact_id, c.status, c.unread_count, c.favorite, c.bot_mode,
       c.last_message_at, c.last_message_id, c.last_inbound_at, c.created_at,
       ct.wa_id AS contact_wa_id, ct.bsuid AS contact_bsuid,
       ct.profile_name AS contact_profile_name, ct.created_at AS contact_created_at,
       ct.updated_at AS contact_updated_at,
       m.direction AS lm_direction, m.kind AS lm_kind, m.body AS lm_body, m.media AS lm_media,
       m.payload AS lm_payload, m.wamid AS lm_wamid, m.status AS lm_status,
       m.error_code AS lm_error_code, m.error_title AS lm_error_title,
       m.error_details AS lm_error_details, m.reply_to_id AS lm_reply_to_id,
       m.reply_to_wamid AS lm_reply_to_wamid, m.reactions AS lm_reactions,
       m.edited_at AS lm_edited_at, m.deleted_at AS lm_deleted_at, m.sent_at AS lm_sent_at,
       m.created_at AS lm_created_at,
       ct.display_name AS contact_display_name, ct.notes AS contact_notes,
       ct.tags AS contact_tags
FROM conversations c
JOIN contacts ct ON ct.id = c.contact_id
LEFT JOIN inbox_messages m ON m.id = c.last_message_id;

-- A filtered page of an account's conversations, newest activity first, after the
-- (p_before_at, p_before_id) cursor (pass 'infinity' and the max UUID for the first page).
-- Walks the activity index and tests each conversation: best when the filter keeps many rows.
-- p_search: a contact name or number fragment, or NULL for none.
CREATE FUNCTION inbox_list_conversations(
    p_account_id uuid, p_before_at timestamptz, p_before_id uuid, p_limit bigint,
    p_statuses text[], p_unread_only boolean, p_favorites_only boolean, p_search text)
RETURNS SETOF inbox_conversation_summaries
LANGUAGE sql STABLE AS $$
    SELECT s.* FROM inbox_conversation_summaries s
    WHERE s.account_id = p_account_id
      AND (s.last_message_at, s.id) < (p_before_at, p_before_id)
      AND s.status = ANY (p_statuses)
      AND (NOT p_unread_only OR s.unread_count > 0)
      AND (NOT p_favorites_only OR s.favorite)
      AND (p_search IS NULL
           OR inbox_contact_search_text(s.contact_display_name, s.contact_profile_name,
                                        s.contact_wa_id) ILIKE inbox_contains_pattern(p_search))
    ORDER BY s.last_message_at DESC, s.id DESC
    LIMIT p_limit
$$;

-- The same page, found from the contacts that match p_search (through the trigram index): their
-- conversations are filtered and ordered on the conversations table alone, then only the page's
-- rows are read with their contact and newest message. Best for a search of 3+ characters.
CREATE FUNCTION inbox_search_conversations(
    p_account_id uuid, p_before_at timestamptz, p_before_id uuid, p_limit bigint,
    p_statuses text[], p_unread_only boolean, p_favorites_only boolean, p_search text)
RETURNS SETOF inbox_conversation_summaries
LANGUAGE sql STABLE AS $$
    WITH matches AS MATERIALIZED (
        SELECT ct.id FROM contacts ct
        WHERE inbox_contact_search_text(ct.display_name, ct.profile_name, ct.wa_id)
              ILIKE inbox_contains_pattern(p_search)
          AND ct.account_id = p_account_id
    ), page AS MATERIALIZED (
        SELECT c.id FROM matches
        JOIN conversations c ON c.account_id = p_account_id AND c.contact_id = matches.id
        WHERE (c.last_message_at, c.id) < (p_before_at, p_before_id)
          AND c.status = ANY (p_statuses)
          AND (NOT p_unread_only OR c.unread_count > 0)
          AND (NOT p_favorites_only OR c.favorite)
        ORDER BY c.last_message_at DESC, c.id DESC
        LIMIT p_limit
    )
    SELECT s.* FROM page
    JOIN inbox_conversation_summaries s ON s.id = page.id
    ORDER BY s.last_message_at DESC, s.id DESC
$$;

-- A page of an account's contacts, newest first, after the (p_before_at, p_before_id) cursor;
-- p_search (or NULL) keeps those whose names or number contain it. Walks the creation index.
CREATE FUNCTION inbox_list_contacts(
    p_account_id uuid, p_before_at timestamptz, p_before_id uuid, p_limit bigint,
    p_search text)
RETURNS SETOF contacts
LANGUAGE sql STABLE AS $$
    SELECT ct.* FROM contacts ct
    WHERE ct.account_id = p_account_id
      AND (ct.created_at, ct.id) < (p_before_at, p_before_id)
      AND (p_search IS NULL
           OR inbox_contact_search_text(ct.display_name, ct.profile_name, ct.wa_id)
              ILIKE inbox_contains_pattern(p_search))
    ORDER BY ct.created_at DESC, ct.id DESC
    LIMIT p_limit
$$;

-- The same page, found through the trigram index and then ordered: for a search of 3+
-- characters.
CREATE FUNCTION inbox_search_contacts(
    p_account_id uuid, p_before_at timestamptz, p_before_id uuid, p_limit bigint,
    p_search text)
RETURNS SETOF contacts
LANGUAGE sql STABLE AS $$
    WITH matches AS MATERIALIZED (
        SELECT ct.* FROM contacts ct
        WHERE inbox_contact_search_text(ct.display_name, ct.profile_name, ct.wa_id)
              ILIKE inbox_contains_pattern(p_search)
          AND ct.account_id = p_account_id
    )
    SELECT m.* FROM matches m
    WHERE (m.created_at, m.id) < (p_before_at, p_before_id)
    ORDER BY m.created_at DESC, m.id DESC
    LIMIT p_limit
$$;

-- An agent's action on a conversation, in one statement; NULL leaves a field alone.
-- p_read: true marks everything read (no unread), false marks it unread (at least 1).
-- Returns the changed conversation, or no row when there is none.
CREATE FUNCTION inbox_change_conversation(
    p_id uuid, p_read boolean, p_favorite boolean, p_bot_mode boolean, p_status text)
RETURNS SETOF conversations
LANGUAGE sql AS $$
    UPDATE conversations c SET
        unread_count = CASE WHEN p_read THEN 0
                            WHEN NOT p_read THEN GREATEST(c.unread_count, 1)
                            ELSE c.unread_count END,
        favorite = COALESCE(p_favorite, c.favorite),
        bot_mode = COALESCE(p_bot_mode, c.bot_mode),
        status = COALESCE(p_status, c.status),
        updated_at = now()
    WHERE c.id = p_id
    RETURNING c.*
$$;

-- An agent's edit of a contact, in one statement: the display name and notes are set when
-- p_set_* is true (NULL clears them), the tags replaced unless p_tags is NULL. updated_at moves
-- only when a value changes. Returns the contact, or no row when there is none.
CREATE FUNCTION inbox_update_contact(
    p_id uuid, p_set_display_name boolean, p_display_name text, p_set_notes boolean,
    p_notes text, p_tags text[])
RETURNS SETOF contacts
LANGUAGE sql AS $$
    UPDATE contacts c SET
        display_name = CASE WHEN p_set_display_name THEN p_display_name ELSE c.display_name END,
        notes = CASE WHEN p_set_notes THEN p_notes ELSE c.notes END,
        tags = COALESCE(p_tags, c.tags),
        updated_at = CASE
            WHEN (CASE WHEN p_set_display_name THEN p_display_name ELSE c.display_name END,
                  CASE WHEN p_set_notes THEN p_notes ELSE c.notes END,
                  COALESCE(p_tags, c.tags))
                 IS DISTINCT FROM (c.display_name, c.notes, c.tags)
            THEN now() ELSE c.updated_at END
    WHERE c.id = p_id
    RETURNING c.*
$$;
