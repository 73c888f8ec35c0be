-- Auto-created templates that are no longer needed, for the periodic template task that deletes
-- them at Meta when `[templates] delete_auto_created_after_read` is on. One read, called by both
-- adapters (PostgREST through /rpc/).

-- Templates the auto-template fallback created (auto_created), not deleted, that are read out:
-- at least one message was released with it (a pending_template_messages row 'released'), every
-- released message is 'read', none still waits for it ('waiting'), and no other outbound message
-- of the account names it in its request (a person's template send, whatever its status, keeps
-- it). Rows that failed, expired or were cancelled never used it and do not count. Oldest
-- first, at most p_limit.
CREATE FUNCTION inbox_templates_read_out_auto_created(p_limit integer)
RETURNS SETOF templates
LANGUAGE sql STABLE AS $$
    SELECT t.* FROM templates t
    WHERE t.auto_created AND t.status <> 'deleted'
      AND EXISTS (
          SELECT 1 FROM pending_template_messages p
          WHERE p.account_id = t.account_id AND p.template_name = t.name
            AND p.template_language = t.language AND p.state = 'released')
      AND NOT EXISTS (
          SELECT 1 FROM pending_template_messages p
          LEFT JOIN messages m ON m.id = p.message_id
          WHERE p.account_id = t.account_id AND p.template_name = t.name
            AND p.template_language = t.language
            AND (p.state = 'waiting'
                 OR (p.state = 'released' AND m.status IS DISTINCT FROM 'read')))
      AND NOT EXISTS (
          SELECT 1 FROM messages m
          WHERE m.account_id = t.account_id AND m.direction = 'outbound'
            AND m.payload->'template'->>'name' = t.name
            AND m.payload->'template'->>'language' = t.language
            AND NOT EXISTS (SELECT 1 FROM pending_template_messages p WHERE p.message_id = m.id))
    ORDER BY t.created_at, t.id
    LIMIT GREATEST(p_limit, 0)
$$;
