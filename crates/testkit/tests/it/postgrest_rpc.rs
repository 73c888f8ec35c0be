//! Functions through the fake PostgREST: `POST /rpc/fn` with named arguments, and `GET`.

use reqwest::Method;
use serde_json::json;

use super::postgrest_support::Rest;

#[tokio::test]
async fn a_scalar_function_answers_the_bare_value() {
    let rest = Rest::start().await;
    let sum = rest
        .send(
            Method::POST,
            "/rpc/pgrst_add",
            &[],
            Some(json!({"a": 1, "b": 2})),
        )
        .await;
    assert_eq!((sum.status, sum.text.as_str()), (200, "3"));
    let defaulted = rest
        .send(Method::POST, "/rpc/pgrst_add", &[], Some(json!({"a": 41})))
        .await;
    assert_eq!(
        defaulted.json(),
        json!(42),
        "a defaulted argument may be left out"
    );
    let by_get = rest.get("/rpc/pgrst_add?a=1&b=5").await;
    assert_eq!(by_get.json(), json!(6));
    let role = rest.send(Method::POST, "/rpc/pgrst_role", &[], None).await;
    assert_eq!(role.json(), json!("service_role"), "the claims are set");
    let typed = rest
        .send(
            Method::POST,
            "/rpc/pgrst_tag",
            &[],
            Some(json!({"p_id": 1, "p_tags": ["x", "y"], "p_data": {"deep": {"a": 1}}})),
        )
        .await;
    assert_eq!(
        typed.json(),
        json!({"tags": ["x", "y"], "data": {"deep": {"a": 1}}}),
        "arrays and JSON arguments keep their types"
    );
    let whole = rest
        .send(
            Method::POST,
            "/rpc/pgrst_whole",
            &[],
            Some(json!({"any": ["thing"]})),
        )
        .await;
    assert_eq!(
        whole.json(),
        json!({"any": ["thing"]}),
        "one unnamed jsonb takes the body"
    );
}

#[tokio::test]
async fn set_returning_functions_answer_arrays_that_take_filters() {
    let rest = Rest::start().await;
    let rows = rest
        .send(
            Method::POST,
            "/rpc/pgrst_items_over?select=id,name&order=id.desc&id=neq.4",
            &[],
            Some(json!({"min_qty": 0})),
        )
        .await;
    assert_eq!(rows.status, 200);
    assert_eq!(
        rows.json(),
        json!([{"id": 5, "name": "date"}, {"id": 1, "name": "apple"}])
    );
    let limited = rest
        .get("/rpc/pgrst_items_over?min_qty=0&select=id&order=id&limit=1")
        .await;
    assert_eq!(limited.json(), json!([{"id": 1}]));
    let single = rest
        .send(
            Method::POST,
            "/rpc/pgrst_items_over?select=id",
            &[("accept", "application/vnd.pgrst.object+json")],
            Some(json!({"min_qty": 10})),
        )
        .await;
    assert_eq!(single.json(), json!({"id": 4}));
    let table = rest
        .send(Method::POST, "/rpc/pgrst_stats", &[], Some(json!({})))
        .await;
    assert_eq!(table.json(), json!([{"n": 5, "total": 20}]));
    let names = rest.send(Method::POST, "/rpc/pgrst_names", &[], None).await;
    assert_eq!(
        names.json()[0],
        json!("apple"),
        "SETOF scalar: an array of values"
    );
    assert_eq!(names.json().as_array().map(Vec::len), Some(5));
}

#[tokio::test]
async fn composite_and_void_functions() {
    let rest = Rest::start().await;
    let item = rest
        .send(
            Method::POST,
            "/rpc/pgrst_item",
            &[],
            Some(json!({"p_id": 2})),
        )
        .await;
    assert_eq!(item.status, 200);
    assert_eq!(item.json()["name"], "banana", "one composite: an object");
    let void = rest
        .send(
            Method::POST,
            "/rpc/pgrst_bump",
            &[],
            Some(json!({"p_id": 1, "p_by": 10})),
        )
        .await;
    assert_eq!((void.status, void.text.as_str()), (204, ""));
    assert_eq!(rest.ids("qty=eq.15").await, [1]);
}

#[tokio::test]
async fn unknown_functions_or_arguments_are_pgrst202_and_writes_by_get_are_405() {
    let rest = Rest::start().await;
    let missing = rest
        .send(Method::POST, "/rpc/nope", &[], Some(json!({})))
        .await;
    assert_eq!(missing.status, 404);
    assert_eq!(missing.json()["code"], "PGRST202");
    assert_eq!(
        missing.json()["message"],
        "Could not find the function public.nope() in the schema cache"
    );
    let wrong = rest
        .send(Method::POST, "/rpc/pgrst_add", &[], Some(json!({"x": 1})))
        .await;
    assert_eq!(
        (wrong.status, wrong.json()["code"].clone()),
        (404, json!("PGRST202"))
    );
    let by_get = rest.get("/rpc/pgrst_bump?p_id=1&p_by=1").await;
    assert_eq!(by_get.status, 405);
    assert_eq!(by_get.json()["code"], "25006");
    let volatile = rest.send(Method::POST, "/rpc/pgrst_next", &[], None).await;
    assert_eq!((volatile.status, volatile.json()), (200, json!(1)));
    let stable = rest
        .send(Method::POST, "/rpc/pgrst_next_mislabelled", &[], None)
        .await;
    assert_eq!(
        (stable.status, stable.json()["code"].clone()),
        (405, json!("25006")),
        "a function not marked VOLATILE runs read-only, even by POST"
    );
}

#[tokio::test]
async fn the_migrated_functions_are_callable_with_their_argument_types() {
    let rest = Rest::start().await;
    let can = rest
        .send(
            Method::POST,
            "/rpc/inbox_status_can_become",
            &[],
            Some(json!({"p_from": "sent", "p_to": "read"})),
        )
        .await;
    assert_eq!((can.status, can.json()), (200, json!(true)));
    let tags = rest
        .send(
            Method::POST,
            "/rpc/inbox_contact_tags_valid",
            &[],
            Some(json!({"p_tags": ["vip", ""]})),
        )
        .await;
    assert_eq!(
        tags.json(),
        json!(false),
        "a text[] argument from a JSON array"
    );
    let at = rest
        .send(
            Method::POST,
            "/rpc/inbox_micros_to_timestamptz",
            &[],
            Some(json!({"p_micros": 1_000_000})),
        )
        .await;
    assert_eq!(at.json(), json!("1970-01-01T00:00:01+00:00"));
}
