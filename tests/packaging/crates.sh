#!/usr/bin/env bash
# Checks that the crates named as arguments are ready for crates.io:
#  - they are the workspace members without `publish = false`, and no other member lacks it;
#  - `cargo publish --dry-run` passes for all of them (one command, so a crate depending on
#    another of the list resolves it from the packages being made);
#  - each .crate holds LICENSE-MIT, LICENSE-APACHE and its own README.md, a README with no
#    repository-relative link and no image (crates.io shows neither);
#  - the unpacked .crate builds and its packaged tests pass, built in the workspace's target
#    directory so that only the crate itself is compiled again; a crate depending on others of
#    the list (the CLI on the mock and the core) is built against their unpacked packages.
# Usage: tests/packaging/crates.sh CRATE...   (mk/packaging.mk passes PUBLISHED_CRATES)
set -euo pipefail
cd "$(dirname "$0")/../.."
[ $# -gt 0 ] || { echo "usage: $0 CRATE..." >&2; exit 2; }
target=$(cargo metadata --no-deps --format-version 1 --locked |
    python3 -c 'import json, sys; print(json.load(sys.stdin)["target_directory"])')

echo "crates: publish flags of the workspace members"
cargo metadata --no-deps --format-version 1 --locked | python3 -c '
import json, sys
published = set(sys.argv[1:])
members = {p["name"]: p for p in json.load(sys.stdin)["packages"]}
problems = [f"{name} is not a workspace member" for name in sorted(published - members.keys())]
for name, package in sorted(members.items()):
    publishable = package["publish"] != []
    if name in published and not publishable:
        problems.append(f"{name} is listed as published but has publish = false")
    if name not in published and publishable:
        problems.append(f"{name} has no publish = false: add it, or list the crate in "
                        "PUBLISHED_CRATES (mk/packaging.mk)")
    if name in published:
        for field in ("description", "license", "repository", "readme"):
            if not package.get(field):
                problems.append(f"{name}: no {field} in Cargo.toml")
        if package.get("readme") != "README.md":
            problems.append(f"{name}: readme must be README.md beside its Cargo.toml")
for problem in problems:
    print(f"crates: {problem}", file=sys.stderr)
sys.exit(1 if problems else 0)
' "$@"

packages=()
for crate in "$@"; do packages+=(-p "$crate"); done
# Without the notes on the tests each crate leaves out of its package (see its Cargo.toml);
# a failing cargo still fails the pipeline (pipefail).
quiet() { grep -v '^warning: ignoring test .* is not included in the published package$' || true; }
# --allow-dirty: the check runs on a working tree too; CI runs it on a clean clone. All crates
# in one command, so one depending on another resolves it from the packages being made.
echo "crates: cargo publish --dry-run ${packages[*]}"
cargo publish --dry-run --no-verify --allow-dirty --locked "${packages[@]}" 2>&1 | quiet
# The .crate files to check and test (publish keeps its own in a scratch registry).
cargo package --no-verify --allow-dirty --locked "${packages[@]}" 2>&1 | quiet

unpacked="$target/package/unpacked"
rm -rf "$unpacked"
mkdir -p "$unpacked"
declare -A dirs # crate -> its unpacked package
for crate in "$@"; do
    version=$(cargo metadata --no-deps --format-version 1 --locked | python3 -c '
import json, sys
print(next(p["version"] for p in json.load(sys.stdin)["packages"] if p["name"] == sys.argv[1]))
' "$crate")
    archive="$target/package/$crate-$version.crate"
    listing=$(tar -tzf "$archive")
    for file in LICENSE-MIT LICENSE-APACHE README.md Cargo.toml; do
        grep -qx "$crate-$version/$file" <<< "$listing" ||
            { echo "crates: $archive has no $file" >&2; exit 1; }
    done
    tar -xzf "$archive" -C "$unpacked"
    dir="$unpacked/$crate-$version"
    dirs[$crate]=$dir
    for licence in LICENSE-MIT LICENSE-APACHE; do
        cmp -s "$dir/$licence" "$licence" ||
            { echo "crates: $crate's $licence differs from the repository's" >&2; exit 1; }
    done
    # Links crates.io cannot follow: relative targets and images (Markdown or HTML).
    bad=$(grep -nE '\]\((\.|/|[a-zA-Z0-9_-]+(/|\.md|\.png))|!\[|<img' "$dir/README.md" || true)
    [ -z "$bad" ] ||
        { echo "crates: $crate's README has links crates.io cannot show:" >&2; echo "$bad" >&2; exit 1; }
done

# Whether the unpacked package of $1 names $2 as a dependency (of any kind).
depends_on() {
    grep -q "^\[.*dependencies\.$2\]\|^$2 = " "${dirs[$1]}/Cargo.toml"
}

for crate in "$@"; do
    dir=${dirs[$crate]}
    # A crate that depends on others of the list, directly or through one another, gets their
    # unpacked packages (they are not on crates.io yet): a patch applies to the whole graph.
    # The lock file then changes, so --locked only for a crate that needs none.
    needed=()
    queue=("$crate")
    while [ ${#queue[@]} -gt 0 ]; do
        current=${queue[0]}
        queue=("${queue[@]:1}")
        for other in "$@"; do
            [ "$other" != "$crate" ] && depends_on "$current" "$other" || continue
            [[ " ${needed[*]} " == *" $other "* ]] && continue
            needed+=("$other")
            queue+=("$other")
        done
    done
    uses=()
    locked=(--locked)
    for other in "${needed[@]}"; do
        uses+=(--config "patch.crates-io.$other.path=\"${dirs[$other]}\"")
        locked=()
    done
    echo "crates: cargo test of the packaged $crate${needed[*]:+ (with the packaged ${needed[*]})}"
    # An unpacked crate is a workspace of its own, so the workspace's dev profile (line tables,
    # no debug info for dependencies) is given here: the dependencies already built are reused,
    # and no second copy of them with full debug info fills the disk.
    cargo test "${locked[@]}" "${uses[@]}" --manifest-path "$dir/Cargo.toml" --target-dir "$target" \
        --config 'profile.dev.debug="line-tables-only"' --config 'profile.dev.package."*".debug=false'
done
echo "crates: ready for crates.io: $*"
