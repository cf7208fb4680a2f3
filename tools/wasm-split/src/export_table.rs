//! `export-table`: exports a module's function table as `__indirect_function_table`.
//!
//! The page modules share the main module's function table; the loader takes it from the main
//! module's exports by that name, and wasm-bindgen 0.2.130 drops the export. This puts it back
//! on wasm-bindgen's output (scripts/bin/wasm-bindgen runs `mesa-wasm-split export-table`).
//!
//! The module is read with `wasmparser` and written with `wasm-encoder`: every section but the
//! export section is copied as it is (same bytes), the export section is re-encoded with the
//! new export at its end (one is added if the module has none). The input is validated first
//! and the output after, so a module this cannot patch is refused with a clear error.

use std::fmt;
use std::ops::Range;

use wasm_encoder::reencode::{Reencode, RoundtripReencoder};
use wasm_encoder::{ExportKind, ExportSection, Module, RawSection};
use wasmparser::{
    Encoding, ExportSectionReader, ExternalKind, Parser, Payload, TypeRef, Validator, WasmFeatures,
};

/// The export name the loader of wasm_split_cli_support reads the table from.
pub const TABLE_EXPORT: &str = "__indirect_function_table";

/// What [`export_function_table`] did.
#[derive(Debug, PartialEq, Eq)]
pub enum Patched {
    /// The module with the export added.
    Exported(Vec<u8>),
    /// The module already exports a table as `__indirect_function_table`: nothing to do.
    AlreadyExported,
}

/// Why a module cannot be patched.
#[derive(Debug)]
pub enum Error {
    /// Not a valid WebAssembly module (truncated, malformed or failing validation).
    Invalid(wasmparser::BinaryReaderError),
    /// A WebAssembly component, not a core module.
    Component,
    /// The module has no table of `funcref`.
    NoFunctionTable,
    /// Several tables of `funcref` (their indices): which one the page modules share is unknown.
    SeveralFunctionTables(Vec<u32>),
    /// Something that is not a table is already exported as `__indirect_function_table`.
    NameTaken,
    /// The export section could not be re-encoded.
    Encode(String),
    /// The patched module does not validate (a bug in this tool).
    InvalidOutput(wasmparser::BinaryReaderError),
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Invalid(e) => write!(f, "not a valid wasm module: {e}"),
            Error::Component => f.write_str("a wasm component, not a core wasm module"),
            Error::NoFunctionTable => f.write_str("the module has no function (funcref) table"),
            Error::SeveralFunctionTables(indices) => write!(
                f,
                "the module has several function (funcref) tables {indices:?}: \
                 which one the page modules share is unknown"
            ),
            Error::NameTaken => write!(f, "`{TABLE_EXPORT}` is already exported, not as a table"),
            Error::Encode(e) => write!(f, "re-encoding the export section: {e}"),
            Error::InvalidOutput(e) => write!(f, "the patched module does not validate: {e}"),
        }
    }
}

impl std::error::Error for Error {}

/// Exports the module's one function table as `__indirect_function_table`, unless a table is
/// already exported by that name.
pub fn export_function_table(wasm: &[u8]) -> Result<Patched, Error> {
    validate(wasm).map_err(Error::Invalid)?;
    let layout = Layout::read(wasm)?;
    match layout.existing {
        Some(ExternalKind::Table) => return Ok(Patched::AlreadyExported),
        Some(_) => return Err(Error::NameTaken),
        None => {}
    }
    let table = match layout.function_tables.as_slice() {
        [] => return Err(Error::NoFunctionTable),
        [one] => *one,
        several => return Err(Error::SeveralFunctionTables(several.to_vec())),
    };

    let mut exports = ExportSection::new();
    if let Some(reader) = layout.exports.clone() {
        RoundtripReencoder
            .parse_export_section(&mut exports, reader)
            .map_err(|e| Error::Encode(e.to_string()))?;
    }
    exports.export(TABLE_EXPORT, ExportKind::Table, table);

    let mut module = Module::new();
    let mut exports_written = false;
    for &(id, ref range) in &layout.sections {
        let is_exports = id == EXPORT_SECTION;
        // In place of the old export section; in a module without one, before the first
        // section that must follow it.
        if !exports_written && (is_exports || follows_exports(id)) {
            module.section(&exports);
            exports_written = true;
        }
        if !is_exports {
            module.section(&RawSection {
                id,
                data: &wasm[range.start..range.end],
            });
        }
    }
    if !exports_written {
        module.section(&exports);
    }
    let out = module.finish();
    validate(&out).map_err(Error::InvalidOutput)?;
    Ok(Patched::Exported(out))
}

const CUSTOM_SECTION: u8 = 0;
const EXPORT_SECTION: u8 = 7;

/// Whether a section of this id comes after the export section in a module: start, element,
/// code, data, data count (the tag section, 13, comes before it).
fn follows_exports(id: u8) -> bool {
    id != CUSTOM_SECTION && (8..=12).contains(&id)
}

fn validate(wasm: &[u8]) -> Result<(), wasmparser::BinaryReaderError> {
    Validator::new_with_features(WasmFeatures::all())
        .validate_all(wasm)
        .map(|_| ())
}

/// What the patch needs to know of a (validated) module.
struct Layout<'a> {
    /// Every section in order: its id and the range of its contents.
    sections: Vec<(u8, Range<usize>)>,
    /// The export section, if the module has one.
    exports: Option<ExportSectionReader<'a>>,
    /// The kind of what is exported as `__indirect_function_table`, if anything is.
    existing: Option<ExternalKind>,
    /// The indices of the `funcref` tables: imported ones first, then defined ones.
    function_tables: Vec<u32>,
}

impl<'a> Layout<'a> {
    fn read(wasm: &'a [u8]) -> Result<Layout<'a>, Error> {
        let mut layout = Layout {
            sections: Vec::new(),
            exports: None,
            existing: None,
            function_tables: Vec::new(),
        };
        let mut tables = 0u32;
        for payload in Parser::new(0).parse_all(wasm) {
            let payload = payload.map_err(Error::Invalid)?;
            match &payload {
                Payload::Version {
                    encoding: Encoding::Component,
                    ..
                } => return Err(Error::Component),
                Payload::ImportSection(reader) => {
                    for import in reader.clone().into_imports() {
                        if let TypeRef::Table(ty) = import.map_err(Error::Invalid)?.ty {
                            if ty.element_type.is_func_ref() {
                                layout.function_tables.push(tables);
                            }
                            tables += 1;
                        }
                    }
                }
                Payload::TableSection(reader) => {
                    for table in reader.clone() {
                        if table.map_err(Error::Invalid)?.ty.element_type.is_func_ref() {
                            layout.function_tables.push(tables);
                        }
                        tables += 1;
                    }
                }
                Payload::ExportSection(reader) => {
                    layout.exports = Some(reader.clone());
                    for export in reader.clone() {
                        let export = export.map_err(Error::Invalid)?;
                        if export.name == TABLE_EXPORT {
                            layout.existing = Some(export.kind);
                        }
                    }
                }
                _ => {}
            }
            if let Some((id, range)) = payload.as_section() {
                layout.sections.push((id, to_usize(range)));
            }
        }
        Ok(layout)
    }
}

fn to_usize(range: Range<u64>) -> Range<usize> {
    // The ranges are offsets into a slice held in memory: they fit in usize.
    range.start as usize..range.end as usize
}

#[cfg(test)]
mod tests;
