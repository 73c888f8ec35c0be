//! Errors through the fake PostgREST: PostgreSQL's SQLSTATE in PostgREST's body and status,
//! PostgREST's own `PGRST` codes, the key checks, and the test controls.

use inbox_testkit::fake_postgrest::{Fault, FaultTarget};
use reqwest::Method;
use serde_json::json;

use super::postgrest_support::Rest;

#[tokio::test]
async fn database_errors_keep_their_fields_and_map_to_postgrest_statuses() {
    let rest = Rest::start().await;
    let duplicate = rest
        .send(
            Method::POST,
            "/pgrst_items",
            &[],
            Some(json!({"id": 1, "name": "again"})),
        )
        .await;
    assert_eq!(duplicate.status, 409);
    assert_eq!(
        duplicate.json(),
        json!({"code": "23505",
               "message": "duplicate key value violates unique constraint \"pgrst_items_pkey\"",
               "details": "Key (id)=(1) already exists.", "hint": null})
    );
    let cases = [
        (
            json!({"id": 30, "name": "x", "qty": -1}),
            "/pgrst_items",
            400,
            "23514",
        ),
        (json!({"id": 31}), "/pgrst_items", 400, "23502"),
        (
            json!({"id": 32, "qty": "many", "name": "y"}),
            "/pgrst_items",
            400,
            "22P02",
        ),
        (
            json!({"id": 1, "item_id": 99}),
            "/pgrst_parts",
            409,
            "23503",
        ),
    ];
    for (body, path, status, code) in cases {
        let answer = rest.send(Method::POST, path, &[], Some(body.clone())).await;
        assert_eq!(
            (answer.status, answer.json()["code"].clone()),
            (status, json!(code)),
            "{body}"
        );
    }
    let bad_value = rest.get("/pgrst_items?id=eq.abc").await;
    assert_eq!(
        (bad_value.status, bad_value.json()["code"].clone()),
        (400, json!("22P02"))
    );
}

#[tokio::test]
async fn raised_exceptions_choose_their_status() {
    let rest = Rest::start().await;
    for (code, status) in [
        ("P0001", 400),
        ("PT402", 402),
        ("PT418", 418),
        ("40001", 500),
        ("42501", 403),
        ("53300", 503),
    ] {
        let answer = rest
            .send(
                Method::POST,
                "/rpc/pgrst_fail",
                &[],
                Some(json!({"p_code": code})),
            )
            .await;
        assert_eq!(answer.status, status, "{code}");
        assert_eq!(
            answer.json(),
            json!({"code": code, "message": "it failed", "details": "some detail", "hint": "a hint"})
        );
    }
}

#[tokio::test]
async fn bad_requests_get_postgrest_codes() {
    let rest = Rest::start().await;
    let table = rest.get("/nowhere").await;
    assert_eq!(table.status, 404);
    assert_eq!(
        table.json(),
        json!({"code": "42P01", "message": "relation \"public.nowhere\" does not exist",
               "details": null, "hint": null})
    );
    let column = rest.get("/pgrst_items?colour=eq.red").await;
    assert_eq!(column.status, 400);
    assert_eq!(column.json()["code"], "42703");
    assert_eq!(
        column.json()["message"],
        "column pgrst_items.colour does not exist"
    );
    let operator = rest.get("/pgrst_items?id=equals.1").await;
    assert_eq!(
        (operator.status, operator.json()["code"].clone()),
        (400, json!("PGRST100"))
    );
    let tree = rest.get("/pgrst_items?or=(id.eq.1").await;
    assert_eq!(
        (tree.status, tree.json()["code"].clone()),
        (400, json!("PGRST100"))
    );
    let order = rest.get("/pgrst_items?order=id.sideways").await;
    assert_eq!(
        (order.status, order.json()["code"].clone()),
        (400, json!("PGRST100"))
    );
    let body = rest
        .send_raw(
            Method::POST,
            "/pgrst_items",
            &[
                ("apikey", rest.fake.service_key().to_owned()),
                ("content-type", "application/json".to_owned()),
            ],
            None,
        )
        .await;
    assert_eq!(body.status, 400, "{}", body.text);
    let schema = rest
        .send(
            Method::GET,
            "/pgrst_items",
            &[("accept-profile", "private")],
            None,
        )
        .await;
    assert_eq!(
        (schema.status, schema.json()["code"].clone()),
        (406, json!("PGRST106"))
    );
}

