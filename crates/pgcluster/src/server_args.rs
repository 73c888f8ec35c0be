//! The server command line passed through `pg_ctl -o`, quoted for the shell `pg_ctl` starts it with.

use std::path::Path;

/// Address the server listens on: loopback only.
pub(crate) const LISTEN_ADDRESS: &str = "127.0.0.1";

/// `-p PORT -k SOCKDIR -c name=value … -c listen_addresses=127.0.0.1`, each word shell-quoted.
pub(crate) fn server_options(
    port: u16,
    socket_dir: &Path,
    settings: &[(String, String)],
) -> String {
    let mut words = vec![
        "-p".to_owned(),
        port.to_string(),
        "-k".to_owned(),
        socket_dir.display().to_string(),
    ];
    for (name, value) in settings {
        words.push("-c".to_owned());
        words.push(format!("{name}={value}"));
    }
    // Last, so no setting can widen where the private cluster listens.
    words.push("-c".to_owned());
    words.push(format!("listen_addresses={LISTEN_ADDRESS}"));
    words
        .iter()
        .map(|w| shell_quote(w))
        .collect::<Vec<_>>()
        .join(" ")
}

/// Quotes one word for `/bin/sh`.
fn shell_quote(word: &str) -> String {
    format!("'{}'", word.replace('\'', r"'\''"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn options_are_quoted_and_listen_address_comes_last() {
        let settings = vec![
            ("fsync".to_owned(), "off".to_owned()),
            ("listen_addresses".to_owned(), "*".to_owned()),
        ];
        let opts = server_options(5433, Path::new("/tmp/a b"), &settings);
        assert_eq!(
            opts,
            "'-p' '5433' '-k' '/tmp/a b' '-c' 'fsync=off' '-c' 'listen_addresses=*' '-c' 'listen_addresses=127.0.0.1'"
        );
    }

    #[test]
    fn single_quotes_survive_the_shell() {
        assert_eq!(shell_quote("it's"), r"'it'\''s'");
    }
}
