//! The compact loader against the splitter's own, run in Node: each split point fetches the same
//! files and calls back the same way; and the checks that refuse a loader written otherwise.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use std::process::Command;

use super::{compact, fetcher, spans, Error};
use crate::manifest::Manifest;

const FOLDER: &str = "snippets/split-00ff";

/// Three split points: `kb` and `ticket` share `chunk_1`, `ticket` and `sync_session` share
/// `chunk_2`, `sync_session` has no code of its own; `chunk_3` to `chunk_5` are `ticket`'s.
fn manifest() -> Manifest {
    let prefetch = HashMap::from([
        ("kb".into(), vec!["chunk_1".into(), "split_kb".into()]),
        (
            "ticket".into(),
            [
                "chunk_1",
                "chunk_2",
                "chunk_3",
                "chunk_4",
                "chunk_5",
                "split_ticket",
            ]
            .map(String::from)
            .to_vec(),
        ),
        ("sync_session".into(), vec!["chunk_2".into()]),
    ]);
    let sizes: BTreeMap<String, u64> = [1, 2, 3, 4, 5]
        .map(|n| (format!("chunk_{n}.wasm"), 10))
        .into_iter()
        .chain([
            ("split_kb.wasm".into(), 10),
            ("split_ticket.wasm".into(), 10),
        ])
        .collect();
    Manifest::from_split(FOLDER, "__wasm_split.js", &prefetch, &sizes).unwrap()
}

/// The loader as wasm_split_cli_support 0.2.4 writes it for [`manifest`] (its runtime copied
/// from the crate's `snippets/split_wasm.js`; its statements from `js.rs`).
fn generated(wrap: &str) -> String {
    let mut js = String::from(
        r#"import { initSync } from "../../mesa-web.js";

let sharedImports = undefined;
function getSharedImports() {
    if (sharedImports === undefined) {
        sharedImports = { __wasm_split: {  } };
        const { __indirect_function_table, memory,  } = initSync(undefined, undefined);
        Object.assign(sharedImports.__wasm_split, { __indirect_function_table, memory,  });
    }
    return sharedImports;
}
function wrapAsyncCb(callee) {
    return async (callbackIndex, callbackData) => {
        let success;
        try {
            await callee();
            success = true;
        } catch (e) {
            console.error(e);
            success = false;
        } finally {
            const sharedImports = getSharedImports();
            sharedImports.__wasm_split.__indirect_function_table.get(callbackIndex)(callbackData, success);
        }
    }
}
function makeLoad(fetcher, deps) {
    const loader = async () => {
        const parallelStuff = deps.map(d => d());
        const instantiate = fetcher();
        await Promise.all(parallelStuff);
        const imports = getSharedImports();
        return instantiate(imports);
    };
    let loadingModule = undefined;
    return () => {
        if (loadingModule === undefined) {
            const thisLoad = loader();
            thisLoad.catch(() => {
                if (loadingModule === thisLoad) loadingModule = undefined;
            });
            loadingModule = thisLoad;
        }
        return loadingModule;
    }
}
"#,
    );
    if !wrap.is_empty() {
        js.push_str("async function debugWrap(instantiate) {\n    return await instantiate;\n}\n");
    }
    for n in 1..=5 {
        js.push_str(&format!(
            "/* ... */\nconst __chunk_{n} = makeLoad({}, []);\n",
            fetcher(&format!("chunk_{n}"), wrap)
        ));
    }
    js.push_str(&format!(
        "export const __wasm_split_load_ticket = wrapAsyncCb(makeLoad({}, [__chunk_1, __chunk_2, \
         __chunk_3, __chunk_4, __chunk_5]));\n",
        fetcher("split_ticket", wrap)
    ));
    js.push_str(
        "export const __wasm_split_load_sync_session = wrapAsyncCb(makeLoad(() => async (_imp) \
         => ({}), [__chunk_2]));\n",
    );
    js.push_str(&format!(
        "export const __wasm_split_load_kb = wrapAsyncCb(makeLoad({}, [__chunk_1]));\n",
        fetcher("split_kb", wrap)
    ));
    js
}

#[test]
fn spans_join_runs_of_numbers() {
    assert_eq!(spans(&[]), "");
    assert_eq!(spans(&[4]), "4");
    assert_eq!(spans(&[1, 2, 3, 7, 9, 10]), "1-3,7,9-10");
    assert_eq!(spans(&[20, 22]), "20,22");
}

#[test]
fn writes_each_split_point_as_its_file_and_shared_spans() {
    let js = compact(&generated(""), &manifest()).unwrap();
    assert!(js.starts_with("import { initSync } from \"../../mesa-web.js\";"));
    assert!(js.contains("for (const n of spans(\"1-5\"))"));
    assert!(js.contains(
        "export const __wasm_split_load_ticket = splitPoint(\"split_ticket\", \"1-5\");"
    ));
    assert!(js.contains("export const __wasm_split_load_kb = splitPoint(\"split_kb\", \"1\");"));
    assert!(js.contains("export const __wasm_split_load_sync_session = splitPoint(\"\", \"2\");"));
    assert!(!js.contains("__chunk_"));
    assert!(
        js.contains("return async (imports) => (WebAssembly.instantiateStreaming(src, imports));")
    );
}

