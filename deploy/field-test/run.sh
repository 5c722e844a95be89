#!/usr/bin/env bash
# make field-test: boots a plain Debian 12 (debootstrapped, cached under /var/tmp) under a real
# systemd with systemd-nspawn, installs dist/nkreport_*.deb with apt, and checks what an
# operator relies on: the package (libraries pulled by apt, timer enabled, service not run), the
# service, the published report, the digest delivered exactly once through a real Postfix set
# up each way Debian's debconf offers (Local only / Internet Site × inet_protocols all / ipv4),
# retries, the size limit, a damaged or unwritable delivery record, a crash while sendmail runs,
# failures in the journal, SIGTERM, reinstall, upgrade and purge, then `make install` on the
# same server. Every check prints its evidence. Needs root; installs debootstrap and
# systemd-container when missing.
set -euo pipefail

repo=$(cd "$(dirname "$0")/../.." && pwd)
cache=${NKREPORT_FIELD_CACHE:-/var/tmp/nkreport-field-bookworm}
started=$(date +%s)
checks=0
reports=/var/lib/nkreport/Reports
maildir=/home/desk/Maildir/new

say() { printf 'field-test: %s\n' "$*"; }
pass() {
  checks=$((checks + 1))
  printf 'field-test: PASS %s\n' "$*"
}
fail() {
  printf 'field-test: FAIL %s\n' "$*"
  exit 1
}
evidence() { sed 's/^/    | /'; }

if [ "$(id -u)" != 0 ]; then
  fail "must run as root (debootstrap, systemd-nspawn)"
fi

# --- the host's tools ----------------------------------------------------------------------
missing=()
command -v debootstrap >/dev/null || missing+=(debootstrap)
command -v systemd-nspawn >/dev/null || missing+=(systemd-container)
if [ ${#missing[@]} -gt 0 ]; then
  say "installing ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# --- the package and the server: a copy of the cached plain bookworm ----------------------
deb=$(ls "$repo"/dist/nkreport_*.deb 2>/dev/null | head -1)
[ -n "$deb" ] || fail "no dist/nkreport_*.deb: run make deb (make field-test does)"
"$repo/deploy/field-test/rootfs.sh" "$cache"
work=$(mktemp -d /var/tmp/nkreport-field-run.XXXXXX)
root=$work/root
nspawn_pid=
container=

cleanup() {
  local status=$?
  if [ -n "$container" ] && kill -0 "$container" 2>/dev/null; then
    kill -s SIGRTMIN+4 "$container" 2>/dev/null || true # systemd: power off
    for _ in $(seq 100); do kill -0 "$nspawn_pid" 2>/dev/null || break; sleep 0.1; done
  fi
  if [ -n "$nspawn_pid" ] && kill -0 "$nspawn_pid" 2>/dev/null; then
    kill -KILL "$nspawn_pid" 2>/dev/null || true
    wait "$nspawn_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
  say "cleaned up (container stopped, $work removed)"
  if [ $status = 0 ]; then
    say "$checks checks passed in $(($(date +%s) - started)) s"
    echo "$checks passed, 0 failed"
  else
    say "failed after $(($(date +%s) - started)) s (exit $status)"
  fi
}
trap cleanup EXIT

say "copying the cached rootfs to $root"
cp -a "$cache/root" "$root"
if chroot "$root" dpkg -s libxlsxwriter4 >/dev/null 2>&1; then
  fail "the plain server already has libxlsxwriter4: apt could not show it pulls it"
fi

# --- boot ------------------------------------------------------------------------------------
say "booting: systemd-nspawn -D $root -b --register=no --keep-unit"
systemd-nspawn -D "$root" -b --register=no --keep-unit -q -M nkfield >"$work/console.log" 2>&1 &
nspawn_pid=$!
for _ in $(seq 100); do
  container=$(pgrep -P "$nspawn_pid" -x systemd || true)
  [ -n "$container" ] && break
  kill -0 "$nspawn_pid" 2>/dev/null || break
  sleep 0.1
done
if [ -z "$container" ]; then
  cat "$work/console.log"
  say "SKIP: systemd-nspawn could not boot a container on this machine"
  exit 0
fi
ct() { nsenter -t "$container" -a -- "$@"; }
state=
for _ in $(seq 120); do
  state=$(ct systemctl is-system-running 2>/dev/null || true)
  case $state in running | degraded) break ;; esac
  sleep 0.5
done
say "container PID 1 is host PID $container; system $state; $(ct systemctl --version | head -1)"
case $state in running | degraded) ;; *) fail "the container did not finish booting ($state)" ;; esac

