//! Reads through the fake PostgREST: filters, `select`, ordering, paging, counts, single object.
//! Each request/answer pair follows an example of PostgREST's API reference.

use reqwest::Method;
use serde_json::json;

use super::postgrest_support::Rest;

#[tokio::test]
async fn horizontal_filters_follow_the_url_grammar() {
    let rest = Rest::start().await;
    let cases: &[(&str, &[i64])] = &[
        ("id=eq.2", &[2]),
        ("id=neq.2", &[1, 3, 4, 5]),
        ("qty=gt.3", &[1, 4]),
        ("qty=gte.3", &[1, 4, 5]),
        ("qty=lt.3", &[2]),
        ("qty=lte.3", &[2, 5]),
        ("name=like.*an*", &[2]),
        ("name=ilike.c*", &[3, 4]),
        ("qty=is.null", &[3]),
        ("qty=not.is.null", &[1, 2, 4, 5]),
        ("id=in.(1,3)", &[1, 3]),
        ("id=not.in.(1,3)", &[2, 4, 5]),
        ("name=in.(\"Cherry, red\",date)", &[4, 5]),
        ("name=eq.Cherry, red", &[4]),
        ("tags=cs.{fruit}", &[1, 2]),
        ("tags=cd.{orange,red,fruit}", &[1, 3, 5]),
        ("born=gte.2024-01-15T00:00:00Z", &[3]),
        ("qty=gt.1&qty=lt.10", &[1, 5]),
        ("or=(id.eq.1,qty.gt.10)", &[1, 4]),
        (
            "and=(qty.gte.0,or(id.eq.2,name.eq.\"Cherry, red\"))",
            &[2, 4],
        ),
        ("not.or=(id.eq.1,id.eq.2)", &[3, 4, 5]),
        ("or=(qty.is.null,id.not.in.(1,2,3))", &[3, 4, 5]),
        ("id=in.()", &[]),
    ];
    for (query, expected) in cases {
        assert_eq!(rest.ids(query).await, *expected, "{query}");
    }
}

#[tokio::test]
async fn select_renames_and_casts_and_order_takes_several_columns() {
    let rest = Rest::start().await;
    let answer = rest
        .get("/pgrst_items?select=id,label:name,qty::text&id=lte.2&order=id.desc")
        .await;
    assert_eq!(answer.status, 200);
    assert_eq!(
        answer.json(),
        json!([{"id": 2, "label": "banana", "qty": "0"}, {"id": 1, "label": "apple", "qty": "5"}])
    );
    let ordered = rest.ids("order=qty.desc.nullsfirst,id.asc").await;
    assert_eq!(ordered, [3, 4, 1, 5, 2]);
    let ordered = rest.ids("order=qty.asc.nullslast").await;
    assert_eq!(ordered, [2, 5, 1, 4, 3]);
    let all = rest.get("/pgrst_items?id=eq.1").await.json();
    assert_eq!(
        all,
        json!([{"id": 1, "name": "apple", "qty": 5, "tags": ["red", "fruit"],
                "data": {"kind": "fruit"}, "born": "2024-01-01T00:00:00+00:00"}])
    );
    let view = rest.get("/pgrst_item_names?id=eq.3").await;
    assert_eq!(view.json(), json!([{"id": 3, "name": "carrot"}]));
}

#[tokio::test]
async fn limits_offsets_and_exact_counts_set_content_range_and_status() {
    let rest = Rest::start().await;
    let page = rest
        .send(
            Method::GET,
            "/pgrst_items?select=id&order=id&limit=2&offset=1",
            &[("prefer", "count=exact")],
            None,
        )
        .await;
    assert_eq!(page.status, 206);
    assert_eq!(page.header("content-range").as_deref(), Some("1-2/5"));
    assert_eq!(page.json(), json!([{"id": 2}, {"id": 3}]));

    let whole = rest
        .send(
            Method::GET,
            "/pgrst_items?select=id",
            &[("prefer", "count=exact")],
            None,
        )
        .await;
    assert_eq!(whole.status, 200);
    assert_eq!(whole.header("content-range").as_deref(), Some("0-4/5"));

    let uncounted = rest.get("/pgrst_items?select=id&limit=2").await;
    assert_eq!(uncounted.status, 200);
    assert_eq!(uncounted.header("content-range").as_deref(), Some("0-1/*"));

    let empty = rest
        .send(
            Method::GET,
            "/pgrst_items?id=gt.100",
            &[("prefer", "count=exact")],
            None,
        )
        .await;
    assert_eq!(empty.status, 200);
    assert_eq!(empty.header("content-range").as_deref(), Some("*/0"));
    assert_eq!(empty.json(), json!([]));

    let past = rest
        .send(
            Method::GET,
            "/pgrst_items?offset=7",
            &[("prefer", "count=exact")],
            None,
        )
        .await;
    assert_eq!(past.status, 416);
    assert_eq!(past.json()["code"], "PGRST103");
    assert_eq!(
        past.json()["details"],
        "An offset of 7 was requested, but there are only 5 rows."
    );

    let head = rest
        .send(
            Method::HEAD,
            "/pgrst_items?qty=gt.0",
            &[("prefer", "count=exact")],
            None,
        )
        .await;
    assert_eq!((head.status, head.text.as_str()), (200, ""));
    assert_eq!(head.header("content-range").as_deref(), Some("0-2/3"));

    let ranged = rest
        .send(
            Method::GET,
            "/pgrst_items?select=id&order=id",
            &[("range-unit", "items"), ("range", "3-4")],
            None,
        )
        .await;
    assert_eq!(ranged.json(), json!([{"id": 4}, {"id": 5}]));
    assert_eq!(ranged.header("content-range").as_deref(), Some("3-4/*"));
}

#[tokio::test]
async fn the_single_object_accept_header_wants_exactly_one_row() {
    let rest = Rest::start().await;
    let object = "application/vnd.pgrst.object+json";
    let one = rest
        .send(
            Method::GET,
            "/pgrst_items?select=id,name&id=eq.1",
            &[("accept", object)],
            None,
        )
        .await;
    assert_eq!(one.status, 200);
    assert_eq!(one.json(), json!({"id": 1, "name": "apple"}));
    assert!(
        one.header("content-type")
            .unwrap_or_default()
            .starts_with(object)
    );

    for (query, rows) in [("id=eq.100", 0), ("id=lt.3", 2)] {
        let answer = rest
            .send(
                Method::GET,
                &format!("/pgrst_items?{query}"),
                &[("accept", object)],
                None,
            )
            .await;
        assert_eq!(answer.status, 406, "{query}");
        assert_eq!(
            answer.json(),
            json!({"code": "PGRST116",
                   "message": "JSON object requested, multiple (or no) rows returned",
                   "details": format!("The result contains {rows} rows"), "hint": null})
        );
    }
}
