#!/bin/sh
# Scheduled audit of every AWS Site-to-Site VPN connection the credentials can see.
# Writes SARIF (for tools) and HTML (for people) reports, optionally copies them to S3, and
# exits with vpnaudit's exit code: 0 clean, 1 findings at or above FAIL_ON, 2 the audit itself
# failed (credentials, throttling, an unreadable policy). A scheduler should alert on 1 and 2.
set -eu

REPORTS=${REPORTS:-/reports}
FAIL_ON=${FAIL_ON:-high}                 # info | low | medium | high | critical
PROFILE=${VPNAUDIT_PROFILE:-recommended} # aws | recommended | strict
REGIONS=${REGIONS:-}                     # "eu-west-1 us-east-1"; empty = every enabled region
STAMP=$(date -u +%Y-%m-%dT%H%MZ)
OUT="$REPORTS/$STAMP"
mkdir -p "$OUT"

set --
for region in $REGIONS; do set -- "$@" --region "$region"; done
if [ -n "${ASSUME_ROLE:-}" ]; then
  # Organisation-wide: assume ASSUME_ROLE (a read-only role name) in every ACTIVE account.
  set -- "$@" --assume-role "$ASSUME_ROLE" --accounts-from-organizations
fi
if [ -f "${WAIVERS:-/config/.vpnaudit-waivers.toml}" ]; then
  set -- "$@" --waivers "${WAIVERS:-/config/.vpnaudit-waivers.toml}"
fi

# 1. SARIF for tools. --exit-zero: the gate is the second run, so the report is always written.
vpnaudit aws "$@" --profile "$PROFILE" --format sarif --output "$OUT/vpnaudit.sarif" --exit-zero
# 2. HTML for people; its exit code is the job's result.
status=0
vpnaudit aws "$@" --profile "$PROFILE" --format html --output "$OUT/vpnaudit.html" --fail-on "$FAIL_ON" || status=$?

if [ -n "${S3_URI:-}" ]; then
  # Needs the AWS CLI in the image (not installed by default) or replace with your uploader.
  aws s3 cp --recursive --only-show-errors "$OUT" "$S3_URI/$STAMP/"
fi
echo "vpnaudit: reports in $OUT (exit $status)" >&2
exit "$status"
