# Drives a Hyperforge study over HTTP with curl (see docs/ask-tell.md). Needs URL, STUDY_ID and TOKEN.
set -euo pipefail
post() { curl -sS -f -X POST -H 'Content-Type: application/json' -H "Authorization: Bearer $TOKEN" -d "$2" "$URL$1"; }
for i in $(seq 20); do
  t=$(post "/api/studies/$STUDY_ID/ask" '{}')
  run=$(echo "$t" | grep -o '"run":[0-9]*' | cut -d: -f2)
  x=$(echo "$t" | grep -o '"x":[^,}]*' | cut -d: -f2)
  y=$(echo "$t" | grep -o '"y":[^,}]*' | cut -d: -f2)
  loss=$(awk -v x="$x" -v y="$y" 'BEGIN { printf "%.10f", (x - 1.5)^2 + (y + 0.5)^2 }')
  post "/api/runs/$run/metrics" "{\"metrics\": [{\"name\": \"loss\", \"step\": 0, \"value\": $loss}]}" > /dev/null
  post "/api/runs/$run/tell" "{\"value\": $loss}" > /dev/null
done
code() { curl -s -o /dev/null -w '%{http_code}' -X POST -H "Content-Type: $1" -H "Authorization: Bearer $TOKEN" -d '{}' "$URL/api/studies/$STUDY_ID/ask"; }
echo "ask after the budget: $(code application/json)"
echo "ask as text/plain: $(code text/plain)"
echo "ask as a form: $(code application/x-www-form-urlencoded)"
echo "ask without the token: $(curl -s -o /dev/null -w '%{http_code}' -X POST -H 'Content-Type: application/json' -d '{}' "$URL/api/studies/$STUDY_ID/ask")"
