//! Release archives and krew: what `scripts/package` puts in an archive, krew's own
//! `validate-krew-manifest` on the manifests (it installs every platform a manifest lists, here
//! from a loopback server), and a real offline `kubectl krew install --manifest --archive`
//! into a temporary `KREW_ROOT`, after which kubectl runs the plugins against the test server.

use std::path::Path;
use std::process::{Command, Output};

use crkit_test_support::{TestContext, run, server, workspace_root};

use crate::completion::{Tmux, assert_issue_examples_complete, example_cluster};
use crate::tools::{
    KrewRoot, PLUGINS, Package, VERSION, archive_name, assert_success, host_platform, krew,
    package, run_package, text,
};

/// The platforms every manifest in `krew-manifests/` lists, in order: only the one the
/// project builds and tests (README, Platforms).
const PLATFORMS: [(&str, &str); 1] = [("linux", "amd64")];

/// One `platforms[]` item of a manifest, read line by line (the manifests keep one layout).
#[derive(Debug, Default, PartialEq)]
struct Platform {
    os: String,
    arch: String,
    uri: String,
    sha256: String,
    bin: String,
    files: Vec<String>,
}

fn platforms(manifest: &str) -> Vec<Platform> {
    let mut items: Vec<Platform> = Vec::new();
    for line in manifest.lines() {
        if line == "  - selector:" {
            items.push(Platform::default());
            continue;
        }
        let Some(item) = items.last_mut() else {
            continue;
        };
        let field = |key: &str| line.trim_start().strip_prefix(key).map(str::to_owned);
        if let Some(v) = field("os: ") {
            item.os = v;
        } else if let Some(v) = field("arch: ") {
            item.arch = v;
        } else if let Some(v) = field("uri: ") {
            item.uri = v;
        } else if let Some(v) = field("sha256: ") {
            item.sha256 = v;
        } else if let Some(v) = field("bin: ") {
            item.bin = v;
        } else if let Some(v) = field("- from: ") {
            item.files.push(v);
        }
    }
    items
}

fn validate(manifest: &Path, extra: &[&str]) -> Option<Output> {
    let server = server()?;
    let krew = krew()?;
    // validate-krew-manifest runs `kubectl krew install` for each platform (with only
    // KREW_ROOT, KREW_OS, KREW_ARCH and PATH in its environment).
    let path = std::env::join_paths(
        [
            krew.dir.clone(),
            server.kubectl.parent().expect("kubectl's dir").to_owned(),
        ]
        .into_iter()
        .chain(std::env::split_paths(
            &std::env::var_os("PATH").unwrap_or_default(),
        )),
    )
    .expect("PATH entries without separators");
    Some(run(Command::new(krew.validate_krew_manifest())
        .env("PATH", path)
        .env("KREW_NO_UPGRADE_CHECK", "1")
        .arg("-manifest")
        .arg(manifest)
        .args(extra)))
}

#[test]
fn repository_manifests_match_what_package_builds() {
    for plugin in PLUGINS {
        let path = workspace_root().join(format!("krew-manifests/{plugin}.yaml"));
        let manifest = std::fs::read_to_string(&path).expect("read the manifest");
        assert!(
            manifest.contains(&format!("\n  name: {plugin}\n")),
            "{}",
            path.display()
        );
        assert!(
            manifest.contains(&format!("\n  version: v{VERSION}\n")),
            "{} is not at the workspace's version {VERSION}",
            path.display()
        );
        // The caveats say what users must do once: RBAC, and the completion helper that krew
        // cannot install itself.
        assert!(manifest.contains("crkit-reader"), "{}", path.display());
        assert!(
            manifest.contains(&format!("kubectl {plugin} completion install")),
            "{}",
            path.display()
        );
        let items = platforms(&manifest);
        let found: Vec<(&str, &str)> = items
            .iter()
            .map(|p| (p.os.as_str(), p.arch.as_str()))
            .collect();
        assert_eq!(found, PLATFORMS, "{}", path.display());
        for item in &items {
            let exe = if item.os == "windows" { ".exe" } else { "" };
            assert_eq!(
                item.uri,
                format!(
                    "https://github.com/crkit/crkit/releases/download/v{VERSION}/{}",
                    archive_name(plugin, &item.os, &item.arch)
                )
            );
            assert_eq!(item.bin, format!("kubectl-{plugin}{exe}"));
            assert_eq!(
                item.files,
                [
                    format!("kubectl-{plugin}{exe}").as_str(),
                    "LICENSE",
                    "README.md",
                    "man"
                ]
            );
            // Quoted: unquoted zeros would be the number 0 to krew's YAML reader.
            assert_eq!(item.sha256, format!("\"{}\"", "0".repeat(64)));
        }
    }
}

