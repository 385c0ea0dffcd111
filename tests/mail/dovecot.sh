#!/usr/bin/env bash
# A throwaway Dovecot IMAP server for the IMAP reader's tests (src/jobs/mail/imap_test.cpp):
#   dovecot.sh DIR PORT TLS_PORT
# writes DIR/dovecot.conf and runs Dovecot in the foreground (the caller kills it):
# imap on 127.0.0.1:PORT (plain, STARTTLS offered), imaps on 127.0.0.1:TLS_PORT, with
# a throwaway certificate for 127.0.0.1 (DIR/cert.pem, its own CA), one user
# "support" with the password "s3cret-pw" in a passwd-file, a Maildir under DIR, and
# nothing of the system's configuration, users or authentication. Logs go to
# DIR/dovecot.log.
#
# Dovecot refuses to run its login processes as root and mail processes with UID 0,
# so as root (CI, the dev machines) they run as the users the dovecot-core package
# creates (dovenull for logins, dovecot for the rest and the mail); as anyone else,
# all as that user.
set -euo pipefail
dir=$1 port=$2 tls_port=$3
mkdir -p "$dir/run" "$dir/state" "$dir/mail"
chmod 755 "$dir"
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 1 \
  -subj /CN=127.0.0.1 -addext subjectAltName=IP:127.0.0.1 \
  -keyout "$dir/key.pem" -out "$dir/cert.pem" >/dev/null 2>&1
internal=$(id -un) internal_group=$(id -gn) login=$(id -un) uid=$(id -u) gid=$(id -g)
if ((uid == 0)); then
  internal=dovecot internal_group=dovecot login=dovenull
  uid=$(id -u dovecot) gid=$(id -g dovecot)
  chown "$uid:$gid" "$dir/mail"
fi
echo "support:{PLAIN}s3cret-pw::::$dir/mail/support::" >"$dir/users"
chmod 644 "$dir/users"
cat >"$dir/dovecot.conf" <<CONF
protocols = imap
listen = 127.0.0.1
base_dir = $dir/run
state_dir = $dir/state
log_path = $dir/dovecot.log
info_log_path = $dir/dovecot.log
default_internal_user = $internal
default_internal_group = $internal_group
default_login_user = $login
first_valid_uid = $uid
last_valid_uid = $uid
first_valid_gid = $gid
# The test of a refused login need not wait (the default is 2 s).
auth_failure_delay = 0
auth_mechanisms = plain login
disable_plaintext_auth = no
ssl = yes
ssl_cert = <$dir/cert.pem
ssl_key = <$dir/key.pem
mail_location = maildir:~/Maildir
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u $dir/users
}
userdb {
  driver = passwd-file
  args = username_format=%u $dir/users
  default_fields = uid=$uid gid=$gid
}
service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = $port
  }
  inet_listener imaps {
    address = 127.0.0.1
    port = $tls_port
    ssl = yes
  }
  chroot =
}
service anvil {
  chroot =
}
CONF
exec /usr/sbin/dovecot -F -c "$dir/dovecot.conf"
