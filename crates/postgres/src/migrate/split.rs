//! Splits a SQL file into statements at top-level semicolons (quotes, comments, dollar quotes respected).

/// The statements of `sql`, trimmed, without their `;`; pieces holding only comments are dropped.
pub(crate) fn statements(sql: &str) -> Vec<&str> {
    let b = sql.as_bytes();
    let mut out = Vec::new();
    let (mut start, mut i, mut has_code) = (0, 0, false);
    while i < b.len() {
        let next = match b[i] {
            b'-' if b.get(i + 1) == Some(&b'-') => {
                i = skip_line_comment(b, i);
                continue;
            }
            b'/' if b.get(i + 1) == Some(&b'*') => {
                i = skip_block_comment(b, i);
                continue;
            }
            b';' => {
                if has_code {
                    out.push(sql[start..i].trim());
                }
                (start, has_code) = (i + 1, false);
                i += 1;
                continue;
            }
            c if c.is_ascii_whitespace() => {
                i += 1;
                continue;
            }
            b'\'' => skip_quoted(b, i, b'\'', is_escape_string(b, i)),
            b'"' => skip_quoted(b, i, b'"', false),
            b'$' => dollar_quote_end(b, i).unwrap_or(i + 1),
            _ => i + 1,
        };
        has_code = true;
        i = next;
    }
    if has_code {
        out.push(sql[start..].trim());
    }
    out
}

fn is_ident_byte(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_' || c >= 0x80
}

fn skip_line_comment(b: &[u8], i: usize) -> usize {
    b[i..]
        .iter()
        .position(|&c| c == b'\n')
        .map_or(b.len(), |n| i + n + 1)
}

/// Block comments nest in PostgreSQL.
fn skip_block_comment(b: &[u8], i: usize) -> usize {
    let (mut depth, mut j) = (0usize, i);
    while j < b.len() {
        if b[j] == b'/' && b.get(j + 1) == Some(&b'*') {
            depth += 1;
            j += 2;
        } else if b[j] == b'*' && b.get(j + 1) == Some(&b'/') {
            depth -= 1;
            j += 2;
            if depth == 0 {
                return j;
            }
        } else {
            j += 1;
        }
    }
    b.len()
}

/// `E'…'` strings honour backslash escapes; a doubled quote escapes itself in every quoted form.
fn skip_quoted(b: &[u8], i: usize, quote: u8, backslashes: bool) -> usize {
    let mut j = i + 1;
    while j < b.len() {
        if backslashes && b[j] == b'\\' {
            j += 2;
        } else if b[j] == quote {
            if b.get(j + 1) == Some(&quote) {
                j += 2;
            } else {
                return j + 1;
            }
        } else {
            j += 1;
        }
    }
    b.len()
}

fn is_escape_string(b: &[u8], i: usize) -> bool {
    i >= 1 && matches!(b[i - 1], b'E' | b'e') && (i < 2 || !is_ident_byte(b[i - 2]))
}

/// End of a `$tag$ … $tag$` string starting at `i`, or `None` when `$` starts no dollar quote.
fn dollar_quote_end(b: &[u8], i: usize) -> Option<usize> {
    if i >= 1 && is_ident_byte(b[i - 1]) {
        return None; // `$` inside an identifier
    }
    let mut j = i + 1;
    if b.get(j).is_some_and(u8::is_ascii_digit) {
        return None; // positional parameter `$1`
    }
    while j < b.len() && is_ident_byte(b[j]) && b[j] != b'$' {
        j += 1;
    }
    if b.get(j) != Some(&b'$') {
        return None;
    }
    let tag = &b[i..=j];
    let body = j + 1;
    let close = b[body..].windows(tag.len()).position(|w| w == tag);
    Some(close.map_or(b.len(), |n| body + n + tag.len()))
}

#[cfg(test)]
mod tests {
    use super::statements;

    #[test]
    fn statements_are_split_at_top_level_semicolons() {
        let sql = "CREATE INDEX CONCURRENTLY a ON t (x);\nCREATE INDEX CONCURRENTLY b ON t (y)";
        assert_eq!(
            statements(sql),
            [
                "CREATE INDEX CONCURRENTLY a ON t (x)",
                "CREATE INDEX CONCURRENTLY b ON t (y)"
            ]
        );
    }

    #[test]
    fn semicolons_inside_strings_identifiers_and_comments_do_not_split() {
        let sql = "-- inbox:no-transaction\n-- a; comment\nSELECT 'a;b', \"c;d\", E'\\';' /* x; /* nested; */ y; */;\nSELECT 2;";
        let got = statements(sql);
        assert_eq!(got.len(), 2, "{got:?}");
        assert!(got[0].ends_with("*/"), "{got:?}");
        assert_eq!(got[1], "SELECT 2");
    }

    #[test]
    fn dollar_quoted_bodies_stay_whole() {
        let sql = "CREATE FUNCTION f() RETURNS int AS $body$ SELECT 1; $body$ LANGUAGE sql;\
                   DO $$ BEGIN PERFORM 1; END $$; SELECT $1::int";
        let got = statements(sql);
        assert_eq!(got.len(), 3, "{got:?}");
        assert!(got[0].contains("SELECT 1; $body$"), "{got:?}");
        assert_eq!(got[2], "SELECT $1::int");
    }

    #[test]
    fn comment_only_pieces_and_blank_tails_are_dropped() {
        assert!(statements("-- nothing here\n/* or here */ ;  \n").is_empty());
        assert_eq!(statements("SELECT 1; -- trailing"), ["SELECT 1"]);
    }

    #[test]
    fn doubled_quotes_do_not_end_a_string() {
        assert_eq!(
            statements("SELECT 'it''s;'; SELECT 2"),
            ["SELECT 'it''s;'", "SELECT 2"]
        );
    }
}
