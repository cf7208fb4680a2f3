//! `split-manifest.json`: what the split step produced, for the service worker (it precaches
//! `files`) and scripts/size.sh (it reports `modules` and `chunks`).
//!
//! ```json
//! {
//!   "loader": "snippets/split-<hash>/__wasm_split.js",
//!   "files": ["snippets/split-<hash>/chunk_3.wasm", "snippets/split-<hash>/split_kb.wasm"],
//!   "modules": {
//!     "kb": { "file": "snippets/split-<hash>/split_kb.wasm", "bytes": 48213,
//!             "shared": ["snippets/split-<hash>/chunk_3.wasm"] }
//!   },
//!   "chunks": {
//!     "snippets/split-<hash>/chunk_3.wasm": { "bytes": 9120, "loaded_by": ["kb", "ticket"] }
//!   }
//! }
//! ```
//!
//! Paths are relative to the site's root. `modules` are the split points by name (a page or a
//! background job): the file the loader fetches when it first runs (none when the splitter
//! found no code of its own) and the shared modules (`chunks`) fetched with it; each chunk
//! names the split points that load it. `files` is every wasm file of the split, once.
//!
//! `mesa-wasm-split` writes it beside the loader ([`Manifest::from_split`]); the post-build hook
//! (scripts/split-post-build.sh), once it has optimised the modules, runs
//! `mesa-wasm-split manifest SITE_DIR`, which moves it to the site's root, checks it against the
//! files on disk and records their sizes as they now are ([`finish`]).

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

/// The manifest's file name: beside the loader when the split step writes it, at the site's
/// root once the post-build hook has moved it.
pub const FILE_NAME: &str = "split-manifest.json";

/// See the module's documentation.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    /// The JavaScript that loads the modules.
    pub loader: String,
    /// Every wasm file below, once, sorted: what the service worker precaches.
    pub files: Vec<String>,
    /// The split points by name.
    pub modules: BTreeMap<String, SplitModule>,
    /// The modules shared by several split points, by file.
    pub chunks: BTreeMap<String, Chunk>,
}

/// One split point's code.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SplitModule {
    /// Its own wasm file; `None` when all its code is in the main module or in chunks.
    pub file: Option<String>,
    /// The size of `file` in bytes (0 without one).
    pub bytes: u64,
    /// The chunks fetched with it, in the loader's order.
    pub shared: Vec<String>,
}

/// A module shared by several split points.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Chunk {
    /// Its size in bytes.
    pub bytes: u64,
    /// The split points whose loading fetches it, sorted.
    pub loaded_by: Vec<String>,
}

/// Why a manifest cannot be written or does not match the files.
#[derive(Debug, PartialEq, Eq)]
pub enum Error {
    /// The splitter produced no module: split points in the wasm, but no page module came out.
    NoModules,
    /// A file the splitter names for a split point is not one it wrote (`split`, `stem`).
    UnknownFile { split: String, stem: String },
    /// A file the manifest names is missing.
    Missing(Vec<String>),
    /// Wasm files in the split folder that the manifest does not name.
    Unnamed(Vec<String>),
    /// No manifest where the split step writes it, though its folder is there.
    NoManifest(PathBuf),
    /// The manifest's `files` are not its modules' and chunks' files, each once (the ones that
    /// differ).
    Inconsistent(Vec<String>),
    /// Several split folders: earlier builds' modules were not cleared.
    SeveralFolders(Vec<String>),
    /// No split folder, but the main wasm (named) still has split points: the split step did
    /// not run.
    NotSplit(String),
    /// Reading, writing or parsing a file.
    Io(String),
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::NoModules => f.write_str(
                "the wasm has split points but no page module came out of the split: \
                 nothing to load on demand",
            ),
            Error::UnknownFile { split, stem } => write!(
                f,
                "the splitter names {stem}.wasm for {split}, but wrote no such module"
            ),
            Error::Missing(files) => {
                write!(f, "the manifest names missing files: {}", files.join(", "))
            }
            Error::Unnamed(files) => write!(
                f,
                "modules on disk that the manifest does not name: {}",
                files.join(", ")
            ),
            Error::NoManifest(path) => write!(
                f,
                "{} is missing: the split step (an older mesa-wasm-split? run scripts/setup.sh) \
                 wrote no manifest",
                path.display()
            ),
            Error::Inconsistent(files) => write!(
                f,
                "the manifest's `files` are not its modules' files, each once: {}",
                files.join(", ")
            ),
            Error::SeveralFolders(folders) => {
                write!(f, "several split folders: {}", folders.join(", "))
            }
            Error::NotSplit(wasm) => write!(
                f,
                "{wasm} still has split points but no page module was made: the split step did \
                 not run (is scripts/bin first on PATH? source scripts/env.sh)"
            ),
            Error::Io(e) => f.write_str(e),
        }
    }
}

