//! Loading a profile: a preset id or a file.

use mesa::domain::engine::Engine;
use mesa::domain::profile::{preset, presets, ProcessProfile, ProfileError};

use super::{print, Failure, Outcome};

/// Where a profile came from and its text.
struct ProfileSource {
    name: String,
    text: String,
}

/// A preset id (`p4-callmyway`, or just `p4`) or a file path.
fn profile_source(arg: &str) -> Result<ProfileSource, Failure> {
    let by_id = preset(arg).map(|json| (arg.to_string(), json)).or_else(|| {
        let short: Vec<_> = presets()
            .into_iter()
            .filter(|(id, _)| id.split('-').next() == Some(arg))
            .collect();
        (short.len() == 1).then(|| (short[0].0.to_string(), short[0].1))
    });
    if let Some((id, json)) = by_id {
        if !std::path::Path::new(arg).exists() {
            return Ok(ProfileSource {
                name: format!("preset {id}"),
                text: json.to_string(),
            });
        }
    }
    Ok(ProfileSource {
        name: arg.to_string(),
        text: read_file(arg)?,
    })
}

pub fn read_file(path: &str) -> Result<String, Failure> {
    std::fs::read_to_string(path).map_err(|e| Failure::Data(format!("cannot read {path}: {e}")))
}

/// `path: message (line L, column C)`, without repeating a location already in the message.
fn describe(error: &ProfileError) -> String {
    let mut message = error.message.clone();
    if let (Some(line), Some(column)) = (error.line, error.column) {
        let prefix = format!("line {line}, column {column}: ");
        if let Some(rest) = message.strip_prefix(&prefix) {
            message = rest.to_string();
        }
        message = format!("{message} (line {line}, column {column})");
    }
    if error.path.is_empty() {
        message
    } else {
        format!("{}: {message}", error.path)
    }
}

pub fn load_engine(arg: &str) -> Result<Engine, Failure> {
    let source = profile_source(arg)?;
    let invalid = |errors: Vec<ProfileError>| {
        let first = errors.first().map(describe).unwrap_or_default();
        let more = match errors.len() {
            0 | 1 => String::new(),
            n => format!(" (and {} more; run `mesa validate {arg}`)", n - 1),
        };
        Failure::Data(format!("{}: invalid profile: {first}{more}", source.name))
    };
    let profile = ProcessProfile::from_json(&source.text).map_err(invalid)?;
    Engine::new(profile).map_err(invalid)
}

pub fn validate(args: &[String]) -> Outcome {
    let path = match args {
        [path] if !path.starts_with('-') => path,
        [flag, ..] if flag.starts_with('-') => {
            return Err(Failure::Usage(format!("unknown flag {flag:?}")))
        }
        [] => return Err(Failure::Usage("validate needs a PROFILE file".into())),
        _ => {
            return Err(Failure::Usage(
                "validate takes exactly one PROFILE file".into(),
            ))
        }
    };
    let source = profile_source(path)?;
    match ProcessProfile::from_json(&source.text) {
        Ok(profile) => print(&format!("ok: {} ({})\n", profile.id, profile.name)),
        Err(errors) => {
            let lines: String = errors.iter().map(|e| describe(e) + "\n").collect();
            print(&lines)?;
            let n = errors.len();
            let plural = if n == 1 { "problem" } else { "problems" };
            Err(Failure::Problems(format!("{}: {n} {plural}", source.name)))
        }
    }
}