#[tokio::test]
async fn only_the_service_key_reads_and_writes() {
    let rest = Rest::start().await;
    let service = rest.fake.service_key().to_owned();
    let anon = rest.fake.anon_key().to_owned();
    let path = "/pgrst_items?id=eq.1&select=id";
    let none = rest.send_raw(Method::GET, path, &[], None).await;
    assert_eq!(none.status, 401);
    assert_eq!(none.json()["message"], "No API key found in request");
    let unknown = rest
        .send_raw(Method::GET, path, &[("apikey", "nope".to_owned())], None)
        .await;
    assert_eq!(
        (unknown.status, unknown.json()["message"].clone()),
        (401, json!("Invalid API key"))
    );
    let as_anon = rest
        .send_raw(Method::GET, path, &[("apikey", anon.clone())], None)
        .await;
    assert_eq!(
        (as_anon.status, as_anon.json()["code"].clone()),
        (401, json!("42501"))
    );
    let forged = rest
        .send_raw(
            Method::GET,
            path,
            &[
                ("apikey", anon),
                ("authorization", "Bearer a.b.c".to_owned()),
            ],
            None,
        )
        .await;
    assert_eq!(
        (forged.status, forged.json()["code"].clone()),
        (401, json!("PGRST301"))
    );
    let secret_alone = rest
        .send_raw(Method::GET, path, &[("apikey", service)], None)
        .await;
    assert_eq!(
        (secret_alone.status, secret_alone.json()),
        (200, json!([{"id": 1}]))
    );
}

#[tokio::test]
async fn faults_latency_log_and_schema_reload() {
    let rest = Rest::start().await;
    rest.fake.inject(
        FaultTarget::Relation("pgrst_items".to_owned()),
        Fault::status(503).times(1),
    );
    let failed = rest.get("/pgrst_items?select=id&id=eq.1").await;
    assert_eq!(
        (failed.status, failed.json()["code"].clone()),
        (503, json!("PGRST000"))
    );
    assert_eq!(
        rest.get("/pgrst_items?select=id&id=eq.1").await.status,
        200,
        "once only"
    );
    rest.fake.inject(
        FaultTarget::Rpc("pgrst_add".to_owned()),
        Fault::sqlstate("40001"),
    );
    let conflict = rest
        .send(Method::POST, "/rpc/pgrst_add", &[], Some(json!({"a": 1})))
        .await;
    assert_eq!(
        (conflict.status, conflict.json()["code"].clone()),
        (500, json!("40001"))
    );
    rest.fake.clear_faults();

    let log = rest.fake.requests();
    assert_eq!(log.len(), 3);
    assert_eq!(log[0].path, "/rest/v1/pgrst_items");
    assert_eq!(log[0].query, "select=id&id=eq.1");
    assert_eq!(log[0].status, 503);
    assert_eq!(log[2].method, "POST");

    rest.sql("CREATE TABLE public.pgrst_later (id int PRIMARY KEY); INSERT INTO public.pgrst_later VALUES (7)")
        .await;
    assert_eq!(
        rest.get("/pgrst_later").await.json(),
        json!([{"id": 7}]),
        "new tables are found"
    );
    rest.sql("ALTER TABLE public.pgrst_later ADD COLUMN note text")
        .await;
    assert_eq!(
        rest.get("/pgrst_later?select=note").await.status,
        400,
        "stale cache"
    );
    rest.fake.reload_schema();
    assert_eq!(
        rest.get("/pgrst_later?select=note").await.json(),
        json!([{"note": null}])
    );
}
