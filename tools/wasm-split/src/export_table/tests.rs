//! `export-table` on small modules built here with wasm-encoder.

use std::borrow::Cow;

use wasm_encoder::{
    CodeSection, ConstExpr, CustomSection, ElementSection, Elements, EntityType, ExportKind,
    ExportSection, Function, FunctionSection, ImportSection, Module, RefType, TableSection,
    TableType, TypeSection,
};
use wasmparser::{ExternalKind, Parser, Payload, Validator};

use super::{export_function_table, Error, Patched, TABLE_EXPORT};

/// A module with one function import (`env.f`, function 0) and one defined function
/// (function 1, exported as `main`), the given tables, and a custom section (`mesa-test`).
/// The defined function is put in the first funcref table, if any.
struct Spec {
    imported_tables: Vec<RefType>,
    defined_tables: Vec<RefType>,
    exports: Vec<(&'static str, ExportKind, u32)>,
}

impl Spec {
    fn tables(imported_tables: Vec<RefType>, defined_tables: Vec<RefType>) -> Spec {
        Spec {
            imported_tables,
            defined_tables,
            exports: vec![("main", ExportKind::Func, 1)],
        }
    }

    fn build(&self) -> Vec<u8> {
        let table = |element_type| TableType {
            element_type,
            table64: false,
            minimum: 1,
            maximum: None,
            shared: false,
        };
        let mut module = Module::new();
        let mut types = TypeSection::new();
        types.ty().function([], []);
        module.section(&types);
        let mut imports = ImportSection::new();
        imports.import("env", "f", EntityType::Function(0));
        for (i, ty) in self.imported_tables.iter().enumerate() {
            imports.import("env", &format!("table{i}"), table(*ty));
        }
        module.section(&imports);
        let mut functions = FunctionSection::new();
        functions.function(0);
        module.section(&functions);
        if !self.defined_tables.is_empty() {
            let mut tables = TableSection::new();
            for ty in &self.defined_tables {
                tables.table(table(*ty));
            }
            module.section(&tables);
        }
        if !self.exports.is_empty() {
            let mut exports = ExportSection::new();
            for (name, kind, index) in &self.exports {
                exports.export(name, *kind, *index);
            }
            module.section(&exports);
        }
        let all_tables = self.imported_tables.iter().chain(&self.defined_tables);
        if let Some(index) = all_tables.into_iter().position(|t| *t == RefType::FUNCREF) {
            let mut elements = ElementSection::new();
            elements.active(
                Some(index as u32),
                &ConstExpr::i32_const(0),
                Elements::Functions(Cow::Borrowed(&[1])),
            );
            module.section(&elements);
        }
        let mut code = CodeSection::new();
        let mut body = Function::new([]);
        body.instructions().call(0).end();
        code.function(&body);
        module.section(&code);
        module.section(&CustomSection {
            name: Cow::Borrowed("mesa-test"),
            data: Cow::Borrowed(b"kept as it is"),
        });
        let wasm = module.finish();
        Validator::new()
            .validate_all(&wasm)
            .expect("the test module is valid");
        wasm
    }
}

/// The module's exports: name, kind, index.
fn exports(wasm: &[u8]) -> Vec<(String, ExternalKind, u32)> {
    let mut found = Vec::new();
    for payload in Parser::new(0).parse_all(wasm) {
        if let Payload::ExportSection(reader) = payload.unwrap() {
            for export in reader {
                let export = export.unwrap();
                found.push((export.name.to_string(), export.kind, export.index));
            }
        }
    }
    found
}

/// Every section but the export section: id and contents.
fn other_sections(wasm: &[u8]) -> Vec<(u8, Vec<u8>)> {
    Parser::new(0)
        .parse_all(wasm)
        .filter_map(|payload| payload.unwrap().as_section())
        .filter(|(id, _)| *id != 7)
        .map(|(id, range)| (id, wasm[range.start as usize..range.end as usize].to_vec()))
        .collect()
}

fn patched(input: &[u8]) -> Vec<u8> {
    match export_function_table(input) {
        Ok(Patched::Exported(out)) => out,
        other => panic!("expected the table exported, got {other:?}"),
    }
}

/// The output validates, keeps every other section's bytes and the old exports, and exports
/// table `index` as `__indirect_function_table` last.
fn assert_exports_table(input: &[u8], out: &[u8], index: u32) {
    Validator::new()
        .validate_all(out)
        .expect("the patched module validates");
    assert_eq!(other_sections(out), other_sections(input));
    let mut expected = exports(input);
    expected.push((TABLE_EXPORT.to_string(), ExternalKind::Table, index));
    assert_eq!(exports(out), expected);
}

#[test]
fn a_defined_function_table_gets_exported() {
    let input = Spec::tables(vec![], vec![RefType::FUNCREF]).build();
    let out = patched(&input);
    assert_exports_table(&input, &out, 0);
    // A second run finds the export and leaves the module as it is.
    assert_eq!(
        export_function_table(&out).unwrap(),
        Patched::AlreadyExported
    );
}

#[test]
fn an_imported_function_table_gets_exported() {
    // As in wasm-bindgen's output with reference types: beside the function table, a defined
    // table of externref, which is not the one.
    let input = Spec::tables(vec![RefType::FUNCREF], vec![RefType::EXTERNREF]).build();
    assert_exports_table(&input, &patched(&input), 0);
}

#[test]
fn table_indices_count_the_imported_tables_first() {
    let input = Spec::tables(vec![RefType::EXTERNREF], vec![RefType::FUNCREF]).build();
    assert_exports_table(&input, &patched(&input), 1);
}

#[test]
fn a_module_without_exports_gets_an_export_section_in_its_place() {
    let mut spec = Spec::tables(vec![], vec![RefType::FUNCREF]);
    spec.exports.clear();
    let input = spec.build();
    assert!(exports(&input).is_empty());
    // assert_exports_table validates the output: the section order is checked there.
    assert_exports_table(&input, &patched(&input), 0);
}

#[test]
fn a_module_already_exporting_the_table_is_left_as_it_is() {
    let mut spec = Spec::tables(vec![], vec![RefType::FUNCREF]);
    spec.exports.push((TABLE_EXPORT, ExportKind::Table, 0));
    let input = spec.build();
    assert_eq!(
        export_function_table(&input).unwrap(),
        Patched::AlreadyExported
    );
}

#[test]
fn the_name_exported_as_something_else_is_refused() {
    let mut spec = Spec::tables(vec![], vec![RefType::FUNCREF]);
    spec.exports.push((TABLE_EXPORT, ExportKind::Func, 1));
    let input = spec.build();
    let error = export_function_table(&input).unwrap_err();
    assert!(matches!(error, Error::NameTaken), "{error:?}");
    assert!(error
        .to_string()
        .contains("already exported, not as a table"));
}

#[test]
fn a_module_without_a_function_table_is_refused() {
    for input in [
        Spec::tables(vec![], vec![]).build(),
        Spec::tables(vec![RefType::EXTERNREF], vec![RefType::EXTERNREF]).build(),
    ] {
        let error = export_function_table(&input).unwrap_err();
        assert!(matches!(error, Error::NoFunctionTable), "{error:?}");
        assert_eq!(
            error.to_string(),
            "the module has no function (funcref) table"
        );
    }
}

#[test]
fn a_module_with_several_function_tables_is_refused() {
    let input = Spec::tables(vec![RefType::FUNCREF], vec![RefType::FUNCREF]).build();
    let error = export_function_table(&input).unwrap_err();
    assert!(
        matches!(&error, Error::SeveralFunctionTables(indices) if indices == &[0, 1]),
        "{error:?}"
    );
    assert!(error
        .to_string()
        .contains("several function (funcref) tables [0, 1]"));
}

#[test]
fn malformed_input_is_refused_without_panicking() {
    let valid = Spec::tables(vec![], vec![RefType::FUNCREF]).build();
    let mut inputs = vec![
        Vec::new(),
        b"not wasm at all".to_vec(),
        valid[..8].iter().chain(b"\x07\xff\xff").copied().collect(),
    ];
    // Every truncation of a valid module that is not itself a module (cut between sections).
    inputs.extend(
        (9..valid.len())
            .map(|len| valid[..len].to_vec())
            .filter(|cut| Validator::new().validate_all(cut).is_err()),
    );
    assert!(inputs.len() > valid.len() / 2, "{} inputs", inputs.len());
    for input in inputs {
        let error = export_function_table(&input).unwrap_err();
        assert!(matches!(error, Error::Invalid(_)), "{error:?}");
        assert!(error.to_string().starts_with("not a valid wasm module: "));
    }
}

#[test]
fn a_component_is_refused() {
    let component = wasm_encoder::Component::new().finish();
    let error = export_function_table(&component).unwrap_err();
    assert!(matches!(error, Error::Component), "{error:?}");
}