#[test]
fn archives_hold_the_binary_its_completion_helper_license_readme_and_man_pages() {
    let package = package();
    for plugin in PLUGINS {
        let archive = package.archive(plugin);
        let out = run(Command::new("tar")
            .args(["--numeric-owner", "-tvzf"])
            .arg(&archive));
        assert_success("tar -t", &out);
        let listing = text(&out.stdout);
        // mode owner size date time name
        let entries: Vec<(String, String, String)> = listing
            .lines()
            .map(|line| {
                let f: Vec<&str> = line.split_whitespace().collect();
                (f[0].to_owned(), f[1].to_owned(), f[5].to_owned())
            })
            .collect();
        let names: Vec<&str> = entries.iter().map(|(_, _, n)| n.as_str()).collect();
        let exe = format!("kubectl-{plugin}");
        let helper = format!("kubectl_complete-{plugin}");
        let page = format!("man/man1/kubectl-{plugin}.1");
        let subcommand_page = format!("man/man1/kubectl-{plugin}-completion.1");
        for want in [
            "LICENSE",
            "README.md",
            &exe,
            &helper,
            "man/",
            "man/man1/",
            &page,
            &subcommand_page,
        ] {
            assert!(names.contains(&want), "{want} missing from\n{listing}");
        }
        let mut sorted = names.clone();
        sorted.sort_unstable();
        assert_eq!(names, sorted, "entries in name order:\n{listing}");
        for (mode, owner, name) in &entries {
            assert_eq!(owner, "0/0", "{name}: {listing}");
            let want = if name == &exe || name == &helper {
                "-rwxr-xr-x"
            } else if name.ends_with('/') {
                "drwxr-xr-x"
            } else {
                "-rw-r--r--"
            };
            assert_eq!(mode, want, "{name}: {listing}");
        }

        // The helper is the plugin itself (krew extracts no symlinks, so it is a copy).
        let dir = tempfile::TempDir::new().expect("temporary dir");
        let out = run(Command::new("tar")
            .arg("-xzf")
            .arg(&archive)
            .arg("-C")
            .arg(dir.path()));
        assert_success("tar -x", &out);
        let binary = std::fs::read(dir.path().join(&exe)).expect("the binary");
        assert!(
            binary == std::fs::read(dir.path().join(&helper)).expect("the helper"),
            "{helper} is not a copy of {exe}"
        );
        let license = std::fs::read_to_string(dir.path().join("LICENSE")).expect("LICENSE");
        assert!(license.contains("Apache License") && license.contains("Version 2.0"));
        let page = std::fs::read_to_string(dir.path().join(&page)).expect("man page");
        assert!(page.contains(&format!(".TH kubectl-{plugin} 1")), "{page}");
        let readme = std::fs::read_to_string(dir.path().join("README.md")).expect("README");
        assert!(
            readme.contains(&format!("kubectl {plugin} completion install")),
            "{readme}"
        );

        // The checksum file names the archive and holds what the manifest says.
        let sums = std::fs::read_to_string(archive.with_extension("gz.sha256")).expect("sha256");
        let (sum, name) = sums.trim_end().split_once("  ").expect("`<sum>  <name>`");
        assert_eq!(name, archive.file_name().unwrap().to_str().unwrap());
        let manifest = std::fs::read_to_string(package.manifest(plugin)).expect("manifest");
        let items = platforms(&manifest);
        let (os, arch) = host_platform();
        let item = items
            .iter()
            .find(|p| p.os == os && p.arch == arch)
            .expect("the host's platform in the filled manifest");
        assert_eq!(item.sha256, sum);
        assert_eq!(item.uri, format!("{}/{name}", package.base_url));
        // Only what was built: the other platforms would point at archives that do not exist.
        assert_eq!(items.len(), 1, "{manifest}");
        assert!(manifest.contains(&format!("\n  version: v{VERSION}\n")));
    }
}

