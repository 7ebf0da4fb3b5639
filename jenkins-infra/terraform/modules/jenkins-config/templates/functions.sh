# --- shared helpers (modules/jenkins-config/templates/functions.sh) ---------------------------------------
log() { printf '%s %s\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$*"; }

die() {
  log "ERROR: $*"
  exit 1
}

# Instance metadata through IMDSv2 (IMDSv1 is disabled on every instance of this stack).
instance_metadata() {
  local token
  token=$(curl -fsS -X PUT http://169.254.169.254/latest/api/token -H 'X-aws-ec2-metadata-token-ttl-seconds: 60')
  curl -fsS -H "X-aws-ec2-metadata-token: ${token}" "http://169.254.169.254/latest/meta-data/$1"
}

# download_verified URL SHA256 DEST: fetch over HTTPS, install only if the SHA-256 matches the pinned one.
download_verified() {
  local url=$1 sha256=$2 dest=$3 tmp
  tmp=$(mktemp)
  curl -fsSL --retry 5 -o "${tmp}" "${url}"
  if ! printf '%s  %s\n' "${sha256}" "${tmp}" | sha256sum --check --quiet -; then
    rm -f "${tmp}"
    die "checksum of ${url} is not the pinned ${sha256}"
  fi
  install -D -m 0644 "${tmp}" "${dest}"
  rm -f "${tmp}"
}

install_packages() {
  dnf install -y --setopt=install_weak_deps=False "$@"
}

# configure_cloudwatch_agent JSON: ship the log files named in JSON to CloudWatch Logs.
configure_cloudwatch_agent() {
  local config=/opt/aws/amazon-cloudwatch-agent/etc/finpipe.json
  install_packages amazon-cloudwatch-agent
  printf '%s\n' "$1" >"${config}"
  /opt/aws/amazon-cloudwatch-agent/bin/amazon-cloudwatch-agent-ctl -a fetch-config -m ec2 -s -c "file:${config}"
}
# ----------------------------------------------------------------------------------------------------------
