# Sourced by the scripts: makes JAVA_HOME a JDK 17, which Karaf 4.4 needs (JDK 25 cannot run it).
java_major() { "$1/bin/java" -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -n 1; }
if [ -z "${JAVA_HOME:-}" ] || [ "$(java_major "$JAVA_HOME")" != 17 ]; then
  for candidate in /usr/lib/jvm/java-17-openjdk-amd64 /usr/lib/jvm/java-17-openjdk* /usr/lib/jvm/temurin-17* \
      "$(dirname "$(dirname "$(readlink -f "$(command -v java 2>/dev/null || echo /nonexistent)")")")"; do
    if [ -x "$candidate/bin/java" ] && [ "$(java_major "$candidate")" = 17 ]; then
      export JAVA_HOME="$candidate"
      break
    fi
  done
fi
if [ -z "${JAVA_HOME:-}" ] || [ "$(java_major "$JAVA_HOME")" != 17 ]; then
  echo "jnnunet needs a JDK 17 (Karaf 4.4 does not run on newer ones); install openjdk-17-jdk" >&2
  exit 1
fi
export PATH="$JAVA_HOME/bin:$PATH"
