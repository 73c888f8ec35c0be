//! Writes through the fake PostgREST: insert, bulk insert, upsert, update, delete, `Prefer`.

use reqwest::Method;
use serde_json::json;

use super::postgrest_support::Rest;

const REPRESENTATION: (&str, &str) = ("prefer", "return=representation");

#[tokio::test]
async fn inserts_answer_201_with_or_without_the_rows() {
    let rest = Rest::start().await;
    let minimal = rest
        .send(
            Method::POST,
            "/pgrst_items",
            &[],
            Some(json!({"id": 10, "name": "fig"})),
        )
        .await;
    assert_eq!(minimal.status, 201);
    assert_eq!(minimal.text, "");

    let full = rest
        .send(
            Method::POST,
            "/pgrst_items?select=id,name,tags,data",
            &[REPRESENTATION],
            Some(json!({"id": 11, "name": "grape", "tags": ["a", "b,c"], "data": {"x": [1]}})),
        )
        .await;
    assert_eq!(full.status, 201);
    assert_eq!(
        full.json(),
        json!([{"id": 11, "name": "grape", "tags": ["a", "b,c"], "data": {"x": [1]}}])
    );

    let bulk = rest
        .send(
            Method::POST,
            "/pgrst_items?select=id",
            &[REPRESENTATION],
            Some(
                json!([{"id": 12, "name": "kiwi", "qty": 1}, {"id": 13, "name": "lime", "qty": 2}]),
            ),
        )
        .await;
    assert_eq!(bulk.status, 201);
    assert_eq!(bulk.json(), json!([{"id": 12}, {"id": 13}]));

    let uneven = rest
        .send(
            Method::POST,
            "/pgrst_items",
            &[],
            Some(json!([{"id": 14, "name": "a"}, {"id": 15}])),
        )
        .await;
    assert_eq!(uneven.status, 400);
    assert_eq!(uneven.json()["code"], "PGRST102");

    let unknown = rest
        .send(
            Method::POST,
            "/pgrst_items",
            &[],
            Some(json!({"id": 16, "colour": "x"})),
        )
        .await;
    assert_eq!(unknown.status, 400);
    assert_eq!(
        unknown.json()["message"],
        "Could not find the 'colour' column of 'pgrst_items' in the schema cache"
    );
    assert_eq!(unknown.json()["code"], "PGRST204");
    assert_eq!(rest.ids("id=gte.10").await, [10, 11, 12, 13]);
}

#[tokio::test]
async fn upserts_merge_or_ignore_duplicates_on_the_conflict_target() {
    let rest = Rest::start().await;
    let merge = (
        "prefer",
        "resolution=merge-duplicates,return=representation",
    );
    let updated = rest
        .send(
            Method::POST,
            "/pgrst_items?select=id,name,qty",
            &[merge],
            Some(json!([{"id": 1, "name": "apple", "qty": 50}])),
        )
        .await;
    assert_eq!(updated.status, 200, "nothing inserted: 200");
    assert_eq!(
        updated.json(),
        json!([{"id": 1, "name": "apple", "qty": 50}])
    );
    assert_eq!(
        updated.header("preference-applied").as_deref(),
        Some("resolution=merge-duplicates, return=representation")
    );

    let mixed = rest
        .send(
            Method::POST,
            "/pgrst_items?on_conflict=name&select=id,qty",
            &[merge],
            Some(json!([{"id": 2, "name": "banana", "qty": 7}, {"id": 20, "name": "melon", "qty": 1}])),
        )
        .await;
    assert_eq!(mixed.status, 201);
    assert_eq!(
        mixed.json(),
        json!([{"id": 2, "qty": 7}, {"id": 20, "qty": 1}])
    );

    let ignore = rest
        .send(
            Method::POST,
            "/pgrst_items?select=id",
            &[(
                "prefer",
                "resolution=ignore-duplicates,return=representation",
            )],
            Some(json!([{"id": 3, "name": "carrot", "qty": 99}, {"id": 21, "name": "nut", "qty": 1}])),
        )
        .await;
    assert_eq!(ignore.status, 201);
    assert_eq!(
        ignore.json(),
        json!([{"id": 21}]),
        "only the new row comes back"
    );
    let carrot = rest.get("/pgrst_items?select=qty&id=eq.3").await.json();
    assert_eq!(
        carrot,
        json!([{"qty": null}]),
        "an ignored duplicate changes nothing"
    );
}

