//! The layering the build checks: every `crate::` path in `src/` goes to a module of a lower
//! layer than its own, as `zenbraze::LAYERS` lists them (the one place the order is written;
//! the README's table is generated from it). A module that uses its own layer or one above
//! fails here with the file and line, and so does a top-level module the list does not place.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use zenbraze::LAYERS;

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// Every `.rs` file below `dir`.
fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("reading {}: {e}", dir.display()))
        .map(|e| e.expect("a directory entry").path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|x| x == "rs") {
            out.push(path);
        }
    }
}

/// The top-level module a file of `src/` belongs to (`src/api/zendesk/mod.rs` → `api`);
/// None for `lib.rs` and `main.rs`, which are the crate's roots.
fn module_of(file: &Path) -> Option<String> {
    let rel = file.strip_prefix(src()).expect("a file below src/");
    let first = rel.components().next()?.as_os_str().to_str()?.to_owned();
    match first.as_str() {
        "lib.rs" | "main.rs" => None,
        name => Some(name.trim_end_matches(".rs").to_owned()),
    }
}

/// The code of a line, without a `//` comment (doc comments included). A `//` inside a string
/// literal would cut the line early, which can only hide a path, never invent one; the string
/// paths that matter here (`crate::` in a literal) do not occur in `src/`.
fn code(line: &str) -> &str {
    line.find("//").map_or(line, |i| &line[..i])
}

/// The root items named by `crate::` paths in `text`: `crate::a::b` gives `a`,
/// `crate::{a, b::c}` gives `a` and `b`.
fn roots(text: &str) -> Vec<String> {
    let mut found = Vec::new();
    let mut rest = text;
    while let Some(i) = rest.find("crate::") {
        // `zenbraze::crate::` cannot occur; `$crate::` (in macros) is the macro's own crate.
        let before = &rest[..i];
        rest = &rest[i + "crate::".len()..];
        if before.ends_with('$') || before.ends_with(|c: char| c.is_alphanumeric() || c == '_') {
            continue;
        }
        if let Some(group) = rest.strip_prefix('{') {
            let end = group.find('}').unwrap_or(group.len());
            for part in group[..end].split(',') {
                let name: String = part
                    .trim()
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                if !name.is_empty() {
                    found.push(name);
                }
            }
        } else {
            let name: String = rest
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            if !name.is_empty() {
                found.push(name);
            }
        }
    }
    found
}

/// `#[macro_export]` macros live at the crate's root but belong to the module that defines
/// them: `crate::msg!` is the catalogue's.
fn exported_macros(files: &[PathBuf]) -> BTreeMap<String, String> {
    let mut macros = BTreeMap::new();
    for file in files {
        let Some(module) = module_of(file) else {
            continue;
        };
        let text = std::fs::read_to_string(file).expect("a source file reads");
        let mut exported = false;
        for line in text.lines() {
            let line = line.trim();
            if line.starts_with("#[macro_export]") {
                exported = true;
            } else if let Some(rest) = line.strip_prefix("macro_rules!") {
                if exported {
                    let name = rest.trim().trim_end_matches('{').trim().to_owned();
                    macros.insert(name, module.clone());
                }
                exported = false;
            }
        }
    }
    macros
}

fn layer_of(module: &str) -> Option<usize> {
    LAYERS.iter().position(|l| l.modules.contains(&module))
}

/// The modules `lib.rs` declares.
fn declared_modules() -> BTreeSet<String> {
    let lib = std::fs::read_to_string(src().join("lib.rs")).expect("src/lib.rs reads");
    lib.lines()
        .filter_map(|l| l.trim().strip_prefix("pub mod "))
        .map(|rest| rest.trim_end_matches(';').trim().to_owned())
        .collect()
}

