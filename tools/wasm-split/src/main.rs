//! `mesa-wasm-split INPUT.wasm BINDGEN_OUT_DIR MAIN_OUT.wasm`
//! `mesa-wasm-split export-table MAIN_BG.wasm`
//!
//! Splits the app's wasm (built with `-C link-arg=--emit-relocs`) at its `wasm_split` points, the
//! pages of src/ui/split.rs. The main module goes to `MAIN_OUT.wasm`, for wasm-bindgen; the page
//! modules and the JavaScript that loads them go to `BINDGEN_OUT_DIR/snippets/split-<hash>/`,
//! which Trunk copies to the site with wasm-bindgen's own snippets. `<hash>` comes from the
//! input, so a page module of one build is never mistaken for another build's. The loader
//! imports the main JavaScript as `../../mesa-web.js`; scripts/split-post-build.sh points it at
//! Trunk's hashed name.
//!
//! The page modules share the main module's function table, which the loader takes from its
//! exports as `__indirect_function_table`; wasm-bindgen 0.2.130 drops that export, so
//! `export-table` puts it back on wasm-bindgen's output (scripts/bin/wasm-bindgen).
//!
//! Exit status: 0 done, 3 nothing to split (no split points: a build without the feature),
//! 1 error.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// The import module of the split points' placeholders (wasm_split_helpers).
const PLACEHOLDER_MODULE: &[u8] = b"__wasm_split_placeholder__";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if let [command, wasm] = args.as_slice() {
        if command == "export-table" {
            return match export_table(Path::new(wasm)) {
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
    let link_name = format!("./snippets/{dir_name}/__wasm_split.js");
    let mut options = wasm_split_cli_support::Options::new(&wasm);
    options.output_dir = bindgen_out;
    options.main_out_path = main_out;
    options.link_name = &link_name;
    options.main_module = "../../mesa-web.js";
    let split = wasm_split_cli_support::transform(options)?;
    // The loader fetches every module relative to itself: move them beside it.
    let mut moved: Vec<PathBuf> = Vec::new();
    for module in &split.split_modules {
        let file = module
            .file_name()
            .ok_or("a split module without a file name")?;
        let to = dir.join(file);
        std::fs::rename(module, &to)?;
        moved.push(to);
    }
    eprintln!(
        "mesa-wasm-split: {} page and shared modules in snippets/{dir_name}",
        moved.len()
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

const TABLE_EXPORT: &str = "__indirect_function_table";

/// Adds the export `__indirect_function_table` of the module's first function table, unless the
/// module already exports one by that name.
fn export_table(path: &Path) -> Result<(), Box<dyn std::error::Error>> {
    let wasm = std::fs::read(path)?;
    let mut sections = Vec::new();
    let mut pos = 8;
    if wasm.len() < 8 || &wasm[..4] != b"\0asm" {
        return Err("not a wasm module".into());
    }
    while pos < wasm.len() {
        let id = wasm[pos];
        let (size, len) = read_leb(&wasm[pos + 1..])?;
        let body = pos + 1 + len;
        sections.push((id, pos, body, body + size as usize));
        pos = body + size as usize;
    }
    // Tables are numbered imported first, then defined.
    let mut table_index = None;
    let mut imported_tables = 0u32;
    for &(id, _, start, end) in &sections {
        if id == 2 {
            imported_tables = count_imported_tables(&wasm[start..end])?;
        }
    }
    for &(id, _, start, end) in &sections {
        if id == 4 {
            let body = &wasm[start..end];
            let (count, mut p) = read_leb(body)?;
            for i in 0..count {
                let ref_type = body[p];
                if ref_type == 0x70 {
                    table_index = Some(imported_tables + i);
                    break;
                }
                p += 1;
                let flags = body[p];
                p += 1;
                p += read_leb(&body[p..])?.1;
                if flags & 1 == 1 {
                    p += read_leb(&body[p..])?.1;
                }
            }
        }
    }
    let table_index = table_index.ok_or("the module defines no function table")?;
    let &(_, section_start, start, end) = sections
        .iter()
        .find(|(id, ..)| *id == 7)
        .ok_or("the module has no export section")?;
    let body = &wasm[start..end];
    let (count, header) = read_leb(body)?;
    if contains(body, TABLE_EXPORT.as_bytes()) {
        return Ok(());
    }
    let mut new_body = Vec::new();
    write_leb(&mut new_body, count + 1);
    new_body.extend_from_slice(&body[header..]);
    write_leb(&mut new_body, TABLE_EXPORT.len() as u32);
    new_body.extend_from_slice(TABLE_EXPORT.as_bytes());
    new_body.push(0x01); // table
    write_leb(&mut new_body, table_index);
    let mut out = Vec::with_capacity(wasm.len() + 64);
    out.extend_from_slice(&wasm[..section_start]);
    out.push(7);
    write_leb(&mut out, new_body.len() as u32);
    out.extend_from_slice(&new_body);
    out.extend_from_slice(&wasm[end..]);
    std::fs::write(path, out)?;
    Ok(())
}

fn count_imported_tables(body: &[u8]) -> Result<u32, Box<dyn std::error::Error>> {
    let (count, mut p) = read_leb(body)?;
    let mut tables = 0;
    for _ in 0..count {
        for _ in 0..2 {
            let (len, n) = read_leb(&body[p..])?;
            p += n + len as usize;
        }
        let kind = body[p];
        p += 1;
        match kind {
            0x00 => p += read_leb(&body[p..])?.1,
            0x01 => {
                tables += 1;
                p += 1;
                p += skip_limits(&body[p..])?;
            }
            0x02 => p += skip_limits(&body[p..])?,
            0x03 => p += 2,
            0x04 => {
                p += 1;
                p += read_leb(&body[p..])?.1;
            }
            other => return Err(format!("unknown import kind {other}").into()),
        }
    }
    Ok(tables)
}

fn skip_limits(bytes: &[u8]) -> Result<usize, Box<dyn std::error::Error>> {
    let flags = bytes[0];
    let mut p = 1 + read_leb(&bytes[1..])?.1;
    if flags & 1 == 1 {
        p += read_leb(&bytes[p..])?.1;
    }
    Ok(p)
}

fn read_leb(bytes: &[u8]) -> Result<(u32, usize), Box<dyn std::error::Error>> {
    let mut value = 0u32;
    for (i, b) in bytes.iter().enumerate().take(5) {
        value |= u32::from(b & 0x7f) << (7 * i);
        if b & 0x80 == 0 {
            return Ok((value, i + 1));
        }
    }
    Err("bad LEB128".into())
}

fn write_leb(out: &mut Vec<u8>, mut value: u32) {
    loop {
        let byte = (value & 0x7f) as u8;
        value >>= 7;
        if value == 0 {
            out.push(byte);
            return;
        }
        out.push(byte | 0x80);
    }
}
