//! The manifest from what the splitter reports, and `manifest SITE_DIR` on small sites written
//! into a temporary folder.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use super::{finish, Chunk, Error, Manifest, SplitModule, FILE_NAME};

const FOLDER: &str = "snippets/split-00ff";
const PLACEHOLDER: &[u8] = b"__wasm_split_placeholder__";

/// What wasm_split_cli_support reports for three split points: `kb` and `ticket` share
/// `chunk_1`, `ticket` also needs `chunk_2`, and `sync_session` has no code of its own.
fn prefetch() -> HashMap<String, Vec<String>> {
    HashMap::from([
        ("kb".into(), vec!["chunk_1".into(), "split_kb".into()]),
        (
            "ticket".into(),
            vec!["chunk_1".into(), "chunk_2".into(), "split_ticket".into()],
        ),
        ("sync_session".into(), vec!["chunk_2".into()]),
    ])
}

fn sizes() -> BTreeMap<String, u64> {
    BTreeMap::from([
        ("chunk_1.wasm".into(), 100),
        ("chunk_2.wasm".into(), 200),
        ("split_kb.wasm".into(), 300),
        ("split_ticket.wasm".into(), 400),
    ])
}

fn at(file: &str) -> String {
    format!("{FOLDER}/{file}")
}

#[test]
fn names_each_split_points_module_size_and_shared_modules() {
    let manifest = Manifest::from_split(FOLDER, "__wasm_split.js", &prefetch(), &sizes()).unwrap();
    assert_eq!(manifest.loader, at("__wasm_split.js"));
    assert_eq!(
        manifest.modules["ticket"],
        SplitModule {
            file: Some(at("split_ticket.wasm")),
            bytes: 400,
            shared: vec![at("chunk_1.wasm"), at("chunk_2.wasm")],
        }
    );
    assert_eq!(
        manifest.modules["kb"],
        SplitModule {
            file: Some(at("split_kb.wasm")),
            bytes: 300,
            shared: vec![at("chunk_1.wasm")],
        }
    );
    // No code of its own: only its shared module is fetched.
    assert_eq!(
        manifest.modules["sync_session"],
        SplitModule {
            file: None,
            bytes: 0,
            shared: vec![at("chunk_2.wasm")],
        }
    );
    assert_eq!(
        manifest.chunks,
        BTreeMap::from([
            (
                at("chunk_1.wasm"),
                Chunk {
                    bytes: 100,
                    loaded_by: vec!["kb".into(), "ticket".into()],
                }
            ),
            (
                at("chunk_2.wasm"),
                Chunk {
                    bytes: 200,
                    loaded_by: vec!["sync_session".into(), "ticket".into()],
                }
            ),
        ])
    );
    assert_eq!(
        manifest.files,
        [
            "chunk_1.wasm",
            "chunk_2.wasm",
            "split_kb.wasm",
            "split_ticket.wasm"
        ]
        .map(at)
    );
}

/// The JSON public/sw.js (`files`) and scripts/size.sh (`modules`: `file`, `shared`) read.
#[test]
fn the_json_has_what_the_service_worker_and_size_script_read() {
    let manifest = Manifest::from_split(FOLDER, "__wasm_split.js", &prefetch(), &sizes()).unwrap();
    let json: serde_json::Value = serde_json::from_str(&manifest.to_json()).unwrap();
    assert_eq!(json["files"].as_array().unwrap().len(), 4);
    assert_eq!(json["modules"]["kb"]["file"], at("split_kb.wasm").as_str());
    assert_eq!(json["modules"]["kb"]["bytes"], 300);
    assert_eq!(
        json["modules"]["kb"]["shared"][0],
        at("chunk_1.wasm").as_str()
    );
    assert!(json["modules"]["sync_session"]["file"].is_null());
    assert_eq!(
        json["chunks"][at("chunk_2.wasm")]["loaded_by"],
        serde_json::json!(["sync_session", "ticket"])
    );
    assert_eq!(
        serde_json::from_value::<Manifest>(json).unwrap(),
        manifest,
        "reads back"
    );
}

#[test]
fn a_split_with_no_page_module_is_refused() {
    let none = HashMap::new();
    assert_eq!(
        Manifest::from_split(FOLDER, "__wasm_split.js", &none, &sizes()),
        Err(Error::NoModules)
    );
    let only_shared = HashMap::from([("kb".to_string(), vec!["chunk_1".to_string()])]);
    assert_eq!(
        Manifest::from_split(FOLDER, "__wasm_split.js", &only_shared, &sizes()),
        Err(Error::NoModules)
    );
}

#[test]
fn a_module_the_splitter_did_not_write_is_refused() {
    let mut prefetch = prefetch();
    prefetch.insert("reports".into(), vec!["split_reports".into()]);
    assert_eq!(
        Manifest::from_split(FOLDER, "__wasm_split.js", &prefetch, &sizes()),
        Err(Error::UnknownFile {
            split: "reports".into(),
            stem: "split_reports".into(),
        })
    );
}