/// Every use of a module of the same layer or one above, as `file:line: a → b`.
fn violations() -> (Vec<String>, usize, usize) {
    let mut files = Vec::new();
    rust_files(&src(), &mut files);
    let macros = exported_macros(&files);
    let modules = declared_modules();
    let mut problems = Vec::new();
    let mut paths_read = 0;
    for file in &files {
        let Some(from) = module_of(file) else {
            continue;
        };
        let from_layer = layer_of(&from).unwrap_or_else(|| {
            panic!("src/{from} is in no layer: place it in zenbraze::LAYERS (src/lib.rs)")
        });
        let text = std::fs::read_to_string(file).expect("a source file reads");
        for (n, line) in text.lines().enumerate() {
            for root in roots(code(line)) {
                paths_read += 1;
                let to = if modules.contains(&root) {
                    root.clone()
                } else if let Some(owner) = macros.get(&root) {
                    owner.clone()
                } else if LAYERS.iter().any(|l| l.modules.contains(&root.as_str())) {
                    root.clone()
                } else {
                    // An item defined in lib.rs itself (LAYERS): the root belongs to no layer.
                    continue;
                };
                if to == from {
                    continue;
                }
                let to_layer = layer_of(&to).expect("every declared module has a layer");
                if to_layer >= from_layer {
                    let rel = file.strip_prefix(src()).expect("below src/");
                    problems.push(format!(
                        "src/{}:{}: {from} (layer {}) uses {to} (layer {})",
                        rel.display(),
                        n + 1,
                        from_layer + 1,
                        to_layer + 1
                    ));
                }
            }
        }
    }
    (problems, files.len(), paths_read)
}

#[test]
fn every_module_uses_only_the_layers_below_it() {
    let (problems, files, paths) = violations();
    assert!(files > 100, "scanned only {files} files of src/");
    assert!(paths > 500, "read only {paths} crate:: paths in src/");
    assert!(
        problems.is_empty(),
        "{} uses against the layering (zenbraze::LAYERS in src/lib.rs):\n{}",
        problems.len(),
        problems.join("\n")
    );
}

#[test]
fn every_module_has_exactly_one_layer() {
    let declared = declared_modules();
    assert!(declared.len() > 10, "read only {} modules", declared.len());
    let mut placed = BTreeMap::new();
    for (i, layer) in LAYERS.iter().enumerate() {
        for m in layer.modules {
            if let Some(other) = placed.insert(*m, i) {
                panic!("{m} is in layers {} and {}", other + 1, i + 1);
            }
        }
    }
    let listed: BTreeSet<String> = placed.keys().map(|m| m.to_string()).collect();
    assert_eq!(
        listed, declared,
        "zenbraze::LAYERS and the modules src/lib.rs declares differ"
    );
}

#[test]
fn the_scanner_reads_paths_as_the_compiler_does() {
    assert_eq!(roots("use crate::api::zendesk;"), ["api"]);
    assert_eq!(
        roots("use crate::{lint, template::Dialect};"),
        ["lint", "template"]
    );
    assert_eq!(roots("crate::msg!(\"x\")"), ["msg"]);
    assert!(roots("$crate::i18n::Message").is_empty());
    assert!(roots("my_crate::api").is_empty());
    assert_eq!(code("let a = 1; // crate::ui"), "let a = 1; ");
}

/// The README's layer table, generated from [`LAYERS`].
fn readme_table() -> String {
    let mut out = String::from("| layer | modules | what it holds |\n|:-:|---|---|\n");
    for (i, layer) in LAYERS.iter().enumerate().rev() {
        let modules: Vec<String> = layer.modules.iter().map(|m| format!("`{m}`")).collect();
        out.push_str(&format!(
            "| {} | {} | {} |\n",
            i + 1,
            modules.join(", "),
            layer.role
        ));
    }
    out
}

/// The README's table between its markers is the list's; `ZENBRAZE_WRITE_README=1` rewrites it.
#[test]
fn readme_layer_table_is_the_list() {
    let readme = Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md");
    let start = "<!-- layers:start (generated from zenbraze::LAYERS) -->\n";
    let table = readme_table();
    zenbraze::about::readme_block(&readme, start, "<!-- layers:end -->", &table).unwrap();
}
