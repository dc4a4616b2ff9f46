//! The files `danvan init` writes for publishing from a git host: a
//! workflow for GitHub (check with annotations, build, publish to GitHub
//! Pages from the main branch), the same for Forgejo and Gitea (check and
//! build, the site kept as an artifact: they have no Pages of their own),
//! a GitLab pipeline (a Code Quality report, a `pages` job) and a
//! `.gitignore`. danvan is installed with `cargo install --locked` at the
//! version that wrote the files, and cached between runs.

use std::path::PathBuf;

/// `cargo install` arguments for this danvan, from crates.io: edit
/// `DANVAN_INSTALL` in a workflow to install from a git repository
/// instead (`--git URL`). The cache key follows it.
fn install() -> String {
    format!("danvan --version {}", env!("CARGO_PKG_VERSION"))
}

fn github(pages: bool) -> String {
    let install = install();
    let version = env!("CARGO_PKG_VERSION");
    let mut text = format!(
        r#"# Builds the site on every push and pull request; mistakes show as
# annotations on their line. Pushes to main are published to GitHub Pages
# (Settings → Pages → Source: GitHub Actions).
name: site

on:
  push:
  pull_request:

permissions:
  contents: read
  pages: write
  id-token: write

env:
  DANVAN_INSTALL: "{install}"

jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - name: Cache danvan
        id: cache
        uses: actions/cache@v4
        with:
          path: ~/.cargo/bin/danvan
          key: danvan-{version}-${{{{ runner.os }}}}-${{{{ hashFiles('.github/workflows/site.yml') }}}}
      - name: Install Rust where the runner has none
        run: command -v cargo || {{ curl --proto '=https' --tlsv1.2 -sSf https://sh.rustup.rs | sh -s -- -y --profile minimal && echo "$HOME/.cargo/bin" >> "$GITHUB_PATH"; }}
      - name: Install danvan
        if: steps.cache.outputs.cache-hit != 'true'
        run: cargo install --locked $DANVAN_INSTALL
      - name: Check
        run: danvan check --message-format github
"#
    );
    if pages {
        text.push_str(
            r#"      - name: Pages address
        id: pages
        if: github.ref == 'refs/heads/main' && github.event_name == 'push'
        uses: actions/configure-pages@v5
      - name: Build
        run: danvan build --no-precompress ${{ steps.pages.outputs.base_url && format('--base-url {0}/', steps.pages.outputs.base_url) || '' }}
      - name: Keep the site for Pages
        if: github.ref == 'refs/heads/main' && github.event_name == 'push'
        uses: actions/upload-pages-artifact@v3
        with:
          path: public

  deploy:
    if: github.ref == 'refs/heads/main' && github.event_name == 'push'
    needs: build
    runs-on: ubuntu-latest
    permissions:
      pages: write
      id-token: write
    environment:
      name: github-pages
      url: ${{ steps.deployment.outputs.page_url }}
    steps:
      - name: Publish to GitHub Pages
        id: deployment
        uses: actions/deploy-pages@v4
"#,
        );
    } else {
        text = text
            .replace("runs-on: ubuntu-latest", "runs-on: docker")
            .replace(".github/workflows/site.yml", ".forgejo/workflows/site.yml")
            .replace("  pages: write\n  id-token: write\n", "")
            .replace(
                "(Settings → Pages → Source: GitHub Actions)",
                "(Forgejo and Gitea have no Pages: the site is kept as an artifact)",
            )
            .replace(
                "# annotations on their line. Pushes to main are published to GitHub Pages\n",
                "# annotations on their line. The built site is kept as an artifact\n",
            );
        text.push_str(
            r#"      - name: Build
        run: danvan build
      - name: Keep the site
        uses: actions/upload-artifact@v3
        with:
          name: site
          path: public
"#,
        );
    }
    text
}

fn gitlab() -> String {
    let install = install();
    format!(
        r#"# Builds the site on every push and merge request; mistakes show in the
# merge request's Code Quality report. The default branch is published
# to GitLab Pages.
image: rust:latest

variables:
  CARGO_HOME: $CI_PROJECT_DIR/.cargo
  DANVAN_INSTALL: "{install}"

# The cache follows this file, so a new DANVAN_INSTALL installs anew.
cache:
  key:
    files:
      - .gitlab-ci.yml
  paths:
    - .cargo/bin/

default:
  before_script:
    - export PATH="$CARGO_HOME/bin:$PATH"
    - command -v danvan || cargo install --locked $DANVAN_INSTALL

stages:
  - check
  - deploy

check:
  stage: check
  script:
    - danvan check --message-format gitlab > gl-code-quality-report.json
    - danvan build
  artifacts:
    when: always
    reports:
      codequality: gl-code-quality-report.json
  rules:
    - if: $CI_PIPELINE_SOURCE == "merge_request_event"
    - if: $CI_COMMIT_BRANCH

pages:
  stage: deploy
  script:
    - danvan build --base-url "$CI_PAGES_URL/"
  artifacts:
    paths:
      - public
  rules:
    - if: $CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH
"#
    )
}

const GITIGNORE: &str = "# danvan's output, its build lock, its spare and its cache\n/public/\n/.public.danvan-lock\n/.public.danvan-spare/\n/.danvan/\n";

/// The CI files and `.gitignore`, by path in the new site.
pub fn files() -> Vec<(PathBuf, String)> {
    vec![
        (PathBuf::from(".github/workflows/site.yml"), github(true)),
        (PathBuf::from(".forgejo/workflows/site.yml"), github(false)),
        (PathBuf::from(".gitlab-ci.yml"), gitlab()),
        (PathBuf::from(".gitignore"), GITIGNORE.to_string()),
    ]
}