#[test]
fn refuses_a_loader_that_differs_from_the_manifest() {
    let manifest = manifest();
    let without_kb = generated("").replace("export const __wasm_split_load_kb", "export const x");
    assert_eq!(
        compact(&without_kb, &manifest),
        Err(Error::Unexpected("split point kb".into()))
    );
    let other_shared = generated("").replace("[__chunk_2]", "[__chunk_3]");
    assert_eq!(
        compact(&other_shared, &manifest),
        Err(Error::Unexpected("split point sync_session".into()))
    );
    let other_fetch = generated("").replace("\"./chunk_4.wasm\"", "\"./elsewhere.wasm\"");
    assert_eq!(
        compact(&other_fetch, &manifest),
        Err(Error::Unexpected("shared module chunk_4".into()))
    );
    let extra =
        generated("") + "/* ... */\nconst __chunk_9 = makeLoad(() => async (_imp) => ({}), []);\n";
    assert!(
        matches!(compact(&extra, &manifest), Err(Error::Unexpected(what)) if what.contains("9 modules"))
    );
    let no_runtime =
        generated("").replace("function wrapAsyncCb(callee)", "function other(callee)");
    assert!(compact(&no_runtime, &manifest).is_err());
}

/// Runs a loader in Node with `fetch` and `WebAssembly.instantiateStreaming` recorded: for each
/// split point, in a fresh copy of the loader, the files its load fetched (sorted), what it
/// instantiated, and how it called back. One line per split point.
fn run_in_node(loader: &str, wrap_fails: bool) -> String {
    let dir = std::env::temp_dir().join(format!(
        "mesa-wasm-split-loader-{}-{}",
        std::process::id(),
        wrap_fails
    ));
    let _ = std::fs::remove_dir_all(&dir);
    let split = dir.join(FOLDER);
    std::fs::create_dir_all(&split).unwrap();
    std::fs::write(
        dir.join("mesa-web.js"),
        "export function initSync() { return globalThis.mainExports; }\n",
    )
    .unwrap();
    std::fs::write(split.join("__wasm_split.js"), loader).unwrap();
    let script = format!(
        r#"
const fails = {wrap_fails};
const lines = [];
for (const point of ["kb", "sync_session", "ticket"]) {{
  const fetched = [];
  const called = [];
  let instantiated = 0;
  globalThis.fetch = (url) => {{
    const file = String(url).split("/").pop();
    fetched.push(file);
    return fails && file === "chunk_2.wasm" ? Promise.reject(new Error("offline")) : Promise.resolve(file);
  }};
  WebAssembly.instantiateStreaming = async (src, imports) => {{
    if (!imports.__wasm_split.__indirect_function_table) throw new Error("no table");
    await src;
    instantiated += 1;
    return {{}};
  }};
  globalThis.mainExports = {{
    memory: {{}},
    __indirect_function_table: {{ get: (i) => (data, ok) => called.push(i + ":" + data + ":" + ok) }},
  }};
  console.error = () => {{}};
  const url = new URL("{FOLDER}/__wasm_split.js?" + point, "file://{dir}/");
  const loader = await import(url.href);
  await loader["__wasm_split_load_" + point](7, 42);
  fetched.sort();
  lines.push(point + " fetched " + fetched.join(",") + " instantiated " + instantiated + " called " + called.join(","));
}}
console.log(lines.join("\n"));
"#,
        dir = dir.display()
    );
    let out = Command::new("node")
        .arg("--input-type=module")
        .arg("-e")
        .arg(&script)
        .current_dir(Path::new(&dir))
        .output()
        .expect("node runs (scripts/setup.sh installs it)");
    let _ = std::fs::remove_dir_all(&dir);
    assert!(
        out.status.success(),
        "node failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn each_split_point_loads_what_the_splitters_loader_loads() {
    for wrap in ["", "debugWrap"] {
        let generated = generated(wrap);
        let js = compact(&generated, &manifest()).unwrap();
        assert_eq!(js.contains("debugWrap(WebAssembly"), !wrap.is_empty());
        let theirs = run_in_node(&generated, false);
        assert_eq!(
            theirs,
            "kb fetched chunk_1.wasm,split_kb.wasm instantiated 2 called 7:42:true\n\
             sync_session fetched chunk_2.wasm instantiated 1 called 7:42:true\n\
             ticket fetched chunk_1.wasm,chunk_2.wasm,chunk_3.wasm,chunk_4.wasm,chunk_5.wasm,\
             split_ticket.wasm instantiated 6 called 7:42:true\n"
        );
        assert_eq!(run_in_node(&js, false), theirs);
    }
}

#[test]
fn a_failed_fetch_calls_back_as_the_splitters_loader_does() {
    let generated = generated("");
    let js = compact(&generated, &manifest()).unwrap();
    let theirs = run_in_node(&generated, true);
    assert!(theirs.contains("sync_session fetched chunk_2.wasm instantiated 0 called 7:42:false"));
    assert!(
        theirs.contains("kb fetched chunk_1.wasm,split_kb.wasm instantiated 2 called 7:42:true")
    );
    assert_eq!(run_in_node(&js, true), theirs);
}