#[test]
fn packaging_again_gives_identical_archives() {
    let package = package();
    let again = tempfile::TempDir::new().expect("temporary dir");
    let out = run_package(again.path(), &["--base-url", &package.base_url]);
    assert_success("scripts/package (second run)", &out);
    for plugin in PLUGINS {
        let name = package.archive(plugin);
        let name = name.file_name().unwrap();
        let first = std::fs::read(package.dir.join(name)).expect("first archive");
        let second = std::fs::read(again.path().join(name)).expect("second archive");
        assert!(
            first == second,
            "{} differs between two runs",
            name.display()
        );
        let manifest = format!("{plugin}.yaml");
        assert_eq!(
            std::fs::read_to_string(package.dir.join(&manifest)).unwrap(),
            std::fs::read_to_string(again.path().join(&manifest)).unwrap()
        );
    }
}

#[test]
fn package_rejects_targets_it_cannot_build() {
    let out = tempfile::TempDir::new().expect("temporary dir");
    let result = run_package(out.path(), &["--target", "riscv64gc-unknown-linux-gnu"]);
    assert_eq!(result.status.code(), Some(2));
    assert!(
        text(&result.stderr)
            .contains("error: no krew platform for the Rust target 'riscv64gc-unknown-linux-gnu'"),
        "{}",
        text(&result.stderr)
    );
    // A real target whose standard library a Linux machine does not have.
    let result = run_package(out.path(), &["--target", "x86_64-pc-windows-msvc"]);
    assert_eq!(result.status.code(), Some(2), "{}", text(&result.stderr));
    assert!(
        text(&result.stderr).contains("rustup target add x86_64-pc-windows-msvc"),
        "{}",
        text(&result.stderr)
    );
    assert!(
        std::fs::read_dir(out.path()).unwrap().next().is_none(),
        "nothing written"
    );
}

#[test]
fn validate_krew_manifest_passes_on_repository_and_filled_manifests() {
    for plugin in PLUGINS {
        // The repository's manifests: structure, selectors, platforms (their archives do not
        // exist yet, so no install).
        let path = workspace_root().join(format!("krew-manifests/{plugin}.yaml"));
        let Some(out) = validate(&path, &["-skip-install"]) else {
            return;
        };
        assert_success(&format!("validate-krew-manifest {}", path.display()), &out);
        assert!(
            text(&out.stderr).contains("structural validation OK"),
            "{}",
            text(&out.stderr)
        );

        // The filled ones: also installs each platform from its uri, checks the sha256 and
        // that a LICENSE file got installed.
        let path = package().manifest(plugin);
        let out = validate(&path, &[]).expect("as above");
        assert_success(&format!("validate-krew-manifest {}", path.display()), &out);
        assert!(
            text(&out.stderr).contains("all 1 spec.platforms installed fine"),
            "{}",
            text(&out.stderr)
        );
    }
}