# Waits until no job is queued (OnSuccess=/OnFailure= units start after the service ends).
settle() {
  for _ in $(seq 300); do
    [ -z "$(ct systemctl list-jobs --no-legend 2>/dev/null)" ] && return 0
    sleep 0.2
  done
  ct systemctl list-jobs
  fail "jobs still queued"
}
messages() { ls "$root$maildir" 2>/dev/null | wc -l; }
# Waits for Postfix to deliver the Nth message.
await_messages() {
  for _ in $(seq 150); do
    [ "$(messages)" -ge "$1" ] && return 0
    sleep 0.2
  done
}
newest_message() { ls -t "$root$maildir"/* | head -1; }
# A message's Subject as a reader sees it: folded lines joined, RFC 2047 words decoded (the
# digest's subject is encoded when it is not plain ASCII, e.g. its en dash).
subject_of() {
  local folded words word decoded=""
  folded=$(awk '/^Subject:/ { s = substr($0, 10)
    while ((getline line) > 0 && line ~ /^[ \t]/) s = s line
    print s; exit }' "$1")
  read -ra words <<<"$folded"
  for word in "${words[@]}"; do
    if [[ $word =~ ^=\?[uU][tT][fF]-8\?[bB]\?([A-Za-z0-9+/=]*)\?=$ ]]; then
      decoded+=$(printf '%s' "${BASH_REMATCH[1]}" | base64 -d)
    else
      decoded+=" $word"
    fi
  done
  printf '%s\n' "${decoded# }"
}
expect_messages() { # N, what: exactly N messages in the Maildir (after waiting for the Nth)
  await_messages "$1"
  sleep 1
  [ "$(messages)" = "$1" ] || fail "$2: expected $1 messages in $maildir, found $(messages)"
}
send_result() { ct systemctl show -P Result nkreport-send.service; }
send_failed() { # WHAT: the send unit's last lines, then fail
  ct journalctl -u nkreport-send.service -o cat --no-pager | tail -8 | evidence
  fail "$1"
}
send_status() { ct systemctl show -P ExecMainStatus nkreport-send.service; }
# The test starts the units far more often than a timer would: reset systemd's start rate limit
# (5 starts in 10 s) first, or it refuses them ("Start request repeated too quickly").
reset_limits() { ct systemctl reset-failed nkreport.service nkreport-send.service 2>/dev/null || true; }
start_send() {
  reset_limits
  ct systemctl start nkreport-send.service || true
  settle
}
# The operator's commands run as the service user, so every file stays the job's.
as_job() { ct runuser -u nkreport -- /usr/bin/nkreport "$@"; }

# --- 1. apt-get install ./nkreport_*.deb ----------------------------------------------------
say "operator: apt-get install ./$(basename "$deb") (apt pulls the libraries)"
cp "$deb" "$root/var/tmp/"
ct apt-get update -qq >"$work/apt.log" 2>&1 || { cat "$work/apt.log"; fail "apt-get update in the container"; }
ct env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
  "/var/tmp/$(basename "$deb")" >"$work/apt.log" 2>&1 || { cat "$work/apt.log"; fail "apt-get install"; }
grep -E '^(Setting up|The following NEW)' "$work/apt.log" | evidence
ct dpkg -s libxlsxwriter4 | grep -E '^(Package|Status|Version)' | evidence
ct dpkg -s nkreport | grep -E '^(Version|Depends)' | evidence
ct dpkg -s nkreport | grep -q '^Depends:.*libxlsxwriter4' || fail "Depends does not name libxlsxwriter4"
pass "apt installed the package and pulled libxlsxwriter4 from its Depends (dpkg-shlibdeps)"

bin=$root/usr/bin/nkreport
readelf -d "$bin" | grep -E 'NEEDED|RUNPATH|RPATH' | evidence
if readelf -d "$bin" | grep -E 'RUNPATH|RPATH' | grep -q '/'; then
  fail "the binary has a RUNPATH into the build machine"
fi
if readelf -d "$bin" | grep -qE 'libswift|libFoundation|libdispatch|libBlocksRuntime|libxml2|libcurl'; then
  fail "the binary needs the Swift toolchain's libraries"
fi
ct_ldd=$(ct ldd /usr/bin/nkreport 2>&1) || true
echo "$ct_ldd" | evidence
echo "$ct_ldd" | grep -q 'not found' && fail "a library is missing on the plain server"
pass "the binary needs only the plain server's libraries ($(du -h "$bin" | cut -f1))"

ct dpkg -L nkreport | grep -E 'systemd|sysusers|tmpfiles|man1|doc/nkreport|/etc/' | evidence
cat "$root/var/lib/dpkg/info/nkreport.conffiles" | evidence
grep -qx /etc/nkreport/nkreport.toml "$root/var/lib/dpkg/info/nkreport.conffiles" ||
  fail "/etc/nkreport/nkreport.toml is not a conffile"
for file in /usr/share/man/man1/nkreport.1.gz /usr/share/doc/nkreport/README.md.gz \
  /usr/share/doc/nkreport/copyright; do
  [ -e "$root$file" ] || fail "the package lacks $file"
done
ls "$root"/usr/share/doc/nkreport/changelog*.gz >/dev/null 2>&1 || fail "the package has no changelog"
pass "units, sysusers.d, tmpfiles.d, the man page, README, changelog; the settings a conffile"

ct systemctl is-enabled nkreport.timer | evidence
ct systemctl is-active nkreport.timer | evidence
[ "$(ct systemctl is-enabled nkreport.timer)" = enabled ] || fail "the timer is not enabled"
[ "$(ct systemctl is-active nkreport.timer)" = active ] || fail "the timer is not started"
ct systemctl show -p ExecMainStartTimestampMonotonic -p Result nkreport.service | evidence
[ "$(ct systemctl show -P ExecMainStartTimestampMonotonic nkreport.service)" = 0 ] ||
  fail "installing the package ran nkreport.service"
[ "$(ct systemctl show -P ExecMainStartTimestampMonotonic nkreport-send.service)" = 0 ] ||
  fail "installing the package ran nkreport-send.service"
ct id nkreport | evidence
ct stat -c '%U:%G %a %n' /var/lib/nkreport /var/lib/nkreport/Inputs /var/lib/nkreport/Reports | evidence
ct stat -c '%U:%G %a' /var/lib/nkreport/Reports | grep -q '^nkreport:nkreport 755' ||
  fail "Reports/ is not the nkreport user's"
pass "the timer is enabled and started, the services did not run; the user and its folders exist"

ct systemctl list-timers --all nkreport.timer --no-pager | evidence
[ "$(ct systemctl show -P Persistent nkreport.timer)" = yes ] || fail "timer not Persistent"

say "systemd-analyze security"
ct systemd-analyze security nkreport.service --no-pager >"$work/security.txt" 2>&1 || true
tail -1 "$work/security.txt" | evidence
exposure=$(grep -o 'Overall exposure level for nkreport.service: [0-9.]*' "$work/security.txt" | awk '{print $NF}')
awk -v e="$exposure" 'BEGIN { exit !(e != "" && e <= 1.0) }' || fail "exposure $exposure > 1.0"
pass "nkreport.service exposure $exposure (at most 1.0)"
ct systemd-analyze security nkreport-send.service --no-pager 2>&1 | tail -1 | evidence
ct systemd-analyze verify nkreport.service nkreport-send.service nkreport.timer 2>&1 | evidence || true

# The operator's settings: the recipient, a sender of this host, a short sendmail timeout.
say "operator: data into Inputs/, settings into /etc/nkreport/nkreport.toml, config check"
cp "$repo"/Inputs/*.csv "$root/var/lib/nkreport/Inputs/"
cat >"$root/etc/nkreport/nkreport.toml" <<'TOML'
# edited by the field test's operator
inputs = "/var/lib/nkreport/Inputs"
reports = "/var/lib/nkreport/Reports"
metrics_file = "/var/lib/nkreport/Reports/nkreport.prom"

[mail]
from = "nkreport@nkfield.localdomain"
to = ["desk@localhost"]
timeout_seconds = 15
TOML
ct nkreport config check | evidence
cp "$root/etc/nkreport/nkreport.toml" "$work/settings.edited"

# A bad settings file: config check and the timer's run refuse it the same way (78).
cat >"$root/etc/nkreport/bad.toml" <<'TOML'
reports = ""
[mail]
to = ["desk@localhost\r\nBcc: spy@localhost", "a@localhost, b@localhost"]
TOML
ct nkreport config check --config /etc/nkreport/bad.toml >"$work/check.out" 2>&1 && fail "config check passed a bad file"
ct nkreport run --config /etc/nkreport/bad.toml >"$work/run.out" 2>&1 && fail "run passed a bad file"
grep '/etc/nkreport/bad.toml:' "$work/check.out" | evidence
[ "$(grep -c '/etc/nkreport/bad.toml:' "$work/check.out")" -ge 3 ] || fail "config check did not list every problem"
diff <(grep '/etc/nkreport/bad.toml:' "$work/check.out") <(grep '/etc/nkreport/bad.toml:' "$work/run.out") ||
  fail "config check and run disagree"
rm "$root/etc/nkreport/bad.toml"
pass "a bad settings file: config check and run list the same problems (file:line: key: reason), exit 78"

# --- 2. the Postfix matrix: one report (or revision) mailed once per case ----------------------
# What Debian's postfix.postinst writes into main.cf for each debconf answer
# (postfix/main_mailer_type, postfix/protocols): "Local only" → inet_interfaces = loopback-only,
# default_transport = relay_transport = error; "Internet Site" → inet_interfaces = all,
# default_transport = relay_transport = smtp; postfix/protocols → inet_protocols. Applied with
# postconf in one container (faster than a debootstrap per case). The container shares the
# host's network, so for "Internet Site" the smtpd listener is switched off (postconf -M#):
# local submission (sendmail → postdrop → pickup → local) is the path under test, and
# nothing listens beyond loopback.
postfix_as() { # MAILER PROTOCOLS
  case $1 in
    "Local only")
      ct postconf -e inet_interfaces=loopback-only default_transport=error relay_transport=error ;;
    "Internet Site")
      ct postconf -e inet_interfaces=all default_transport=smtp relay_transport=smtp
      ct postconf -M# smtp/inet ;;
  esac
  ct postconf -e "inet_protocols=$2"
  ct systemctl restart postfix
  ct postconf inet_interfaces inet_protocols default_transport | paste -sd ' ' | evidence
}
cp "$root/var/lib/nkreport/Inputs/arrivals.csv" "$work/arrivals.orig"
bump_last_figure() { # one more man, one more in all, on the last row: the report is revised
  cp "$root/var/lib/nkreport/Inputs/arrivals.csv" "$work/arrivals.before"
  awk -F, -v OFS=, -v n="$(wc -l <"$work/arrivals.before")" \
    'NR == n { $2 = $2 + 1; $4 = $4 + 1 } { print }' \
    "$work/arrivals.before" >"$root/var/lib/nkreport/Inputs/arrivals.csv"
}
run_report() { # what the timer does; the send unit follows by OnSuccess=
  reset_limits
  ct systemctl start nkreport.service || true
  settle
}

# The send unit keeps the host's network namespace (Postfix's sendmail looks up interfaces)
# and is denied IP by a cgroup BPF filter, which some containers cannot load: a connection to
# Postfix's smtpd on 127.0.0.1:25 ("Local only"), without and with IPAddressDeny=any.
connects() {
  ct systemd-run --quiet --wait --pipe -p User=nkreport "$@" \
    /bin/bash -c 'exec 3<>/dev/tcp/127.0.0.1/25' >/dev/null 2>&1
}
check_ip_filter() {
  if ! connects; then
    say "NOTE: cannot tell whether IPAddressDeny= is enforced (no connection even without it)"
  elif connects -p IPAddressDeny=any; then
    say "NOTE: IPAddressDeny=any is not enforced in this container (no cgroup BPF); on a server it denies the send unit all IP"
  else
    say "IPAddressDeny=any enforced: 127.0.0.1:25 accepts a connection without it and refuses one with it"
  fi
}

case_number=0
for mailer in "Local only" "Internet Site"; do
  for protocols in all ipv4; do
    case_number=$((case_number + 1))
    say "Postfix case $case_number: $mailer, inet_protocols = $protocols"
    postfix_as "$mailer" "$protocols"
    [ $case_number = 1 ] && check_ip_filter
    [ $case_number = 1 ] || bump_last_figure
    run_report
    [ "$(ct systemctl show -P Result nkreport.service)" = success ] || {
      ct journalctl -u nkreport.service --no-pager | tail -20
      fail "nkreport.service did not succeed"
    }
    [ "$(send_result)" = success ] || {
      ct journalctl -u nkreport-send.service --no-pager | tail -20
      fail "$mailer/$protocols: nkreport-send.service failed"
    }
    ct journalctl -u nkreport-send.service -o cat --no-pager | grep 'digest sent' | tail -1 | evidence
    expect_messages $case_number "$mailer/$protocols"
    echo "Subject (decoded): $(subject_of "$(newest_message)")" | evidence
    grep -E '^Message-ID:' "$(newest_message)" | evidence
    pass "$mailer, inet_protocols = $protocols: the digest arrived, once"
  done
done

ids=$(cat "$root$maildir"/* | grep -i '^Message-ID:' | sort -u | wc -l)
[ "$ids" = 4 ] || fail "the four messages do not have four Message-IDs ($ids)"
pass "four reports (a first publication, three revisions), four distinct Message-IDs"

period=$(ls "$root$reports" | grep -E '^[0-9]{4}-[0-9]{2}$' | head -1)
[ -n "$period" ] || fail "no report folder in $reports"
ct ls -l "$reports/$period" | evidence
ct sh -c "cd $reports/$period && sha256sum -c --quiet SHA256SUMS" || fail "SHA256SUMS does not check"
grep -q delivery.json "$root$reports/$period/SHA256SUMS" && fail "delivery.json is listed in SHA256SUMS"
pass "the report is in $reports/$period/, its SHA256SUMS checks, delivery.json is outside it"
[ "$(ct stat -c %a "$reports/nkreport.prom")" = 644 ] || fail "metrics file not 0644"

latest=$(newest_message)
grep -m1 '^Return-Path:' "$latest" | evidence
grep -q '^Return-Path: <nkreport@nkfield.localdomain>' "$latest" || fail "envelope sender is not From"
# The workbook part, decoded: byte for byte the published workbook.
extract_attachment() {
  awk '
    /^Content-Disposition: attachment/ { found = 1; next }
    found && !body && /^\r?$/ { body = 1; next }
    body && /^--/ { exit }
    body { sub(/\r$/, ""); print }
  ' "$1" | base64 -d
}
extract_attachment "$latest" >"$work/attached.xlsx"
cmp "$work/attached.xlsx" "$root$reports/$period/nkreport-$period.xlsx" ||
  fail "the attached workbook differs from the published one"
pass "envelope sender = From; the attachment decodes to the published workbook byte for byte"
cat "$root$reports/$period/delivery.json" | evidence

# --- 3. an unchanged rerun sends nothing ----------------------------------------------------------
digest_before=$(sha256sum "$root$reports/$period/digest.eml" | cut -d' ' -f1)
run_report
ct journalctl -u nkreport-send.service -o cat --no-pager | tail -1 | evidence
expect_messages 4 "an unchanged rerun"
[ "$(sha256sum "$root$reports/$period/digest.eml" | cut -d' ' -f1)" = "$digest_before" ] ||
  fail "digest.eml changed on a rerun"
pass "an unchanged rerun sends nothing and digest.eml stays byte-identical"

# --- 4. a failed send is retried once the MTA is back --------------------------------------------
say "stopping Postfix and making its maildrop unwritable (postdrop then retries until stopped)"
ct systemctl stop postfix
chmod 0700 "$root/var/spool/postfix/maildrop"
bump_last_figure
run_report
ct systemctl show -p Result -p ExecMainStatus nkreport-send.service | evidence
ct journalctl -u nkreport-send.service -p err -o cat --no-pager | tail -2 | evidence
[ "$(send_status)" = 69 ] || fail "a failed send did not exit 69"
ct journalctl -u nkreport-send.service -p err -o cat --no-pager | grep 'digest not sent' >/dev/null ||
  fail "the failed send is not in journalctl -p err"
ct journalctl -t nkreport -o cat --no-pager | grep 'nkreport-send.service failed' >/dev/null ||
  fail "the failure unit did not run for nkreport-send.service"
pass "a failed send exits 69, logs at err, runs the failure unit, and leaves the revision published"
say "Postfix back"
chmod 1730 "$root/var/spool/postfix/maildrop"
ct systemctl start postfix
run_report
[ "$(send_result)" = success ] || send_failed "the retry failed"
expect_messages 5 "the retry"
subject=$(subject_of "$(newest_message)")
echo "Subject (decoded): $subject" | evidence
[[ $subject == *"(revised)"* ]] || fail "no (revised) in the subject"
grep -E '"(outcome|time|sendmail_exit)"' "$root$reports/$period/delivery.json" | tail -6 | evidence
pass "the next run retried: the revision arrived once, with (revised) in the subject"

# --- 5. the delivery record damaged: no mail, an error naming it, until the operator acts -------
record=$reports/$period/delivery.json
sent_now=$(messages)
expect_refusal() { # WHAT: the send unit fails 65 naming the record, and mails nothing
  start_send
  ct journalctl -u nkreport-send.service -p err -o cat --no-pager | grep '^nkreport: /' | tail -1 | evidence
  [ "$(send_status)" = 65 ] || fail "$1: the send unit exited $(send_status), not 65"
  ct journalctl -u nkreport-send.service -p err -o cat --no-pager | tail -3 | grep "$record" >/dev/null ||
    fail "$1: the error does not name $record"
  expect_messages "$sent_now" "$1"
}
say "a truncated delivery.json"
truncate -s 40 "$root$record"
expect_refusal "a truncated record"
expect_refusal "a truncated record, the next run"
as_job send --mark-delivered "$period" | evidence
start_send
[ "$(send_result)" = success ] || send_failed "the send unit still fails after --mark-delivered"
expect_messages "$sent_now" "after --mark-delivered"
pass "a truncated record: no mail and an error naming it on every run; send --mark-delivered ends it, still no mail"

say "a folder in place of delivery.json"
rm "$root$record"
ct runuser -u nkreport -- mkdir "$record"
expect_refusal "a folder in place of the record"
expect_refusal "a folder in place of the record, the next run"
as_job send --resend "$period" | evidence
sent_now=$((sent_now + 1))
expect_messages "$sent_now" "send --resend"
[ -d "$root$record.damaged-2" ] || fail "the damaged record was not kept as delivery.json.damaged-2"
grep -E '"outcome"' "$root$record" | evidence
pass "a folder in place of the record: no mail on every run; send --resend mails it once and keeps the damage aside"

say "a revision whose record the operator wrote by hand"
bump_last_figure
as_job run --config /etc/nkreport/nkreport.toml | evidence
echo '{"delivered": true}' >"$root$record"
start_send
[ "$(send_result)" = success ] || send_failed "the send unit failed on a hand-written record"
expect_messages "$sent_now" "a hand-written record"
pass "a record written by hand ({\"delivered\": true}) is honoured: nothing sent"

say "a crash while sendmail runs: Postfix stopped, its maildrop closed, the send unit killed"
ct systemctl stop postfix
chmod 0700 "$root/var/spool/postfix/maildrop"
bump_last_figure
as_job run --config /etc/nkreport/nkreport.toml | evidence
reset_limits
ct systemctl start --no-block nkreport-send.service
for _ in $(seq 100); do
  grep -q '"handed-to-sendmail"' "$root$record" 2>/dev/null && break
  sleep 0.1
done
grep -q '"handed-to-sendmail"' "$root$record" || fail "the attempt was not recorded before sendmail ran"
ct systemctl kill -s KILL nkreport-send.service
settle
grep -E '"(outcome|time)"' "$root$record" | evidence
chmod 1730 "$root/var/spool/postfix/maildrop"
ct systemctl start postfix
expect_refusal "possibly delivered"
ct journalctl -u nkreport-send.service -p err -o cat --no-pager | grep 'may have been delivered' >/dev/null ||
  fail "the error does not say the digest may have been delivered"
as_job send --resend "$period" | evidence
sent_now=$((sent_now + 1))
expect_messages "$sent_now" "the resend after a crash"
start_send
expect_messages "$sent_now" "a run after the resend"
pass "killed while sendmail ran: the record says handed-to-sendmail, no run mails it until send --resend, which mails it once"

# --- 6. an over-size workbook goes as a digest that says where it is -----------------------------
say "max_message_bytes = 20000 and a revision"
sed -i 's/^timeout_seconds = 15$/timeout_seconds = 15\nmax_message_bytes = 20000\nreport_url = "https:\/\/reports.example.org\/nk\/"/' \
  "$root/etc/nkreport/nkreport.toml"
ct nkreport config check | evidence
cp "$root/etc/nkreport/nkreport.toml" "$work/settings.edited"
bump_last_figure
run_report
sent_now=$((sent_now + 1))
expect_messages "$sent_now" "the over-size digest"
small=$(newest_message)
grep -q 'Content-Disposition: attachment' "$small" && fail "the over-size message has an attachment"
grep -A4 'is not attached' "$small" | evidence
grep -q "https://reports.example.org/nk/$period/nkreport-$period.xlsx" "$small" || fail "no URL in the note"
grep -q "$reports/$period/nkreport-$period.xlsx" "$small" || fail "no server path in the note"
pass "over max_message_bytes the digest arrives without the workbook ($(wc -c <"$small") bytes), saying where it is"

# --- 7. bad input fails the service, with its error in journalctl -p err -----------------------
say "a broken row in arrivals.csv"
cp "$root/var/lib/nkreport/Inputs/arrivals.csv" "$work/arrivals.good"
echo 'not-a-month,x,y,z' >>"$root/var/lib/nkreport/Inputs/arrivals.csv"
reset_limits
ct systemctl start nkreport.service && fail "the service succeeded on bad input"
settle
ct journalctl -u nkreport.service -p err -o cat --no-pager | tail -3 | evidence
ct journalctl -u nkreport.service -p err -o cat --no-pager | grep 'arrivals.csv:[0-9]' >/dev/null ||
  fail "the program's own error (file:line) is not in journalctl -p err"
ct journalctl -t nkreport -o cat --no-pager | grep 'nkreport.service failed' >/dev/null ||
  fail "the failure unit did not run"
expect_messages "$sent_now" "a failed run"
pass "bad input fails the service, the error names the file and line at priority err, and the failure unit ran"

# --- 8. systemctl stop in mid-run: SIGTERM is logged, the staging folder goes, exit 143 ---------
say "a 400,000-row aid ledger, and systemctl stop while the report is being written"
cp "$work/arrivals.good" "$root/var/lib/nkreport/Inputs/arrivals.csv"
{
  cat "$repo/Inputs/aid.csv"
  seq 400000 | sed 's/.*/BULK-&,2017-06-26,Eugene Bell Foundation,civic,tuberculosis drugs,bulk row,1000000,KRW,delivered,2017-06-26/'
} >"$root/var/lib/nkreport/Inputs/aid.csv"
reset_limits
ct systemctl start --no-block nkreport.service
staged=
for _ in $(seq 600); do
  staged=$(ls -a "$root$reports" | grep '^\.staging-' || true)
  [ -n "$staged" ] && break
  sleep 0.1
