//! The fake Supabase Storage: buckets, upload/upsert, download, signed and public URLs, delete,
//! list, limits, keys and faults, in Storage's own shapes.

use inbox_testkit::fake_storage::{FakeStorage, Fault, StorageRoute};
use reqwest::{Method, RequestBuilder};
use serde_json::{Value, json};
use std::time::Duration;

struct Store {
    fake: FakeStorage,
    http: reqwest::Client,
}

impl Store {
    async fn start() -> Self {
        let fake = FakeStorage::start().await.expect("fake storage");
        fake.create_bucket("media", false);
        fake.create_bucket("open", true);
        Self {
            fake,
            http: reqwest::Client::new(),
        }
    }

    /// A request to `<url>/storage/v1<path>` with the service key.
    fn request(&self, method: Method, path: &str) -> RequestBuilder {
        let key = self.fake.service_key();
        self.bare(method, path)
            .header("apikey", key)
            .header("authorization", format!("Bearer {key}"))
    }

    /// A request without keys.
    fn bare(&self, method: Method, path: &str) -> RequestBuilder {
        self.http
            .request(method, format!("{}{path}", self.fake.storage_url()))
    }

    async fn upload(&self, path: &str, bytes: &'static [u8], upsert: bool) -> (u16, Value) {
        let mut request = self
            .request(Method::POST, &format!("/object/{path}"))
            .header("content-type", "image/png")
            .body(bytes);
        if upsert {
            request = request.header("x-upsert", "true");
        }
        answer(request).await
    }
}

async fn answer(request: RequestBuilder) -> (u16, Value) {
    let response = request.send().await.expect("request");
    let status = response.status().as_u16();
    let text = response.text().await.expect("body");
    (
        status,
        serde_json::from_str(&text).unwrap_or(Value::String(text)),
    )
}

async fn bytes(request: RequestBuilder) -> (u16, Option<String>, Vec<u8>) {
    let response = request.send().await.expect("request");
    let status = response.status().as_u16();
    let content_type = response
        .headers()
        .get("content-type")
        .map(|value| value.to_str().expect("text").to_owned());
    (
        status,
        content_type,
        response.bytes().await.expect("body").to_vec(),
    )
}

#[tokio::test]
async fn uploads_create_once_and_replace_with_x_upsert() {
    let store = Store::start().await;
    let (status, body) = store.upload("media/wa/1/m1", b"first", false).await;
    assert_eq!(status, 200);
    assert_eq!(body["Key"], "media/wa/1/m1");
    assert!(body["Id"].is_string());

    let (status, body) = store.upload("media/wa/1/m1", b"second", false).await;
    assert_eq!(
        status, 400,
        "Storage answers 400 with the real status in the body"
    );
    assert_eq!(
        body,
        json!({"statusCode": "409", "error": "Duplicate", "message": "The resource already exists"})
    );
    let (status, _) = store.upload("media/wa/1/m1", b"third", true).await;
    assert_eq!(status, 200);

    let (status, content_type, got) =
        bytes(store.request(Method::GET, "/object/media/wa/1/m1")).await;
    assert_eq!(
        (status, content_type.as_deref(), got.as_slice()),
        (200, Some("image/png"), &b"third"[..])
    );
    let (status, _, got) =
        bytes(store.request(Method::GET, "/object/authenticated/media/wa/1/m1")).await;
    assert_eq!((status, got.as_slice()), (200, &b"third"[..]));

    let (status, body) = answer(store.request(Method::GET, "/object/media/wa/1/none")).await;
    assert_eq!(status, 400);
    assert_eq!(
        body,
        json!({"statusCode": "404", "error": "not_found", "message": "Object not found"})
    );
    let (status, body) = store.upload("nobucket/x", b"x", true).await;
    assert_eq!((status, body["statusCode"].clone()), (400, json!("404")));
    assert_eq!(body["error"], "Bucket not found");
    assert_eq!(store.fake.paths("media"), ["wa/1/m1"]);
}