impl std::error::Error for Error {}

impl Manifest {
    /// The manifest of one split, from what wasm_split_cli_support reports: `prefetch`, each
    /// split point's files as the loader fetches them (file stems: its chunks, then its own
    /// `split_<name>` unless it has no code of its own), and `sizes`, the byte size of each
    /// file it wrote (by file name). `folder` is the modules' and the loader's folder, relative
    /// to the site's root.
    pub fn from_split(
        folder: &str,
        loader: &str,
        prefetch: &HashMap<String, Vec<String>>,
        sizes: &BTreeMap<String, u64>,
    ) -> Result<Manifest, Error> {
        let path = |stem: &str| format!("{folder}/{stem}.wasm");
        let mut modules = BTreeMap::new();
        let mut chunks: BTreeMap<String, Chunk> = BTreeMap::new();
        for (split, stems) in prefetch {
            let own = format!("split_{split}");
            let mut module = SplitModule {
                file: None,
                bytes: 0,
                shared: Vec::new(),
            };
            for stem in stems {
                let bytes =
                    *sizes
                        .get(&format!("{stem}.wasm"))
                        .ok_or_else(|| Error::UnknownFile {
                            split: split.clone(),
                            stem: stem.clone(),
                        })?;
                if *stem == own {
                    module.file = Some(path(stem));
                    module.bytes = bytes;
                } else {
                    module.shared.push(path(stem));
                    let chunk = chunks.entry(path(stem)).or_insert(Chunk {
                        bytes,
                        loaded_by: Vec::new(),
                    });
                    chunk.loaded_by.push(split.clone());
                }
            }
            modules.insert(split.clone(), module);
        }
        if modules.values().all(|m| m.file.is_none()) {
            return Err(Error::NoModules);
        }
        for chunk in chunks.values_mut() {
            chunk.loaded_by.sort();
        }
        let mut manifest = Manifest {
            loader: format!("{folder}/{loader}"),
            files: Vec::new(),
            modules,
            chunks,
        };
        manifest.files = manifest.named().into_iter().collect();
        Ok(manifest)
    }

    /// Every wasm file the manifest names.
    fn named(&self) -> BTreeSet<String> {
        let own = self.modules.values().filter_map(|m| m.file.clone());
        own.chain(self.chunks.keys().cloned()).collect()
    }