done
[ -n "$staged" ] || fail "the long run never staged a report"
ct systemctl stop nkreport.service
settle
cp "$repo/Inputs/aid.csv" "$root/var/lib/nkreport/Inputs/aid.csv"
ct systemctl show -p Result -p ExecMainStatus nkreport.service | evidence
[ "$(ct systemctl show -P ExecMainStatus nkreport.service)" = 143 ] || fail "a stopped run did not exit 143"
ct journalctl -u nkreport.service -o cat --no-pager | grep 'stopped by SIGTERM' >/dev/null || fail "SIGTERM not logged"
if ls -a "$root$reports" | grep -q '^\.staging-'; then fail "the staging folder $staged was left behind"; fi
pass "systemctl stop mid-run: logged, $staged removed, exit 143"

# --- 9. reinstall and upgrade keep the edited settings and the enabled timer --------------------
timer_unchanged() { # WHAT
  [ "$(ct systemctl is-enabled nkreport.timer)" = enabled ] || fail "$1: the timer is no longer enabled"
  [ "$(ct systemctl is-active nkreport.timer)" = active ] || fail "$1: the timer is not active"
  cmp "$work/settings.edited" "$root/etc/nkreport/nkreport.toml" || fail "$1: the edited settings changed"
  if ls "$root/etc/nkreport" | grep -q dpkg; then fail "$1: dpkg left $(ls "$root/etc/nkreport")"; fi
}
service_starts=$(ct systemctl show -P ExecMainStartTimestampMonotonic nkreport.service)
say "apt-get install --reinstall"
ct env DEBIAN_FRONTEND=noninteractive apt-get install -y --reinstall "/var/tmp/$(basename "$deb")" \
  >"$work/apt.log" 2>&1 || { cat "$work/apt.log"; fail "reinstall"; }
