# Sourced by scripts/demo once the nodes have exported: the hub imports the USB folders, hands
# receipts back, and prints the coverage and progress reports and the HTML dashboard.
hub="$out/hub"
echo "== city hub: init, import every district's USB folder"
"$dsync" hub init "$hub" --ca "$pki/ca/root.pem" --cert "$pki/hub/hub.pem" --key "$pki/hub/hub.key" \
    --crl "$pki/ca/crl.pem" --lang en >/dev/null
"$dsync" hub import "$out"/usb/* --home "$hub" --receipts "$out/receipts" --lang en | tail -n +1 | cut -c1-150
echo "== re-import (idempotent: every file is a duplicate, with its original receipt), receipts per district"
for code in "${codes[@]}"; do
    "$dsync" hub import "$out/usb/$code" --home "$hub" --receipts "$out/receipts/$code" --json
done | grep -c '"duplicate"' | sed 's/^/duplicates: /'
echo "== receipts handed back: each node verifies them (dsync node ack) and marks its changesets delivered"
for code in "${codes[@]}"; do
    "$dsync" node ack "$out/receipts/$code" --home "$out/nodes/$code" --lang en | tail -1 | sed "s/^/$code: /"
done
echo "== hub status"
"$dsync" hub status --home "$hub" --lang en | head -12
echo "== coverage report (districts without a synced officer are shown as not covered)"
# `report coverage` exits 2 when any district is not covered (for cron and monitoring); expected here.
coverage_status=0
"$dsync" hub report coverage --home "$hub" --as-of "$DSYNC_DEMO_DATE" --lang en >"$out/coverage.txt" \
    || coverage_status=$?
head -40 "$out/coverage.txt"
case "$coverage_status" in
    0) echo "coverage: exit 0, every district is covered" ;;
    2) echo "coverage: exit 2, some districts have no e-commerce officer (left uncovered on purpose:${uncovered:- none})" ;;
    *) echo "coverage report failed with exit status $coverage_status" >&2; exit "$coverage_status" ;;
esac
echo "== progress report, 2015"
"$dsync" hub report progress --home "$hub" --year 2015 --as-of "$DSYNC_DEMO_DATE" --lang en | head -40 || true
"$dsync" hub report progress --home "$hub" --year 2015 --as-of "$DSYNC_DEMO_DATE" --format html \
    --out "$out/dashboard.html" >/dev/null 2>&1 || "$dsync" hub report progress --home "$hub" --year 2015 \
    --as-of "$DSYNC_DEMO_DATE" --format html >"$out/dashboard.html" || true
echo "dashboard: $out/dashboard.html"
