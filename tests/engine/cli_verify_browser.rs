//! `mesa verify` accepts what a browser signs (#20): `tests/data/events-browser-signed.json` holds
//! the events a desk wrote in headless Chromium, chained and signed with its WebCrypto Ed25519
//! key (`tests/browser_evidence.rs`, `fixture_events_signed_by_webcrypto`, prints them): the key's
//! publication, a ticket whose description needs escaping, and an update.

use std::path::{Path, PathBuf};
use std::process::Command;

const FIXTURE: &str = "tests/data/events-browser-signed.json";

fn fixture() -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(FIXTURE))
        .expect("the browser's events")
}

fn verify(text: &str, name: &str, strict: bool) -> (i32, String, String) {
    let path = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(name);
    std::fs::write(&path, text).expect("write");
    let mut args = vec!["verify", "--events", path.to_str().unwrap_or_default()];
    if strict {
        args.push("--strict");
    }
    let out = Command::new(env!("CARGO_BIN_EXE_mesa"))
        .args(&args)
        .output()
        .expect("run mesa");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn events_signed_in_the_browser_verify_with_mesa_verify() {
    let (code, stdout, stderr) = verify(&fixture(), "browser-signed.json", true);
    assert_eq!(code, 0, "{stdout}{stderr}");
    assert!(
        stdout.starts_with("3 events: 3 signed and verified, 0 unsigned"),
        "{stdout}"
    );
}

#[test]
fn one_byte_changed_in_a_browser_signed_event_is_named() {
    let text = fixture();
    assert_eq!(text.matches("E1 caído").count(), 1);
    let edited = text.replacen("E1 caído", "E2 caído", 1);
    let (code, stdout, stderr) = verify(&edited, "browser-one-byte.json", false);
    assert_eq!(code, 1, "{stdout}");
    let events: serde_json::Value = serde_json::from_str(&text).expect("JSON");
    let opened = events
        .as_array()
        .and_then(|a| a.iter().find(|e| e["kind"] == "opened"))
        .and_then(|e| e["id"].as_str())
        .unwrap_or("?")
        .to_string();
    assert!(
        stderr.starts_with(&format!("mesa: broken history: event {opened} ")),
        "{stderr}"
    );
    assert!(stderr.contains("altered"), "{stderr}");
}
