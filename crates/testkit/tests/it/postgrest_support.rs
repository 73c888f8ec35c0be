//! A fake PostgREST over a fresh test database holding a small schema of its own.

use inbox_testkit::db::TestDatabase;
use inbox_testkit::fake_postgrest::{FakePostgrest, FakePostgrestConfig};
use inbox_testkit::pgbouncer::PgBouncer;
use reqwest::Method;
use reqwest::header::HeaderMap;
use serde_json::Value;

/// Tables, a view and functions the PostgREST documentation's examples can be replayed on.
const SCHEMA: &str = r#"
CREATE TABLE public.pgrst_items (
    id int PRIMARY KEY,
    name text NOT NULL UNIQUE,
    qty int CHECK (qty >= 0),
    tags text[],
    data jsonb,
    born timestamptz
);
CREATE TABLE public.pgrst_parts (
    id int PRIMARY KEY,
    item_id int NOT NULL REFERENCES public.pgrst_items (id)
);
CREATE VIEW public.pgrst_item_names AS SELECT id, name FROM public.pgrst_items;
INSERT INTO public.pgrst_items (id, name, qty, tags, data, born) VALUES
    (1, 'apple', 5, '{red,fruit}', '{"kind": "fruit"}', '2024-01-01T00:00:00Z'),
    (2, 'banana', 0, '{yellow,fruit}', NULL, NULL),
    (3, 'carrot', NULL, '{orange}', '{"kind": "veg"}', '2024-02-01T00:00:00Z'),
    (4, 'Cherry, red', 12, NULL, NULL, NULL),
    (5, 'date', 3, '{}', NULL, NULL);
CREATE FUNCTION public.pgrst_add(a int, b int DEFAULT 1) RETURNS int
    LANGUAGE sql IMMUTABLE AS 'SELECT a + b';
CREATE FUNCTION public.pgrst_items_over(min_qty int) RETURNS SETOF public.pgrst_items
    LANGUAGE sql STABLE AS 'SELECT * FROM public.pgrst_items WHERE qty > min_qty';
CREATE FUNCTION public.pgrst_item(p_id int) RETURNS public.pgrst_items
    LANGUAGE sql STABLE AS 'SELECT * FROM public.pgrst_items WHERE id = p_id';
CREATE FUNCTION public.pgrst_stats() RETURNS TABLE (n bigint, total bigint)
    LANGUAGE sql STABLE AS 'SELECT count(*), sum(qty) FROM public.pgrst_items';
CREATE FUNCTION public.pgrst_names() RETURNS SETOF text
    LANGUAGE sql STABLE AS 'SELECT name FROM public.pgrst_items ORDER BY id';
CREATE FUNCTION public.pgrst_bump(p_id int, p_by int) RETURNS void
    LANGUAGE sql AS 'UPDATE public.pgrst_items SET qty = qty + p_by WHERE id = p_id';
CREATE FUNCTION public.pgrst_tag(p_id int, p_tags text[], p_data jsonb) RETURNS jsonb
    LANGUAGE sql AS 'UPDATE public.pgrst_items SET tags = p_tags, data = p_data WHERE id = p_id
                     RETURNING jsonb_build_object(''tags'', tags, ''data'', data)';
CREATE SEQUENCE public.pgrst_seq;
CREATE FUNCTION public.pgrst_next() RETURNS bigint
    LANGUAGE sql VOLATILE AS $$ SELECT nextval('public.pgrst_seq') $$;
CREATE FUNCTION public.pgrst_next_mislabelled() RETURNS bigint
    LANGUAGE sql STABLE AS $$ SELECT nextval('public.pgrst_seq') $$;
CREATE FUNCTION public.pgrst_whole(jsonb) RETURNS jsonb
    LANGUAGE sql IMMUTABLE AS 'SELECT $1';
CREATE FUNCTION public.pgrst_role() RETURNS text
    LANGUAGE sql STABLE AS $$ SELECT current_setting('request.jwt.claims', true)::json->>'role' $$;
