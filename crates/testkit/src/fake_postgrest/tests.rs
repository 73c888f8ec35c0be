//! The URL grammar and the status table, without a server.

use super::error::status_for_sqlstate;
use super::filter::{Filter, Op, parse_column_filter, parse_logic};

fn compare(column: &str, negated: bool, op: Op, values: &[&str]) -> Filter {
    Filter::Compare {
        column: column.to_owned(),
        negated,
        op,
        values: values.iter().map(|v| (*v).to_owned()).collect(),
    }
}

#[test]
fn a_top_level_value_is_taken_literally() {
    assert_eq!(
        parse_column_filter("name", "eq.\"quoted\", (and) dotted.").unwrap(),
        compare("name", false, Op::Eq, &["\"quoted\", (and) dotted."])
    );
    assert_eq!(
        parse_column_filter("qty", "not.is.null").unwrap(),
        compare("qty", true, Op::Is, &["null"])
    );
}

#[test]
fn lists_and_trees_split_outside_quotes_and_parentheses() {
    assert_eq!(
        parse_column_filter("name", "in.(a,\"b,c\",\"d\\\"e\")").unwrap(),
        compare("name", false, Op::In, &["a", "b,c", "d\"e"])
    );
    let tree = parse_logic(
        "or",
        "(a.eq.1,and(b.in.(1,2),c.not.like.*x*),not.or(d.gt.2))",
    )
    .unwrap();
    assert_eq!(
        tree,
        Filter::Logic {
            or: true,
            negated: false,
            children: vec![
                compare("a", false, Op::Eq, &["1"]),
                Filter::Logic {
                    or: false,
                    negated: false,
                    children: vec![
                        compare("b", false, Op::In, &["1", "2"]),
                        compare("c", true, Op::Like, &["*x*"]),
                    ],
                },
                Filter::Logic {
                    or: true,
                    negated: true,
                    children: vec![compare("d", false, Op::Gt, &["2"])],
                },
            ],
        }
    );
}

#[test]
fn malformed_filters_are_pgrst100() {
    for (key, value) in [
        ("or", "(a.eq.1"),
        ("or", "a.eq.1"),
        ("and", "(a.zz.1)"),
        ("or", "(a.eq.\"x)"),
    ] {
        let error = parse_logic(key, value).unwrap_err();
        assert_eq!(
            (error.status, error.code.as_str()),
            (400, "PGRST100"),
            "{value}"
        );
    }
    let error = parse_column_filter("a", "between.1").unwrap_err();
    assert_eq!(error.code, "PGRST100");
}

#[test]
fn sqlstates_map_to_postgrest_statuses() {
    for (code, status) in [
        ("23505", 409),
        ("23503", 409),
        ("23502", 400),
        ("23514", 400),
        ("22P02", 400),
        ("P0001", 400),
        ("P0002", 500),
        ("42883", 404),
        ("42P01", 404),
        ("42501", 403),
        ("25006", 405),
        ("40001", 500),
        ("40P01", 500),
        ("08006", 503),
        ("53300", 503),
        ("53400", 500),
        ("57014", 500),
        ("XX000", 500),
        ("28000", 403),
        ("PT409", 409),
        ("PTxyz", 500),
    ] {
        assert_eq!(status_for_sqlstate(code), status, "{code}");
    }
}
