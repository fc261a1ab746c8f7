# Emits N integration records as NDJSON: awk -v n=1000 -f benches/gen.awk
BEGIN {
  np = split("splunk sentinel datadog slack teams jira servicenow webhook jamf intune linux", prov, " ")
  nc = split("siem observability chatops itsm security", cat, " ")
  ns = split("active configured planned paused disabled", st, " ")
  ne = split("production staging development", env, " ")
  na = split("token_env oauth_client_credentials none", auth, " ")
  ncap = split("event_delivery alerting ticketing inventory", cap, " ")
  for (i = 1; i <= n; i++) {
    printf "{\"integration_id\":\"int-%06d\",\"provider\":\"%s\",\"category\":\"%s\",\"status\":\"%s\",\"owner\":\"team-%d\",\"environment\":\"%s\",\"auth_mode\":\"%s\",\"capabilities\":[\"%s\"],\"repositories\":[\"acme/repo-%d\"]}\n",
      i, prov[(i % np) + 1], cat[(int(i / np) % nc) + 1], st[(i % ns) + 1], i % 20,
      env[(i % ne) + 1], auth[(i % na) + 1], cap[(i % ncap) + 1], i % 50
  }
}
