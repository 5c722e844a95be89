#!/usr/bin/env bash
# Builds (once) the plain Debian 12 server the field test boots: systemd, dbus and Postfix
# delivering locally into Maildir/ — nothing from the Swift toolchain, and not libxlsxwriter4
# either: `apt-get install ./nkreport_*.deb` must pull the libraries itself.
# Usage: rootfs.sh CACHE_DIR   (the finished tree is CACHE_DIR/root; CACHE_DIR/.complete marks it done)
set -euo pipefail
cache=${1:?usage: rootfs.sh CACHE_DIR}
mirror=${DEBIAN_MIRROR:-http://deb.debian.org/debian}

# Bump when what this script installs changes, so a stale cache is rebuilt.
layout=2
if [ "$(cat "$cache/.complete" 2>/dev/null)" = "$layout" ]; then
  echo "field-test: using cached rootfs $cache/root"
  exit 0
fi
rm -rf "$cache"
mkdir -p "$cache"
echo "field-test: debootstrapping bookworm into $cache/root (once; cached afterwards)"
debootstrap --variant=minbase \
  --include=systemd,systemd-sysv,dbus,ca-certificates \
  bookworm "$cache/root" "$mirror"

in_root() { chroot "$cache/root" /usr/bin/env DEBIAN_FRONTEND=noninteractive "$@"; }
# Postfix "Local only": listens on loopback, delivers to local users' ~/Maildir/.
echo "nkfield.localdomain" >"$cache/root/etc/mailname"
echo "nkfield" >"$cache/root/etc/hostname"
in_root debconf-set-selections <<'SEL'
postfix postfix/main_mailer_type select Local only
postfix postfix/mailname string nkfield.localdomain
SEL
in_root apt-get install -y -q --no-install-recommends postfix
in_root postconf -e \
  'myhostname = nkfield.localdomain' \
  'mydestination = $myhostname, localhost.localdomain, localhost' \
  'inet_interfaces = loopback-only' \
  'home_mailbox = Maildir/' \
  'mailbox_command ='
# The digest's recipient: an ordinary local account.
in_root useradd --create-home --shell /usr/sbin/nologin desk
in_root apt-get clean
rm -rf "$cache/root/var/lib/apt/lists/"*
echo "$layout" >"$cache/.complete"
echo "field-test: rootfs ready ($(du -sh "$cache/root" | cut -f1))"