/// A folder under the system's temporary folder, removed when dropped.
struct Site(PathBuf);

impl Site {
    fn new(name: &str) -> Site {
        let path = std::env::temp_dir().join(format!(
            "mesa-wasm-split-test-{}-{name}",
            std::process::id()
        ));
        let _ = std::fs::remove_dir_all(&path);
        std::fs::create_dir_all(&path).unwrap();
        Site(path)
    }

    fn write(&self, file: &str, bytes: &[u8]) {
        let path = self.0.join(file);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, bytes).unwrap();
    }

    fn root(&self) -> &Path {
        &self.0
    }

    /// A split build as the split step leaves it: the modules of [`sizes`], the loader and the
    /// manifest in the split folder, and the main wasm at the root.
    fn split() -> (Site, Manifest) {
        let site = Site::new(&format!("{:?}", std::thread::current().id()));
        for (file, bytes) in sizes() {
            site.write(&at(&file), &vec![0; bytes as usize]);
        }
        site.write(&at("__wasm_split.js"), b"// loader");
        site.write("mesa-web-1_bg.wasm", b"\0asm main");
        let manifest =
            Manifest::from_split(FOLDER, "__wasm_split.js", &prefetch(), &sizes()).unwrap();
        manifest
            .write(&site.root().join(FOLDER).join(FILE_NAME))
            .unwrap();
        (site, manifest)
    }
}

impl Drop for Site {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

#[test]
fn finishing_moves_the_manifest_to_the_root_with_the_sizes_as_they_now_are() {
    let (site, mut expected) = Site::split();
    // wasm-opt shrank two modules after the split step wrote the manifest.
    site.write(&at("split_ticket.wasm"), &[0; 250]);
    site.write(&at("chunk_1.wasm"), &[0; 60]);
    let finished = finish(site.root(), PLACEHOLDER).unwrap().unwrap();
    expected.modules.get_mut("ticket").unwrap().bytes = 250;
    expected.chunks.get_mut(&at("chunk_1.wasm")).unwrap().bytes = 60;
    assert_eq!(finished, expected);
    assert_eq!(
        Manifest::read(&site.root().join(FILE_NAME)).unwrap(),
        expected
    );
    assert!(!site.root().join(FOLDER).join(FILE_NAME).exists());
}

#[test]
fn finishing_refuses_a_missing_module() {
    let (site, _) = Site::split();
    std::fs::remove_file(site.root().join(at("chunk_2.wasm"))).unwrap();
    assert_eq!(
        finish(site.root(), PLACEHOLDER),
        Err(Error::Missing(vec![at("chunk_2.wasm")]))
    );
}

#[test]
fn finishing_refuses_a_module_the_manifest_does_not_name() {
    let (site, _) = Site::split();
    site.write(&at("split_stray.wasm"), b"\0asm");
    assert_eq!(
        finish(site.root(), PLACEHOLDER),
        Err(Error::Unnamed(vec![at("split_stray.wasm")]))
    );
}

#[test]
fn finishing_refuses_a_manifest_whose_files_are_not_its_modules() {
    let (site, mut manifest) = Site::split();
    manifest.files.pop();
    manifest
        .write(&site.root().join(FOLDER).join(FILE_NAME))
        .unwrap();
    assert_eq!(
        finish(site.root(), PLACEHOLDER),
        Err(Error::Inconsistent(vec![at("split_ticket.wasm")]))
    );
}

#[test]
fn finishing_refuses_a_split_folder_without_a_manifest() {
    let (site, _) = Site::split();
    let written = site.root().join(FOLDER).join(FILE_NAME);
    std::fs::remove_file(&written).unwrap();
    assert_eq!(
        finish(site.root(), PLACEHOLDER),
        Err(Error::NoManifest(written))
    );
}

#[test]
fn a_site_without_split_points_has_nothing_to_finish() {
    let site = Site::new("plain");
    site.write("mesa-web-1_bg.wasm", b"\0asm main, no split points");
    site.write("snippets/wasm-bindgen-abc/inline0.js", b"//");
    assert_eq!(finish(site.root(), PLACEHOLDER), Ok(None));
    assert!(!site.root().join(FILE_NAME).exists());
}

/// `--features split` built, but the split step did not run: the main wasm still imports its
/// split points' placeholders, and no page module exists.
#[test]
fn a_site_whose_wasm_still_has_split_points_is_refused() {
    let site = Site::new("unsplit");
    site.write(
        "mesa-web-1_bg.wasm",
        b"\0asm ... __wasm_split_placeholder__ ...",
    );
    assert_eq!(
        finish(site.root(), PLACEHOLDER),
        Err(Error::NotSplit("mesa-web-1_bg.wasm".into()))
    );
}