timer_unchanged "reinstall"
say "an upgrade: the same package as version $(dpkg-deb -f "$deb" Version)+fieldtest1"
dpkg-deb -R "$deb" "$work/upgrade"
sed -i 's/^Version: \(.*\)$/Version: \1+fieldtest1/' "$work/upgrade/DEBIAN/control"
dpkg-deb -b --root-owner-group "$work/upgrade" "$root/var/tmp/nkreport_upgrade.deb" >/dev/null
ct env DEBIAN_FRONTEND=noninteractive apt-get install -y /var/tmp/nkreport_upgrade.deb \
  >"$work/apt.log" 2>&1 || { cat "$work/apt.log"; fail "upgrade"; }
grep -E '^(Preparing|Unpacking|Setting up) nkreport' "$work/apt.log" | evidence
ct dpkg -s nkreport | grep '^Version' | evidence
timer_unchanged "upgrade"
[ "$(ct systemctl show -P ExecMainStartTimestampMonotonic nkreport.service)" = "$service_starts" ] ||
  fail "reinstalling or upgrading ran nkreport.service"
pass "reinstall and upgrade keep the edited settings and the enabled, started timer, and run no report"

# --- 10. purge removes the program, its units and settings, keeps the reports -------------------
say "apt-get purge nkreport"
ct env DEBIAN_FRONTEND=noninteractive apt-get purge -y nkreport >"$work/apt.log" 2>&1 ||
  { cat "$work/apt.log"; fail "purge"; }