#[test]
fn validate_krew_manifest_rejects_broken_manifests() {
    let package = package();
    let filled = std::fs::read_to_string(package.manifest("crls")).expect("filled manifest");
    let dir = tempfile::TempDir::new().expect("temporary dir");
    let broken = dir.path().join("crls.yaml");

    // Another archive's checksum: krew refuses to install it.
    let sum = platforms(&filled)[0].sha256.clone();
    let other = if sum.starts_with('0') { "1" } else { "0" };
    std::fs::write(
        &broken,
        filled.replace(&sum, &format!("{other}{}", &sum[1..])),
    )
    .unwrap();
    let Some(out) = validate(&broken, &[]) else {
        return;
    };
    assert!(!out.status.success());
    assert!(
        text(&out.stderr).contains("checksum does not match"),
        "{}",
        text(&out.stderr)
    );

    // No LICENSE installed.
    std::fs::write(
        &broken,
        filled.replace("    - from: LICENSE\n      to: .\n", ""),
    )
    .unwrap();
    let out = validate(&broken, &[]).expect("as above");
    assert!(!out.status.success());
    assert!(
        text(&out.stderr).contains("LICENSE (or alike) file is not extracted"),
        "{}",
        text(&out.stderr)
    );

    // The file name must be the plugin's name.
    let misnamed = dir.path().join("crwatch.yaml");
    std::fs::write(&misnamed, &filled).unwrap();
    let out = validate(&misnamed, &["-skip-install"]).expect("as above");
    assert!(!out.status.success());
    assert!(
        text(&out.stderr).contains(r#"plugin should be named "crwatch", not "crls""#),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn krew_installs_the_archives_offline_and_kubectl_runs_the_plugins() {
    let Some(ctx) = TestContext::new("krew-install") else {
        return;
    };
    let Some(krew) = krew() else {
        return;
    };
    let package = package();
    ctx.install_example_crds();
    let models = std::fs::read_to_string(workspace_root().join("examples/objects/llmmodels.yaml"))
        .expect("example LLMModels");
    let models = ctx.localize(&models);
    ctx.apply(&models);

    let root = KrewRoot::new(krew);
    install_all(&ctx, &root, package);
    run_crls(&ctx, &root);

    // crwatch: runs and explains itself.
    let out = run(root.kubectl(&ctx).args(["crwatch", "--help"]));
    assert_success("kubectl crwatch --help", &out);
    assert!(
        text(&out.stdout).contains("Usage: kubectl crwatch"),
        "{}",
        text(&out.stdout)
    );
    assert!(
        text(&out.stdout).contains("--watch-only"),
        "{}",
        text(&out.stdout)
    );

    run_crvalidate(&ctx, &root, &models);
}

/// After a krew install, `kubectl crls completion install` links the completion helpers next
/// to krew's links (once: a second run changes nothing), and a real bash completes through them.
#[test]
fn bash_completes_after_krew_install_and_completion_install() {
    if !Tmux::available() {
        return;
    }
    let Some((_server, ctx)) = example_cluster("krew-completion") else {
        return;
    };
    let Some(krew) = krew() else {
        return;
    };
    let root = KrewRoot::new(krew);
    install_all(&ctx, &root, package());
    for plugin in PLUGINS {
        let helper = root.bin().join(format!("kubectl_complete-{plugin}"));
        assert!(!helper.exists(), "krew itself links no helper");
        let out = run(root.kubectl(&ctx).args([plugin, "completion", "install"]));
        assert_success(&format!("kubectl {plugin} completion install"), &out);
        assert!(
            text(&out.stderr).contains("created:"),
            "{}",
            text(&out.stderr)
        );
        assert!(
            helper.exists(),
            "{} after completion install",
            helper.display()
        );
        let again = run(root.kubectl(&ctx).args([plugin, "completion", "install"]));
        assert_success(
            &format!("kubectl {plugin} completion install, again"),
            &again,
        );
        assert!(
            text(&again.stderr).contains("unchanged:"),
            "{}",
            text(&again.stderr)
        );
    }
    let tmux = Tmux::start(root.command(&ctx, "tmux"), &ctx.home().join("tmux.sock"));
    assert_issue_examples_complete(&tmux);
}

/// `kubectl krew install` of every plugin, then what krew reports and where kubectl finds them.
fn install_all(ctx: &TestContext, root: &KrewRoot, package: &Package) {
    for plugin in PLUGINS {
        let out = root.install(ctx, package, plugin);
        assert_success(&format!("kubectl krew install {plugin}"), &out);
        assert!(
            text(&out.stderr).contains(&format!("Installed plugin: {plugin}")),
            "{}",
            text(&out.stderr)
        );
        // What the manifest's `files` selected, and not the completion helper (krew links
        // only `bin`; `completion install` links the helper instead).
        let store = root.path().join(format!("store/{plugin}/v{VERSION}"));
        for file in [
            format!("kubectl-{plugin}"),
            "LICENSE".to_owned(),
            "README.md".to_owned(),
            format!("man/man1/kubectl-{plugin}.1"),
        ] {
            assert!(
                store.join(&file).is_file(),
                "{file} not installed in {}",
                store.display()
            );
        }
        assert!(!store.join(format!("kubectl_complete-{plugin}")).exists());
    }

    let out = run(root.kubectl_offline(ctx).args(["krew", "list"]));
    assert_success("kubectl krew list", &out);
    assert_eq!(
        text(&out.stdout).lines().collect::<Vec<_>>(),
        ["detached/crls", "detached/crvalidate", "detached/crwatch"]
    );
    // kubectl finds the plugins where krew linked them.
    let out = run(root.kubectl(ctx).args(["plugin", "list"]));
    assert_success("kubectl plugin list", &out);
    for plugin in PLUGINS {
        let link = root.bin().join(format!("kubectl-{plugin}"));
        assert!(
            text(&out.stdout).contains(link.to_str().unwrap()),
            "{}",
            text(&out.stdout)
        );
    }
}

/// crls: the inventory of the test's own group, with the object count.
fn run_crls(ctx: &TestContext, root: &KrewRoot) {
    let group = ctx.group("gateway.ai.example.com");
    let out = run(root
        .kubectl(ctx)
        .args(["crls", "--group", &group, "-n", &ctx.namespace]));
    assert_success("kubectl crls", &out);
    let stdout = text(&out.stdout);
    let rows: Vec<Vec<&str>> = stdout
        .lines()
        .map(|l| l.split_whitespace().collect())
        .collect();
    assert_eq!(rows.len(), 3, "{stdout}");
    assert_eq!(rows[0][..2], ["NAME", "KIND"], "{stdout}");
    assert_eq!(
        rows[1][..2],
        [format!("llmmodels.{group}").as_str(), "LLMModel"],
        "{stdout}"
    );
    assert_eq!(rows[1].last(), Some(&"3"), "{stdout}");
    assert_eq!(
        rows[2][..2],
        [format!("llmroutes.{group}").as_str(), "LLMRoute"],
        "{stdout}"
    );
}

/// crvalidate: schemas from the cluster (the test's own CRDs), a valid and an invalid file.
fn run_crvalidate(ctx: &TestContext, root: &KrewRoot, models: &str) {
    let dir = tempfile::TempDir::new().expect("temporary dir");
    let valid = dir.path().join("llmmodels.yaml");
    std::fs::write(&valid, models).unwrap();
    let out = run(root.kubectl(ctx).arg("crvalidate").arg(&valid));
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}{}",
        text(&out.stdout),
        text(&out.stderr)
    );
    assert!(
        text(&out.stdout).contains("3 valid, 0 invalid"),
        "{}",
        text(&out.stdout)
    );
    let invalid = dir.path().join("provider-enum.yaml");
    let example = workspace_root().join("examples/invalid/llmmodel-provider-enum.yaml");
    std::fs::write(
        &invalid,
        ctx.localize(&std::fs::read_to_string(example).unwrap()),
    )
    .unwrap();
    let out = run(root.kubectl(ctx).arg("crvalidate").arg(&invalid));
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}{}",
        text(&out.stdout),
        text(&out.stderr)
    );
    assert!(
        text(&out.stdout).contains(r#"spec.provider: Unsupported value: "openia""#),
        "{}",
        text(&out.stdout)
    );
}
