//! `mesa-wasm-split INPUT.wasm BINDGEN_OUT_DIR MAIN_OUT.wasm`
//! `mesa-wasm-split export-table MAIN_BG.wasm`
//! `mesa-wasm-split manifest SITE_DIR`
//!
//! Splits the app's wasm (built with `-C link-arg=--emit-relocs`) at its `wasm_split` points, the
//! pages of src/ui/split.rs. The main module goes to `MAIN_OUT.wasm`, for wasm-bindgen; the page
//! modules and the JavaScript that loads them go to `BINDGEN_OUT_DIR/snippets/split-<hash>/`,
//! which Trunk copies to the site with wasm-bindgen's own snippets. `<hash>` comes from the
//! input, so a page module of one build is never mistaken for another build's. The loader
//! imports the main JavaScript as `../../mesa-web.js`; scripts/split-post-build.sh points it at
//! Trunk's hashed name. Beside them goes `split-manifest.json` (src/manifest.rs): each split
//! point's module, its size and the shared modules it needs. The loader is then rewritten
//! compactly (src/loader.rs: the same loads, 1.6 KB gzip instead of 2.9 on the first load). A
//! wasm with split points from which no page module comes out is an error.
//!
//! The page modules share the main module's function table, which the loader takes from its
//! exports as `__indirect_function_table`; wasm-bindgen 0.2.130 drops that export, so
//! `export-table` puts it back on wasm-bindgen's output (scripts/bin/wasm-bindgen; the patch is
//! in src/export_table.rs, with its tests).
//!
//! `manifest` (scripts/split-post-build.sh, once the modules are optimised) moves the manifest to
//! the site's root, checks it against the files (each one it names exists, none it does not
//! name is in the split folder) and records their sizes as they now are. On a site without page
//! modules it fails if the main wasm still has split points (the split step did not run).
//!
//! Exit status: 0 done, 3 nothing to split (no split points: a build without the feature),
//! 1 error.

mod export_table;
mod loader;
mod manifest;

use std::collections::BTreeMap;
use std::path::Path;
use std::process::ExitCode;

/// The import module of the split points' placeholders (wasm_split_helpers).
const PLACEHOLDER_MODULE: &[u8] = b"__wasm_split_placeholder__";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if let [command, site] = args.as_slice() {
        if command == "manifest" {
            return match manifest::finish(Path::new(site), PLACEHOLDER_MODULE) {
                Ok(Some(_)) => ExitCode::SUCCESS,
                Ok(None) => ExitCode::from(3),
                Err(e) => {
                    eprintln!("mesa-wasm-split manifest: {e}");
                    ExitCode::from(1)
                }
            };
        }
    }
    if let [command, wasm] = args.as_slice() {
        if command == "export-table" {
            return match export_table_file(Path::new(wasm)) {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => {
                    eprintln!("mesa-wasm-split export-table: {e}");
                    ExitCode::from(1)
                }
            };
        }
    }
    let [input, bindgen_out, main_out] = args.as_slice() else {
        eprintln!("usage: mesa-wasm-split INPUT.wasm BINDGEN_OUT_DIR MAIN_OUT.wasm");
        return ExitCode::from(1);
    };
    match run(
        Path::new(input),
        Path::new(bindgen_out),
        Path::new(main_out),
    ) {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::from(3),
        Err(e) => {
            eprintln!("mesa-wasm-split: {e:#}");
            ExitCode::from(1)
        }
    }
}

fn run(
    input: &Path,
    bindgen_out: &Path,
    main_out: &Path,
) -> Result<bool, Box<dyn std::error::Error>> {
    let wasm = std::fs::read(input).map_err(|e| format!("reading {}: {e}", input.display()))?;
    if !contains(&wasm, PLACEHOLDER_MODULE) {
        return Ok(false);
    }
    let snippets = bindgen_out.join("snippets");
    let dir_name = format!("split-{:016x}", fnv1a(&wasm));
    let dir = snippets.join(&dir_name);
    // Earlier builds' page modules: Trunk copies the whole snippets folder to the site.
    if let Ok(entries) = std::fs::read_dir(&snippets) {
        for entry in entries.flatten() {
            let name = entry.file_name();
            if name.to_string_lossy().starts_with("split-") {
                std::fs::remove_dir_all(entry.path())?;
            }
        }
    }
    std::fs::create_dir_all(&dir)?;
    let loader = "__wasm_split.js";
    let link_name = format!("./snippets/{dir_name}/{loader}");
    let mut options = wasm_split_cli_support::Options::new(&wasm);
    options.output_dir = bindgen_out;
    options.main_out_path = main_out;
    options.link_name = &link_name;
    options.main_module = "../../mesa-web.js";
    let split = wasm_split_cli_support::transform(options)?;
    // The loader fetches every module relative to itself: move them beside it.
    let mut sizes = BTreeMap::new();
    for module in &split.split_modules {
        let file = module
            .file_name()
            .ok_or("a split module without a file name")?;
        let to = dir.join(file);
        std::fs::rename(module, &to)?;
        sizes.insert(
            file.to_string_lossy().into_owned(),
            std::fs::metadata(&to)?.len(),
        );
    }
    let folder = format!("snippets/{dir_name}");
    let manifest = manifest::Manifest::from_split(&folder, loader, &split.prefetch_map, &sizes)?;
    manifest.write(&dir.join(manifest::FILE_NAME))?;
    let loader_path = dir.join(loader);
    let generated = std::fs::read_to_string(&loader_path)
        .map_err(|e| format!("reading {}: {e}", loader_path.display()))?;
    std::fs::write(&loader_path, loader::compact(&generated, &manifest)?)?;
    eprintln!(
        "mesa-wasm-split: {} split points, {} modules in {folder} ({})",
        manifest.modules.len(),
        manifest.files.len(),
        manifest::FILE_NAME
    );
    Ok(true)
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// FNV-1a, 64 bits: a stable name for this build's folder (not a security measure).
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(*b)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

/// `export-table` (src/export_table.rs) on a file, rewritten only when it changes.
fn export_table_file(path: &Path) -> Result<(), Box<dyn std::error::Error>> {
    let wasm = std::fs::read(path).map_err(|e| format!("reading {}: {e}", path.display()))?;
    match export_table::export_function_table(&wasm)
        .map_err(|e| format!("{}: {e}", path.display()))?
    {
        export_table::Patched::AlreadyExported => {}
        export_table::Patched::Exported(out) => {
            std::fs::write(path, out).map_err(|e| format!("writing {}: {e}", path.display()))?
        }
    }
    Ok(())
}