for gone in /usr/bin/nkreport /lib/systemd/system/nkreport.service /lib/systemd/system/nkreport.timer \
  /lib/systemd/system/nkreport-send.service /etc/nkreport /usr/share/man/man1/nkreport.1.gz; do
  if [ -e "$root$gone" ]; then fail "purge left $gone"; fi
done
[ -d "$root$reports/$period" ] && [ -f "$root$reports/$period/nkreport-$period.xlsx" ] ||
  fail "purge removed the published reports"
{ ct systemctl list-unit-files 'nkreport*' --no-pager || true; } | evidence
ct ls "$reports" | evidence
pass "purge removed the program, its units and /etc/nkreport; the published reports stay"

# --- 11. make install (other distributions) on the same server, then make uninstall -------------
say "make install DESTDIR=$root PREFIX=/usr/local"
make -s -C "$repo" install DESTDIR="$root" PREFIX=/usr/local >"$work/install.log" 2>&1 ||
  { cat "$work/install.log"; fail "make install"; }
cp "$work/settings.edited" "$root/etc/nkreport/nkreport.toml"
ct systemd-sysusers
ct systemd-tmpfiles --create
ct systemctl daemon-reload
ct systemctl enable --now nkreport.timer 2>&1 | evidence
ct systemctl show -P ExecStart nkreport.service | grep -o 'path=[^ ;]*' | evidence
run_report
[ "$(ct systemctl show -P Result nkreport.service)" = success ] || fail "the make-installed service failed"
[ "$(send_result)" = success ] || send_failed "the make-installed send unit failed"
ct journalctl -u nkreport-send.service -o cat --no-pager | tail -1 | evidence
pass "make install: /usr/local/bin/nkreport under the same units publishes and sends"
ct systemctl disable --now nkreport.timer 2>&1 | evidence
make -s -C "$repo" uninstall DESTDIR="$root" PREFIX=/usr/local >/dev/null
ct systemctl daemon-reload
for gone in /usr/local/bin/nkreport /usr/local/share/man/man1/nkreport.1 \
  /lib/systemd/system/nkreport.service /lib/systemd/system/nkreport-send.service \
  /lib/systemd/system/nkreport.timer /usr/lib/sysusers.d/nkreport.conf; do
  if [ -e "$root$gone" ]; then fail "make uninstall left $gone"; fi
done
[ -e "$root/etc/nkreport/nkreport.toml" ] && [ -d "$root$reports/$period" ] ||
  fail "make uninstall removed the settings or the reports"
pass "make uninstall removed the program and its units, kept /etc/nkreport and the reports"