#[tokio::test]
async fn signed_urls_open_the_object_until_they_expire() {
    let store = Store::start().await;
    store.upload("media/wa/1/m2", b"secret", false).await;
    let (status, body) = answer(
        store
            .request(Method::POST, "/object/sign/media/wa/1/m2")
            .json(&json!({"expiresIn": 600})),
    )
    .await;
    assert_eq!(status, 200);
    let signed = body["signedURL"].as_str().expect("signedURL").to_owned();
    assert!(
        signed.starts_with("/object/sign/media/wa/1/m2?token="),
        "{signed}"
    );

    let (status, _, got) = bytes(store.bare(Method::GET, &signed)).await;
    assert_eq!(
        (status, got.as_slice()),
        (200, &b"secret"[..]),
        "no keys needed"
    );

    let other = signed.replace("/m2?", "/m3?");
    let (status, body) = answer(store.bare(Method::GET, &other)).await;
    assert_eq!((status, body["error"].clone()), (400, json!("InvalidJWT")));

    store.fake.advance_clock(Duration::from_secs(601));
    let (status, body) = answer(store.bare(Method::GET, &signed)).await;
    assert_eq!(status, 400);
    assert_eq!(
        body,
        json!({"statusCode": "400", "error": "InvalidJWT",
               "message": "\"exp\" claim timestamp check failed"})
    );

    let (status, body) = answer(
        store
            .request(Method::POST, "/object/sign/media/wa/1/absent")
            .json(&json!({"expiresIn": 60})),
    )
    .await;
    assert_eq!((status, body["statusCode"].clone()), (400, json!("404")));
    let (status, _) = answer(
        store
            .request(Method::POST, "/object/sign/media/wa/1/m2")
            .json(&json!({"expiresIn": 0})),
    )
    .await;
    assert_eq!(status, 400);
}

#[tokio::test]
async fn public_buckets_serve_without_keys_and_private_ones_do_not() {
    let store = Store::start().await;
    store.upload("open/a.png", b"pub", false).await;
    store.upload("media/a.png", b"priv", false).await;
    let (status, _, got) = bytes(store.bare(Method::GET, "/object/public/open/a.png")).await;
    assert_eq!((status, got.as_slice()), (200, &b"pub"[..]));
    let (status, body) = answer(store.bare(Method::GET, "/object/public/media/a.png")).await;
    assert_eq!((status, body["statusCode"].clone()), (400, json!("404")));
}