CREATE FUNCTION public.pgrst_fail(p_code text) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'it failed' USING ERRCODE = p_code, DETAIL = 'some detail', HINT = 'a hint';
END $$;
"#;

/// One answer, read whole.
pub struct Answer {
    pub status: u16,
    pub headers: HeaderMap,
    pub text: String,
}

impl Answer {
    /// The body as JSON (`null` when empty).
    pub fn json(&self) -> Value {
        if self.text.is_empty() {
            return Value::Null;
        }
        serde_json::from_str(&self.text).expect("JSON body")
    }

    /// A header's value.
    pub fn header(&self, name: &str) -> Option<String> {
        self.headers
            .get(name)
            .map(|value| value.to_str().expect("text header").to_owned())
    }
}

/// A fake PostgREST over its own database with [`SCHEMA`].
pub struct Rest {
    pub db: TestDatabase,
    pub fake: FakePostgrest,
    http: reqwest::Client,
    _bouncer: Option<PgBouncer>,
}

impl Rest {
    pub async fn start() -> Self {
        Self::start_with(false).await
    }

    /// The same, with the fake reaching the database through pgbouncer in transaction mode.
    pub async fn start_through_pgbouncer() -> Self {
        Self::start_with(true).await
    }

    async fn start_with(through_pgbouncer: bool) -> Self {
        let db = TestDatabase::new().await.expect("database");
        db.connect()
            .await
            .expect("connect")
            .batch_execute(SCHEMA)
            .await
            .expect("schema");
        let mut config = FakePostgrestConfig::new(&db);
        let bouncer = if through_pgbouncer {
            let bouncer = PgBouncer::in_front_of(&db.pg_config())
                .await
                .unwrap_or_else(|error| panic!("this test needs pgbouncer: {error}"));
            config.pg = bouncer.route(&db.pg_config());
            Some(bouncer)
        } else {
            None
        };
        let fake = FakePostgrest::start_with(config)
            .await
            .expect("fake PostgREST");
        Self {
            db,
            fake,
            http: reqwest::Client::new(),
            _bouncer: bouncer,
        }
    }

    /// Sends `method path` with the service key and `headers`, and `body` as JSON.
    pub async fn send(
        &self,
        method: Method,
        path: &str,
        headers: &[(&str, &str)],
        body: Option<Value>,
    ) -> Answer {
        let key = self.fake.service_key().to_owned();
        let mut all = vec![
            ("apikey", key.clone()),
            ("authorization", format!("Bearer {key}")),
        ];
        all.extend(headers.iter().map(|(k, v)| (*k, (*v).to_owned())));
        self.send_raw(method, path, &all, body).await
    }

    /// Sends with exactly `headers` (no keys added).
    pub async fn send_raw(
        &self,
        method: Method,
        path: &str,
        headers: &[(&str, String)],
        body: Option<Value>,
    ) -> Answer {
        let mut request = self
            .http
            .request(method, format!("{}/rest/v1{path}", self.fake.url()));
        for (name, value) in headers {
            request = request.header(*name, value);
        }
        if let Some(body) = body {
            request = request.json(&body);
        }
        let response = request.send().await.expect("request");
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        let text = response.text().await.expect("body");
        Answer {
            status,
            headers,
            text,
        }
    }

    pub async fn get(&self, path: &str) -> Answer {
        self.send(Method::GET, path, &[], None).await
    }

    /// The ids a filter selects, in order (`select=id&order=id` added unless `order` is given).
    pub async fn ids(&self, query: &str) -> Vec<i64> {
        let order = if query.contains("order=") {
            ""
        } else {
            "&order=id"
        };
        let answer = self
            .get(&format!("/pgrst_items?select=id&{query}{order}"))
            .await;
        assert_eq!(answer.status, 200, "{query}: {}", answer.text);
        answer
            .json()
            .as_array()
            .expect("array")
            .iter()
            .map(|row| row["id"].as_i64().expect("id"))
            .collect()
    }

    /// Runs SQL on the database directly.
    pub async fn sql(&self, sql: &str) {
        self.db
            .connect()
            .await
            .expect("connect")
            .batch_execute(sql)
            .await
            .expect("sql");
    }
}
