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

# Debian 12 packages come from its signed archive: a stable release whose versions change only by security and
# point updates (exact version pins would break as soon as the archive drops the old version).
refresh_package_index() {
  apt-get update -qq
  package_index_fresh=yes
}

install_packages() {
  [[ ${package_index_fresh:-} == yes ]] || refresh_package_index
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@"
}

# install_deb_verified URL SHA256: a .deb from outside Debian, installed (with its dependencies) only if its
# SHA-256 is the pinned one. Reinstalling the same version changes nothing.
install_deb_verified() {
  local work_dir
  work_dir=$(mktemp -d)
  download_verified "$1" "$2" "${work_dir}/package.deb"
  install_packages "${work_dir}/package.deb"
  rm -rf "${work_dir}"
}

# install_aws_cli_v2 VERSION SHA256: AWS's own AWS CLI v2 bundle, checksum verified; kept when that version is in place.
install_aws_cli_v2() {
  local version=$1 sha256=$2 work_dir
  if /usr/local/bin/aws --version 2>/dev/null | grep -q "^aws-cli/${version} "; then
    return 0
  fi
  work_dir=$(mktemp -d)
  download_verified "https://awscli.amazonaws.com/awscli-exe-linux-x86_64-${version}.zip" "${sha256}" "${work_dir}/awscli.zip"
  unzip -q "${work_dir}/awscli.zip" -d "${work_dir}"
  "${work_dir}/aws/install" --update
  rm -rf "${work_dir}"
  log "installed AWS CLI ${version}"
}

# configure_cloudwatch_agent JSON: ship the log files named in JSON to CloudWatch Logs.
configure_cloudwatch_agent() {
  local config=/opt/aws/amazon-cloudwatch-agent/etc/finpipe.json
  printf '%s\n' "$1" >"${config}"
  /opt/aws/amazon-cloudwatch-agent/bin/amazon-cloudwatch-agent-ctl -a fetch-config -m ec2 -s -c "file:${config}"
}
# ----------------------------------------------------------------------------------------------------------