#[tokio::test]
async fn deletes_remove_named_objects_and_report_them() {
    let store = Store::start().await;
    store.upload("media/d/1", b"1", false).await;
    store.upload("media/d/2", b"2", false).await;
    let (status, body) = answer(
        store
            .request(Method::DELETE, "/object/media")
            .json(&json!({"prefixes": ["d/1", "d/absent"]})),
    )
    .await;
    assert_eq!(status, 200);
    let deleted = body.as_array().expect("array");
    assert_eq!(deleted.len(), 1);
    assert_eq!(deleted[0]["name"], "d/1");
    assert_eq!(deleted[0]["bucket_id"], "media");
    let (_, again) = answer(
        store
            .request(Method::DELETE, "/object/media")
            .json(&json!({"prefixes": ["d/1"]})),
    )
    .await;
    assert_eq!(again, json!([]), "a repeated delete finds nothing");

    let (status, listed) = answer(
        store
            .request(Method::POST, "/object/list/media")
            .json(&json!({"prefix": "d"})),
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(listed[0]["name"], "2");
    assert_eq!(listed[0]["metadata"]["size"], 1);

    let (status, body) = answer(store.request(Method::DELETE, "/object/media/d/2")).await;
    assert_eq!(
        (status, body),
        (200, json!({"message": "Successfully deleted"}))
    );
    let (status, body) = answer(store.request(Method::DELETE, "/object/media/d/2")).await;
    assert_eq!((status, body["statusCode"].clone()), (400, json!("404")));
}

#[tokio::test]
async fn buckets_limit_size_and_content_type() {
    let store = Store::start().await;
    let (status, body) = answer(store.request(Method::POST, "/bucket").json(&json!({
        "name": "small", "public": false, "file_size_limit": 4,
        "allowed_mime_types": ["image/*"]
    })))
    .await;
    assert_eq!((status, body), (200, json!({"name": "small"})));
    let (status, body) = store.upload("small/big", b"12345", false).await;
    assert_eq!((status, body["statusCode"].clone()), (400, json!("413")));
    let (status, body) = answer(
        store
            .request(Method::POST, "/object/small/doc")
            .header("content-type", "application/pdf")
            .body(&b"pdf"[..]),
    )
    .await;
    assert_eq!((status, body["statusCode"].clone()), (400, json!("415")));
    let (status, _) = store.upload("small/ok", b"1234", false).await;
    assert_eq!(status, 200);

    let (status, body) = answer(store.request(Method::GET, "/bucket/small")).await;
    assert_eq!((status, body["file_size_limit"].clone()), (200, json!(4)));
    let (_, all) = answer(store.request(Method::GET, "/bucket")).await;
    assert_eq!(all.as_array().map(Vec::len), Some(3));
    let (status, body) = answer(store.request(Method::GET, "/bucket/none")).await;
    assert_eq!(
        (status, body["error"].clone()),
        (400, json!("Bucket not found"))
    );
}

#[tokio::test]
async fn keys_faults_and_the_request_log() {
    let store = Store::start().await;
    let (status, body) = answer(store.bare(Method::GET, "/object/media/x")).await;
    assert_eq!(
        (status, body["message"].clone()),
        (401, json!("No API key found in request"))
    );
    let (status, body) = answer(
        store
            .bare(Method::GET, "/object/media/x")
            .header("apikey", store.fake.anon_key()),
    )
    .await;
    assert_eq!((status, body["statusCode"].clone()), (400, json!("403")));

    store
        .fake
        .inject(StorageRoute::Upload, Fault::status(500).times(1));
    let (status, body) = store.upload("media/f", b"f", true).await;
    assert_eq!((status, body["statusCode"].clone()), (500, json!("500")));
    let (status, _) = store.upload("media/f", b"f", true).await;
    assert_eq!(status, 200, "the fault was for one request");

    let log = store.fake.requests();
    assert_eq!(log.len(), 4);
    assert_eq!(log[2].path, "/storage/v1/object/media/f");
    assert_eq!(log[2].status, 500);
}

#[tokio::test]
async fn one_fake_project_serves_auth_rest_and_storage_on_one_url() {
    use inbox_testkit::db::TestDatabase;
    use inbox_testkit::fake_postgrest::FakeSupabase;

    let db = TestDatabase::new().await.expect("database");
    db.connect()
        .await
        .expect("connect")
        .batch_execute(
            "CREATE FUNCTION public.project_role() RETURNS text LANGUAGE sql STABLE AS \
             $$ SELECT current_setting('request.jwt.claims', true)::json->>'role' $$",
        )
        .await
        .expect("function");
    let project = FakeSupabase::start(&db).await.expect("fake project");
    project.storage().create_bucket("media", false);
    let http = reqwest::Client::new();
    let key = project.service_key();
    let call = |method: Method, path: &str| {
        http.request(method, format!("{}{path}", project.url()))
            .header("apikey", key)
            .header("authorization", format!("Bearer {key}"))
    };

    let (status, jwks) = answer(call(Method::GET, "/auth/v1/.well-known/jwks.json")).await;
    assert_eq!(status, 200);
    assert!(jwks["keys"].as_array().is_some_and(|keys| !keys.is_empty()));
    let (status, role) = answer(call(Method::POST, "/rest/v1/rpc/project_role")).await;
    assert_eq!(
        (status, role),
        (200, json!("service_role")),
        "the legacy key's claims"
    );
    let (status, _) = answer(
        call(Method::POST, "/storage/v1/object/media/a")
            .header("content-type", "text/plain")
            .body("hello"),
    )
    .await;
    assert_eq!(status, 200);
    let (status, missing) = answer(call(Method::GET, "/nowhere")).await;
    assert_eq!(
        (status, missing["message"].clone()),
        (404, json!("no Route matched with those values"))
    );

    assert_eq!(project.rest().requests().len(), 1);
    assert_eq!(project.storage().requests().len(), 1);
    assert_eq!(project.auth().jwks_requests(), 1);
}
