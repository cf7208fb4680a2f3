//! The identity of this build's profile checks: a fingerprint of the sources under
//! `src/domain/profile/`, where every check lives. A profile text that passed the checks once
//! passes them again while this value is the same (`domain::profile::CheckedProfile`), so a
//! device opens a text it checked before without loading the checks' code.

use std::path::{Path, PathBuf};

/// Sets `MESA_PROFILE_RULES` for the crate (the script reruns whenever a source file changes).
pub fn write(root: &Path) {
    let mut files = Vec::new();
    sources(&root.join("src/domain/profile"), &mut files);
    files.sort();
    // FNV-1a, 64 bits: an identity, not a defence.
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for file in &files {
        let name = file
            .strip_prefix(root)
            .unwrap_or(file)
            .to_string_lossy()
            .into_owned();
        let text = std::fs::read(file).expect("read a profile source");
        for byte in name.bytes().chain([0xFF]).chain(text).chain([0xFF]) {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
    }
    println!("cargo:rustc-env=MESA_PROFILE_RULES={hash:016x}");
}

fn sources(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            sources(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}
