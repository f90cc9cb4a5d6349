#!/usr/bin/env bash
# The scan step of the CI integrations (action.yml, templates/azure-pipelines.yml, templates/gitlab-ci.yml):
# one script, so GitHub, Azure DevOps and GitLab scan the same way. Runs in the checked-out
# repository; settings come from the environment, never from text pasted into the script, so no
# input can become shell code:
#   AMLNG_PATHS          files and folders to scan, separated by whitespace (default: .)
#   AMLNG_SARIF          where to write the SARIF for code scanning (empty: none)
#   AMLNG_CATEGORY       its automationDetails.id (--category)
#   AMLNG_CODE_QUALITY   where to write GitLab's code quality report (empty: none)
#   AMLNG_SUMMARY        a file the markdown report is appended to (a job summary; empty: none)
#   AMLNG_BASELINE       an earlier SARIF of this tool: only new error-level findings fail
#   AMLNG_CHANGED_SINCE  a git ref: only the deployments of the files changed since it are reported
# Exit code: the tool's own (0 clean, 1 error-level findings or a template that could not be
# checked, 2 usage or internal error), from the run with the baseline.
set -euo pipefail

tool="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cli=(node "$tool/bin/aml-network-guard.js" scan)
read -r -a paths <<<"${AMLNG_PATHS:-.}"
[ "${#paths[@]}" -gt 0 ] || paths=(.)
scope=("${paths[@]}")
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

if [ -n "${AMLNG_CHANGED_SINCE:-}" ]; then
  # The engine starts no processes (docs/ci.md), so the list of changed files is made here.
  # --relative: paths relative to this folder, as --changed-files reads them.
  changed="$work/changed-files.txt"
  git diff --name-only --relative "${AMLNG_CHANGED_SINCE}...HEAD" >"$changed"
  echo "aml-network-guard: $(wc -l <"$changed") files changed since ${AMLNG_CHANGED_SINCE}"
  scope+=(--changed-files "$changed")
fi

# The reports for code scanning and GitLab are the plain scan, without the baseline: they track
# alerts themselves from the fingerprints, and a baseline's `absent` results would show as alerts.
plain() { # FORMAT FILE [OPTION...]
  local code=0
  mkdir -p "$(dirname "$2")"
  "${cli[@]}" "${scope[@]}" "${@:3}" --format "$1" --output "$2" || code=$?
  [ "$code" -le 1 ] || exit "$code"
}
category=()
[ -z "${AMLNG_CATEGORY:-}" ] || category=(--category "$AMLNG_CATEGORY")
[ -z "${AMLNG_SARIF:-}" ] || plain sarif "$AMLNG_SARIF" "${category[@]}"
[ -z "${AMLNG_CODE_QUALITY:-}" ] || plain codequality "$AMLNG_CODE_QUALITY"

baseline=()
[ -z "${AMLNG_BASELINE:-}" ] || baseline=(--baseline "$AMLNG_BASELINE")
report="$work/report.md"
code=0
"${cli[@]}" "${scope[@]}" "${baseline[@]}" --format markdown --output "$report" || code=$?
# No report when the command line was wrong (exit 2): the error is on stderr.
if [ -f "$report" ]; then
  cat "$report"
  [ -z "${AMLNG_SUMMARY:-}" ] || cat "$report" >>"$AMLNG_SUMMARY"
fi
exit "$code"
