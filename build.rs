//! Embeds the commit zenbraze was built from (`ZENBRAZE_COMMIT`, shown by `--version` and the
//! About view). From a git checkout: `git rev-parse`. From a crates.io or `cargo package`
//! tarball: the `.cargo_vcs_info.json` cargo writes into it. Neither (a plain source tarball, or
//! no git installed): the `ZENBRAZE_COMMIT` environment variable if the packager set it, else
//! "unknown". Nothing else is needed to build.

use std::path::Path;
use std::process::Command;

fn main() {
    println!("cargo:rerun-if-env-changed=ZENBRAZE_COMMIT");
    println!("cargo:rerun-if-changed=build.rs");
    let dir = std::env::var("CARGO_MANIFEST_DIR").unwrap_or_else(|_| ".".into());
    let commit = std::env::var("ZENBRAZE_COMMIT")
        .ok()
        .filter(|c| !c.trim().is_empty())
        .or_else(|| from_git(Path::new(&dir)))
        .or_else(|| from_cargo_vcs_info(Path::new(&dir)))
        .unwrap_or_else(|| "unknown".to_owned());
    println!("cargo:rustc-env=ZENBRAZE_COMMIT={}", commit.trim());
}

fn git(dir: &Path, args: &[&str]) -> Option<String> {
    let out = Command::new("git")
        .args(args)
        .current_dir(dir)
        .output()
        .ok()?;
    if !out.status.success() {
        return None;
    }
    let text = String::from_utf8(out.stdout).ok()?.trim().to_owned();
    (!text.is_empty()).then_some(text)
}

fn from_git(dir: &Path) -> Option<String> {
    let commit = git(dir, &["rev-parse", "--short=12", "HEAD"])?;
    // Built again when HEAD moves: a checkout (HEAD) or a commit on the branch (its ref).
    for path in [
        Some("HEAD".to_owned()),
        git(dir, &["symbolic-ref", "-q", "HEAD"]),
    ]
    .into_iter()
    .flatten()
    .chain(["packed-refs".to_owned()])
    {
        if let Some(file) = git(dir, &["rev-parse", "--git-path", &path]) {
            let file = dir.join(file);
            if file.exists() {
                println!("cargo:rerun-if-changed={}", file.display());
            }
        }
    }
    Some(commit)
}

/// `{"git": {"sha1": "…"}, …}`, written by `cargo package` into every crate tarball.
fn from_cargo_vcs_info(dir: &Path) -> Option<String> {
    let text = std::fs::read_to_string(dir.join(".cargo_vcs_info.json")).ok()?;
    let at = text.find("\"sha1\"")?;
    let rest = &text[at + 6..];
    let start = rest.find('"')? + 1;
    let end = start + rest[start..].find('"')?;
    let sha = &rest[start..end];
    sha.bytes()
        .all(|b| b.is_ascii_hexdigit())
        .then(|| sha[..sha.len().min(12)].to_owned())
}