    /// Checks the manifest against the site at `root` and sets every size to the file's as it
    /// is now: every file it names exists, `files` is every module named once, and `folder`
    /// (relative to `root`) holds no wasm file it does not name.
    pub fn check(&mut self, root: &Path, folder: &str) -> Result<(), Error> {
        if self.modules.values().all(|m| m.file.is_none()) {
            return Err(Error::NoModules);
        }
        let named = self.named();
        let listed: BTreeSet<String> = self.files.iter().cloned().collect();
        if listed != named || listed.len() != self.files.len() {
            let mut wrong: Vec<String> = listed.symmetric_difference(&named).cloned().collect();
            if wrong.is_empty() {
                let mut seen = BTreeSet::new();
                wrong = self
                    .files
                    .iter()
                    .filter(|f| !seen.insert(*f))
                    .cloned()
                    .collect();
            }
            return Err(Error::Inconsistent(wrong));
        }
        let size = |file: &str| std::fs::metadata(root.join(file)).ok().map(|m| m.len());
        let missing: Vec<String> = named
            .iter()
            .chain(std::iter::once(&self.loader))
            .filter(|f| size(f).is_none())
            .cloned()
            .collect();
        if !missing.is_empty() {
            return Err(Error::Missing(missing));
        }
        let on_disk = std::fs::read_dir(root.join(folder))
            .map_err(|e| Error::Io(format!("reading {folder}: {e}")))?;
        let mut unnamed: Vec<String> = on_disk
            .flatten()
            .map(|e| format!("{folder}/{}", e.file_name().to_string_lossy()))
            .filter(|f| f.ends_with(".wasm") && !named.contains(f))
            .collect();
        if !unnamed.is_empty() {
            unnamed.sort();
            return Err(Error::Unnamed(unnamed));
        }
        for module in self.modules.values_mut() {
            module.bytes = module.file.as_deref().and_then(size).unwrap_or(0);
        }
        for (file, chunk) in self.chunks.iter_mut() {
            chunk.bytes = size(file).unwrap_or(0);
        }
        Ok(())
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).expect("a manifest serialises") + "\n"
    }

    pub fn read(path: &Path) -> Result<Manifest, Error> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| Error::Io(format!("reading {}: {e}", path.display())))?;
        serde_json::from_str(&text)
            .map_err(|e| Error::Io(format!("{} is not a split manifest: {e}", path.display())))
    }

    pub fn write(&self, path: &Path) -> Result<(), Error> {
        std::fs::write(path, self.to_json())
            .map_err(|e| Error::Io(format!("writing {}: {e}", path.display())))
    }
}

/// `mesa-wasm-split manifest SITE_DIR`, after the post-build hook changed the modules: moves
/// the manifest from the split folder (`snippets/split-*/`) to `SITE_DIR/split-manifest.json`,
/// checks it ([`Manifest::check`]) and records the sizes. `Ok(None)` for a site without a split
/// folder whose wasm has no split points (a build without the `split` feature); an error if
/// its wasm still has them (the split step did not run).
pub fn finish(root: &Path, placeholder: &[u8]) -> Result<Option<Manifest>, Error> {
    let io = |what: &str, e: std::io::Error| Error::Io(format!("{what}: {e}"));
    let snippets = root.join("snippets");
    let mut folders: Vec<String> = match std::fs::read_dir(&snippets) {
        Ok(entries) => entries
            .flatten()
            .filter(|e| e.path().is_dir())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|name| name.starts_with("split-"))
            .map(|name| format!("snippets/{name}"))
            .collect(),
        Err(_) => Vec::new(),
    };
    folders.sort();
    let folder = match folders.as_slice() {
        [] => {
            let entries = std::fs::read_dir(root).map_err(|e| io("reading the site", e))?;
            for entry in entries.flatten() {
                let name = entry.file_name().to_string_lossy().into_owned();
                if !name.ends_with(".wasm") {
                    continue;
                }
                let wasm = std::fs::read(entry.path()).map_err(|e| io(&name, e))?;
                if wasm.windows(placeholder.len()).any(|w| w == placeholder) {
                    return Err(Error::NotSplit(name));
                }
            }
            return Ok(None);
        }
        [one] => one.clone(),
        several => return Err(Error::SeveralFolders(several.to_vec())),
    };
    let written = root.join(&folder).join(FILE_NAME);
    if !written.exists() {
        return Err(Error::NoManifest(written));
    }
    let mut manifest = Manifest::read(&written)?;
    manifest.check(root, &folder)?;
    manifest.write(&root.join(FILE_NAME))?;
    std::fs::remove_file(&written).map_err(|e| io("removing the split folder's manifest", e))?;
    Ok(Some(manifest))
}

#[cfg(test)]
mod tests;
