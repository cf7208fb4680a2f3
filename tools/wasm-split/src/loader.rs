//! The loader (`__wasm_split.js`) written compactly: wasm_split_cli_support 0.2.4 writes one
//! statement of five lines per module (a `makeLoad` with its own fetcher; 231 shared modules and
//! 19 split points in the app), 40.8 KB after terser and 2.9 KB gzip on the first load, since the
//! main JavaScript imports the loader. [`compact`] keeps its runtime (the main module's shared
//! exports, `makeLoad`, `wrapAsyncCb`) and writes the modules as data: the shared modules'
//! numbers, and each split point's own file and the shared modules it needs, as spans
//! (`"20-41,122-126"`). The same loads in the same order, 1.6 KB gzip.
//!
//! Before it rewrites anything, it checks that the generated text holds exactly the statements
//! the manifest implies, in the splitter's own words: a splitter that writes its loader
//! otherwise stops the build rather than leave a loader that loads something else.
//!
//! ```ignore
//! let generated = std::fs::read_to_string(&loader_path)?;
//! std::fs::write(&loader_path, loader::compact(&generated, &manifest)?)?;
//! ```

use std::fmt::Write;

use crate::manifest::Manifest;

/// Why the generated loader cannot be rewritten.
#[derive(Debug, PartialEq, Eq)]
pub enum Error {
    /// The generated text lacks a part the rewrite keeps or replaces (which).
    Unexpected(String),
    /// A module file not named `chunk_<number>.wasm` or `split_<name>.wasm` (the path).
    FileName(String),
}

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Error::Unexpected(what) => write!(
                f,
                "the splitter's loader is not as tools/wasm-split/src/loader.rs expects ({what}): \
                 was wasm_split_cli_support updated?"
            ),
            Error::FileName(path) => write!(f, "a split module with an unexpected name: {path}"),
        }
    }
}

impl std::error::Error for Error {}

/// The splitter's fetcher of one module (`./<file>.wasm`), as it writes it; `wrap` is
/// `debugWrap` in a build with debug assertions, empty otherwise.
fn fetcher(file: &str, wrap: &str) -> String {
    format!(
        "() => {{\n    const src = fetch(new URL(\"./{file}.wasm\", import.meta.url));\n    \
         src.catch(() => {{}});\n    return async (imports) => \
         {wrap}(WebAssembly.instantiateStreaming(src, imports));\n}}\n"
    )
}

/// The file stem of a module path of the manifest (`snippets/split-x/chunk_3.wasm` → `chunk_3`).
fn stem(path: &str) -> Result<&str, Error> {
    path.rsplit('/')
        .next()
        .and_then(|file| file.strip_suffix(".wasm"))
        .ok_or_else(|| Error::FileName(path.to_string()))
}

/// The number of a shared module (`chunk_3` → 3).
fn chunk_number(path: &str) -> Result<u32, Error> {
    stem(path)?
        .strip_prefix("chunk_")
        .and_then(|n| n.parse().ok())
        .ok_or_else(|| Error::FileName(path.to_string()))
}

/// Sorted numbers as spans: `[1, 2, 3, 7, 9, 10]` → `"1-3,7,9-10"`.
pub fn spans(numbers: &[u32]) -> String {
    let mut text = String::new();
    let mut i = 0;
    while i < numbers.len() {
        let mut j = i;
        while j + 1 < numbers.len() && numbers[j + 1] == numbers[j] + 1 {
            j += 1;
        }
        if !text.is_empty() {
            text.push(',');
        }
        if i == j {
            let _ = write!(text, "{}", numbers[i]);
        } else {
            let _ = write!(text, "{}-{}", numbers[i], numbers[j]);
        }
        i = j + 1;
    }
    text
}

/// The runtime the compact statements use beside the splitter's `makeLoad` and `wrapAsyncCb`.
const RUNTIME: &str = r#"function spans(text) {
    return text ? text.split(",").flatMap((span) => {
        const [first, last = first] = span.split("-").map(Number);
        return Array.from({ length: last - first + 1 }, (_, i) => first + i);
    }) : [];
}
function fetched(file) {
    return () => {
        const src = fetch(new URL("./" + file + ".wasm", import.meta.url));
        src.catch(() => {});
        return async (imports) => WRAP(WebAssembly.instantiateStreaming(src, imports));
    };
}
const chunks = [];
for (const n of spans("CHUNKS")) chunks[n] = makeLoad(fetched("chunk_" + n), []);
function splitPoint(file, shared) {
    const own = file ? fetched(file) : () => async (_imp) => ({});
    return wrapAsyncCb(makeLoad(own, spans(shared).map((n) => chunks[n])));
}
"#;

/// The loader `generated` by wasm_split_cli_support for the split `manifest` describes, with
/// the same loads written as data (see the module's documentation).
pub fn compact(generated: &str, manifest: &Manifest) -> Result<String, Error> {
    let unexpected = |what: &str| Error::Unexpected(what.to_string());
    let wrap = if generated.contains("async function debugWrap(") {
        "debugWrap"
    } else {
        ""
    };
    let first_module = ["\n/* ", "\nconst __chunk_", "\nexport const "]
        .iter()
        .filter_map(|start| generated.find(start))
        .min()
        .ok_or_else(|| unexpected("no module"))?;
    let runtime = &generated[..first_module + 1];
    for part in [
        "import { initSync } from ",
        "function getSharedImports()",
        "function makeLoad(fetcher, deps)",
        "function wrapAsyncCb(callee)",
    ] {
        if !runtime.contains(part) {
            return Err(unexpected(part));
        }
    }
    let mut chunks = Vec::new();
    for path in manifest.chunks.keys() {
        let number = chunk_number(path)?;
        let statement = format!(
            "const __chunk_{number} = makeLoad({}, []);",
            fetcher(&format!("chunk_{number}"), wrap)
        );
        if !generated.contains(&statement) {
            return Err(Error::Unexpected(format!("shared module chunk_{number}")));
        }
        chunks.push(number);
    }
    chunks.sort_unstable();
    let mut points = String::new();
    for (name, module) in &manifest.modules {
        let mut shared = module
            .shared
            .iter()
            .map(|path| chunk_number(path))
            .collect::<Result<Vec<_>, _>>()?;
        let deps = shared
            .iter()
            .map(|n| format!("__chunk_{n}"))
            .collect::<Vec<_>>()
            .join(", ");
        let own = match &module.file {
            Some(path) => Some(stem(path)?),
            None => None,
        };
        let fetch = match own {
            Some(file) => fetcher(file, wrap),
            None => "() => async (_imp) => ({})".to_string(),
        };
        let statement = format!(
            "export const __wasm_split_load_{name} = wrapAsyncCb(makeLoad({fetch}, [{deps}]));"
        );
        if !generated.contains(&statement) {
            return Err(Error::Unexpected(format!("split point {name}")));
        }
        shared.sort_unstable();
        let _ = writeln!(
            points,
            "export const __wasm_split_load_{name} = splitPoint(\"{}\", \"{}\");",
            own.unwrap_or(""),
            spans(&shared)
        );
    }
    let statements = generated.matches("makeLoad(").count() - 1; // less makeLoad's definition
    if statements != chunks.len() + manifest.modules.len() {
        return Err(Error::Unexpected(format!(
            "{statements} modules, the manifest names {}",
            chunks.len() + manifest.modules.len()
        )));
    }
    let runtime_added = RUNTIME
        .replace("WRAP", wrap)
        .replace("CHUNKS", &spans(&chunks));
    Ok(format!("{runtime}{runtime_added}{points}"))
}

#[cfg(test)]
mod tests;