#[tokio::test]
async fn updates_and_deletes_answer_204_or_the_rows() {
    let rest = Rest::start().await;
    let minimal = rest
        .send(
            Method::PATCH,
            "/pgrst_items?id=eq.1",
            &[],
            Some(json!({"qty": 6})),
        )
        .await;
    assert_eq!(minimal.status, 204);
    let full = rest
        .send(
            Method::PATCH,
            "/pgrst_items?qty=lt.4&select=id,qty&order=id",
            &[REPRESENTATION],
            Some(json!({"qty": 4})),
        )
        .await;
    assert_eq!(full.status, 200);
    assert_eq!(
        full.json(),
        json!([{"id": 2, "qty": 4}, {"id": 5, "qty": 4}])
    );
    let none = rest
        .send(
            Method::PATCH,
            "/pgrst_items?id=eq.99",
            &[REPRESENTATION],
            Some(json!({"qty": 1})),
        )
        .await;
    assert_eq!((none.status, none.json()), (200, json!([])));

    let deleted = rest
        .send(
            Method::DELETE,
            "/pgrst_items?id=eq.5&select=name",
            &[REPRESENTATION],
            None,
        )
        .await;
    assert_eq!(
        (deleted.status, deleted.json()),
        (200, json!([{"name": "date"}]))
    );
    let gone = rest
        .send(Method::DELETE, "/pgrst_items?id=eq.5", &[], None)
        .await;
    assert_eq!(gone.status, 204);
    assert_eq!(rest.ids("qty=eq.4").await, [2]);
}

#[tokio::test]
async fn a_single_object_write_that_touches_other_than_one_row_is_rolled_back() {
    let rest = Rest::start().await;
    let answer = rest
        .send(
            Method::PATCH,
            "/pgrst_items?id=in.(1,2)",
            &[
                REPRESENTATION,
                ("accept", "application/vnd.pgrst.object+json"),
            ],
            Some(json!({"qty": 100})),
        )
        .await;
    assert_eq!(answer.status, 406);
    assert_eq!(answer.json()["details"], "The result contains 2 rows");
    assert_eq!(
        rest.ids("qty=eq.100").await,
        Vec::<i64>::new(),
        "rolled back"
    );

    let compare_and_set = rest
        .send(
            Method::PATCH,
            "/pgrst_items?id=eq.1&qty=eq.5&select=id,qty",
            &[
                REPRESENTATION,
                ("accept", "application/vnd.pgrst.object+json"),
            ],
            Some(json!({"qty": 6})),
        )
        .await;
    assert_eq!(compare_and_set.status, 200);
    assert_eq!(compare_and_set.json(), json!({"id": 1, "qty": 6}));
}

#[tokio::test]
async fn the_fake_works_through_a_transaction_mode_pooler() {
    let rest = Rest::start_through_pgbouncer().await;
    for _ in 0..3 {
        assert_eq!(rest.ids("id=in.(1,2)").await, [1, 2]);
    }
    let inserted = rest
        .send(
            Method::POST,
            "/pgrst_items?select=id",
            &[REPRESENTATION],
            Some(json!({"id": 40, "name": "olive"})),
        )
        .await;
    assert_eq!(
        (inserted.status, inserted.json()),
        (201, json!([{"id": 40}]))
    );
    let sum = rest
        .send(
            Method::POST,
            "/rpc/pgrst_add",
            &[],
            Some(json!({"a": 2, "b": 2})),
        )
        .await;
    assert_eq!(sum.json(), json!(4));
    let duplicate = rest
        .send(
            Method::POST,
            "/pgrst_items",
            &[],
            Some(json!({"id": 40, "name": "again"})),
        )
        .await;
    assert_eq!(duplicate.status, 409);
    rest.fake.reload_schema();
    assert_eq!(rest.ids("id=eq.40").await, [40]);
}
