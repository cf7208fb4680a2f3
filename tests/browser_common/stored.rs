//! What the event log holds, read directly from IndexedDB (not through the store), for tests
//! about how events are numbered and kept: `#[path = "browser_common/stored.rs"] mod stored;`
//! (beside `mod idb_request;`, which it awaits its reads with).

use wasm_bindgen::JsCast;

/// Every event as stored in the log (schema version 5: a record holds several of one ticket's
/// events), as `(id, local sequence number)`, in number order.
pub async fn stored_numbers(name: &str) -> Vec<(String, u64)> {
    let db = mesa::store::schema::open_raw(name, mesa::store::schema::SCHEMA_VERSION, None)
        .await
        .expect("raw open");
    let log = mesa::store::schema::LOG;
    let tx = db.transaction_with_str(log).expect("tx");
    let request = tx.object_store(log).unwrap().get_all().unwrap();
    let records: js_sys::Array = crate::idb_request::settle(request)
        .await
        .unwrap()
        .unchecked_into();
    db.close();
    let get = |v: &wasm_bindgen::JsValue, k: &str| js_sys::Reflect::get(v, &k.into()).unwrap();
    let mut out: Vec<(String, u64)> = records
        .iter()
        .flat_map(|r| get(&r, "events").unchecked_into::<js_sys::Array>().to_vec())
        .map(|e| {
            (
                get(&e, "id").as_string().unwrap(),
                get(&e, "seq").as_f64().unwrap() as u64,
            )
        })
        .collect();
    out.sort_by_key(|(_, seq)| *seq);
    out
}
