# shellcheck shell=bash
# Sourced by scripts/prerequisites and scripts/run-app. Both build with Maven, whose wrapper alone would only say
# "JAVA_HOME is not defined correctly": require_java17 stops the calling script naming the package to install.
require_java17() {
  local major
  if ! command -v java >/dev/null; then
    echo "${0##*/}: no java — install JDK 17: apt-get install -y openjdk-17-jdk-headless" >&2
    exit 1
  fi
  major=$(java -XshowSettings:properties -version 2>&1 | sed -n 's/.*java.specification.version = //p')
  if ! ((major >= 17)); then
    echo "${0##*/}: java ${major} found, 17+ needed — apt-get install -y openjdk-17-jdk-headless" >&2
    exit 1
  fi
}
