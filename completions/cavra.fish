# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_cavra_global_optspecs
    string join \n C/repo= color= q/quiet v/verbose format= h/help V/version
end

function __fish_cavra_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_cavra_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_cavra_using_subcommand
    set -l cmd (__fish_cavra_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c cavra -n "__fish_cavra_needs_command" -s C -l repo -d 'Run as if cavra was started in DIR (relative paths are then relative to DIR)' -r -F
complete -c cavra -n "__fish_cavra_needs_command" -l color -d 'When to colour messages on stderr' -r -f -a "auto\t'Colour when stderr is a terminal and NO_COLOR is unset'
always\t'Always colour'
never\t'Never colour'"
complete -c cavra -n "__fish_cavra_needs_command" -l format -d 'Output format [default: table on a terminal, json otherwise]' -r -f -a "table\t'Aligned columns for people (the default on a terminal)'
text\t'Plain lines for people; the same as table where a command has no text form'
json\t'Pretty JSON, a versioned contract naming its schema in `schema` (`cavra schema show NAME` prints it); the default when stdout is not a terminal'
ndjson\t'One compact JSON value per line'
markdown\t'A Markdown table, for pull-request comments and $GITHUB_STEP_SUMMARY'
github\t'GitHub Actions annotations (validate only)'
sarif\t'SARIF 2.1.0, for GitHub code scanning and other SARIF readers (validate only)'"
complete -c cavra -n "__fish_cavra_needs_command" -s q -l quiet -d 'Print no status messages on stderr (errors still appear)'
complete -c cavra -n "__fish_cavra_needs_command" -s v -l verbose -d 'Print detail on stderr: repository, store paths, time taken (-vv: the same)'
complete -c cavra -n "__fish_cavra_needs_command" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c cavra -n "__fish_cavra_needs_command" -s V -l version -d 'Print version'
complete -c cavra -n "__fish_cavra_needs_command" -f -a "init" -d 'Create .cavra/ in this repository (safe to run again)'
complete -c cavra -n "__fish_cavra_needs_command" -f -a "integration" -d 'Manage the integration inventory (who owns which integration, and its health)'
complete -c cavra -n "__fish_cavra_needs_command" -f -a "validate" -d 'Check every store: schemas, checksums, ledger chains, secrets'
complete -c cavra -n "__fish_cavra_needs_command" -f -a "reseal" -d 'Accept a reviewed hand edit of a table store: re-check it and rewrite its checksum'
complete -c cavra -n "__fish_cavra_needs_command" -f -a "diff" -d 'Show record-level changes of every store between two revisions'
complete -c cavra -n "__fish_cavra_needs_command" -f -a "git" -d 'Set up git to merge stores record by record and validate commits'
complete -c cavra -n "__fish_cavra_needs_command" -f -a "ops" -d 'Store operations: status, backup, restore, retention plans, legal hold, repair, migrate'
complete -c cavra -n "__fish_cavra_needs_command" -f -a "ledger" -d 'Ledgers: migrate to segments, verify git history, resolve a merge, prune'
complete -c cavra -n "__fish_cavra_needs_command" -f -a "schema" -d 'Print the JSON Schemas cavra validates against'
complete -c cavra -n "__fish_cavra_needs_command" -f -a "secrets" -d 'The secret scanner\'s rules'
complete -c cavra -n "__fish_cavra_needs_command" -f -a "connector" -d 'Show the configured connectors and whether their references resolve'
complete -c cavra -n "__fish_cavra_needs_command" -f -a "evidence" -d 'Manage evidence databases'
complete -c cavra -n "__fish_cavra_needs_command" -f -a "release" -d 'Deliver release governance evidence and look at its delivery history'
complete -c cavra -n "__fish_cavra_needs_command" -f -a "delivery" -d 'Delivery history, dashboards and retries over the evidence metadata ledger'
complete -c cavra -n "__fish_cavra_needs_command" -f -a "console" -d 'The evidence console: one static HTML page built from the stores'
complete -c cavra -n "__fish_cavra_needs_command" -f -a "drill" -d 'Rollback drills: schedules, due-date notifications, acknowledgements and audit delivery health'
complete -c cavra -n "__fish_cavra_needs_command" -f -a "demo" -d 'Walk through cavra\'s main job on the shipped examples'
complete -c cavra -n "__fish_cavra_needs_command" -f -a "aispm" -d 'AISPM live ingestion: keys, tenants, ingest, posture, replay, forward, health'
complete -c cavra -n "__fish_cavra_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c cavra -n "__fish_cavra_using_subcommand init" -l format -d 'Output format [default: table on a terminal, json otherwise]' -r -f -a "table\t'Aligned columns for people (the default on a terminal)'
text\t'Plain lines for people; the same as table where a command has no text form'
json\t'Pretty JSON, a versioned contract naming its schema in `schema` (`cavra schema show NAME` prints it); the default when stdout is not a terminal'
ndjson\t'One compact JSON value per line'
markdown\t'A Markdown table, for pull-request comments and $GITHUB_STEP_SUMMARY'"
complete -c cavra -n "__fish_cavra_using_subcommand init" -s C -l repo -d 'Run as if cavra was started in DIR (relative paths are then relative to DIR)' -r -F
complete -c cavra -n "__fish_cavra_using_subcommand init" -l color -d 'When to colour messages on stderr' -r -f -a "auto\t'Colour when stderr is a terminal and NO_COLOR is unset'
always\t'Always colour'
never\t'Never colour'"
complete -c cavra -n "__fish_cavra_using_subcommand init" -s q -l quiet -d 'Print no status messages on stderr (errors still appear)'
complete -c cavra -n "__fish_cavra_using_subcommand init" -s v -l verbose -d 'Print detail on stderr: repository, store paths, time taken (-vv: the same)'
complete -c cavra -n "__fish_cavra_using_subcommand init" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c cavra -n "__fish_cavra_using_subcommand integration; and not __fish_seen_subcommand_from add update remove list show import deliver help" -l format -d 'Output format [default: table on a terminal, json otherwise]' -r -f -a "table\t'Aligned columns for people (the default on a terminal)'
text\t'Plain lines for people; the same as table where a command has no text form'
json\t'Pretty JSON, a versioned contract naming its schema in `schema` (`cavra schema show NAME` prints it); the default when stdout is not a terminal'
ndjson\t'One compact JSON value per line'
markdown\t'A Markdown table, for pull-request comments and $GITHUB_STEP_SUMMARY'"
complete -c cavra -n "__fish_cavra_using_subcommand integration; and not __fish_seen_subcommand_from add update remove list show import deliver help" -s C -l repo -d 'Run as if cavra was started in DIR (relative paths are then relative to DIR)' -r -F
complete -c cavra -n "__fish_cavra_using_subcommand integration; and not __fish_seen_subcommand_from add update remove list show import deliver help" -l color -d 'When to colour messages on stderr' -r -f -a "auto\t'Colour when stderr is a terminal and NO_COLOR is unset'
always\t'Always colour'
never\t'Never colour'"
complete -c cavra -n "__fish_cavra_using_subcommand integration; and not __fish_seen_subcommand_from add update remove list show import deliver help" -s q -l quiet -d 'Print no status messages on stderr (errors still appear)'
complete -c cavra -n "__fish_cavra_using_subcommand integration; and not __fish_seen_subcommand_from add update remove list show import deliver help" -s v -l verbose -d 'Print detail on stderr: repository, store paths, time taken (-vv: the same)'
complete -c cavra -n "__fish_cavra_using_subcommand integration; and not __fish_seen_subcommand_from add update remove list show import deliver help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c cavra -n "__fish_cavra_using_subcommand integration; and not __fish_seen_subcommand_from add update remove list show import deliver help" -f -a "add" -d 'Add an integration to the inventory'
complete -c cavra -n "__fish_cavra_using_subcommand integration; and not __fish_seen_subcommand_from add update remove list show import deliver help" -f -a "update" -d 'Change fields of an integration (only those given)'
complete -c cavra -n "__fish_cavra_using_subcommand integration; and not __fish_seen_subcommand_from add update remove list show import deliver help" -f -a "remove" -d 'Remove an integration from the inventory'
complete -c cavra -n "__fish_cavra_using_subcommand integration; and not __fish_seen_subcommand_from add update remove list show import deliver help" -f -a "list" -d 'List integrations, sorted by integration_id'
complete -c cavra -n "__fish_cavra_using_subcommand integration; and not __fish_seen_subcommand_from add update remove list show import deliver help" -f -a "show" -d 'Show one integration by its integration_id'
complete -c cavra -n "__fish_cavra_using_subcommand integration; and not __fish_seen_subcommand_from add update remove list show import deliver help" -f -a "import" -d 'Import integrations from a file (JSON array, NDJSON, one object, or a cavra store file)'
complete -c cavra -n "__fish_cavra_using_subcommand integration; and not __fish_seen_subcommand_from add update remove list show import deliver help" -f -a "deliver" -d 'Deliver an evidence event to the configured connectors'
complete -c cavra -n "__fish_cavra_using_subcommand integration; and not __fish_seen_subcommand_from add update remove list show import deliver help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c cavra -n "__fish_cavra_using_subcommand integration; and __fish_seen_subcommand_from add" -l provider -d 'The system integrated with: splunk, sentinel, datadog, slack, teams, jira, servicenow, webhook, jamf, intune, linux, github, …' -r
complete -c cavra -n "__fish_cavra_using_subcommand integration; and __fish_seen_subcommand_from add" -l integration-id -d 'Stable id [default: slug of provider-environment]' -r
complete -c cavra -n "__fish_cavra_using_subcommand integration; and __fish_seen_subcommand_from add" -l name -d 'Display name [add default: the provider]' -r
complete -c cavra -n "__fish_cavra_using_subcommand integration; and __fish_seen_subcommand_from add" -l category -d 'Kind of system' -r -f -a "source_control\t'Source control (GitHub, GitLab)'
ci_cd\t'CI/CD pipelines'
siem\t'Security information and event management (Splunk, Sentinel)'
itsm\t'IT service management (Jira, ServiceNow)'
chatops\t'Chat operations (Slack, Teams)'
identity\t'Identity providers (Okta)'
cloud\t'Cloud platforms (AWS)'
storage\t'Storage'
security\t'Other security tooling (the default)'
observability\t'Observability (Datadog)'"
complete -c cavra -n "__fish_cavra_using_subcommand integration; and __fish_seen_subcommand_from add" -l status -d 'Life-cycle state' -r -f -a "planned\t'Wanted, not set up yet (the default)'
configured\t'Set up, not in use yet'
active\t'In use'
paused\t'Temporarily stopped'
disabled\t'Switched off (also set when a destination answers 410 Gone)'"
complete -c cavra -n "__fish_cavra_using_subcommand integration; and __fish_seen_subcommand_from add" -l health-status -d 'Last known health' -r -f -a "unknown\t'Checked, but the result is unknown'
healthy\t'The last check or delivery succeeded'
degraded\t'Working with problems'
failed\t'The last check or delivery failed'
not_checked\t'Never checked (the default)'"
complete -c cavra -n "__fish_cavra_using_subcommand integration; and __fish_seen_subcommand_from add" -l owner -d 'Owning team [add default: platform-security]' -r
complete -c cavra -n "__fish_cavra_using_subcommand integration; and __fish_seen_subcommand_from add" -l environment -d 'Environment [add default: global]' -r
complete -c cavra -n "__fish_cavra_using_subcommand integration; and __fish_seen_subcommand_from add" -l auth-mode -d 'How it authenticates: a mode name such as token_env, oauth_client_credentials, none (never a secret)' -r
complete -c cavra -n "__fish_cavra_using_subcommand integration; and __fish_seen_subcommand_from add" -l endpoint-ref -d 'Opaque reference to where it lives (never a URL holding a secret)' -r
complete -c cavra -n "__fish_cavra_using_subcommand integration; and __fish_seen_subcommand_from add" -l last-checked-at -d 'When it was last checked (RFC 3339)' -r
complete -c cavra -n "__fish_cavra_using_subcommand integration; and __fish_seen_subcommand_from add" -l capability -d 'Capabilities (repeat or separate with commas)' -r
complete -c cavra -n "__fish_cavra_using_subcommand integration; and __fish_seen_subcommand_from add" -l repository -d 'Repositories it serves (repeat or separate with commas)' -r
complete -c cavra -n "__fish_cavra_using_subcommand integration; and __fish_seen_subcommand_from add" -l evidence-ref -d 'References to evidence about it (repeat or separate with commas)' -r
complete -c cavra -n "__fish_cavra_using_subcommand integration; and __fish_seen_subcommand_from add" -l format -d 'Output format [default: table on a terminal, json otherwise]' -r -f -a "table\t'Aligned columns for people (the default on a terminal)'
text\t'Plain lines for people; the same as table where a command has no text form'
json\t'Pretty JSON, a versioned contract naming its schema in `schema` (`cavra schema show NAME` prints it); the default when stdout is not a terminal'
ndjson\t'One compact JSON value per line'
markdown\t'A Markdown table, for pull-request comments and $GITHUB_STEP_SUMMARY'"
complete -c cavra -n "__fish_cavra_using_subcommand integration; and __fish_seen_subcommand_from add" -s C -l repo -d 'Run as if cavra was started in DIR (relative paths are then relative to DIR)' -r -F
complete -c cavra -n "__fish_cavra_using_subcommand integration; and __fish_seen_subcommand_from add" -l color -d 'When to colour messages on stderr' -r -f -a "auto\t'Colour when stderr is a terminal and NO_COLOR is unset'
always\t'Always colour'
never\t'Never colour'"
complete -c cavra -n "__fish_cavra_using_subcommand integration; and __fish_seen_subcommand_from add" -l upsert -d 'Replace the record when the id already exists (keeps created_at)'
complete -c cavra -n "__fish_cavra_using_subcommand integration; and __fish_seen_subcommand_from add" -s q -l quiet -d 'Print no status messages on stderr (errors still appear)'
complete -c cavra -n "__fish_cavra_using_subcommand integration; and __fish_seen_subcommand_from add" -s v -l verbose -d 'Print detail on stderr: repository, store paths, time taken (-vv: the same)'
complete -c cavra -n "__fish_cavra_using_subcommand integration; and __fish_seen_subcommand_from add" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c cavra -n "__fish_cavra_using_subcommand integration; and __fish_seen_subcommand_from update" -l provider -d 'The system integrated with' -r
complete -c cavra -n "__fish_cavra_using_subcommand integration; and __fish_seen_subcommand_from update" -l name -d 'Display name [add default: the provider]' -r
complete -c cavra -n "__fish_cavra_using_subcommand integration; and __fish_seen_subcommand_from update" -l category -d 'Kind of system' -r -f -a "source_control\t'Source control (GitHub, GitLab)'
ci_cd\t'CI/CD pipelines'
siem\t'Security information and event management (Splunk, Sentinel)'
itsm\t'IT service management (Jira, ServiceNow)'
chatops\t'Chat operations (Slack, Teams)'
identity\t'Identity providers (Okta)'
cloud\t'Cloud platforms (AWS)'
storage\t'Storage'
security\t'Other security tooling (the default)'
observability\t'Observability (Datadog)'"
complete -c cavra -n "__fish_cavra_using_subcommand integration; and __fish_seen_subcommand_from update" -l status -d 'Life-cycle state' -r -f -a "planned\t'Wanted, not set up yet (the default)'
configured\t'Set up, not in use yet'
active\t'In use'
paused\t'Temporarily stopped'
disabled\t'Switched off (also set when a destination answers 410 Gone)'"
complete -c cavra -n "__fish_cavra_using_subcommand integration; and __fish_seen_subcommand_from update" -l health-status -d 'Last known health' -r -f -a "unknown\t'Checked, but the result is unknown'
healthy\t'The last check or delivery succeeded'
degraded\t'Working with problems'
failed\t'The last check or delivery failed'
not_checked\t'Never checked (the default)'"
complete -c cavra -n "__fish_cavra_using_subcommand integration; and __fish_seen_subcommand_from update" -l owner -d 'Owning team [add default: platform-security]' -r
complete -c cavra -n "__fish_cavra_using_subcommand integration; and __fish_seen_subcommand_from update" -l environment -d 'Environment [add default: global]' -r
complete -c cavra -n "__fish_cavra_using_subcommand integration; and __fish_seen_subcommand_from update" -l auth-mode -d 'How it authenticates: a mode name such as token_env, oauth_client_credentials, none (never a secret)' -r
complete -c cavra -n "__fish_cavra_using_subcommand integration; and __fish_seen_subcommand_from update" -l endpoint-ref -d 'Opaque reference to where it lives (never a URL holding a secret)' -r
complete -c cavra -n "__fish_cavra_using_subcommand integration; and __fish_seen_subcommand_from update" -l last-checked-at -d 'When it was last checked (RFC 3339)' -r
complete -c cavra -n "__fish_cavra_using_subcommand integration; and __fish_seen_subcommand_from update" -l capability -d 'Capabilities (repeat or separate with commas)' -r
complete -c cavra -n "__fish_cavra_using_subcommand integration; and __fish_seen_subcommand_from update" -l repository -d 'Repositories it serves (repeat or separate with commas)' -r
complete -c cavra -n "__fish_cavra_using_subcommand integration; and __fish_seen_subcommand_from update" -l evidence-ref -d 'References to evidence about it (repeat or separate with commas)' -r
complete -c cavra -n "__fish_cavra_using_subcommand integration; and __fish_seen_subcommand_from update" -l format -d 'Output format [default: table on a terminal, json otherwise]' -r -f -a "table\t'Aligned columns for people (the default on a terminal)'
text\t'Plain lines for people; the same as table where a command has no text form'
json\t'Pretty JSON, a versioned contract naming its schema in `schema` (`cavra schema show NAME` prints it); the default when stdout is not a terminal'
ndjson\t'One compact JSON value per line'
markdown\t'A Markdown table, for pull-request comments and $GITHUB_STEP_SUMMARY'"
complete -c cavra -n "__fish_cavra_using_subcommand integration; and __fish_seen_subcommand_from update" -s C -l repo -d 'Run as if cavra was started in DIR (relative paths are then relative to DIR)' -r -F
complete -c cavra -n "__fish_cavra_using_subcommand integration; and __fish_seen_subcommand_from update" -l color -d 'When to colour messages on stderr' -r -f -a "auto\t'Colour when stderr is a terminal and NO_COLOR is unset'
always\t'Always colour'
never\t'Never colour'"
complete -c cavra -n "__fish_cavra_using_subcommand integration; and __fish_seen_subcommand_from update" -s q -l quiet -d 'Print no status messages on stderr (errors still appear)'
complete -c cavra -n "__fish_cavra_using_subcommand integration; and __fish_seen_subcommand_from update" -s v -l verbose -d 'Print detail on stderr: repository, store paths, time taken (-vv: the same)'
complete -c cavra -n "__fish_cavra_using_subcommand integration; and __fish_seen_subcommand_from update" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c cavra -n "__fish_cavra_using_subcommand integration; and __fish_seen_subcommand_from remove" -l format -d 'Output format [default: table on a terminal, json otherwise]' -r -f -a "table\t'Aligned columns for people (the default on a terminal)'
text\t'Plain lines for people; the same as table where a command has no text form'
json\t'Pretty JSON, a versioned contract naming its schema in `schema` (`cavra schema show NAME` prints it); the default when stdout is not a terminal'
ndjson\t'One compact JSON value per line'
markdown\t'A Markdown table, for pull-request comments and $GITHUB_STEP_SUMMARY'"
complete -c cavra -n "__fish_cavra_using_subcommand integration; and __fish_seen_subcommand_from remove" -s C -l repo -d 'Run as if cavra was started in DIR (relative paths are then relative to DIR)' -r -F
complete -c cavra -n "__fish_cavra_using_subcommand integration; and __fish_seen_subcommand_from remove" -l color -d 'When to colour messages on stderr' -r -f -a "auto\t'Colour when stderr is a terminal and NO_COLOR is unset'
always\t'Always colour'
never\t'Never colour'"
complete -c cavra -n "__fish_cavra_using_subcommand integration; and __fish_seen_subcommand_from remove" -s q -l quiet -d 'Print no status messages on stderr (errors still appear)'
complete -c cavra -n "__fish_cavra_using_subcommand integration; and __fish_seen_subcommand_from remove" -s v -l verbose -d 'Print detail on stderr: repository, store paths, time taken (-vv: the same)'
complete -c cavra -n "__fish_cavra_using_subcommand integration; and __fish_seen_subcommand_from remove" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c cavra -n "__fish_cavra_using_subcommand integration; and __fish_seen_subcommand_from list" -l provider -d 'Only these providers (repeat or separate with commas)' -r
complete -c cavra -n "__fish_cavra_using_subcommand integration; and __fish_seen_subcommand_from list" -l category -d 'Only these categories (repeat or separate with commas)' -r -f -a "source_control\t'Source control (GitHub, GitLab)'
ci_cd\t'CI/CD pipelines'
siem\t'Security information and event management (Splunk, Sentinel)'
itsm\t'IT service management (Jira, ServiceNow)'
chatops\t'Chat operations (Slack, Teams)'
identity\t'Identity providers (Okta)'
cloud\t'Cloud platforms (AWS)'
storage\t'Storage'
security\t'Other security tooling (the default)'
observability\t'Observability (Datadog)'"
complete -c cavra -n "__fish_cavra_using_subcommand integration; and __fish_seen_subcommand_from list" -l status -d 'Only these statuses (repeat or separate with commas)' -r -f -a "planned\t'Wanted, not set up yet (the default)'
configured\t'Set up, not in use yet'
active\t'In use'
paused\t'Temporarily stopped'
disabled\t'Switched off (also set when a destination answers 410 Gone)'"
complete -c cavra -n "__fish_cavra_using_subcommand integration; and __fish_seen_subcommand_from list" -l owner -d 'Only these owners (repeat or separate with commas)' -r
complete -c cavra -n "__fish_cavra_using_subcommand integration; and __fish_seen_subcommand_from list" -l environment -d 'Only these environments (repeat or separate with commas)' -r
complete -c cavra -n "__fish_cavra_using_subcommand integration; and __fish_seen_subcommand_from list" -l health-status -d 'Only these health statuses (repeat or separate with commas)' -r -f -a "unknown\t'Checked, but the result is unknown'
healthy\t'The last check or delivery succeeded'
degraded\t'Working with problems'
failed\t'The last check or delivery failed'
not_checked\t'Never checked (the default)'"
complete -c cavra -n "__fish_cavra_using_subcommand integration; and __fish_seen_subcommand_from list" -l format -d 'Output format [default: table on a terminal, json otherwise]' -r -f -a "table\t'Aligned columns for people (the default on a terminal)'
text\t'Plain lines for people; the same as table where a command has no text form'
json\t'Pretty JSON, a versioned contract naming its schema in `schema` (`cavra schema show NAME` prints it); the default when stdout is not a terminal'
ndjson\t'One compact JSON value per line'
markdown\t'A Markdown table, for pull-request comments and $GITHUB_STEP_SUMMARY'"
complete -c cavra -n "__fish_cavra_using_subcommand integration; and __fish_seen_subcommand_from list" -s C -l repo -d 'Run as if cavra was started in DIR (relative paths are then relative to DIR)' -r -F
complete -c cavra -n "__fish_cavra_using_subcommand integration; and __fish_seen_subcommand_from list" -l color -d 'When to colour messages on stderr' -r -f -a "auto\t'Colour when stderr is a terminal and NO_COLOR is unset'
always\t'Always colour'
never\t'Never colour'"
complete -c cavra -n "__fish_cavra_using_subcommand integration; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Print no status messages on stderr (errors still appear)'
complete -c cavra -n "__fish_cavra_using_subcommand integration; and __fish_seen_subcommand_from list" -s v -l verbose -d 'Print detail on stderr: repository, store paths, time taken (-vv: the same)'
complete -c cavra -n "__fish_cavra_using_subcommand integration; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c cavra -n "__fish_cavra_using_subcommand integration; and __fish_seen_subcommand_from show" -l format -d 'Output format [default: table on a terminal, json otherwise]' -r -f -a "table\t'Aligned columns for people (the default on a terminal)'
text\t'Plain lines for people; the same as table where a command has no text form'
json\t'Pretty JSON, a versioned contract naming its schema in `schema` (`cavra schema show NAME` prints it); the default when stdout is not a terminal'
ndjson\t'One compact JSON value per line'
markdown\t'A Markdown table, for pull-request comments and $GITHUB_STEP_SUMMARY'"
complete -c cavra -n "__fish_cavra_using_subcommand integration; and __fish_seen_subcommand_from show" -s C -l repo -d 'Run as if cavra was started in DIR (relative paths are then relative to DIR)' -r -F
complete -c cavra -n "__fish_cavra_using_subcommand integration; and __fish_seen_subcommand_from show" -l color -d 'When to colour messages on stderr' -r -f -a "auto\t'Colour when stderr is a terminal and NO_COLOR is unset'
always\t'Always colour'
never\t'Never colour'"
complete -c cavra -n "__fish_cavra_using_subcommand integration; and __fish_seen_subcommand_from show" -s q -l quiet -d 'Print no status messages on stderr (errors still appear)'
complete -c cavra -n "__fish_cavra_using_subcommand integration; and __fish_seen_subcommand_from show" -s v -l verbose -d 'Print detail on stderr: repository, store paths, time taken (-vv: the same)'
complete -c cavra -n "__fish_cavra_using_subcommand integration; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c cavra -n "__fish_cavra_using_subcommand integration; and __fish_seen_subcommand_from import" -l format -d 'Output format [default: table on a terminal, json otherwise]' -r -f -a "table\t'Aligned columns for people (the default on a terminal)'
text\t'Plain lines for people; the same as table where a command has no text form'
json\t'Pretty JSON, a versioned contract naming its schema in `schema` (`cavra schema show NAME` prints it); the default when stdout is not a terminal'
ndjson\t'One compact JSON value per line'
markdown\t'A Markdown table, for pull-request comments and $GITHUB_STEP_SUMMARY'"
complete -c cavra -n "__fish_cavra_using_subcommand integration; and __fish_seen_subcommand_from import" -s C -l repo -d 'Run as if cavra was started in DIR (relative paths are then relative to DIR)' -r -F
complete -c cavra -n "__fish_cavra_using_subcommand integration; and __fish_seen_subcommand_from import" -l color -d 'When to colour messages on stderr' -r -f -a "auto\t'Colour when stderr is a terminal and NO_COLOR is unset'
always\t'Always colour'
never\t'Never colour'"
complete -c cavra -n "__fish_cavra_using_subcommand integration; and __fish_seen_subcommand_from import" -l upsert -d 'Replace existing records with the file\'s (created_at is kept)'
complete -c cavra -n "__fish_cavra_using_subcommand integration; and __fish_seen_subcommand_from import" -s q -l quiet -d 'Print no status messages on stderr (errors still appear)'
complete -c cavra -n "__fish_cavra_using_subcommand integration; and __fish_seen_subcommand_from import" -s v -l verbose -d 'Print detail on stderr: repository, store paths, time taken (-vv: the same)'
complete -c cavra -n "__fish_cavra_using_subcommand integration; and __fish_seen_subcommand_from import" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c cavra -n "__fish_cavra_using_subcommand integration; and __fish_seen_subcommand_from deliver" -l config -d 'Connector configuration [default: .cavra/connectors.json, or CAVRA_CONNECTOR_CONFIG]' -r -F
complete -c cavra -n "__fish_cavra_using_subcommand integration; and __fish_seen_subcommand_from deliver" -l provider -d 'Connectors to deliver to, by name or provider: all, or a comma-separated list' -r
complete -c cavra -n "__fish_cavra_using_subcommand integration; and __fish_seen_subcommand_from deliver" -l integration -d 'The integration whose health follows this delivery [default: each connector\'s integration_id]' -r
complete -c cavra -n "__fish_cavra_using_subcommand integration; and __fish_seen_subcommand_from deliver" -l retries -d 'Retries after the first attempt' -r
complete -c cavra -n "__fish_cavra_using_subcommand integration; and __fish_seen_subcommand_from deliver" -l timeout-seconds -d 'Total time allowed for one request, connect included' -r
complete -c cavra -n "__fish_cavra_using_subcommand integration; and __fish_seen_subcommand_from deliver" -l output -d 'Write the delivery evidence into this directory (never overwriting)' -r -F
complete -c cavra -n "__fish_cavra_using_subcommand integration; and __fish_seen_subcommand_from deliver" -l metadata-json -d 'Evidence metadata ledger [default: .cavra/evidence/metadata/]' -r -F
complete -c cavra -n "__fish_cavra_using_subcommand integration; and __fish_seen_subcommand_from deliver" -l format -d 'Output format [default: table on a terminal, json otherwise]' -r -f -a "table\t'Aligned columns for people (the default on a terminal)'
text\t'Plain lines for people; the same as table where a command has no text form'
json\t'Pretty JSON, a versioned contract naming its schema in `schema` (`cavra schema show NAME` prints it); the default when stdout is not a terminal'
ndjson\t'One compact JSON value per line'
markdown\t'A Markdown table, for pull-request comments and $GITHUB_STEP_SUMMARY'"
complete -c cavra -n "__fish_cavra_using_subcommand integration; and __fish_seen_subcommand_from deliver" -s C -l repo -d 'Run as if cavra was started in DIR (relative paths are then relative to DIR)' -r -F
complete -c cavra -n "__fish_cavra_using_subcommand integration; and __fish_seen_subcommand_from deliver" -l color -d 'When to colour messages on stderr' -r -f -a "auto\t'Colour when stderr is a terminal and NO_COLOR is unset'
always\t'Always colour'
never\t'Never colour'"
complete -c cavra -n "__fish_cavra_using_subcommand integration; and __fish_seen_subcommand_from deliver" -l dry-run -d 'Print the exact requests (secrets masked) and send nothing; unset variables show as ${VAR}'
complete -c cavra -n "__fish_cavra_using_subcommand integration; and __fish_seen_subcommand_from deliver" -l include-disabled -d 'Send to connectors that say enabled: false, or whose integration is disabled, too'
complete -c cavra -n "__fish_cavra_using_subcommand integration; and __fish_seen_subcommand_from deliver" -l allow-failure -d 'Exit 0 even when a delivery failed (the evidence still says so)'
complete -c cavra -n "__fish_cavra_using_subcommand integration; and __fish_seen_subcommand_from deliver" -s q -l quiet -d 'Print no status messages on stderr (errors still appear)'
complete -c cavra -n "__fish_cavra_using_subcommand integration; and __fish_seen_subcommand_from deliver" -s v -l verbose -d 'Print detail on stderr: repository, store paths, time taken (-vv: the same)'
complete -c cavra -n "__fish_cavra_using_subcommand integration; and __fish_seen_subcommand_from deliver" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c cavra -n "__fish_cavra_using_subcommand integration; and __fish_seen_subcommand_from help" -f -a "add" -d 'Add an integration to the inventory'
complete -c cavra -n "__fish_cavra_using_subcommand integration; and __fish_seen_subcommand_from help" -f -a "update" -d 'Change fields of an integration (only those given)'
complete -c cavra -n "__fish_cavra_using_subcommand integration; and __fish_seen_subcommand_from help" -f -a "remove" -d 'Remove an integration from the inventory'
complete -c cavra -n "__fish_cavra_using_subcommand integration; and __fish_seen_subcommand_from help" -f -a "list" -d 'List integrations, sorted by integration_id'
complete -c cavra -n "__fish_cavra_using_subcommand integration; and __fish_seen_subcommand_from help" -f -a "show" -d 'Show one integration by its integration_id'
complete -c cavra -n "__fish_cavra_using_subcommand integration; and __fish_seen_subcommand_from help" -f -a "import" -d 'Import integrations from a file (JSON array, NDJSON, one object, or a cavra store file)'
complete -c cavra -n "__fish_cavra_using_subcommand integration; and __fish_seen_subcommand_from help" -f -a "deliver" -d 'Deliver an evidence event to the configured connectors'
complete -c cavra -n "__fish_cavra_using_subcommand integration; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c cavra -n "__fish_cavra_using_subcommand validate" -l base -d 'Anchor ledgers to this revision instead of HEAD: every line it committed must still be there (for CI on a pull request)' -r
complete -c cavra -n "__fish_cavra_using_subcommand validate" -l format -d 'Output format [default: table on a terminal, json otherwise]' -r -f -a "table\t'Aligned columns for people (the default on a terminal)'
text\t'Plain lines for people; the same as table where a command has no text form'
json\t'Pretty JSON, a versioned contract naming its schema in `schema` (`cavra schema show NAME` prints it); the default when stdout is not a terminal'
ndjson\t'One compact JSON value per line'
markdown\t'A Markdown table, for pull-request comments and $GITHUB_STEP_SUMMARY'
github\t'GitHub Actions annotations (validate only)'
sarif\t'SARIF 2.1.0, for GitHub code scanning and other SARIF readers (validate only)'"
complete -c cavra -n "__fish_cavra_using_subcommand validate" -s C -l repo -d 'Run as if cavra was started in DIR (relative paths are then relative to DIR)' -r -F
complete -c cavra -n "__fish_cavra_using_subcommand validate" -l color -d 'When to colour messages on stderr' -r -f -a "auto\t'Colour when stderr is a terminal and NO_COLOR is unset'
always\t'Always colour'
never\t'Never colour'"
complete -c cavra -n "__fish_cavra_using_subcommand validate" -l staged -d 'Check the stores as staged in the index git is committing (GIT_INDEX_FILE when set) instead of the work tree'
complete -c cavra -n "__fish_cavra_using_subcommand validate" -s q -l quiet -d 'Print no status messages on stderr (errors still appear)'
complete -c cavra -n "__fish_cavra_using_subcommand validate" -s v -l verbose -d 'Print detail on stderr: repository, store paths, time taken (-vv: the same)'
complete -c cavra -n "__fish_cavra_using_subcommand validate" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c cavra -n "__fish_cavra_using_subcommand reseal" -l format -d 'Output format [default: table on a terminal, json otherwise]' -r -f -a "table\t'Aligned columns for people (the default on a terminal)'
text\t'Plain lines for people; the same as table where a command has no text form'
json\t'Pretty JSON, a versioned contract naming its schema in `schema` (`cavra schema show NAME` prints it); the default when stdout is not a terminal'
ndjson\t'One compact JSON value per line'
markdown\t'A Markdown table, for pull-request comments and $GITHUB_STEP_SUMMARY'"
complete -c cavra -n "__fish_cavra_using_subcommand reseal" -s C -l repo -d 'Run as if cavra was started in DIR (relative paths are then relative to DIR)' -r -F
complete -c cavra -n "__fish_cavra_using_subcommand reseal" -l color -d 'When to colour messages on stderr' -r -f -a "auto\t'Colour when stderr is a terminal and NO_COLOR is unset'
always\t'Always colour'
never\t'Never colour'"
complete -c cavra -n "__fish_cavra_using_subcommand reseal" -s q -l quiet -d 'Print no status messages on stderr (errors still appear)'
complete -c cavra -n "__fish_cavra_using_subcommand reseal" -s v -l verbose -d 'Print detail on stderr: repository, store paths, time taken (-vv: the same)'
complete -c cavra -n "__fish_cavra_using_subcommand reseal" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c cavra -n "__fish_cavra_using_subcommand diff" -l format -d 'Output format [default: table on a terminal, json otherwise]' -r -f -a "table\t'Aligned columns for people (the default on a terminal)'
text\t'Plain lines for people; the same as table where a command has no text form'
json\t'Pretty JSON, a versioned contract naming its schema in `schema` (`cavra schema show NAME` prints it); the default when stdout is not a terminal'
ndjson\t'One compact JSON value per line'
markdown\t'A Markdown table, for pull-request comments and $GITHUB_STEP_SUMMARY'"
complete -c cavra -n "__fish_cavra_using_subcommand diff" -s C -l repo -d 'Run as if cavra was started in DIR (relative paths are then relative to DIR)' -r -F
complete -c cavra -n "__fish_cavra_using_subcommand diff" -l color -d 'When to colour messages on stderr' -r -f -a "auto\t'Colour when stderr is a terminal and NO_COLOR is unset'
always\t'Always colour'
never\t'Never colour'"
complete -c cavra -n "__fish_cavra_using_subcommand diff" -l exit-code -d 'Exit with 1 when there are changes, 0 when there are none (like `git diff --exit-code`)'
complete -c cavra -n "__fish_cavra_using_subcommand diff" -s q -l quiet -d 'Print no status messages on stderr (errors still appear)'
complete -c cavra -n "__fish_cavra_using_subcommand diff" -s v -l verbose -d 'Print detail on stderr: repository, store paths, time taken (-vv: the same)'
complete -c cavra -n "__fish_cavra_using_subcommand diff" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c cavra -n "__fish_cavra_using_subcommand git; and not __fish_seen_subcommand_from install merge-driver help" -l format -d 'Output format [default: table on a terminal, json otherwise]' -r -f -a "table\t'Aligned columns for people (the default on a terminal)'
text\t'Plain lines for people; the same as table where a command has no text form'
json\t'Pretty JSON, a versioned contract naming its schema in `schema` (`cavra schema show NAME` prints it); the default when stdout is not a terminal'
ndjson\t'One compact JSON value per line'
markdown\t'A Markdown table, for pull-request comments and $GITHUB_STEP_SUMMARY'"
complete -c cavra -n "__fish_cavra_using_subcommand git; and not __fish_seen_subcommand_from install merge-driver help" -s C -l repo -d 'Run as if cavra was started in DIR (relative paths are then relative to DIR)' -r -F
complete -c cavra -n "__fish_cavra_using_subcommand git; and not __fish_seen_subcommand_from install merge-driver help" -l color -d 'When to colour messages on stderr' -r -f -a "auto\t'Colour when stderr is a terminal and NO_COLOR is unset'
always\t'Always colour'
never\t'Never colour'"
complete -c cavra -n "__fish_cavra_using_subcommand git; and not __fish_seen_subcommand_from install merge-driver help" -s q -l quiet -d 'Print no status messages on stderr (errors still appear)'
complete -c cavra -n "__fish_cavra_using_subcommand git; and not __fish_seen_subcommand_from install merge-driver help" -s v -l verbose -d 'Print detail on stderr: repository, store paths, time taken (-vv: the same)'
complete -c cavra -n "__fish_cavra_using_subcommand git; and not __fish_seen_subcommand_from install merge-driver help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c cavra -n "__fish_cavra_using_subcommand git; and not __fish_seen_subcommand_from install merge-driver help" -f -a "install" -d 'Install the merge driver (.gitattributes, local config) and the commit hooks'
complete -c cavra -n "__fish_cavra_using_subcommand git; and not __fish_seen_subcommand_from install merge-driver help" -f -a "merge-driver" -d 'Merge one store for git (called by git as `cavra git merge-driver %O %A %B %P`)'
complete -c cavra -n "__fish_cavra_using_subcommand git; and not __fish_seen_subcommand_from install merge-driver help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c cavra -n "__fish_cavra_using_subcommand git; and __fish_seen_subcommand_from install" -l format -d 'Output format [default: table on a terminal, json otherwise]' -r -f -a "table\t'Aligned columns for people (the default on a terminal)'
text\t'Plain lines for people; the same as table where a command has no text form'
json\t'Pretty JSON, a versioned contract naming its schema in `schema` (`cavra schema show NAME` prints it); the default when stdout is not a terminal'
ndjson\t'One compact JSON value per line'
markdown\t'A Markdown table, for pull-request comments and $GITHUB_STEP_SUMMARY'"
complete -c cavra -n "__fish_cavra_using_subcommand git; and __fish_seen_subcommand_from install" -s C -l repo -d 'Run as if cavra was started in DIR (relative paths are then relative to DIR)' -r -F
complete -c cavra -n "__fish_cavra_using_subcommand git; and __fish_seen_subcommand_from install" -l color -d 'When to colour messages on stderr' -r -f -a "auto\t'Colour when stderr is a terminal and NO_COLOR is unset'
always\t'Always colour'
never\t'Never colour'"
complete -c cavra -n "__fish_cavra_using_subcommand git; and __fish_seen_subcommand_from install" -s q -l quiet -d 'Print no status messages on stderr (errors still appear)'
complete -c cavra -n "__fish_cavra_using_subcommand git; and __fish_seen_subcommand_from install" -s v -l verbose -d 'Print detail on stderr: repository, store paths, time taken (-vv: the same)'
complete -c cavra -n "__fish_cavra_using_subcommand git; and __fish_seen_subcommand_from install" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c cavra -n "__fish_cavra_using_subcommand git; and __fish_seen_subcommand_from merge-driver" -l format -d 'Output format [default: table on a terminal, json otherwise]' -r -f -a ""
complete -c cavra -n "__fish_cavra_using_subcommand git; and __fish_seen_subcommand_from merge-driver" -s C -l repo -d 'Run as if cavra was started in DIR (relative paths are then relative to DIR)' -r -F
complete -c cavra -n "__fish_cavra_using_subcommand git; and __fish_seen_subcommand_from merge-driver" -l color -d 'When to colour messages on stderr' -r -f -a "auto\t'Colour when stderr is a terminal and NO_COLOR is unset'
always\t'Always colour'
never\t'Never colour'"
complete -c cavra -n "__fish_cavra_using_subcommand git; and __fish_seen_subcommand_from merge-driver" -s q -l quiet -d 'Print no status messages on stderr (errors still appear)'
complete -c cavra -n "__fish_cavra_using_subcommand git; and __fish_seen_subcommand_from merge-driver" -s v -l verbose -d 'Print detail on stderr: repository, store paths, time taken (-vv: the same)'
complete -c cavra -n "__fish_cavra_using_subcommand git; and __fish_seen_subcommand_from merge-driver" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c cavra -n "__fish_cavra_using_subcommand git; and __fish_seen_subcommand_from help" -f -a "install" -d 'Install the merge driver (.gitattributes, local config) and the commit hooks'
complete -c cavra -n "__fish_cavra_using_subcommand git; and __fish_seen_subcommand_from help" -f -a "merge-driver" -d 'Merge one store for git (called by git as `cavra git merge-driver %O %A %B %P`)'
complete -c cavra -n "__fish_cavra_using_subcommand git; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c cavra -n "__fish_cavra_using_subcommand ops; and not __fish_seen_subcommand_from stores backup restore retention-plan hold repair migrate help" -l format -d 'Output format [default: table on a terminal, json otherwise]' -r -f -a "table\t'Aligned columns for people (the default on a terminal)'
text\t'Plain lines for people; the same as table where a command has no text form'
json\t'Pretty JSON, a versioned contract naming its schema in `schema` (`cavra schema show NAME` prints it); the default when stdout is not a terminal'
ndjson\t'One compact JSON value per line'
markdown\t'A Markdown table, for pull-request comments and $GITHUB_STEP_SUMMARY'"
complete -c cavra -n "__fish_cavra_using_subcommand ops; and not __fish_seen_subcommand_from stores backup restore retention-plan hold repair migrate help" -s C -l repo -d 'Run as if cavra was started in DIR (relative paths are then relative to DIR)' -r -F
complete -c cavra -n "__fish_cavra_using_subcommand ops; and not __fish_seen_subcommand_from stores backup restore retention-plan hold repair migrate help" -l color -d 'When to colour messages on stderr' -r -f -a "auto\t'Colour when stderr is a terminal and NO_COLOR is unset'
always\t'Always colour'
never\t'Never colour'"
complete -c cavra -n "__fish_cavra_using_subcommand ops; and not __fish_seen_subcommand_from stores backup restore retention-plan hold repair migrate help" -s q -l quiet -d 'Print no status messages on stderr (errors still appear)'
complete -c cavra -n "__fish_cavra_using_subcommand ops; and not __fish_seen_subcommand_from stores backup restore retention-plan hold repair migrate help" -s v -l verbose -d 'Print detail on stderr: repository, store paths, time taken (-vv: the same)'
complete -c cavra -n "__fish_cavra_using_subcommand ops; and not __fish_seen_subcommand_from stores backup restore retention-plan hold repair migrate help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c cavra -n "__fish_cavra_using_subcommand ops; and not __fish_seen_subcommand_from stores backup restore retention-plan hold repair migrate help" -f -a "stores" -d 'List every store: kind, path, who configured it, records, size, integrity'
complete -c cavra -n "__fish_cavra_using_subcommand ops; and not __fish_seen_subcommand_from stores backup restore retention-plan hold repair migrate help" -f -a "backup" -d 'Copy every store into DIR with a checksummed manifest'
complete -c cavra -n "__fish_cavra_using_subcommand ops; and not __fish_seen_subcommand_from stores backup restore retention-plan hold repair migrate help" -f -a "restore" -d 'Restore stores from a backup manifest or a git revision (all or nothing)'
complete -c cavra -n "__fish_cavra_using_subcommand ops; and not __fish_seen_subcommand_from stores backup restore retention-plan hold repair migrate help" -f -a "retention-plan" -d 'Write a retention plan (JSON and Markdown): what is kept, protected, and expires when'
complete -c cavra -n "__fish_cavra_using_subcommand ops; and not __fish_seen_subcommand_from stores backup restore retention-plan hold repair migrate help" -f -a "hold" -d 'Set or lift a legal hold (the workspace\'s, or a tenant\'s), recorded in the evidence ledger'
complete -c cavra -n "__fish_cavra_using_subcommand ops; and not __fish_seen_subcommand_from stores backup restore retention-plan hold repair migrate help" -f -a "repair" -d 'Truncate torn ledger tails (never acknowledged); report every other problem'
complete -c cavra -n "__fish_cavra_using_subcommand ops; and not __fish_seen_subcommand_from stores backup restore retention-plan hold repair migrate help" -f -a "migrate" -d 'Rewrite existing stores once to the current layout (table records key first, ledgers in segments)'
complete -c cavra -n "__fish_cavra_using_subcommand ops; and not __fish_seen_subcommand_from stores backup restore retention-plan hold repair migrate help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c cavra -n "__fish_cavra_using_subcommand ops; and __fish_seen_subcommand_from stores" -l format -d 'Output format [default: table on a terminal, json otherwise]' -r -f -a "table\t'Aligned columns for people (the default on a terminal)'
text\t'Plain lines for people; the same as table where a command has no text form'
json\t'Pretty JSON, a versioned contract naming its schema in `schema` (`cavra schema show NAME` prints it); the default when stdout is not a terminal'
ndjson\t'One compact JSON value per line'
markdown\t'A Markdown table, for pull-request comments and $GITHUB_STEP_SUMMARY'"
complete -c cavra -n "__fish_cavra_using_subcommand ops; and __fish_seen_subcommand_from stores" -s C -l repo -d 'Run as if cavra was started in DIR (relative paths are then relative to DIR)' -r -F
complete -c cavra -n "__fish_cavra_using_subcommand ops; and __fish_seen_subcommand_from stores" -l color -d 'When to colour messages on stderr' -r -f -a "auto\t'Colour when stderr is a terminal and NO_COLOR is unset'
always\t'Always colour'
never\t'Never colour'"
complete -c cavra -n "__fish_cavra_using_subcommand ops; and __fish_seen_subcommand_from stores" -s q -l quiet -d 'Print no status messages on stderr (errors still appear)'
complete -c cavra -n "__fish_cavra_using_subcommand ops; and __fish_seen_subcommand_from stores" -s v -l verbose -d 'Print detail on stderr: repository, store paths, time taken (-vv: the same)'
complete -c cavra -n "__fish_cavra_using_subcommand ops; and __fish_seen_subcommand_from stores" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c cavra -n "__fish_cavra_using_subcommand ops; and __fish_seen_subcommand_from backup" -l output -d 'The backup directory (created when absent)' -r -F
complete -c cavra -n "__fish_cavra_using_subcommand ops; and __fish_seen_subcommand_from backup" -l format -d 'Output format [default: table on a terminal, json otherwise]' -r -f -a "table\t'Aligned columns for people (the default on a terminal)'
text\t'Plain lines for people; the same as table where a command has no text form'
json\t'Pretty JSON, a versioned contract naming its schema in `schema` (`cavra schema show NAME` prints it); the default when stdout is not a terminal'
ndjson\t'One compact JSON value per line'
markdown\t'A Markdown table, for pull-request comments and $GITHUB_STEP_SUMMARY'"
complete -c cavra -n "__fish_cavra_using_subcommand ops; and __fish_seen_subcommand_from backup" -s C -l repo -d 'Run as if cavra was started in DIR (relative paths are then relative to DIR)' -r -F
complete -c cavra -n "__fish_cavra_using_subcommand ops; and __fish_seen_subcommand_from backup" -l color -d 'When to colour messages on stderr' -r -f -a "auto\t'Colour when stderr is a terminal and NO_COLOR is unset'
always\t'Always colour'
never\t'Never colour'"
complete -c cavra -n "__fish_cavra_using_subcommand ops; and __fish_seen_subcommand_from backup" -s q -l quiet -d 'Print no status messages on stderr (errors still appear)'
complete -c cavra -n "__fish_cavra_using_subcommand ops; and __fish_seen_subcommand_from backup" -s v -l verbose -d 'Print detail on stderr: repository, store paths, time taken (-vv: the same)'
complete -c cavra -n "__fish_cavra_using_subcommand ops; and __fish_seen_subcommand_from backup" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c cavra -n "__fish_cavra_using_subcommand ops; and __fish_seen_subcommand_from restore" -l from-rev -d 'Restore the stores as they were at this git revision instead' -r
complete -c cavra -n "__fish_cavra_using_subcommand ops; and __fish_seen_subcommand_from restore" -l target-dir -d 'Restore under this directory instead of the repository' -r -F
complete -c cavra -n "__fish_cavra_using_subcommand ops; and __fish_seen_subcommand_from restore" -l format -d 'Output format [default: table on a terminal, json otherwise]' -r -f -a "table\t'Aligned columns for people (the default on a terminal)'
text\t'Plain lines for people; the same as table where a command has no text form'
json\t'Pretty JSON, a versioned contract naming its schema in `schema` (`cavra schema show NAME` prints it); the default when stdout is not a terminal'
ndjson\t'One compact JSON value per line'
markdown\t'A Markdown table, for pull-request comments and $GITHUB_STEP_SUMMARY'"
complete -c cavra -n "__fish_cavra_using_subcommand ops; and __fish_seen_subcommand_from restore" -s C -l repo -d 'Run as if cavra was started in DIR (relative paths are then relative to DIR)' -r -F
complete -c cavra -n "__fish_cavra_using_subcommand ops; and __fish_seen_subcommand_from restore" -l color -d 'When to colour messages on stderr' -r -f -a "auto\t'Colour when stderr is a terminal and NO_COLOR is unset'
always\t'Always colour'
never\t'Never colour'"
complete -c cavra -n "__fish_cavra_using_subcommand ops; and __fish_seen_subcommand_from restore" -l overwrite -d 'Replace existing files that differ'
complete -c cavra -n "__fish_cavra_using_subcommand ops; and __fish_seen_subcommand_from restore" -l dry-run -d 'Show what would be restored; write nothing'
complete -c cavra -n "__fish_cavra_using_subcommand ops; and __fish_seen_subcommand_from restore" -l verify -d 'Re-read every restored file and check its sha256'
complete -c cavra -n "__fish_cavra_using_subcommand ops; and __fish_seen_subcommand_from restore" -l to-live-path -d 'Restore stores kept outside the repository to their live paths'
complete -c cavra -n "__fish_cavra_using_subcommand ops; and __fish_seen_subcommand_from restore" -s q -l quiet -d 'Print no status messages on stderr (errors still appear)'
complete -c cavra -n "__fish_cavra_using_subcommand ops; and __fish_seen_subcommand_from restore" -s v -l verbose -d 'Print detail on stderr: repository, store paths, time taken (-vv: the same)'
complete -c cavra -n "__fish_cavra_using_subcommand ops; and __fish_seen_subcommand_from restore" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c cavra -n "__fish_cavra_using_subcommand ops; and __fish_seen_subcommand_from retention-plan" -l output -d 'The directory for the plan files (created when absent)' -r -F
complete -c cavra -n "__fish_cavra_using_subcommand ops; and __fish_seen_subcommand_from retention-plan" -l retention-days -d 'How many days records are kept (at least 1)' -r
complete -c cavra -n "__fish_cavra_using_subcommand ops; and __fish_seen_subcommand_from retention-plan" -l classification -d 'How sensitive the data is' -r -f -a "public\t'Public data: monthly backups, yearly restore tests'
internal\t'Internal data (the default): weekly backups, quarterly restore tests'
confidential\t'Confidential data: daily backups, quarterly restore tests'
restricted\t'Restricted data: daily backups, monthly restore tests'"
complete -c cavra -n "__fish_cavra_using_subcommand ops; and __fish_seen_subcommand_from retention-plan" -l as-of -d 'The day the plan is for (RFC 3339 or YYYY-MM-DD) [default: now]' -r
complete -c cavra -n "__fish_cavra_using_subcommand ops; and __fish_seen_subcommand_from retention-plan" -l format -d 'Output format [default: table on a terminal, json otherwise]' -r -f -a "table\t'Aligned columns for people (the default on a terminal)'
text\t'Plain lines for people; the same as table where a command has no text form'
json\t'Pretty JSON, a versioned contract naming its schema in `schema` (`cavra schema show NAME` prints it); the default when stdout is not a terminal'
ndjson\t'One compact JSON value per line'
markdown\t'A Markdown table, for pull-request comments and $GITHUB_STEP_SUMMARY'"
complete -c cavra -n "__fish_cavra_using_subcommand ops; and __fish_seen_subcommand_from retention-plan" -s C -l repo -d 'Run as if cavra was started in DIR (relative paths are then relative to DIR)' -r -F
complete -c cavra -n "__fish_cavra_using_subcommand ops; and __fish_seen_subcommand_from retention-plan" -l color -d 'When to colour messages on stderr' -r -f -a "auto\t'Colour when stderr is a terminal and NO_COLOR is unset'
always\t'Always colour'
never\t'Never colour'"
complete -c cavra -n "__fish_cavra_using_subcommand ops; and __fish_seen_subcommand_from retention-plan" -l legal-hold -d 'A legal hold is in place: nothing expires (also when .cavra/legal-hold exists)'
complete -c cavra -n "__fish_cavra_using_subcommand ops; and __fish_seen_subcommand_from retention-plan" -s q -l quiet -d 'Print no status messages on stderr (errors still appear)'
complete -c cavra -n "__fish_cavra_using_subcommand ops; and __fish_seen_subcommand_from retention-plan" -s v -l verbose -d 'Print detail on stderr: repository, store paths, time taken (-vv: the same)'
complete -c cavra -n "__fish_cavra_using_subcommand ops; and __fish_seen_subcommand_from retention-plan" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c cavra -n "__fish_cavra_using_subcommand ops; and __fish_seen_subcommand_from hold" -l format -d 'Output format [default: table on a terminal, json otherwise]' -r -f -a "table\t'Aligned columns for people (the default on a terminal)'
text\t'Plain lines for people; the same as table where a command has no text form'
json\t'Pretty JSON, a versioned contract naming its schema in `schema` (`cavra schema show NAME` prints it); the default when stdout is not a terminal'
ndjson\t'One compact JSON value per line'
markdown\t'A Markdown table, for pull-request comments and $GITHUB_STEP_SUMMARY'"
complete -c cavra -n "__fish_cavra_using_subcommand ops; and __fish_seen_subcommand_from hold" -s C -l repo -d 'Run as if cavra was started in DIR (relative paths are then relative to DIR)' -r -F
complete -c cavra -n "__fish_cavra_using_subcommand ops; and __fish_seen_subcommand_from hold" -l color -d 'When to colour messages on stderr' -r -f -a "auto\t'Colour when stderr is a terminal and NO_COLOR is unset'
always\t'Always colour'
never\t'Never colour'"
complete -c cavra -n "__fish_cavra_using_subcommand ops; and __fish_seen_subcommand_from hold" -s q -l quiet -d 'Print no status messages on stderr (errors still appear)'
complete -c cavra -n "__fish_cavra_using_subcommand ops; and __fish_seen_subcommand_from hold" -s v -l verbose -d 'Print detail on stderr: repository, store paths, time taken (-vv: the same)'
complete -c cavra -n "__fish_cavra_using_subcommand ops; and __fish_seen_subcommand_from hold" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c cavra -n "__fish_cavra_using_subcommand ops; and __fish_seen_subcommand_from hold" -f -a "set" -d 'Place the legal hold (replaces the marker\'s text)'
complete -c cavra -n "__fish_cavra_using_subcommand ops; and __fish_seen_subcommand_from hold" -f -a "lift" -d 'Lift the legal hold (exit 3 when it is not in place)'
complete -c cavra -n "__fish_cavra_using_subcommand ops; and __fish_seen_subcommand_from hold" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c cavra -n "__fish_cavra_using_subcommand ops; and __fish_seen_subcommand_from repair" -l format -d 'Output format [default: table on a terminal, json otherwise]' -r -f -a "table\t'Aligned columns for people (the default on a terminal)'
text\t'Plain lines for people; the same as table where a command has no text form'
json\t'Pretty JSON, a versioned contract naming its schema in `schema` (`cavra schema show NAME` prints it); the default when stdout is not a terminal'
ndjson\t'One compact JSON value per line'
markdown\t'A Markdown table, for pull-request comments and $GITHUB_STEP_SUMMARY'"
complete -c cavra -n "__fish_cavra_using_subcommand ops; and __fish_seen_subcommand_from repair" -s C -l repo -d 'Run as if cavra was started in DIR (relative paths are then relative to DIR)' -r -F
complete -c cavra -n "__fish_cavra_using_subcommand ops; and __fish_seen_subcommand_from repair" -l color -d 'When to colour messages on stderr' -r -f -a "auto\t'Colour when stderr is a terminal and NO_COLOR is unset'
always\t'Always colour'
never\t'Never colour'"
complete -c cavra -n "__fish_cavra_using_subcommand ops; and __fish_seen_subcommand_from repair" -s q -l quiet -d 'Print no status messages on stderr (errors still appear)'
complete -c cavra -n "__fish_cavra_using_subcommand ops; and __fish_seen_subcommand_from repair" -s v -l verbose -d 'Print detail on stderr: repository, store paths, time taken (-vv: the same)'
complete -c cavra -n "__fish_cavra_using_subcommand ops; and __fish_seen_subcommand_from repair" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c cavra -n "__fish_cavra_using_subcommand ops; and __fish_seen_subcommand_from migrate" -l format -d 'Output format [default: table on a terminal, json otherwise]' -r -f -a "table\t'Aligned columns for people (the default on a terminal)'
text\t'Plain lines for people; the same as table where a command has no text form'
json\t'Pretty JSON, a versioned contract naming its schema in `schema` (`cavra schema show NAME` prints it); the default when stdout is not a terminal'
ndjson\t'One compact JSON value per line'
markdown\t'A Markdown table, for pull-request comments and $GITHUB_STEP_SUMMARY'"
complete -c cavra -n "__fish_cavra_using_subcommand ops; and __fish_seen_subcommand_from migrate" -s C -l repo -d 'Run as if cavra was started in DIR (relative paths are then relative to DIR)' -r -F
complete -c cavra -n "__fish_cavra_using_subcommand ops; and __fish_seen_subcommand_from migrate" -l color -d 'When to colour messages on stderr' -r -f -a "auto\t'Colour when stderr is a terminal and NO_COLOR is unset'
always\t'Always colour'
never\t'Never colour'"
complete -c cavra -n "__fish_cavra_using_subcommand ops; and __fish_seen_subcommand_from migrate" -s q -l quiet -d 'Print no status messages on stderr (errors still appear)'
complete -c cavra -n "__fish_cavra_using_subcommand ops; and __fish_seen_subcommand_from migrate" -s v -l verbose -d 'Print detail on stderr: repository, store paths, time taken (-vv: the same)'
complete -c cavra -n "__fish_cavra_using_subcommand ops; and __fish_seen_subcommand_from migrate" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c cavra -n "__fish_cavra_using_subcommand ops; and __fish_seen_subcommand_from help" -f -a "stores" -d 'List every store: kind, path, who configured it, records, size, integrity'
complete -c cavra -n "__fish_cavra_using_subcommand ops; and __fish_seen_subcommand_from help" -f -a "backup" -d 'Copy every store into DIR with a checksummed manifest'
complete -c cavra -n "__fish_cavra_using_subcommand ops; and __fish_seen_subcommand_from help" -f -a "restore" -d 'Restore stores from a backup manifest or a git revision (all or nothing)'
complete -c cavra -n "__fish_cavra_using_subcommand ops; and __fish_seen_subcommand_from help" -f -a "retention-plan" -d 'Write a retention plan (JSON and Markdown): what is kept, protected, and expires when'
complete -c cavra -n "__fish_cavra_using_subcommand ops; and __fish_seen_subcommand_from help" -f -a "hold" -d 'Set or lift a legal hold (the workspace\'s, or a tenant\'s), recorded in the evidence ledger'
complete -c cavra -n "__fish_cavra_using_subcommand ops; and __fish_seen_subcommand_from help" -f -a "repair" -d 'Truncate torn ledger tails (never acknowledged); report every other problem'
complete -c cavra -n "__fish_cavra_using_subcommand ops; and __fish_seen_subcommand_from help" -f -a "migrate" -d 'Rewrite existing stores once to the current layout (table records key first, ledgers in segments)'
complete -c cavra -n "__fish_cavra_using_subcommand ops; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c cavra -n "__fish_cavra_using_subcommand ledger; and not __fish_seen_subcommand_from migrate verify resolve prune help" -l format -d 'Output format [default: table on a terminal, json otherwise]' -r -f -a "table\t'Aligned columns for people (the default on a terminal)'
text\t'Plain lines for people; the same as table where a command has no text form'
json\t'Pretty JSON, a versioned contract naming its schema in `schema` (`cavra schema show NAME` prints it); the default when stdout is not a terminal'
ndjson\t'One compact JSON value per line'
markdown\t'A Markdown table, for pull-request comments and $GITHUB_STEP_SUMMARY'"
complete -c cavra -n "__fish_cavra_using_subcommand ledger; and not __fish_seen_subcommand_from migrate verify resolve prune help" -s C -l repo -d 'Run as if cavra was started in DIR (relative paths are then relative to DIR)' -r -F
complete -c cavra -n "__fish_cavra_using_subcommand ledger; and not __fish_seen_subcommand_from migrate verify resolve prune help" -l color -d 'When to colour messages on stderr' -r -f -a "auto\t'Colour when stderr is a terminal and NO_COLOR is unset'
always\t'Always colour'
never\t'Never colour'"
complete -c cavra -n "__fish_cavra_using_subcommand ledger; and not __fish_seen_subcommand_from migrate verify resolve prune help" -s q -l quiet -d 'Print no status messages on stderr (errors still appear)'
complete -c cavra -n "__fish_cavra_using_subcommand ledger; and not __fish_seen_subcommand_from migrate verify resolve prune help" -s v -l verbose -d 'Print detail on stderr: repository, store paths, time taken (-vv: the same)'
complete -c cavra -n "__fish_cavra_using_subcommand ledger; and not __fish_seen_subcommand_from migrate verify resolve prune help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c cavra -n "__fish_cavra_using_subcommand ledger; and not __fish_seen_subcommand_from migrate verify resolve prune help" -f -a "migrate" -d 'Move a single-file ledger (`<name>.jsonl`) into segments (`<name>/YYYY-MM/NNNNNN.jsonl`)'
complete -c cavra -n "__fish_cavra_using_subcommand ledger; and not __fish_seen_subcommand_from migrate verify resolve prune help" -f -a "verify" -d 'Check a ledger\'s git history: every commit extends the one before'
complete -c cavra -n "__fish_cavra_using_subcommand ledger; and not __fish_seen_subcommand_from migrate verify resolve prune help" -f -a "resolve" -d 'Finish a `git merge` that stopped on a segmented ledger'
complete -c cavra -n "__fish_cavra_using_subcommand ledger; and not __fish_seen_subcommand_from migrate verify resolve prune help" -f -a "prune" -d 'Remove a ledger\'s oldest sealed segments, keeping the chain verifiable'
complete -c cavra -n "__fish_cavra_using_subcommand ledger; and not __fish_seen_subcommand_from migrate verify resolve prune help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c cavra -n "__fish_cavra_using_subcommand ledger; and __fish_seen_subcommand_from migrate" -l format -d 'Output format [default: table on a terminal, json otherwise]' -r -f -a "table\t'Aligned columns for people (the default on a terminal)'
text\t'Plain lines for people; the same as table where a command has no text form'
json\t'Pretty JSON, a versioned contract naming its schema in `schema` (`cavra schema show NAME` prints it); the default when stdout is not a terminal'
ndjson\t'One compact JSON value per line'
markdown\t'A Markdown table, for pull-request comments and $GITHUB_STEP_SUMMARY'"
complete -c cavra -n "__fish_cavra_using_subcommand ledger; and __fish_seen_subcommand_from migrate" -s C -l repo -d 'Run as if cavra was started in DIR (relative paths are then relative to DIR)' -r -F
complete -c cavra -n "__fish_cavra_using_subcommand ledger; and __fish_seen_subcommand_from migrate" -l color -d 'When to colour messages on stderr' -r -f -a "auto\t'Colour when stderr is a terminal and NO_COLOR is unset'
always\t'Always colour'
never\t'Never colour'"
complete -c cavra -n "__fish_cavra_using_subcommand ledger; and __fish_seen_subcommand_from migrate" -s q -l quiet -d 'Print no status messages on stderr (errors still appear)'
complete -c cavra -n "__fish_cavra_using_subcommand ledger; and __fish_seen_subcommand_from migrate" -s v -l verbose -d 'Print detail on stderr: repository, store paths, time taken (-vv: the same)'
complete -c cavra -n "__fish_cavra_using_subcommand ledger; and __fish_seen_subcommand_from migrate" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c cavra -n "__fish_cavra_using_subcommand ledger; and __fish_seen_subcommand_from verify" -l format -d 'Output format [default: table on a terminal, json otherwise]' -r -f -a "table\t'Aligned columns for people (the default on a terminal)'
text\t'Plain lines for people; the same as table where a command has no text form'
json\t'Pretty JSON, a versioned contract naming its schema in `schema` (`cavra schema show NAME` prints it); the default when stdout is not a terminal'
ndjson\t'One compact JSON value per line'
markdown\t'A Markdown table, for pull-request comments and $GITHUB_STEP_SUMMARY'"
complete -c cavra -n "__fish_cavra_using_subcommand ledger; and __fish_seen_subcommand_from verify" -s C -l repo -d 'Run as if cavra was started in DIR (relative paths are then relative to DIR)' -r -F
complete -c cavra -n "__fish_cavra_using_subcommand ledger; and __fish_seen_subcommand_from verify" -l color -d 'When to colour messages on stderr' -r -f -a "auto\t'Colour when stderr is a terminal and NO_COLOR is unset'
always\t'Always colour'
never\t'Never colour'"
complete -c cavra -n "__fish_cavra_using_subcommand ledger; and __fish_seen_subcommand_from verify" -l all-history -d 'Walk every commit reachable from HEAD, not only the first-parent line'
complete -c cavra -n "__fish_cavra_using_subcommand ledger; and __fish_seen_subcommand_from verify" -s q -l quiet -d 'Print no status messages on stderr (errors still appear)'
complete -c cavra -n "__fish_cavra_using_subcommand ledger; and __fish_seen_subcommand_from verify" -s v -l verbose -d 'Print detail on stderr: repository, store paths, time taken (-vv: the same)'
complete -c cavra -n "__fish_cavra_using_subcommand ledger; and __fish_seen_subcommand_from verify" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c cavra -n "__fish_cavra_using_subcommand ledger; and __fish_seen_subcommand_from resolve" -l format -d 'Output format [default: table on a terminal, json otherwise]' -r -f -a "table\t'Aligned columns for people (the default on a terminal)'
text\t'Plain lines for people; the same as table where a command has no text form'
json\t'Pretty JSON, a versioned contract naming its schema in `schema` (`cavra schema show NAME` prints it); the default when stdout is not a terminal'
ndjson\t'One compact JSON value per line'
markdown\t'A Markdown table, for pull-request comments and $GITHUB_STEP_SUMMARY'"
complete -c cavra -n "__fish_cavra_using_subcommand ledger; and __fish_seen_subcommand_from resolve" -s C -l repo -d 'Run as if cavra was started in DIR (relative paths are then relative to DIR)' -r -F
complete -c cavra -n "__fish_cavra_using_subcommand ledger; and __fish_seen_subcommand_from resolve" -l color -d 'When to colour messages on stderr' -r -f -a "auto\t'Colour when stderr is a terminal and NO_COLOR is unset'
always\t'Always colour'
never\t'Never colour'"
complete -c cavra -n "__fish_cavra_using_subcommand ledger; and __fish_seen_subcommand_from resolve" -s q -l quiet -d 'Print no status messages on stderr (errors still appear)'
complete -c cavra -n "__fish_cavra_using_subcommand ledger; and __fish_seen_subcommand_from resolve" -s v -l verbose -d 'Print detail on stderr: repository, store paths, time taken (-vv: the same)'
complete -c cavra -n "__fish_cavra_using_subcommand ledger; and __fish_seen_subcommand_from resolve" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c cavra -n "__fish_cavra_using_subcommand ledger; and __fish_seen_subcommand_from prune" -l before -d 'Remove segments whose entries are all older than this (YYYY-MM-DD or RFC 3339; not in the future)' -r
complete -c cavra -n "__fish_cavra_using_subcommand ledger; and __fish_seen_subcommand_from prune" -l format -d 'Output format [default: table on a terminal, json otherwise]' -r -f -a "table\t'Aligned columns for people (the default on a terminal)'
text\t'Plain lines for people; the same as table where a command has no text form'
json\t'Pretty JSON, a versioned contract naming its schema in `schema` (`cavra schema show NAME` prints it); the default when stdout is not a terminal'
ndjson\t'One compact JSON value per line'
markdown\t'A Markdown table, for pull-request comments and $GITHUB_STEP_SUMMARY'"
complete -c cavra -n "__fish_cavra_using_subcommand ledger; and __fish_seen_subcommand_from prune" -s C -l repo -d 'Run as if cavra was started in DIR (relative paths are then relative to DIR)' -r -F
complete -c cavra -n "__fish_cavra_using_subcommand ledger; and __fish_seen_subcommand_from prune" -l color -d 'When to colour messages on stderr' -r -f -a "auto\t'Colour when stderr is a terminal and NO_COLOR is unset'
always\t'Always colour'
never\t'Never colour'"
complete -c cavra -n "__fish_cavra_using_subcommand ledger; and __fish_seen_subcommand_from prune" -l dry-run -d 'List the segments that would go; write nothing'
complete -c cavra -n "__fish_cavra_using_subcommand ledger; and __fish_seen_subcommand_from prune" -s q -l quiet -d 'Print no status messages on stderr (errors still appear)'
complete -c cavra -n "__fish_cavra_using_subcommand ledger; and __fish_seen_subcommand_from prune" -s v -l verbose -d 'Print detail on stderr: repository, store paths, time taken (-vv: the same)'
complete -c cavra -n "__fish_cavra_using_subcommand ledger; and __fish_seen_subcommand_from prune" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c cavra -n "__fish_cavra_using_subcommand ledger; and __fish_seen_subcommand_from help" -f -a "migrate" -d 'Move a single-file ledger (`<name>.jsonl`) into segments (`<name>/YYYY-MM/NNNNNN.jsonl`)'
complete -c cavra -n "__fish_cavra_using_subcommand ledger; and __fish_seen_subcommand_from help" -f -a "verify" -d 'Check a ledger\'s git history: every commit extends the one before'
complete -c cavra -n "__fish_cavra_using_subcommand ledger; and __fish_seen_subcommand_from help" -f -a "resolve" -d 'Finish a `git merge` that stopped on a segmented ledger'
complete -c cavra -n "__fish_cavra_using_subcommand ledger; and __fish_seen_subcommand_from help" -f -a "prune" -d 'Remove a ledger\'s oldest sealed segments, keeping the chain verifiable'
complete -c cavra -n "__fish_cavra_using_subcommand ledger; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c cavra -n "__fish_cavra_using_subcommand schema; and not __fish_seen_subcommand_from list show help" -l format -d 'Output format [default: table on a terminal, json otherwise]' -r -f -a "table\t'Aligned columns for people (the default on a terminal)'
text\t'Plain lines for people; the same as table where a command has no text form'
json\t'Pretty JSON, a versioned contract naming its schema in `schema` (`cavra schema show NAME` prints it); the default when stdout is not a terminal'
ndjson\t'One compact JSON value per line'
markdown\t'A Markdown table, for pull-request comments and $GITHUB_STEP_SUMMARY'"
complete -c cavra -n "__fish_cavra_using_subcommand schema; and not __fish_seen_subcommand_from list show help" -s C -l repo -d 'Run as if cavra was started in DIR (relative paths are then relative to DIR)' -r -F
complete -c cavra -n "__fish_cavra_using_subcommand schema; and not __fish_seen_subcommand_from list show help" -l color -d 'When to colour messages on stderr' -r -f -a "auto\t'Colour when stderr is a terminal and NO_COLOR is unset'
always\t'Always colour'
never\t'Never colour'"
complete -c cavra -n "__fish_cavra_using_subcommand schema; and not __fish_seen_subcommand_from list show help" -s q -l quiet -d 'Print no status messages on stderr (errors still appear)'
complete -c cavra -n "__fish_cavra_using_subcommand schema; and not __fish_seen_subcommand_from list show help" -s v -l verbose -d 'Print detail on stderr: repository, store paths, time taken (-vv: the same)'
complete -c cavra -n "__fish_cavra_using_subcommand schema; and not __fish_seen_subcommand_from list show help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c cavra -n "__fish_cavra_using_subcommand schema; and not __fish_seen_subcommand_from list show help" -f -a "list" -d 'List the embedded schemas'
complete -c cavra -n "__fish_cavra_using_subcommand schema; and not __fish_seen_subcommand_from list show help" -f -a "show" -d 'Print one embedded schema (JSON)'
complete -c cavra -n "__fish_cavra_using_subcommand schema; and not __fish_seen_subcommand_from list show help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c cavra -n "__fish_cavra_using_subcommand schema; and __fish_seen_subcommand_from list" -l format -d 'Output format [default: table on a terminal, json otherwise]' -r -f -a "table\t'Aligned columns for people (the default on a terminal)'
text\t'Plain lines for people; the same as table where a command has no text form'
json\t'Pretty JSON, a versioned contract naming its schema in `schema` (`cavra schema show NAME` prints it); the default when stdout is not a terminal'
ndjson\t'One compact JSON value per line'
markdown\t'A Markdown table, for pull-request comments and $GITHUB_STEP_SUMMARY'"
complete -c cavra -n "__fish_cavra_using_subcommand schema; and __fish_seen_subcommand_from list" -s C -l repo -d 'Run as if cavra was started in DIR (relative paths are then relative to DIR)' -r -F
complete -c cavra -n "__fish_cavra_using_subcommand schema; and __fish_seen_subcommand_from list" -l color -d 'When to colour messages on stderr' -r -f -a "auto\t'Colour when stderr is a terminal and NO_COLOR is unset'
always\t'Always colour'
never\t'Never colour'"
complete -c cavra -n "__fish_cavra_using_subcommand schema; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Print no status messages on stderr (errors still appear)'
complete -c cavra -n "__fish_cavra_using_subcommand schema; and __fish_seen_subcommand_from list" -s v -l verbose -d 'Print detail on stderr: repository, store paths, time taken (-vv: the same)'
complete -c cavra -n "__fish_cavra_using_subcommand schema; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c cavra -n "__fish_cavra_using_subcommand schema; and __fish_seen_subcommand_from show" -l format -d 'Output format [default: table on a terminal, json otherwise]' -r -f -a "json\t'Pretty JSON, a versioned contract naming its schema in `schema` (`cavra schema show NAME` prints it); the default when stdout is not a terminal'"
complete -c cavra -n "__fish_cavra_using_subcommand schema; and __fish_seen_subcommand_from show" -s C -l repo -d 'Run as if cavra was started in DIR (relative paths are then relative to DIR)' -r -F
complete -c cavra -n "__fish_cavra_using_subcommand schema; and __fish_seen_subcommand_from show" -l color -d 'When to colour messages on stderr' -r -f -a "auto\t'Colour when stderr is a terminal and NO_COLOR is unset'
always\t'Always colour'
never\t'Never colour'"
complete -c cavra -n "__fish_cavra_using_subcommand schema; and __fish_seen_subcommand_from show" -s q -l quiet -d 'Print no status messages on stderr (errors still appear)'
complete -c cavra -n "__fish_cavra_using_subcommand schema; and __fish_seen_subcommand_from show" -s v -l verbose -d 'Print detail on stderr: repository, store paths, time taken (-vv: the same)'
complete -c cavra -n "__fish_cavra_using_subcommand schema; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c cavra -n "__fish_cavra_using_subcommand schema; and __fish_seen_subcommand_from help" -f -a "list" -d 'List the embedded schemas'
complete -c cavra -n "__fish_cavra_using_subcommand schema; and __fish_seen_subcommand_from help" -f -a "show" -d 'Print one embedded schema (JSON)'
complete -c cavra -n "__fish_cavra_using_subcommand schema; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c cavra -n "__fish_cavra_using_subcommand secrets; and not __fish_seen_subcommand_from rules help" -l format -d 'Output format [default: table on a terminal, json otherwise]' -r -f -a "table\t'Aligned columns for people (the default on a terminal)'
text\t'Plain lines for people; the same as table where a command has no text form'
json\t'Pretty JSON, a versioned contract naming its schema in `schema` (`cavra schema show NAME` prints it); the default when stdout is not a terminal'
ndjson\t'One compact JSON value per line'
markdown\t'A Markdown table, for pull-request comments and $GITHUB_STEP_SUMMARY'"
complete -c cavra -n "__fish_cavra_using_subcommand secrets; and not __fish_seen_subcommand_from rules help" -s C -l repo -d 'Run as if cavra was started in DIR (relative paths are then relative to DIR)' -r -F
complete -c cavra -n "__fish_cavra_using_subcommand secrets; and not __fish_seen_subcommand_from rules help" -l color -d 'When to colour messages on stderr' -r -f -a "auto\t'Colour when stderr is a terminal and NO_COLOR is unset'
always\t'Always colour'
never\t'Never colour'"
complete -c cavra -n "__fish_cavra_using_subcommand secrets; and not __fish_seen_subcommand_from rules help" -s q -l quiet -d 'Print no status messages on stderr (errors still appear)'
complete -c cavra -n "__fish_cavra_using_subcommand secrets; and not __fish_seen_subcommand_from rules help" -s v -l verbose -d 'Print detail on stderr: repository, store paths, time taken (-vv: the same)'
complete -c cavra -n "__fish_cavra_using_subcommand secrets; and not __fish_seen_subcommand_from rules help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c cavra -n "__fish_cavra_using_subcommand secrets; and not __fish_seen_subcommand_from rules help" -f -a "rules" -d 'List the credential formats the secret scanner recognises (id, description)'
complete -c cavra -n "__fish_cavra_using_subcommand secrets; and not __fish_seen_subcommand_from rules help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c cavra -n "__fish_cavra_using_subcommand secrets; and __fish_seen_subcommand_from rules" -l format -d 'Output format [default: table on a terminal, json otherwise]' -r -f -a "table\t'Aligned columns for people (the default on a terminal)'
text\t'Plain lines for people; the same as table where a command has no text form'
json\t'Pretty JSON, a versioned contract naming its schema in `schema` (`cavra schema show NAME` prints it); the default when stdout is not a terminal'
ndjson\t'One compact JSON value per line'
markdown\t'A Markdown table, for pull-request comments and $GITHUB_STEP_SUMMARY'"
complete -c cavra -n "__fish_cavra_using_subcommand secrets; and __fish_seen_subcommand_from rules" -s C -l repo -d 'Run as if cavra was started in DIR (relative paths are then relative to DIR)' -r -F
complete -c cavra -n "__fish_cavra_using_subcommand secrets; and __fish_seen_subcommand_from rules" -l color -d 'When to colour messages on stderr' -r -f -a "auto\t'Colour when stderr is a terminal and NO_COLOR is unset'
always\t'Always colour'
never\t'Never colour'"
complete -c cavra -n "__fish_cavra_using_subcommand secrets; and __fish_seen_subcommand_from rules" -s q -l quiet -d 'Print no status messages on stderr (errors still appear)'
complete -c cavra -n "__fish_cavra_using_subcommand secrets; and __fish_seen_subcommand_from rules" -s v -l verbose -d 'Print detail on stderr: repository, store paths, time taken (-vv: the same)'
complete -c cavra -n "__fish_cavra_using_subcommand secrets; and __fish_seen_subcommand_from rules" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c cavra -n "__fish_cavra_using_subcommand secrets; and __fish_seen_subcommand_from help" -f -a "rules" -d 'List the credential formats the secret scanner recognises (id, description)'
complete -c cavra -n "__fish_cavra_using_subcommand secrets; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c cavra -n "__fish_cavra_using_subcommand connector; and not __fish_seen_subcommand_from list check help" -l format -d 'Output format [default: table on a terminal, json otherwise]' -r -f -a "table\t'Aligned columns for people (the default on a terminal)'
text\t'Plain lines for people; the same as table where a command has no text form'
json\t'Pretty JSON, a versioned contract naming its schema in `schema` (`cavra schema show NAME` prints it); the default when stdout is not a terminal'
ndjson\t'One compact JSON value per line'
markdown\t'A Markdown table, for pull-request comments and $GITHUB_STEP_SUMMARY'"
complete -c cavra -n "__fish_cavra_using_subcommand connector; and not __fish_seen_subcommand_from list check help" -s C -l repo -d 'Run as if cavra was started in DIR (relative paths are then relative to DIR)' -r -F
complete -c cavra -n "__fish_cavra_using_subcommand connector; and not __fish_seen_subcommand_from list check help" -l color -d 'When to colour messages on stderr' -r -f -a "auto\t'Colour when stderr is a terminal and NO_COLOR is unset'
always\t'Always colour'
never\t'Never colour'"
complete -c cavra -n "__fish_cavra_using_subcommand connector; and not __fish_seen_subcommand_from list check help" -s q -l quiet -d 'Print no status messages on stderr (errors still appear)'
complete -c cavra -n "__fish_cavra_using_subcommand connector; and not __fish_seen_subcommand_from list check help" -s v -l verbose -d 'Print detail on stderr: repository, store paths, time taken (-vv: the same)'
complete -c cavra -n "__fish_cavra_using_subcommand connector; and not __fish_seen_subcommand_from list check help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c cavra -n "__fish_cavra_using_subcommand connector; and not __fish_seen_subcommand_from list check help" -f -a "list" -d 'List the configured connectors (URLs masked, references by name)'
complete -c cavra -n "__fish_cavra_using_subcommand connector; and not __fish_seen_subcommand_from list check help" -f -a "check" -d 'Check that every enabled connector\'s references resolve (nothing is sent)'
complete -c cavra -n "__fish_cavra_using_subcommand connector; and not __fish_seen_subcommand_from list check help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c cavra -n "__fish_cavra_using_subcommand connector; and __fish_seen_subcommand_from list" -l config -d 'Connector configuration [default: .cavra/connectors.json, or CAVRA_CONNECTOR_CONFIG]' -r -F
complete -c cavra -n "__fish_cavra_using_subcommand connector; and __fish_seen_subcommand_from list" -l format -d 'Output format [default: table on a terminal, json otherwise]' -r -f -a "table\t'Aligned columns for people (the default on a terminal)'
text\t'Plain lines for people; the same as table where a command has no text form'
json\t'Pretty JSON, a versioned contract naming its schema in `schema` (`cavra schema show NAME` prints it); the default when stdout is not a terminal'
ndjson\t'One compact JSON value per line'
markdown\t'A Markdown table, for pull-request comments and $GITHUB_STEP_SUMMARY'"
complete -c cavra -n "__fish_cavra_using_subcommand connector; and __fish_seen_subcommand_from list" -s C -l repo -d 'Run as if cavra was started in DIR (relative paths are then relative to DIR)' -r -F
complete -c cavra -n "__fish_cavra_using_subcommand connector; and __fish_seen_subcommand_from list" -l color -d 'When to colour messages on stderr' -r -f -a "auto\t'Colour when stderr is a terminal and NO_COLOR is unset'
always\t'Always colour'
never\t'Never colour'"
complete -c cavra -n "__fish_cavra_using_subcommand connector; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Print no status messages on stderr (errors still appear)'
complete -c cavra -n "__fish_cavra_using_subcommand connector; and __fish_seen_subcommand_from list" -s v -l verbose -d 'Print detail on stderr: repository, store paths, time taken (-vv: the same)'
complete -c cavra -n "__fish_cavra_using_subcommand connector; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c cavra -n "__fish_cavra_using_subcommand connector; and __fish_seen_subcommand_from check" -l config -d 'Connector configuration [default: .cavra/connectors.json, or CAVRA_CONNECTOR_CONFIG]' -r -F
complete -c cavra -n "__fish_cavra_using_subcommand connector; and __fish_seen_subcommand_from check" -l format -d 'Output format [default: table on a terminal, json otherwise]' -r -f -a "table\t'Aligned columns for people (the default on a terminal)'
text\t'Plain lines for people; the same as table where a command has no text form'
json\t'Pretty JSON, a versioned contract naming its schema in `schema` (`cavra schema show NAME` prints it); the default when stdout is not a terminal'
ndjson\t'One compact JSON value per line'
markdown\t'A Markdown table, for pull-request comments and $GITHUB_STEP_SUMMARY'"
complete -c cavra -n "__fish_cavra_using_subcommand connector; and __fish_seen_subcommand_from check" -s C -l repo -d 'Run as if cavra was started in DIR (relative paths are then relative to DIR)' -r -F
complete -c cavra -n "__fish_cavra_using_subcommand connector; and __fish_seen_subcommand_from check" -l color -d 'When to colour messages on stderr' -r -f -a "auto\t'Colour when stderr is a terminal and NO_COLOR is unset'
always\t'Always colour'
never\t'Never colour'"
complete -c cavra -n "__fish_cavra_using_subcommand connector; and __fish_seen_subcommand_from check" -s q -l quiet -d 'Print no status messages on stderr (errors still appear)'
complete -c cavra -n "__fish_cavra_using_subcommand connector; and __fish_seen_subcommand_from check" -s v -l verbose -d 'Print detail on stderr: repository, store paths, time taken (-vv: the same)'
complete -c cavra -n "__fish_cavra_using_subcommand connector; and __fish_seen_subcommand_from check" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c cavra -n "__fish_cavra_using_subcommand connector; and __fish_seen_subcommand_from help" -f -a "list" -d 'List the configured connectors (URLs masked, references by name)'
complete -c cavra -n "__fish_cavra_using_subcommand connector; and __fish_seen_subcommand_from help" -f -a "check" -d 'Check that every enabled connector\'s references resolve (nothing is sent)'
complete -c cavra -n "__fish_cavra_using_subcommand connector; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c cavra -n "__fish_cavra_using_subcommand evidence; and not __fish_seen_subcommand_from migrate help" -l format -d 'Output format [default: table on a terminal, json otherwise]' -r -f -a "table\t'Aligned columns for people (the default on a terminal)'
text\t'Plain lines for people; the same as table where a command has no text form'
json\t'Pretty JSON, a versioned contract naming its schema in `schema` (`cavra schema show NAME` prints it); the default when stdout is not a terminal'
ndjson\t'One compact JSON value per line'
markdown\t'A Markdown table, for pull-request comments and $GITHUB_STEP_SUMMARY'"
complete -c cavra -n "__fish_cavra_using_subcommand evidence; and not __fish_seen_subcommand_from migrate help" -s C -l repo -d 'Run as if cavra was started in DIR (relative paths are then relative to DIR)' -r -F
complete -c cavra -n "__fish_cavra_using_subcommand evidence; and not __fish_seen_subcommand_from migrate help" -l color -d 'When to colour messages on stderr' -r -f -a "auto\t'Colour when stderr is a terminal and NO_COLOR is unset'
always\t'Always colour'
never\t'Never colour'"
complete -c cavra -n "__fish_cavra_using_subcommand evidence; and not __fish_seen_subcommand_from migrate help" -s q -l quiet -d 'Print no status messages on stderr (errors still appear)'
complete -c cavra -n "__fish_cavra_using_subcommand evidence; and not __fish_seen_subcommand_from migrate help" -s v -l verbose -d 'Print detail on stderr: repository, store paths, time taken (-vv: the same)'
complete -c cavra -n "__fish_cavra_using_subcommand evidence; and not __fish_seen_subcommand_from migrate help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c cavra -n "__fish_cavra_using_subcommand evidence; and not __fish_seen_subcommand_from migrate help" -f -a "migrate" -d 'Create or upgrade a SQLite evidence database'
complete -c cavra -n "__fish_cavra_using_subcommand evidence; and not __fish_seen_subcommand_from migrate help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c cavra -n "__fish_cavra_using_subcommand evidence; and __fish_seen_subcommand_from migrate" -l sqlite -d 'The SQLite database file (created when absent)' -r -F
complete -c cavra -n "__fish_cavra_using_subcommand evidence; and __fish_seen_subcommand_from migrate" -l format -d 'Output format [default: table on a terminal, json otherwise]' -r -f -a "table\t'Aligned columns for people (the default on a terminal)'
text\t'Plain lines for people; the same as table where a command has no text form'
json\t'Pretty JSON, a versioned contract naming its schema in `schema` (`cavra schema show NAME` prints it); the default when stdout is not a terminal'
ndjson\t'One compact JSON value per line'
markdown\t'A Markdown table, for pull-request comments and $GITHUB_STEP_SUMMARY'"
complete -c cavra -n "__fish_cavra_using_subcommand evidence; and __fish_seen_subcommand_from migrate" -s C -l repo -d 'Run as if cavra was started in DIR (relative paths are then relative to DIR)' -r -F
complete -c cavra -n "__fish_cavra_using_subcommand evidence; and __fish_seen_subcommand_from migrate" -l color -d 'When to colour messages on stderr' -r -f -a "auto\t'Colour when stderr is a terminal and NO_COLOR is unset'
always\t'Always colour'
never\t'Never colour'"
complete -c cavra -n "__fish_cavra_using_subcommand evidence; and __fish_seen_subcommand_from migrate" -s q -l quiet -d 'Print no status messages on stderr (errors still appear)'
complete -c cavra -n "__fish_cavra_using_subcommand evidence; and __fish_seen_subcommand_from migrate" -s v -l verbose -d 'Print detail on stderr: repository, store paths, time taken (-vv: the same)'
complete -c cavra -n "__fish_cavra_using_subcommand evidence; and __fish_seen_subcommand_from migrate" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c cavra -n "__fish_cavra_using_subcommand evidence; and __fish_seen_subcommand_from help" -f -a "migrate" -d 'Create or upgrade a SQLite evidence database'
complete -c cavra -n "__fish_cavra_using_subcommand evidence; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c cavra -n "__fish_cavra_using_subcommand release; and not __fish_seen_subcommand_from deliver-promotion-audit deliver-rollback-execution deliver-endpoint-export connector-delivery-history connector-delivery-dashboard endpoint-publication-history endpoint-publication-dashboard help" -l format -d 'Output format [default: table on a terminal, json otherwise]' -r -f -a "table\t'Aligned columns for people (the default on a terminal)'
text\t'Plain lines for people; the same as table where a command has no text form'
json\t'Pretty JSON, a versioned contract naming its schema in `schema` (`cavra schema show NAME` prints it); the default when stdout is not a terminal'
ndjson\t'One compact JSON value per line'
markdown\t'A Markdown table, for pull-request comments and $GITHUB_STEP_SUMMARY'"
complete -c cavra -n "__fish_cavra_using_subcommand release; and not __fish_seen_subcommand_from deliver-promotion-audit deliver-rollback-execution deliver-endpoint-export connector-delivery-history connector-delivery-dashboard endpoint-publication-history endpoint-publication-dashboard help" -s C -l repo -d 'Run as if cavra was started in DIR (relative paths are then relative to DIR)' -r -F
complete -c cavra -n "__fish_cavra_using_subcommand release; and not __fish_seen_subcommand_from deliver-promotion-audit deliver-rollback-execution deliver-endpoint-export connector-delivery-history connector-delivery-dashboard endpoint-publication-history endpoint-publication-dashboard help" -l color -d 'When to colour messages on stderr' -r -f -a "auto\t'Colour when stderr is a terminal and NO_COLOR is unset'
always\t'Always colour'
never\t'Never colour'"
complete -c cavra -n "__fish_cavra_using_subcommand release; and not __fish_seen_subcommand_from deliver-promotion-audit deliver-rollback-execution deliver-endpoint-export connector-delivery-history connector-delivery-dashboard endpoint-publication-history endpoint-publication-dashboard help" -s q -l quiet -d 'Print no status messages on stderr (errors still appear)'
complete -c cavra -n "__fish_cavra_using_subcommand release; and not __fish_seen_subcommand_from deliver-promotion-audit deliver-rollback-execution deliver-endpoint-export connector-delivery-history connector-delivery-dashboard endpoint-publication-history endpoint-publication-dashboard help" -s v -l verbose -d 'Print detail on stderr: repository, store paths, time taken (-vv: the same)'
complete -c cavra -n "__fish_cavra_using_subcommand release; and not __fish_seen_subcommand_from deliver-promotion-audit deliver-rollback-execution deliver-endpoint-export connector-delivery-history connector-delivery-dashboard endpoint-publication-history endpoint-publication-dashboard help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c cavra -n "__fish_cavra_using_subcommand release; and not __fish_seen_subcommand_from deliver-promotion-audit deliver-rollback-execution deliver-endpoint-export connector-delivery-history connector-delivery-dashboard endpoint-publication-history endpoint-publication-dashboard help" -f -a "deliver-promotion-audit" -d 'Deliver a promotion execution (an audit event, severity high) to the connectors'
complete -c cavra -n "__fish_cavra_using_subcommand release; and not __fish_seen_subcommand_from deliver-promotion-audit deliver-rollback-execution deliver-endpoint-export connector-delivery-history connector-delivery-dashboard endpoint-publication-history endpoint-publication-dashboard help" -f -a "deliver-rollback-execution" -d 'Deliver a rollback execution (severity critical) to the connectors'
complete -c cavra -n "__fish_cavra_using_subcommand release; and not __fish_seen_subcommand_from deliver-promotion-audit deliver-rollback-execution deliver-endpoint-export connector-delivery-history connector-delivery-dashboard endpoint-publication-history endpoint-publication-dashboard help" -f -a "deliver-endpoint-export" -d 'Publish an endpoint-management export to its Jamf, Intune and Linux connectors'
complete -c cavra -n "__fish_cavra_using_subcommand release; and not __fish_seen_subcommand_from deliver-promotion-audit deliver-rollback-execution deliver-endpoint-export connector-delivery-history connector-delivery-dashboard endpoint-publication-history endpoint-publication-dashboard help" -f -a "connector-delivery-history" -d 'List promotion-audit and rollback deliveries, newest first'
complete -c cavra -n "__fish_cavra_using_subcommand release; and not __fish_seen_subcommand_from deliver-promotion-audit deliver-rollback-execution deliver-endpoint-export connector-delivery-history connector-delivery-dashboard endpoint-publication-history endpoint-publication-dashboard help" -f -a "connector-delivery-dashboard" -d 'Promotion-audit and rollback delivery figures, as a CI gate'
complete -c cavra -n "__fish_cavra_using_subcommand release; and not __fish_seen_subcommand_from deliver-promotion-audit deliver-rollback-execution deliver-endpoint-export connector-delivery-history connector-delivery-dashboard endpoint-publication-history endpoint-publication-dashboard help" -f -a "endpoint-publication-history" -d 'List endpoint-management publications, newest first'
complete -c cavra -n "__fish_cavra_using_subcommand release; and not __fish_seen_subcommand_from deliver-promotion-audit deliver-rollback-execution deliver-endpoint-export connector-delivery-history connector-delivery-dashboard endpoint-publication-history endpoint-publication-dashboard help" -f -a "endpoint-publication-dashboard" -d 'Endpoint publication figures with the latest publication per channel and provider'
complete -c cavra -n "__fish_cavra_using_subcommand release; and not __fish_seen_subcommand_from deliver-promotion-audit deliver-rollback-execution deliver-endpoint-export connector-delivery-history connector-delivery-dashboard endpoint-publication-history endpoint-publication-dashboard help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c cavra -n "__fish_cavra_using_subcommand release; and __fish_seen_subcommand_from deliver-promotion-audit" -l provider -d 'Connectors (by name or provider) to deliver to: all, or a comma-separated list; for an export, its providers' -r
complete -c cavra -n "__fish_cavra_using_subcommand release; and __fish_seen_subcommand_from deliver-promotion-audit" -l config -d 'Connector configuration [default: .cavra/connectors.json, or CAVRA_CONNECTOR_CONFIG]' -r -F
complete -c cavra -n "__fish_cavra_using_subcommand release; and __fish_seen_subcommand_from deliver-promotion-audit" -l retries -d 'Retries after the first attempt' -r
complete -c cavra -n "__fish_cavra_using_subcommand release; and __fish_seen_subcommand_from deliver-promotion-audit" -l timeout-seconds -d 'Total time allowed for one request, connect included' -r
complete -c cavra -n "__fish_cavra_using_subcommand release; and __fish_seen_subcommand_from deliver-promotion-audit" -l output -d 'Write the delivery evidence into this directory (never overwriting)' -r -F
complete -c cavra -n "__fish_cavra_using_subcommand release; and __fish_seen_subcommand_from deliver-promotion-audit" -l metadata-json -d 'Evidence metadata ledger [default: .cavra/evidence/metadata/]' -r -F
complete -c cavra -n "__fish_cavra_using_subcommand release; and __fish_seen_subcommand_from deliver-promotion-audit" -l format -d 'Output format [default: table on a terminal, json otherwise]' -r -f -a "table\t'Aligned columns for people (the default on a terminal)'
text\t'Plain lines for people; the same as table where a command has no text form'
json\t'Pretty JSON, a versioned contract naming its schema in `schema` (`cavra schema show NAME` prints it); the default when stdout is not a terminal'
ndjson\t'One compact JSON value per line'
markdown\t'A Markdown table, for pull-request comments and $GITHUB_STEP_SUMMARY'"
complete -c cavra -n "__fish_cavra_using_subcommand release; and __fish_seen_subcommand_from deliver-promotion-audit" -s C -l repo -d 'Run as if cavra was started in DIR (relative paths are then relative to DIR)' -r -F
complete -c cavra -n "__fish_cavra_using_subcommand release; and __fish_seen_subcommand_from deliver-promotion-audit" -l color -d 'When to colour messages on stderr' -r -f -a "auto\t'Colour when stderr is a terminal and NO_COLOR is unset'
always\t'Always colour'
never\t'Never colour'"
complete -c cavra -n "__fish_cavra_using_subcommand release; and __fish_seen_subcommand_from deliver-promotion-audit" -l dry-run -d 'Print the exact requests (secrets masked) and send nothing'
complete -c cavra -n "__fish_cavra_using_subcommand release; and __fish_seen_subcommand_from deliver-promotion-audit" -l allow-failure -d 'Exit 0 even when a delivery failed (the evidence and the ledger still say so)'
complete -c cavra -n "__fish_cavra_using_subcommand release; and __fish_seen_subcommand_from deliver-promotion-audit" -s q -l quiet -d 'Print no status messages on stderr (errors still appear)'
complete -c cavra -n "__fish_cavra_using_subcommand release; and __fish_seen_subcommand_from deliver-promotion-audit" -s v -l verbose -d 'Print detail on stderr: repository, store paths, time taken (-vv: the same)'
complete -c cavra -n "__fish_cavra_using_subcommand release; and __fish_seen_subcommand_from deliver-promotion-audit" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c cavra -n "__fish_cavra_using_subcommand release; and __fish_seen_subcommand_from deliver-rollback-execution" -l provider -d 'Connectors (by name or provider) to deliver to: all, or a comma-separated list; for an export, its providers' -r
complete -c cavra -n "__fish_cavra_using_subcommand release; and __fish_seen_subcommand_from deliver-rollback-execution" -l config -d 'Connector configuration [default: .cavra/connectors.json, or CAVRA_CONNECTOR_CONFIG]' -r -F
complete -c cavra -n "__fish_cavra_using_subcommand release; and __fish_seen_subcommand_from deliver-rollback-execution" -l retries -d 'Retries after the first attempt' -r
complete -c cavra -n "__fish_cavra_using_subcommand release; and __fish_seen_subcommand_from deliver-rollback-execution" -l timeout-seconds -d 'Total time allowed for one request, connect included' -r
complete -c cavra -n "__fish_cavra_using_subcommand release; and __fish_seen_subcommand_from deliver-rollback-execution" -l output -d 'Write the delivery evidence into this directory (never overwriting)' -r -F
complete -c cavra -n "__fish_cavra_using_subcommand release; and __fish_seen_subcommand_from deliver-rollback-execution" -l metadata-json -d 'Evidence metadata ledger [default: .cavra/evidence/metadata/]' -r -F
complete -c cavra -n "__fish_cavra_using_subcommand release; and __fish_seen_subcommand_from deliver-rollback-execution" -l format -d 'Output format [default: table on a terminal, json otherwise]' -r -f -a "table\t'Aligned columns for people (the default on a terminal)'
text\t'Plain lines for people; the same as table where a command has no text form'
json\t'Pretty JSON, a versioned contract naming its schema in `schema` (`cavra schema show NAME` prints it); the default when stdout is not a terminal'
ndjson\t'One compact JSON value per line'
markdown\t'A Markdown table, for pull-request comments and $GITHUB_STEP_SUMMARY'"
complete -c cavra -n "__fish_cavra_using_subcommand release; and __fish_seen_subcommand_from deliver-rollback-execution" -s C -l repo -d 'Run as if cavra was started in DIR (relative paths are then relative to DIR)' -r -F
complete -c cavra -n "__fish_cavra_using_subcommand release; and __fish_seen_subcommand_from deliver-rollback-execution" -l color -d 'When to colour messages on stderr' -r -f -a "auto\t'Colour when stderr is a terminal and NO_COLOR is unset'
always\t'Always colour'
never\t'Never colour'"
complete -c cavra -n "__fish_cavra_using_subcommand release; and __fish_seen_subcommand_from deliver-rollback-execution" -l dry-run -d 'Print the exact requests (secrets masked) and send nothing'
complete -c cavra -n "__fish_cavra_using_subcommand release; and __fish_seen_subcommand_from deliver-rollback-execution" -l allow-failure -d 'Exit 0 even when a delivery failed (the evidence and the ledger still say so)'
complete -c cavra -n "__fish_cavra_using_subcommand release; and __fish_seen_subcommand_from deliver-rollback-execution" -s q -l quiet -d 'Print no status messages on stderr (errors still appear)'
complete -c cavra -n "__fish_cavra_using_subcommand release; and __fish_seen_subcommand_from deliver-rollback-execution" -s v -l verbose -d 'Print detail on stderr: repository, store paths, time taken (-vv: the same)'
complete -c cavra -n "__fish_cavra_using_subcommand release; and __fish_seen_subcommand_from deliver-rollback-execution" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c cavra -n "__fish_cavra_using_subcommand release; and __fish_seen_subcommand_from deliver-endpoint-export" -l provider -d 'Connectors (by name or provider) to deliver to: all, or a comma-separated list; for an export, its providers' -r
complete -c cavra -n "__fish_cavra_using_subcommand release; and __fish_seen_subcommand_from deliver-endpoint-export" -l config -d 'Connector configuration [default: .cavra/connectors.json, or CAVRA_CONNECTOR_CONFIG]' -r -F
complete -c cavra -n "__fish_cavra_using_subcommand release; and __fish_seen_subcommand_from deliver-endpoint-export" -l retries -d 'Retries after the first attempt' -r
complete -c cavra -n "__fish_cavra_using_subcommand release; and __fish_seen_subcommand_from deliver-endpoint-export" -l timeout-seconds -d 'Total time allowed for one request, connect included' -r
complete -c cavra -n "__fish_cavra_using_subcommand release; and __fish_seen_subcommand_from deliver-endpoint-export" -l output -d 'Write the delivery evidence into this directory (never overwriting)' -r -F
complete -c cavra -n "__fish_cavra_using_subcommand release; and __fish_seen_subcommand_from deliver-endpoint-export" -l metadata-json -d 'Evidence metadata ledger [default: .cavra/evidence/metadata/]' -r -F
complete -c cavra -n "__fish_cavra_using_subcommand release; and __fish_seen_subcommand_from deliver-endpoint-export" -l format -d 'Output format [default: table on a terminal, json otherwise]' -r -f -a "table\t'Aligned columns for people (the default on a terminal)'
text\t'Plain lines for people; the same as table where a command has no text form'
json\t'Pretty JSON, a versioned contract naming its schema in `schema` (`cavra schema show NAME` prints it); the default when stdout is not a terminal'
ndjson\t'One compact JSON value per line'
markdown\t'A Markdown table, for pull-request comments and $GITHUB_STEP_SUMMARY'"
complete -c cavra -n "__fish_cavra_using_subcommand release; and __fish_seen_subcommand_from deliver-endpoint-export" -s C -l repo -d 'Run as if cavra was started in DIR (relative paths are then relative to DIR)' -r -F
complete -c cavra -n "__fish_cavra_using_subcommand release; and __fish_seen_subcommand_from deliver-endpoint-export" -l color -d 'When to colour messages on stderr' -r -f -a "auto\t'Colour when stderr is a terminal and NO_COLOR is unset'
always\t'Always colour'
never\t'Never colour'"
complete -c cavra -n "__fish_cavra_using_subcommand release; and __fish_seen_subcommand_from deliver-endpoint-export" -l dry-run -d 'Print the exact requests (secrets masked) and send nothing'
complete -c cavra -n "__fish_cavra_using_subcommand release; and __fish_seen_subcommand_from deliver-endpoint-export" -l allow-failure -d 'Exit 0 even when a delivery failed (the evidence and the ledger still say so)'
complete -c cavra -n "__fish_cavra_using_subcommand release; and __fish_seen_subcommand_from deliver-endpoint-export" -s q -l quiet -d 'Print no status messages on stderr (errors still appear)'
complete -c cavra -n "__fish_cavra_using_subcommand release; and __fish_seen_subcommand_from deliver-endpoint-export" -s v -l verbose -d 'Print detail on stderr: repository, store paths, time taken (-vv: the same)'
complete -c cavra -n "__fish_cavra_using_subcommand release; and __fish_seen_subcommand_from deliver-endpoint-export" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c cavra -n "__fish_cavra_using_subcommand release; and __fish_seen_subcommand_from connector-delivery-history" -l provider -d 'Only deliveries to these providers (each counted by its own outcome)' -r
complete -c cavra -n "__fish_cavra_using_subcommand release; and __fish_seen_subcommand_from connector-delivery-history" -l event-type -d 'Only these event types (exact)' -r
complete -c cavra -n "__fish_cavra_using_subcommand release; and __fish_seen_subcommand_from connector-delivery-history" -l event-id -d 'Only these event ids (exact, never a substring)' -r
complete -c cavra -n "__fish_cavra_using_subcommand release; and __fish_seen_subcommand_from connector-delivery-history" -l since -d 'Only deliveries at or after this time (RFC 3339, a date, or an age such as 24h or 7d)' -r
complete -c cavra -n "__fish_cavra_using_subcommand release; and __fish_seen_subcommand_from connector-delivery-history" -l until -d 'Only deliveries at or before this time (RFC 3339, a date, or an age such as 24h)' -r
complete -c cavra -n "__fish_cavra_using_subcommand release; and __fish_seen_subcommand_from connector-delivery-history" -l limit -d 'Show at most N deliveries (the JSON `total` still counts all) [default: all]' -r
complete -c cavra -n "__fish_cavra_using_subcommand release; and __fish_seen_subcommand_from connector-delivery-history" -l offset -d 'Skip the N newest matching deliveries' -r
complete -c cavra -n "__fish_cavra_using_subcommand release; and __fish_seen_subcommand_from connector-delivery-history" -l metadata-json -d 'Evidence metadata ledger [default: .cavra/evidence/metadata/]' -r -F
complete -c cavra -n "__fish_cavra_using_subcommand release; and __fish_seen_subcommand_from connector-delivery-history" -l format -d 'Output format [default: table on a terminal, json otherwise]' -r -f -a "table\t'Aligned columns for people (the default on a terminal)'
text\t'Plain lines for people; the same as table where a command has no text form'
json\t'Pretty JSON, a versioned contract naming its schema in `schema` (`cavra schema show NAME` prints it); the default when stdout is not a terminal'
ndjson\t'One compact JSON value per line'
markdown\t'A Markdown table, for pull-request comments and $GITHUB_STEP_SUMMARY'"
complete -c cavra -n "__fish_cavra_using_subcommand release; and __fish_seen_subcommand_from connector-delivery-history" -s C -l repo -d 'Run as if cavra was started in DIR (relative paths are then relative to DIR)' -r -F
complete -c cavra -n "__fish_cavra_using_subcommand release; and __fish_seen_subcommand_from connector-delivery-history" -l color -d 'When to colour messages on stderr' -r -f -a "auto\t'Colour when stderr is a terminal and NO_COLOR is unset'
always\t'Always colour'
never\t'Never colour'"
complete -c cavra -n "__fish_cavra_using_subcommand release; and __fish_seen_subcommand_from connector-delivery-history" -l success -d 'Only successful deliveries'
complete -c cavra -n "__fish_cavra_using_subcommand release; and __fish_seen_subcommand_from connector-delivery-history" -l no-success -d 'Only failed deliveries'
complete -c cavra -n "__fish_cavra_using_subcommand release; and __fish_seen_subcommand_from connector-delivery-history" -s q -l quiet -d 'Print no status messages on stderr (errors still appear)'
complete -c cavra -n "__fish_cavra_using_subcommand release; and __fish_seen_subcommand_from connector-delivery-history" -s v -l verbose -d 'Print detail on stderr: repository, store paths, time taken (-vv: the same)'
complete -c cavra -n "__fish_cavra_using_subcommand release; and __fish_seen_subcommand_from connector-delivery-history" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c cavra -n "__fish_cavra_using_subcommand release; and __fish_seen_subcommand_from connector-delivery-dashboard" -l provider -d 'Only deliveries to these providers (each counted by its own outcome)' -r
complete -c cavra -n "__fish_cavra_using_subcommand release; and __fish_seen_subcommand_from connector-delivery-dashboard" -l event-type -d 'Only these event types (exact)' -r
complete -c cavra -n "__fish_cavra_using_subcommand release; and __fish_seen_subcommand_from connector-delivery-dashboard" -l event-id -d 'Only these event ids (exact, never a substring)' -r
complete -c cavra -n "__fish_cavra_using_subcommand release; and __fish_seen_subcommand_from connector-delivery-dashboard" -l since -d 'Only deliveries at or after this time (RFC 3339, a date, or an age such as 24h or 7d)' -r
complete -c cavra -n "__fish_cavra_using_subcommand release; and __fish_seen_subcommand_from connector-delivery-dashboard" -l until -d 'Only deliveries at or before this time (RFC 3339, a date, or an age such as 24h)' -r
complete -c cavra -n "__fish_cavra_using_subcommand release; and __fish_seen_subcommand_from connector-delivery-dashboard" -l fail-on -d 'Exit 1 when the alert level is at or above this one (a CI gate); without it a dashboard exits 0' -r -f -a "warning\t'Exit 1 on a warning or a critical alert'
critical\t'Exit 1 on a critical alert only'"
complete -c cavra -n "__fish_cavra_using_subcommand release; and __fish_seen_subcommand_from connector-delivery-dashboard" -l metadata-json -d 'Evidence metadata ledger [default: .cavra/evidence/metadata/]' -r -F
complete -c cavra -n "__fish_cavra_using_subcommand release; and __fish_seen_subcommand_from connector-delivery-dashboard" -l format -d 'Output format [default: table on a terminal, json otherwise]' -r -f -a "table\t'Aligned columns for people (the default on a terminal)'
json\t'Pretty JSON, a versioned contract naming its schema in `schema` (`cavra schema show NAME` prints it); the default when stdout is not a terminal'
markdown\t'A Markdown table, for pull-request comments and $GITHUB_STEP_SUMMARY'"
complete -c cavra -n "__fish_cavra_using_subcommand release; and __fish_seen_subcommand_from connector-delivery-dashboard" -s C -l repo -d 'Run as if cavra was started in DIR (relative paths are then relative to DIR)' -r -F
complete -c cavra -n "__fish_cavra_using_subcommand release; and __fish_seen_subcommand_from connector-delivery-dashboard" -l color -d 'When to colour messages on stderr' -r -f -a "auto\t'Colour when stderr is a terminal and NO_COLOR is unset'
always\t'Always colour'
never\t'Never colour'"
complete -c cavra -n "__fish_cavra_using_subcommand release; and __fish_seen_subcommand_from connector-delivery-dashboard" -s q -l quiet -d 'Print no status messages on stderr (errors still appear)'
complete -c cavra -n "__fish_cavra_using_subcommand release; and __fish_seen_subcommand_from connector-delivery-dashboard" -s v -l verbose -d 'Print detail on stderr: repository, store paths, time taken (-vv: the same)'
complete -c cavra -n "__fish_cavra_using_subcommand release; and __fish_seen_subcommand_from connector-delivery-dashboard" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c cavra -n "__fish_cavra_using_subcommand release; and __fish_seen_subcommand_from endpoint-publication-history" -l provider -d 'Only publications to these providers (jamf, intune, linux)' -r
complete -c cavra -n "__fish_cavra_using_subcommand release; and __fish_seen_subcommand_from endpoint-publication-history" -l export-id -d 'Only these exports (eme_…; exact)' -r
complete -c cavra -n "__fish_cavra_using_subcommand release; and __fish_seen_subcommand_from endpoint-publication-history" -l channel -d 'Only these channels (exact)' -r
complete -c cavra -n "__fish_cavra_using_subcommand release; and __fish_seen_subcommand_from endpoint-publication-history" -l since -d 'Only deliveries at or after this time (RFC 3339, a date, or an age such as 24h or 7d)' -r
complete -c cavra -n "__fish_cavra_using_subcommand release; and __fish_seen_subcommand_from endpoint-publication-history" -l until -d 'Only deliveries at or before this time (RFC 3339, a date, or an age such as 24h)' -r
complete -c cavra -n "__fish_cavra_using_subcommand release; and __fish_seen_subcommand_from endpoint-publication-history" -l limit -d 'Show at most N deliveries (the JSON `total` still counts all) [default: all]' -r
complete -c cavra -n "__fish_cavra_using_subcommand release; and __fish_seen_subcommand_from endpoint-publication-history" -l offset -d 'Skip the N newest matching deliveries' -r
complete -c cavra -n "__fish_cavra_using_subcommand release; and __fish_seen_subcommand_from endpoint-publication-history" -l metadata-json -d 'Evidence metadata ledger [default: .cavra/evidence/metadata/]' -r -F
complete -c cavra -n "__fish_cavra_using_subcommand release; and __fish_seen_subcommand_from endpoint-publication-history" -l format -d 'Output format [default: table on a terminal, json otherwise]' -r -f -a "table\t'Aligned columns for people (the default on a terminal)'
text\t'Plain lines for people; the same as table where a command has no text form'
json\t'Pretty JSON, a versioned contract naming its schema in `schema` (`cavra schema show NAME` prints it); the default when stdout is not a terminal'
ndjson\t'One compact JSON value per line'
markdown\t'A Markdown table, for pull-request comments and $GITHUB_STEP_SUMMARY'"
complete -c cavra -n "__fish_cavra_using_subcommand release; and __fish_seen_subcommand_from endpoint-publication-history" -s C -l repo -d 'Run as if cavra was started in DIR (relative paths are then relative to DIR)' -r -F
complete -c cavra -n "__fish_cavra_using_subcommand release; and __fish_seen_subcommand_from endpoint-publication-history" -l color -d 'When to colour messages on stderr' -r -f -a "auto\t'Colour when stderr is a terminal and NO_COLOR is unset'
always\t'Always colour'
never\t'Never colour'"
complete -c cavra -n "__fish_cavra_using_subcommand release; and __fish_seen_subcommand_from endpoint-publication-history" -l success -d 'Only successful deliveries'
complete -c cavra -n "__fish_cavra_using_subcommand release; and __fish_seen_subcommand_from endpoint-publication-history" -l no-success -d 'Only failed deliveries'
complete -c cavra -n "__fish_cavra_using_subcommand release; and __fish_seen_subcommand_from endpoint-publication-history" -s q -l quiet -d 'Print no status messages on stderr (errors still appear)'
complete -c cavra -n "__fish_cavra_using_subcommand release; and __fish_seen_subcommand_from endpoint-publication-history" -s v -l verbose -d 'Print detail on stderr: repository, store paths, time taken (-vv: the same)'
complete -c cavra -n "__fish_cavra_using_subcommand release; and __fish_seen_subcommand_from endpoint-publication-history" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c cavra -n "__fish_cavra_using_subcommand release; and __fish_seen_subcommand_from endpoint-publication-dashboard" -l provider -d 'Only publications to these providers (jamf, intune, linux)' -r
complete -c cavra -n "__fish_cavra_using_subcommand release; and __fish_seen_subcommand_from endpoint-publication-dashboard" -l channel -d 'Only these channels (exact)' -r
complete -c cavra -n "__fish_cavra_using_subcommand release; and __fish_seen_subcommand_from endpoint-publication-dashboard" -l since -d 'Only deliveries at or after this time (RFC 3339, a date, or an age such as 24h or 7d)' -r
complete -c cavra -n "__fish_cavra_using_subcommand release; and __fish_seen_subcommand_from endpoint-publication-dashboard" -l until -d 'Only deliveries at or before this time (RFC 3339, a date, or an age such as 24h)' -r
complete -c cavra -n "__fish_cavra_using_subcommand release; and __fish_seen_subcommand_from endpoint-publication-dashboard" -l fail-on -d 'Exit 1 when the alert level is at or above this one (a CI gate); without it a dashboard exits 0' -r -f -a "warning\t'Exit 1 on a warning or a critical alert'
critical\t'Exit 1 on a critical alert only'"
complete -c cavra -n "__fish_cavra_using_subcommand release; and __fish_seen_subcommand_from endpoint-publication-dashboard" -l metadata-json -d 'Evidence metadata ledger [default: .cavra/evidence/metadata/]' -r -F
complete -c cavra -n "__fish_cavra_using_subcommand release; and __fish_seen_subcommand_from endpoint-publication-dashboard" -l format -d 'Output format [default: table on a terminal, json otherwise]' -r -f -a "table\t'Aligned columns for people (the default on a terminal)'
json\t'Pretty JSON, a versioned contract naming its schema in `schema` (`cavra schema show NAME` prints it); the default when stdout is not a terminal'
markdown\t'A Markdown table, for pull-request comments and $GITHUB_STEP_SUMMARY'"
complete -c cavra -n "__fish_cavra_using_subcommand release; and __fish_seen_subcommand_from endpoint-publication-dashboard" -s C -l repo -d 'Run as if cavra was started in DIR (relative paths are then relative to DIR)' -r -F
complete -c cavra -n "__fish_cavra_using_subcommand release; and __fish_seen_subcommand_from endpoint-publication-dashboard" -l color -d 'When to colour messages on stderr' -r -f -a "auto\t'Colour when stderr is a terminal and NO_COLOR is unset'
always\t'Always colour'
never\t'Never colour'"
complete -c cavra -n "__fish_cavra_using_subcommand release; and __fish_seen_subcommand_from endpoint-publication-dashboard" -s q -l quiet -d 'Print no status messages on stderr (errors still appear)'
complete -c cavra -n "__fish_cavra_using_subcommand release; and __fish_seen_subcommand_from endpoint-publication-dashboard" -s v -l verbose -d 'Print detail on stderr: repository, store paths, time taken (-vv: the same)'
complete -c cavra -n "__fish_cavra_using_subcommand release; and __fish_seen_subcommand_from endpoint-publication-dashboard" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c cavra -n "__fish_cavra_using_subcommand release; and __fish_seen_subcommand_from help" -f -a "deliver-promotion-audit" -d 'Deliver a promotion execution (an audit event, severity high) to the connectors'
complete -c cavra -n "__fish_cavra_using_subcommand release; and __fish_seen_subcommand_from help" -f -a "deliver-rollback-execution" -d 'Deliver a rollback execution (severity critical) to the connectors'
complete -c cavra -n "__fish_cavra_using_subcommand release; and __fish_seen_subcommand_from help" -f -a "deliver-endpoint-export" -d 'Publish an endpoint-management export to its Jamf, Intune and Linux connectors'
complete -c cavra -n "__fish_cavra_using_subcommand release; and __fish_seen_subcommand_from help" -f -a "connector-delivery-history" -d 'List promotion-audit and rollback deliveries, newest first'
complete -c cavra -n "__fish_cavra_using_subcommand release; and __fish_seen_subcommand_from help" -f -a "connector-delivery-dashboard" -d 'Promotion-audit and rollback delivery figures, as a CI gate'
complete -c cavra -n "__fish_cavra_using_subcommand release; and __fish_seen_subcommand_from help" -f -a "endpoint-publication-history" -d 'List endpoint-management publications, newest first'
complete -c cavra -n "__fish_cavra_using_subcommand release; and __fish_seen_subcommand_from help" -f -a "endpoint-publication-dashboard" -d 'Endpoint publication figures with the latest publication per channel and provider'
complete -c cavra -n "__fish_cavra_using_subcommand release; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c cavra -n "__fish_cavra_using_subcommand delivery; and not __fish_seen_subcommand_from history dashboard retry help" -l format -d 'Output format [default: table on a terminal, json otherwise]' -r -f -a "table\t'Aligned columns for people (the default on a terminal)'
text\t'Plain lines for people; the same as table where a command has no text form'
json\t'Pretty JSON, a versioned contract naming its schema in `schema` (`cavra schema show NAME` prints it); the default when stdout is not a terminal'
ndjson\t'One compact JSON value per line'
markdown\t'A Markdown table, for pull-request comments and $GITHUB_STEP_SUMMARY'"
complete -c cavra -n "__fish_cavra_using_subcommand delivery; and not __fish_seen_subcommand_from history dashboard retry help" -s C -l repo -d 'Run as if cavra was started in DIR (relative paths are then relative to DIR)' -r -F
complete -c cavra -n "__fish_cavra_using_subcommand delivery; and not __fish_seen_subcommand_from history dashboard retry help" -l color -d 'When to colour messages on stderr' -r -f -a "auto\t'Colour when stderr is a terminal and NO_COLOR is unset'
always\t'Always colour'
never\t'Never colour'"
complete -c cavra -n "__fish_cavra_using_subcommand delivery; and not __fish_seen_subcommand_from history dashboard retry help" -s q -l quiet -d 'Print no status messages on stderr (errors still appear)'
complete -c cavra -n "__fish_cavra_using_subcommand delivery; and not __fish_seen_subcommand_from history dashboard retry help" -s v -l verbose -d 'Print detail on stderr: repository, store paths, time taken (-vv: the same)'
complete -c cavra -n "__fish_cavra_using_subcommand delivery; and not __fish_seen_subcommand_from history dashboard retry help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c cavra -n "__fish_cavra_using_subcommand delivery; and not __fish_seen_subcommand_from history dashboard retry help" -f -a "history" -d 'List deliveries of every kind, newest first'
complete -c cavra -n "__fish_cavra_using_subcommand delivery; and not __fish_seen_subcommand_from history dashboard retry help" -f -a "dashboard" -d 'Delivery figures per provider and the alerts, as a CI gate'
complete -c cavra -n "__fish_cavra_using_subcommand delivery; and not __fish_seen_subcommand_from history dashboard retry help" -f -a "retry" -d 'Re-send failed release deliveries to the providers that failed'
complete -c cavra -n "__fish_cavra_using_subcommand delivery; and not __fish_seen_subcommand_from history dashboard retry help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c cavra -n "__fish_cavra_using_subcommand delivery; and __fish_seen_subcommand_from history" -l provider -d 'Only deliveries to these providers (each counted by its own outcome)' -r
complete -c cavra -n "__fish_cavra_using_subcommand delivery; and __fish_seen_subcommand_from history" -l event-type -d 'Only these event types (exact)' -r
complete -c cavra -n "__fish_cavra_using_subcommand delivery; and __fish_seen_subcommand_from history" -l event-id -d 'Only these event ids (exact, never a substring)' -r
complete -c cavra -n "__fish_cavra_using_subcommand delivery; and __fish_seen_subcommand_from history" -l metadata-kind -d 'Only ledger entries of these kinds (release-connector-delivery, …)' -r
complete -c cavra -n "__fish_cavra_using_subcommand delivery; and __fish_seen_subcommand_from history" -l source -d 'Only deliveries from these sources (cli_integration_deliver, release_governance_rollback, …)' -r
complete -c cavra -n "__fish_cavra_using_subcommand delivery; and __fish_seen_subcommand_from history" -l since -d 'Only deliveries at or after this time (RFC 3339, a date, or an age such as 24h or 7d)' -r
complete -c cavra -n "__fish_cavra_using_subcommand delivery; and __fish_seen_subcommand_from history" -l until -d 'Only deliveries at or before this time (RFC 3339, a date, or an age such as 24h)' -r
complete -c cavra -n "__fish_cavra_using_subcommand delivery; and __fish_seen_subcommand_from history" -l limit -d 'Show at most N deliveries (the JSON `total` still counts all) [default: all]' -r
complete -c cavra -n "__fish_cavra_using_subcommand delivery; and __fish_seen_subcommand_from history" -l offset -d 'Skip the N newest matching deliveries' -r
complete -c cavra -n "__fish_cavra_using_subcommand delivery; and __fish_seen_subcommand_from history" -l metadata-json -d 'Evidence metadata ledger [default: .cavra/evidence/metadata/]' -r -F
complete -c cavra -n "__fish_cavra_using_subcommand delivery; and __fish_seen_subcommand_from history" -l format -d 'Output format [default: table on a terminal, json otherwise]' -r -f -a "table\t'Aligned columns for people (the default on a terminal)'
text\t'Plain lines for people; the same as table where a command has no text form'
json\t'Pretty JSON, a versioned contract naming its schema in `schema` (`cavra schema show NAME` prints it); the default when stdout is not a terminal'
ndjson\t'One compact JSON value per line'
markdown\t'A Markdown table, for pull-request comments and $GITHUB_STEP_SUMMARY'"
complete -c cavra -n "__fish_cavra_using_subcommand delivery; and __fish_seen_subcommand_from history" -s C -l repo -d 'Run as if cavra was started in DIR (relative paths are then relative to DIR)' -r -F
complete -c cavra -n "__fish_cavra_using_subcommand delivery; and __fish_seen_subcommand_from history" -l color -d 'When to colour messages on stderr' -r -f -a "auto\t'Colour when stderr is a terminal and NO_COLOR is unset'
always\t'Always colour'
never\t'Never colour'"
complete -c cavra -n "__fish_cavra_using_subcommand delivery; and __fish_seen_subcommand_from history" -l success -d 'Only successful deliveries'
complete -c cavra -n "__fish_cavra_using_subcommand delivery; and __fish_seen_subcommand_from history" -l no-success -d 'Only failed deliveries'
complete -c cavra -n "__fish_cavra_using_subcommand delivery; and __fish_seen_subcommand_from history" -s q -l quiet -d 'Print no status messages on stderr (errors still appear)'
complete -c cavra -n "__fish_cavra_using_subcommand delivery; and __fish_seen_subcommand_from history" -s v -l verbose -d 'Print detail on stderr: repository, store paths, time taken (-vv: the same)'
complete -c cavra -n "__fish_cavra_using_subcommand delivery; and __fish_seen_subcommand_from history" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c cavra -n "__fish_cavra_using_subcommand delivery; and __fish_seen_subcommand_from dashboard" -l provider -d 'Only deliveries to these providers (each counted by its own outcome)' -r
complete -c cavra -n "__fish_cavra_using_subcommand delivery; and __fish_seen_subcommand_from dashboard" -l event-type -d 'Only these event types (exact)' -r
complete -c cavra -n "__fish_cavra_using_subcommand delivery; and __fish_seen_subcommand_from dashboard" -l event-id -d 'Only these event ids (exact, never a substring)' -r
complete -c cavra -n "__fish_cavra_using_subcommand delivery; and __fish_seen_subcommand_from dashboard" -l metadata-kind -d 'Only ledger entries of these kinds (release-connector-delivery, …)' -r
complete -c cavra -n "__fish_cavra_using_subcommand delivery; and __fish_seen_subcommand_from dashboard" -l source -d 'Only deliveries from these sources (cli_integration_deliver, release_governance_rollback, …)' -r
complete -c cavra -n "__fish_cavra_using_subcommand delivery; and __fish_seen_subcommand_from dashboard" -l since -d 'Only deliveries at or after this time (RFC 3339, a date, or an age such as 24h or 7d)' -r
complete -c cavra -n "__fish_cavra_using_subcommand delivery; and __fish_seen_subcommand_from dashboard" -l until -d 'Only deliveries at or before this time (RFC 3339, a date, or an age such as 24h)' -r
complete -c cavra -n "__fish_cavra_using_subcommand delivery; and __fish_seen_subcommand_from dashboard" -l fail-on -d 'Exit 1 when the alert level is at or above this one (a CI gate); without it a dashboard exits 0' -r -f -a "warning\t'Exit 1 on a warning or a critical alert'
critical\t'Exit 1 on a critical alert only'"
complete -c cavra -n "__fish_cavra_using_subcommand delivery; and __fish_seen_subcommand_from dashboard" -l metadata-json -d 'Evidence metadata ledger [default: .cavra/evidence/metadata/]' -r -F
complete -c cavra -n "__fish_cavra_using_subcommand delivery; and __fish_seen_subcommand_from dashboard" -l format -d 'Output format [default: table on a terminal, json otherwise]' -r -f -a "table\t'Aligned columns for people (the default on a terminal)'
json\t'Pretty JSON, a versioned contract naming its schema in `schema` (`cavra schema show NAME` prints it); the default when stdout is not a terminal'
markdown\t'A Markdown table, for pull-request comments and $GITHUB_STEP_SUMMARY'"
complete -c cavra -n "__fish_cavra_using_subcommand delivery; and __fish_seen_subcommand_from dashboard" -s C -l repo -d 'Run as if cavra was started in DIR (relative paths are then relative to DIR)' -r -F
complete -c cavra -n "__fish_cavra_using_subcommand delivery; and __fish_seen_subcommand_from dashboard" -l color -d 'When to colour messages on stderr' -r -f -a "auto\t'Colour when stderr is a terminal and NO_COLOR is unset'
always\t'Always colour'
never\t'Never colour'"
complete -c cavra -n "__fish_cavra_using_subcommand delivery; and __fish_seen_subcommand_from dashboard" -s q -l quiet -d 'Print no status messages on stderr (errors still appear)'
complete -c cavra -n "__fish_cavra_using_subcommand delivery; and __fish_seen_subcommand_from dashboard" -s v -l verbose -d 'Print detail on stderr: repository, store paths, time taken (-vv: the same)'
complete -c cavra -n "__fish_cavra_using_subcommand delivery; and __fish_seen_subcommand_from dashboard" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c cavra -n "__fish_cavra_using_subcommand delivery; and __fish_seen_subcommand_from retry" -l event-id -d 'The event whose failed deliveries to retry (exact)' -r
complete -c cavra -n "__fish_cavra_using_subcommand delivery; and __fish_seen_subcommand_from retry" -l since -d 'Only deliveries at or after this time (RFC 3339, a date, or an age such as 24h or 7d)' -r
complete -c cavra -n "__fish_cavra_using_subcommand delivery; and __fish_seen_subcommand_from retry" -l until -d 'Only deliveries at or before this time (RFC 3339, a date, or an age such as 24h)' -r
complete -c cavra -n "__fish_cavra_using_subcommand delivery; and __fish_seen_subcommand_from retry" -l config -d 'Connector configuration [default: .cavra/connectors.json, or CAVRA_CONNECTOR_CONFIG]' -r -F
complete -c cavra -n "__fish_cavra_using_subcommand delivery; and __fish_seen_subcommand_from retry" -l retries -d 'Retries after the first attempt' -r
complete -c cavra -n "__fish_cavra_using_subcommand delivery; and __fish_seen_subcommand_from retry" -l timeout-seconds -d 'Total time allowed for one request, connect included' -r
complete -c cavra -n "__fish_cavra_using_subcommand delivery; and __fish_seen_subcommand_from retry" -l output -d 'Write the delivery evidence into this directory (never overwriting)' -r -F
complete -c cavra -n "__fish_cavra_using_subcommand delivery; and __fish_seen_subcommand_from retry" -l metadata-json -d 'Evidence metadata ledger [default: .cavra/evidence/metadata/]' -r -F
complete -c cavra -n "__fish_cavra_using_subcommand delivery; and __fish_seen_subcommand_from retry" -l format -d 'Output format [default: table on a terminal, json otherwise]' -r -f -a "table\t'Aligned columns for people (the default on a terminal)'
text\t'Plain lines for people; the same as table where a command has no text form'
json\t'Pretty JSON, a versioned contract naming its schema in `schema` (`cavra schema show NAME` prints it); the default when stdout is not a terminal'
ndjson\t'One compact JSON value per line'
markdown\t'A Markdown table, for pull-request comments and $GITHUB_STEP_SUMMARY'"
complete -c cavra -n "__fish_cavra_using_subcommand delivery; and __fish_seen_subcommand_from retry" -s C -l repo -d 'Run as if cavra was started in DIR (relative paths are then relative to DIR)' -r -F
complete -c cavra -n "__fish_cavra_using_subcommand delivery; and __fish_seen_subcommand_from retry" -l color -d 'When to colour messages on stderr' -r -f -a "auto\t'Colour when stderr is a terminal and NO_COLOR is unset'
always\t'Always colour'
never\t'Never colour'"
complete -c cavra -n "__fish_cavra_using_subcommand delivery; and __fish_seen_subcommand_from retry" -l failed -d 'Retry every failed delivery no retry has recovered yet'
complete -c cavra -n "__fish_cavra_using_subcommand delivery; and __fish_seen_subcommand_from retry" -l allow-failure -d 'Exit 0 even when a retry failed'
complete -c cavra -n "__fish_cavra_using_subcommand delivery; and __fish_seen_subcommand_from retry" -s q -l quiet -d 'Print no status messages on stderr (errors still appear)'
complete -c cavra -n "__fish_cavra_using_subcommand delivery; and __fish_seen_subcommand_from retry" -s v -l verbose -d 'Print detail on stderr: repository, store paths, time taken (-vv: the same)'
complete -c cavra -n "__fish_cavra_using_subcommand delivery; and __fish_seen_subcommand_from retry" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c cavra -n "__fish_cavra_using_subcommand delivery; and __fish_seen_subcommand_from help" -f -a "history" -d 'List deliveries of every kind, newest first'
complete -c cavra -n "__fish_cavra_using_subcommand delivery; and __fish_seen_subcommand_from help" -f -a "dashboard" -d 'Delivery figures per provider and the alerts, as a CI gate'
complete -c cavra -n "__fish_cavra_using_subcommand delivery; and __fish_seen_subcommand_from help" -f -a "retry" -d 'Re-send failed release deliveries to the providers that failed'
complete -c cavra -n "__fish_cavra_using_subcommand delivery; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c cavra -n "__fish_cavra_using_subcommand console; and not __fish_seen_subcommand_from build help" -l format -d 'Output format [default: table on a terminal, json otherwise]' -r -f -a "table\t'Aligned columns for people (the default on a terminal)'
text\t'Plain lines for people; the same as table where a command has no text form'
json\t'Pretty JSON, a versioned contract naming its schema in `schema` (`cavra schema show NAME` prints it); the default when stdout is not a terminal'
ndjson\t'One compact JSON value per line'
markdown\t'A Markdown table, for pull-request comments and $GITHUB_STEP_SUMMARY'"
complete -c cavra -n "__fish_cavra_using_subcommand console; and not __fish_seen_subcommand_from build help" -s C -l repo -d 'Run as if cavra was started in DIR (relative paths are then relative to DIR)' -r -F
complete -c cavra -n "__fish_cavra_using_subcommand console; and not __fish_seen_subcommand_from build help" -l color -d 'When to colour messages on stderr' -r -f -a "auto\t'Colour when stderr is a terminal and NO_COLOR is unset'
always\t'Always colour'
never\t'Never colour'"
complete -c cavra -n "__fish_cavra_using_subcommand console; and not __fish_seen_subcommand_from build help" -s q -l quiet -d 'Print no status messages on stderr (errors still appear)'
complete -c cavra -n "__fish_cavra_using_subcommand console; and not __fish_seen_subcommand_from build help" -s v -l verbose -d 'Print detail on stderr: repository, store paths, time taken (-vv: the same)'
complete -c cavra -n "__fish_cavra_using_subcommand console; and not __fish_seen_subcommand_from build help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c cavra -n "__fish_cavra_using_subcommand console; and not __fish_seen_subcommand_from build help" -f -a "build" -d 'Build the evidence console: one self-contained HTML page from the stores'
complete -c cavra -n "__fish_cavra_using_subcommand console; and not __fish_seen_subcommand_from build help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c cavra -n "__fish_cavra_using_subcommand console; and __fish_seen_subcommand_from build" -l output -d 'Write the page into DIR [default: .cavra/console]' -r -F
complete -c cavra -n "__fish_cavra_using_subcommand console; and __fish_seen_subcommand_from build" -l format -d 'Output format [default: table on a terminal, json otherwise]' -r -f -a "table\t'Aligned columns for people (the default on a terminal)'
text\t'Plain lines for people; the same as table where a command has no text form'
json\t'Pretty JSON, a versioned contract naming its schema in `schema` (`cavra schema show NAME` prints it); the default when stdout is not a terminal'
ndjson\t'One compact JSON value per line'
markdown\t'A Markdown table, for pull-request comments and $GITHUB_STEP_SUMMARY'"
complete -c cavra -n "__fish_cavra_using_subcommand console; and __fish_seen_subcommand_from build" -s C -l repo -d 'Run as if cavra was started in DIR (relative paths are then relative to DIR)' -r -F
complete -c cavra -n "__fish_cavra_using_subcommand console; and __fish_seen_subcommand_from build" -l color -d 'When to colour messages on stderr' -r -f -a "auto\t'Colour when stderr is a terminal and NO_COLOR is unset'
always\t'Always colour'
never\t'Never colour'"
complete -c cavra -n "__fish_cavra_using_subcommand console; and __fish_seen_subcommand_from build" -l open -d 'Open the page in the system\'s browser once written'
complete -c cavra -n "__fish_cavra_using_subcommand console; and __fish_seen_subcommand_from build" -s q -l quiet -d 'Print no status messages on stderr (errors still appear)'
complete -c cavra -n "__fish_cavra_using_subcommand console; and __fish_seen_subcommand_from build" -s v -l verbose -d 'Print detail on stderr: repository, store paths, time taken (-vv: the same)'
complete -c cavra -n "__fish_cavra_using_subcommand console; and __fish_seen_subcommand_from build" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c cavra -n "__fish_cavra_using_subcommand console; and __fish_seen_subcommand_from help" -f -a "build" -d 'Build the evidence console: one self-contained HTML page from the stores'
complete -c cavra -n "__fish_cavra_using_subcommand console; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c cavra -n "__fish_cavra_using_subcommand drill; and not __fish_seen_subcommand_from schedule policy notify ack record escalate audit audit-deliver retry history routing-history dashboard help" -l format -d 'Output format [default: table on a terminal, json otherwise]' -r -f -a "table\t'Aligned columns for people (the default on a terminal)'
text\t'Plain lines for people; the same as table where a command has no text form'
json\t'Pretty JSON, a versioned contract naming its schema in `schema` (`cavra schema show NAME` prints it); the default when stdout is not a terminal'
ndjson\t'One compact JSON value per line'
markdown\t'A Markdown table, for pull-request comments and $GITHUB_STEP_SUMMARY'"
complete -c cavra -n "__fish_cavra_using_subcommand drill; and not __fish_seen_subcommand_from schedule policy notify ack record escalate audit audit-deliver retry history routing-history dashboard help" -s C -l repo -d 'Run as if cavra was started in DIR (relative paths are then relative to DIR)' -r -F
complete -c cavra -n "__fish_cavra_using_subcommand drill; and not __fish_seen_subcommand_from schedule policy notify ack record escalate audit audit-deliver retry history routing-history dashboard help" -l color -d 'When to colour messages on stderr' -r -f -a "auto\t'Colour when stderr is a terminal and NO_COLOR is unset'
always\t'Always colour'
never\t'Never colour'"
complete -c cavra -n "__fish_cavra_using_subcommand drill; and not __fish_seen_subcommand_from schedule policy notify ack record escalate audit audit-deliver retry history routing-history dashboard help" -s q -l quiet -d 'Print no status messages on stderr (errors still appear)'
complete -c cavra -n "__fish_cavra_using_subcommand drill; and not __fish_seen_subcommand_from schedule policy notify ack record escalate audit audit-deliver retry history routing-history dashboard help" -s v -l verbose -d 'Print detail on stderr: repository, store paths, time taken (-vv: the same)'
complete -c cavra -n "__fish_cavra_using_subcommand drill; and not __fish_seen_subcommand_from schedule policy notify ack record escalate audit audit-deliver retry history routing-history dashboard help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c cavra -n "__fish_cavra_using_subcommand drill; and not __fish_seen_subcommand_from schedule policy notify ack record escalate audit audit-deliver retry history routing-history dashboard help" -f -a "schedule" -d 'Manage rollback drill schedules (.cavra/drills/schedules.json)'
complete -c cavra -n "__fish_cavra_using_subcommand drill; and not __fish_seen_subcommand_from schedule policy notify ack record escalate audit audit-deliver retry history routing-history dashboard help" -f -a "policy" -d 'Manage the drill routing policy (.cavra/drills/routing.json): routes, maintenance windows, calendar gaps'
complete -c cavra -n "__fish_cavra_using_subcommand drill; and not __fish_seen_subcommand_from schedule policy notify ack record escalate audit audit-deliver retry history routing-history dashboard help" -f -a "notify" -d 'Plan and send drill notifications for schedules that are due soon or need attention'
complete -c cavra -n "__fish_cavra_using_subcommand drill; and not __fish_seen_subcommand_from schedule policy notify ack record escalate audit audit-deliver retry history routing-history dashboard help" -f -a "ack" -d 'Record an acknowledgement of a drill notification route (schedule × provider)'
complete -c cavra -n "__fish_cavra_using_subcommand drill; and not __fish_seen_subcommand_from schedule policy notify ack record escalate audit audit-deliver retry history routing-history dashboard help" -f -a "record" -d 'Record a completed rollback drill of a schedule'
complete -c cavra -n "__fish_cavra_using_subcommand drill; and not __fish_seen_subcommand_from schedule policy notify ack record escalate audit audit-deliver retry history routing-history dashboard help" -f -a "escalate" -d 'Plan escalations of drill notification routes left unacknowledged'
complete -c cavra -n "__fish_cavra_using_subcommand drill; and not __fish_seen_subcommand_from schedule policy notify ack record escalate audit audit-deliver retry history routing-history dashboard help" -f -a "audit" -d 'Build an acknowledgement audit package (recorded once per distinct state)'
complete -c cavra -n "__fish_cavra_using_subcommand drill; and not __fish_seen_subcommand_from schedule policy notify ack record escalate audit audit-deliver retry history routing-history dashboard help" -f -a "audit-deliver" -d 'Plan and deliver an acknowledgement audit package (or every plan that is due)'
complete -c cavra -n "__fish_cavra_using_subcommand drill; and not __fish_seen_subcommand_from schedule policy notify ack record escalate audit audit-deliver retry history routing-history dashboard help" -f -a "retry" -d 'Re-send failed acknowledgement audit deliveries to the providers that failed'
complete -c cavra -n "__fish_cavra_using_subcommand drill; and not __fish_seen_subcommand_from schedule policy notify ack record escalate audit audit-deliver retry history routing-history dashboard help" -f -a "history" -d 'The drill entries of the evidence ledger, newest first, filtered'
complete -c cavra -n "__fish_cavra_using_subcommand drill; and not __fish_seen_subcommand_from schedule policy notify ack record escalate audit audit-deliver retry history routing-history dashboard help" -f -a "routing-history" -d 'Route decisions: delivered, suppressed by a maintenance window or an owner\'s calendar, escalated'
complete -c cavra -n "__fish_cavra_using_subcommand drill; and not __fish_seen_subcommand_from schedule policy notify ack record escalate audit audit-deliver retry history routing-history dashboard help" -f -a "dashboard" -d 'Drill delivery health: audit deliveries per provider, notifications, acknowledgements, schedules'
complete -c cavra -n "__fish_cavra_using_subcommand drill; and not __fish_seen_subcommand_from schedule policy notify ack record escalate audit audit-deliver retry history routing-history dashboard help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c cavra -n "__fish_cavra_using_subcommand drill; and __fish_seen_subcommand_from schedule" -l format -d 'Output format [default: table on a terminal, json otherwise]' -r -f -a "table\t'Aligned columns for people (the default on a terminal)'
text\t'Plain lines for people; the same as table where a command has no text form'
json\t'Pretty JSON, a versioned contract naming its schema in `schema` (`cavra schema show NAME` prints it); the default when stdout is not a terminal'
ndjson\t'One compact JSON value per line'
markdown\t'A Markdown table, for pull-request comments and $GITHUB_STEP_SUMMARY'"
complete -c cavra -n "__fish_cavra_using_subcommand drill; and __fish_seen_subcommand_from schedule" -s C -l repo -d 'Run as if cavra was started in DIR (relative paths are then relative to DIR)' -r -F
complete -c cavra -n "__fish_cavra_using_subcommand drill; and __fish_seen_subcommand_from schedule" -l color -d 'When to colour messages on stderr' -r -f -a "auto\t'Colour when stderr is a terminal and NO_COLOR is unset'
always\t'Always colour'
never\t'Never colour'"
complete -c cavra -n "__fish_cavra_using_subcommand drill; and __fish_seen_subcommand_from schedule" -s q -l quiet -d 'Print no status messages on stderr (errors still appear)'
complete -c cavra -n "__fish_cavra_using_subcommand drill; and __fish_seen_subcommand_from schedule" -s v -l verbose -d 'Print detail on stderr: repository, store paths, time taken (-vv: the same)'
complete -c cavra -n "__fish_cavra_using_subcommand drill; and __fish_seen_subcommand_from schedule" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c cavra -n "__fish_cavra_using_subcommand drill; and __fish_seen_subcommand_from schedule" -f -a "add" -d 'Add a drill schedule'
complete -c cavra -n "__fish_cavra_using_subcommand drill; and __fish_seen_subcommand_from schedule" -f -a "update" -d 'Change a drill schedule (a new last drill or cadence moves next_due_at)'
complete -c cavra -n "__fish_cavra_using_subcommand drill; and __fish_seen_subcommand_from schedule" -f -a "remove" -d 'Remove a drill schedule'
complete -c cavra -n "__fish_cavra_using_subcommand drill; and __fish_seen_subcommand_from schedule" -f -a "list" -d 'List drill schedules with their status at the clock\'s time (CAVRA_NOW)'
complete -c cavra -n "__fish_cavra_using_subcommand drill; and __fish_seen_subcommand_from schedule" -f -a "show" -d 'Show one drill schedule with its status and drill history readiness'
complete -c cavra -n "__fish_cavra_using_subcommand drill; and __fish_seen_subcommand_from schedule" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c cavra -n "__fish_cavra_using_subcommand drill; and __fish_seen_subcommand_from policy" -l format -d 'Output format [default: table on a terminal, json otherwise]' -r -f -a "table\t'Aligned columns for people (the default on a terminal)'
text\t'Plain lines for people; the same as table where a command has no text form'
json\t'Pretty JSON, a versioned contract naming its schema in `schema` (`cavra schema show NAME` prints it); the default when stdout is not a terminal'
ndjson\t'One compact JSON value per line'
markdown\t'A Markdown table, for pull-request comments and $GITHUB_STEP_SUMMARY'"
complete -c cavra -n "__fish_cavra_using_subcommand drill; and __fish_seen_subcommand_from policy" -s C -l repo -d 'Run as if cavra was started in DIR (relative paths are then relative to DIR)' -r -F
complete -c cavra -n "__fish_cavra_using_subcommand drill; and __fish_seen_subcommand_from policy" -l color -d 'When to colour messages on stderr' -r -f -a "auto\t'Colour when stderr is a terminal and NO_COLOR is unset'
always\t'Always colour'
never\t'Never colour'"
complete -c cavra -n "__fish_cavra_using_subcommand drill; and __fish_seen_subcommand_from policy" -s q -l quiet -d 'Print no status messages on stderr (errors still appear)'
complete -c cavra -n "__fish_cavra_using_subcommand drill; and __fish_seen_subcommand_from policy" -s v -l verbose -d 'Print detail on stderr: repository, store paths, time taken (-vv: the same)'
complete -c cavra -n "__fish_cavra_using_subcommand drill; and __fish_seen_subcommand_from policy" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c cavra -n "__fish_cavra_using_subcommand drill; and __fish_seen_subcommand_from policy" -f -a "route" -d 'Set an owner\'s route on a provider: its acknowledgement SLO and escalation owner'
complete -c cavra -n "__fish_cavra_using_subcommand drill; and __fish_seen_subcommand_from policy" -f -a "window" -d 'Add a maintenance window that suppresses routes while it lasts'
complete -c cavra -n "__fish_cavra_using_subcommand drill; and __fish_seen_subcommand_from policy" -f -a "gap" -d 'Add an owner\'s calendar gap that suppresses their routes'
complete -c cavra -n "__fish_cavra_using_subcommand drill; and __fish_seen_subcommand_from policy" -f -a "remove" -d 'Remove a routing rule by its policy_id'
complete -c cavra -n "__fish_cavra_using_subcommand drill; and __fish_seen_subcommand_from policy" -f -a "list" -d 'List the routing rules'
complete -c cavra -n "__fish_cavra_using_subcommand drill; and __fish_seen_subcommand_from policy" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c cavra -n "__fish_cavra_using_subcommand drill; and __fish_seen_subcommand_from notify" -l schedule-id -d 'Only this schedule' -r
complete -c cavra -n "__fish_cavra_using_subcommand drill; and __fish_seen_subcommand_from notify" -l provider -d 'Only these providers (repeat or separate with commas; each needs a configured connector)' -r
complete -c cavra -n "__fish_cavra_using_subcommand drill; and __fish_seen_subcommand_from notify" -l due-soon-days -d 'A schedule due within this many days is due_soon' -r
complete -c cavra -n "__fish_cavra_using_subcommand drill; and __fish_seen_subcommand_from notify" -l stale-days -d 'A schedule with no drill in this many days needs attention' -r
complete -c cavra -n "__fish_cavra_using_subcommand drill; and __fish_seen_subcommand_from notify" -l config -d 'Connector configuration [default: .cavra/connectors.json, or CAVRA_CONNECTOR_CONFIG]' -r -F
complete -c cavra -n "__fish_cavra_using_subcommand drill; and __fish_seen_subcommand_from notify" -l retries -d 'Retries after the first attempt' -r
complete -c cavra -n "__fish_cavra_using_subcommand drill; and __fish_seen_subcommand_from notify" -l timeout-seconds -d 'Total time allowed for one request, connect included' -r
complete -c cavra -n "__fish_cavra_using_subcommand drill; and __fish_seen_subcommand_from notify" -l output -d 'Write the delivery evidence into this directory (never overwriting)' -r -F
complete -c cavra -n "__fish_cavra_using_subcommand drill; and __fish_seen_subcommand_from notify" -l format -d 'Output format [default: table on a terminal, json otherwise]' -r -f -a "table\t'Aligned columns for people (the default on a terminal)'
text\t'Plain lines for people; the same as table where a command has no text form'
json\t'Pretty JSON, a versioned contract naming its schema in `schema` (`cavra schema show NAME` prints it); the default when stdout is not a terminal'
ndjson\t'One compact JSON value per line'
markdown\t'A Markdown table, for pull-request comments and $GITHUB_STEP_SUMMARY'"
complete -c cavra -n "__fish_cavra_using_subcommand drill; and __fish_seen_subcommand_from notify" -s C -l repo -d 'Run as if cavra was started in DIR (relative paths are then relative to DIR)' -r -F
complete -c cavra -n "__fish_cavra_using_subcommand drill; and __fish_seen_subcommand_from notify" -l color -d 'When to colour messages on stderr' -r -f -a "auto\t'Colour when stderr is a terminal and NO_COLOR is unset'
always\t'Always colour'
never\t'Never colour'"
complete -c cavra -n "__fish_cavra_using_subcommand drill; and __fish_seen_subcommand_from notify" -l force -d 'Notify on_track schedules too'
complete -c cavra -n "__fish_cavra_using_subcommand drill; and __fish_seen_subcommand_from notify" -l dry-run -d 'Plan and show; record and send nothing'
complete -c cavra -n "__fish_cavra_using_subcommand drill; and __fish_seen_subcommand_from notify" -s q -l quiet -d 'Print no status messages on stderr (errors still appear)'
complete -c cavra -n "__fish_cavra_using_subcommand drill; and __fish_seen_subcommand_from notify" -s v -l verbose -d 'Print detail on stderr: repository, store paths, time taken (-vv: the same)'
complete -c cavra -n "__fish_cavra_using_subcommand drill; and __fish_seen_subcommand_from notify" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c cavra -n "__fish_cavra_using_subcommand drill; and __fish_seen_subcommand_from ack" -l provider -d 'The provider acknowledged on (one of the schedule\'s acknowledgement-required providers)' -r
complete -c cavra -n "__fish_cavra_using_subcommand drill; and __fish_seen_subcommand_from ack" -l state -r -f -a "acknowledged\t''
dismissed\t''
escalated\t''
resolved\t''"
complete -c cavra -n "__fish_cavra_using_subcommand drill; and __fish_seen_subcommand_from ack" -l by -d 'Who acknowledges' -r
complete -c cavra -n "__fish_cavra_using_subcommand drill; and __fish_seen_subcommand_from ack" -l external-ref -d 'A reference in the provider (ticket key, message id)' -r
complete -c cavra -n "__fish_cavra_using_subcommand drill; and __fish_seen_subcommand_from ack" -l note -d 'A note (kept in the repository, never delivered)' -r
complete -c cavra -n "__fish_cavra_using_subcommand drill; and __fish_seen_subcommand_from ack" -l format -d 'Output format [default: table on a terminal, json otherwise]' -r -f -a "table\t'Aligned columns for people (the default on a terminal)'
text\t'Plain lines for people; the same as table where a command has no text form'
json\t'Pretty JSON, a versioned contract naming its schema in `schema` (`cavra schema show NAME` prints it); the default when stdout is not a terminal'
ndjson\t'One compact JSON value per line'
markdown\t'A Markdown table, for pull-request comments and $GITHUB_STEP_SUMMARY'"
complete -c cavra -n "__fish_cavra_using_subcommand drill; and __fish_seen_subcommand_from ack" -s C -l repo -d 'Run as if cavra was started in DIR (relative paths are then relative to DIR)' -r -F
complete -c cavra -n "__fish_cavra_using_subcommand drill; and __fish_seen_subcommand_from ack" -l color -d 'When to colour messages on stderr' -r -f -a "auto\t'Colour when stderr is a terminal and NO_COLOR is unset'
always\t'Always colour'
never\t'Never colour'"
complete -c cavra -n "__fish_cavra_using_subcommand drill; and __fish_seen_subcommand_from ack" -s q -l quiet -d 'Print no status messages on stderr (errors still appear)'
complete -c cavra -n "__fish_cavra_using_subcommand drill; and __fish_seen_subcommand_from ack" -s v -l verbose -d 'Print detail on stderr: repository, store paths, time taken (-vv: the same)'
complete -c cavra -n "__fish_cavra_using_subcommand drill; and __fish_seen_subcommand_from ack" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c cavra -n "__fish_cavra_using_subcommand drill; and __fish_seen_subcommand_from record" -l drill-id -d 'The drill\'s id' -r
complete -c cavra -n "__fish_cavra_using_subcommand drill; and __fish_seen_subcommand_from record" -l outcome -r -f -a "pass\t''
fail\t''"
complete -c cavra -n "__fish_cavra_using_subcommand drill; and __fish_seen_subcommand_from record" -l minutes -d 'Minutes the rollback took' -r
complete -c cavra -n "__fish_cavra_using_subcommand drill; and __fish_seen_subcommand_from record" -l target-minutes -d 'Minutes the rollback may take' -r
complete -c cavra -n "__fish_cavra_using_subcommand drill; and __fish_seen_subcommand_from record" -l executed-at -d 'When the drill ran [default: now]; never in the future' -r
complete -c cavra -n "__fish_cavra_using_subcommand drill; and __fish_seen_subcommand_from record" -l by -d 'Who ran it' -r
complete -c cavra -n "__fish_cavra_using_subcommand drill; and __fish_seen_subcommand_from record" -l format -d 'Output format [default: table on a terminal, json otherwise]' -r -f -a "table\t'Aligned columns for people (the default on a terminal)'
text\t'Plain lines for people; the same as table where a command has no text form'
json\t'Pretty JSON, a versioned contract naming its schema in `schema` (`cavra schema show NAME` prints it); the default when stdout is not a terminal'
ndjson\t'One compact JSON value per line'
markdown\t'A Markdown table, for pull-request comments and $GITHUB_STEP_SUMMARY'"
complete -c cavra -n "__fish_cavra_using_subcommand drill; and __fish_seen_subcommand_from record" -s C -l repo -d 'Run as if cavra was started in DIR (relative paths are then relative to DIR)' -r -F
complete -c cavra -n "__fish_cavra_using_subcommand drill; and __fish_seen_subcommand_from record" -l color -d 'When to colour messages on stderr' -r -f -a "auto\t'Colour when stderr is a terminal and NO_COLOR is unset'
always\t'Always colour'
never\t'Never colour'"
complete -c cavra -n "__fish_cavra_using_subcommand drill; and __fish_seen_subcommand_from record" -l fallback-verified -d 'The fallback was verified restored'
complete -c cavra -n "__fish_cavra_using_subcommand drill; and __fish_seen_subcommand_from record" -s q -l quiet -d 'Print no status messages on stderr (errors still appear)'
complete -c cavra -n "__fish_cavra_using_subcommand drill; and __fish_seen_subcommand_from record" -s v -l verbose -d 'Print detail on stderr: repository, store paths, time taken (-vv: the same)'
complete -c cavra -n "__fish_cavra_using_subcommand drill; and __fish_seen_subcommand_from record" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c cavra -n "__fish_cavra_using_subcommand drill; and __fish_seen_subcommand_from escalate" -l schedule-id -r
complete -c cavra -n "__fish_cavra_using_subcommand drill; and __fish_seen_subcommand_from escalate" -l fail-on -d 'Exit 1 when the alert level is at or above this one (a CI gate); without it a dashboard exits 0' -r -f -a "warning\t'Exit 1 on a warning or a critical alert'
critical\t'Exit 1 on a critical alert only'"
complete -c cavra -n "__fish_cavra_using_subcommand drill; and __fish_seen_subcommand_from escalate" -l format -d 'Output format [default: table on a terminal, json otherwise]' -r -f -a "table\t'Aligned columns for people (the default on a terminal)'
text\t'Plain lines for people; the same as table where a command has no text form'
json\t'Pretty JSON, a versioned contract naming its schema in `schema` (`cavra schema show NAME` prints it); the default when stdout is not a terminal'
ndjson\t'One compact JSON value per line'
markdown\t'A Markdown table, for pull-request comments and $GITHUB_STEP_SUMMARY'"
complete -c cavra -n "__fish_cavra_using_subcommand drill; and __fish_seen_subcommand_from escalate" -s C -l repo -d 'Run as if cavra was started in DIR (relative paths are then relative to DIR)' -r -F
complete -c cavra -n "__fish_cavra_using_subcommand drill; and __fish_seen_subcommand_from escalate" -l color -d 'When to colour messages on stderr' -r -f -a "auto\t'Colour when stderr is a terminal and NO_COLOR is unset'
always\t'Always colour'
never\t'Never colour'"
complete -c cavra -n "__fish_cavra_using_subcommand drill; and __fish_seen_subcommand_from escalate" -l dry-run -d 'Show the plan without recording it'
complete -c cavra -n "__fish_cavra_using_subcommand drill; and __fish_seen_subcommand_from escalate" -s q -l quiet -d 'Print no status messages on stderr (errors still appear)'
complete -c cavra -n "__fish_cavra_using_subcommand drill; and __fish_seen_subcommand_from escalate" -s v -l verbose -d 'Print detail on stderr: repository, store paths, time taken (-vv: the same)'
complete -c cavra -n "__fish_cavra_using_subcommand drill; and __fish_seen_subcommand_from escalate" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c cavra -n "__fish_cavra_using_subcommand drill; and __fish_seen_subcommand_from audit" -l schedule-id -d 'Only this schedule\'s routes [default: every schedule]' -r
complete -c cavra -n "__fish_cavra_using_subcommand drill; and __fish_seen_subcommand_from audit" -l owner -d 'Only this owner\'s routes [default: every owner]' -r
complete -c cavra -n "__fish_cavra_using_subcommand drill; and __fish_seen_subcommand_from audit" -l format -d 'Output format [default: table on a terminal, json otherwise]' -r -f -a "table\t'Aligned columns for people (the default on a terminal)'
text\t'Plain lines for people; the same as table where a command has no text form'
json\t'Pretty JSON, a versioned contract naming its schema in `schema` (`cavra schema show NAME` prints it); the default when stdout is not a terminal'
ndjson\t'One compact JSON value per line'
markdown\t'A Markdown table, for pull-request comments and $GITHUB_STEP_SUMMARY'"
complete -c cavra -n "__fish_cavra_using_subcommand drill; and __fish_seen_subcommand_from audit" -s C -l repo -d 'Run as if cavra was started in DIR (relative paths are then relative to DIR)' -r -F
complete -c cavra -n "__fish_cavra_using_subcommand drill; and __fish_seen_subcommand_from audit" -l color -d 'When to colour messages on stderr' -r -f -a "auto\t'Colour when stderr is a terminal and NO_COLOR is unset'
always\t'Always colour'
never\t'Never colour'"
complete -c cavra -n "__fish_cavra_using_subcommand drill; and __fish_seen_subcommand_from audit" -s q -l quiet -d 'Print no status messages on stderr (errors still appear)'
complete -c cavra -n "__fish_cavra_using_subcommand drill; and __fish_seen_subcommand_from audit" -s v -l verbose -d 'Print detail on stderr: repository, store paths, time taken (-vv: the same)'
complete -c cavra -n "__fish_cavra_using_subcommand drill; and __fish_seen_subcommand_from audit" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c cavra -n "__fish_cavra_using_subcommand drill; and __fish_seen_subcommand_from audit-deliver" -l audit-id -d 'The package to deliver (from `cavra drill audit`)' -r
complete -c cavra -n "__fish_cavra_using_subcommand drill; and __fish_seen_subcommand_from audit-deliver" -l cadence -r -f -a "on_demand\t''
hourly\t''
daily\t''
weekly\t''"
complete -c cavra -n "__fish_cavra_using_subcommand drill; and __fish_seen_subcommand_from audit-deliver" -l provider -d 'Providers, in order [default: the package\'s route providers] (repeat or separate with commas)' -r
complete -c cavra -n "__fish_cavra_using_subcommand drill; and __fish_seen_subcommand_from audit-deliver" -l schedule-ref -d 'The schedule the plan belongs to [default: the package\'s]' -r
complete -c cavra -n "__fish_cavra_using_subcommand drill; and __fish_seen_subcommand_from audit-deliver" -l next-delivery-at -d 'The first scheduled delivery [default: now + cadence]' -r
complete -c cavra -n "__fish_cavra_using_subcommand drill; and __fish_seen_subcommand_from audit-deliver" -l config -d 'Connector configuration [default: .cavra/connectors.json, or CAVRA_CONNECTOR_CONFIG]' -r -F
complete -c cavra -n "__fish_cavra_using_subcommand drill; and __fish_seen_subcommand_from audit-deliver" -l retries -d 'Retries after the first attempt' -r
complete -c cavra -n "__fish_cavra_using_subcommand drill; and __fish_seen_subcommand_from audit-deliver" -l timeout-seconds -d 'Total time allowed for one request, connect included' -r
complete -c cavra -n "__fish_cavra_using_subcommand drill; and __fish_seen_subcommand_from audit-deliver" -l output -d 'Write the delivery evidence into this directory (never overwriting)' -r -F
complete -c cavra -n "__fish_cavra_using_subcommand drill; and __fish_seen_subcommand_from audit-deliver" -l format -d 'Output format [default: table on a terminal, json otherwise]' -r -f -a "table\t'Aligned columns for people (the default on a terminal)'
text\t'Plain lines for people; the same as table where a command has no text form'
json\t'Pretty JSON, a versioned contract naming its schema in `schema` (`cavra schema show NAME` prints it); the default when stdout is not a terminal'
ndjson\t'One compact JSON value per line'
markdown\t'A Markdown table, for pull-request comments and $GITHUB_STEP_SUMMARY'"
complete -c cavra -n "__fish_cavra_using_subcommand drill; and __fish_seen_subcommand_from audit-deliver" -s C -l repo -d 'Run as if cavra was started in DIR (relative paths are then relative to DIR)' -r -F
complete -c cavra -n "__fish_cavra_using_subcommand drill; and __fish_seen_subcommand_from audit-deliver" -l color -d 'When to colour messages on stderr' -r -f -a "auto\t'Colour when stderr is a terminal and NO_COLOR is unset'
always\t'Always colour'
never\t'Never colour'"
complete -c cavra -n "__fish_cavra_using_subcommand drill; and __fish_seen_subcommand_from audit-deliver" -l due -d 'Send every plan whose next_delivery_at has passed'
complete -c cavra -n "__fish_cavra_using_subcommand drill; and __fish_seen_subcommand_from audit-deliver" -l dry-run -d 'Plan and show; record and send nothing'
complete -c cavra -n "__fish_cavra_using_subcommand drill; and __fish_seen_subcommand_from audit-deliver" -s q -l quiet -d 'Print no status messages on stderr (errors still appear)'
complete -c cavra -n "__fish_cavra_using_subcommand drill; and __fish_seen_subcommand_from audit-deliver" -s v -l verbose -d 'Print detail on stderr: repository, store paths, time taken (-vv: the same)'
complete -c cavra -n "__fish_cavra_using_subcommand drill; and __fish_seen_subcommand_from audit-deliver" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c cavra -n "__fish_cavra_using_subcommand drill; and __fish_seen_subcommand_from retry" -l delivery-id -d 'Only this audit delivery' -r
complete -c cavra -n "__fish_cavra_using_subcommand drill; and __fish_seen_subcommand_from retry" -l config -d 'Connector configuration [default: .cavra/connectors.json, or CAVRA_CONNECTOR_CONFIG]' -r -F
complete -c cavra -n "__fish_cavra_using_subcommand drill; and __fish_seen_subcommand_from retry" -l retries -d 'Retries after the first attempt' -r
complete -c cavra -n "__fish_cavra_using_subcommand drill; and __fish_seen_subcommand_from retry" -l timeout-seconds -d 'Total time allowed for one request, connect included' -r
complete -c cavra -n "__fish_cavra_using_subcommand drill; and __fish_seen_subcommand_from retry" -l output -d 'Write the delivery evidence into this directory (never overwriting)' -r -F
complete -c cavra -n "__fish_cavra_using_subcommand drill; and __fish_seen_subcommand_from retry" -l format -d 'Output format [default: table on a terminal, json otherwise]' -r -f -a "table\t'Aligned columns for people (the default on a terminal)'
text\t'Plain lines for people; the same as table where a command has no text form'
json\t'Pretty JSON, a versioned contract naming its schema in `schema` (`cavra schema show NAME` prints it); the default when stdout is not a terminal'
ndjson\t'One compact JSON value per line'
markdown\t'A Markdown table, for pull-request comments and $GITHUB_STEP_SUMMARY'"
complete -c cavra -n "__fish_cavra_using_subcommand drill; and __fish_seen_subcommand_from retry" -s C -l repo -d 'Run as if cavra was started in DIR (relative paths are then relative to DIR)' -r -F
complete -c cavra -n "__fish_cavra_using_subcommand drill; and __fish_seen_subcommand_from retry" -l color -d 'When to colour messages on stderr' -r -f -a "auto\t'Colour when stderr is a terminal and NO_COLOR is unset'
always\t'Always colour'
never\t'Never colour'"
complete -c cavra -n "__fish_cavra_using_subcommand drill; and __fish_seen_subcommand_from retry" -l dry-run -d 'Plan and show; record and send nothing'
complete -c cavra -n "__fish_cavra_using_subcommand drill; and __fish_seen_subcommand_from retry" -s q -l quiet -d 'Print no status messages on stderr (errors still appear)'
complete -c cavra -n "__fish_cavra_using_subcommand drill; and __fish_seen_subcommand_from retry" -s v -l verbose -d 'Print detail on stderr: repository, store paths, time taken (-vv: the same)'
complete -c cavra -n "__fish_cavra_using_subcommand drill; and __fish_seen_subcommand_from retry" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c cavra -n "__fish_cavra_using_subcommand drill; and __fish_seen_subcommand_from history" -l schedule-id -d 'Only these schedules' -r
complete -c cavra -n "__fish_cavra_using_subcommand drill; and __fish_seen_subcommand_from history" -l provider -d 'Only entries about these providers (deliveries by their own outcome)' -r
complete -c cavra -n "__fish_cavra_using_subcommand drill; and __fish_seen_subcommand_from history" -l metadata-kind -d 'Only entries of these kinds' -r -f -a "rollback-drill-schedule\t''
go-backend-rollback-drill-notification-plan\t''
rollback-drill-notification-delivery\t''
go-backend-rollback-drill-notification-ack\t''
go-backend-rollback-drill-acknowledgement-audit-package\t''
go-backend-rollback-drill-acknowledgement-audit-delivery-plan\t''
rollback-drill-acknowledgement-audit-delivery\t''
rollback-drill-escalation-plan\t''
go-backend-rollback-drill-record\t''
rollback-drill-notification-plan\t''
rollback-drill-acknowledgement\t''
rollback-drill-acknowledgement-audit\t''
rollback-drill-acknowledgement-audit-delivery-plan\t''"
complete -c cavra -n "__fish_cavra_using_subcommand drill; and __fish_seen_subcommand_from history" -l acknowledgement-state -d 'Only acknowledgements in these states' -r -f -a "acknowledged\t''
dismissed\t''
escalated\t''
resolved\t''"
complete -c cavra -n "__fish_cavra_using_subcommand drill; and __fish_seen_subcommand_from history" -l connector-delivery-source -d 'Only deliveries from these sources' -r -f -a "go_backend_rollback_drill_notification\t''
go_backend_rollback_drill_acknowledgement_audit\t''"
complete -c cavra -n "__fish_cavra_using_subcommand drill; and __fish_seen_subcommand_from history" -l delivery-success -d 'Only deliveries with this outcome (with --provider: that provider\'s own)' -r -f -a "true\t''
false\t''"
complete -c cavra -n "__fish_cavra_using_subcommand drill; and __fish_seen_subcommand_from history" -l alert-level -d 'Only entries at these alert levels' -r -f -a "healthy\t''
warning\t''
critical\t''"
complete -c cavra -n "__fish_cavra_using_subcommand drill; and __fish_seen_subcommand_from history" -l audit-id -d 'Only entries about these audit packages' -r
complete -c cavra -n "__fish_cavra_using_subcommand drill; and __fish_seen_subcommand_from history" -l delivery-id -d 'Only entries with this delivery id, event id or session id' -r
complete -c cavra -n "__fish_cavra_using_subcommand drill; and __fish_seen_subcommand_from history" -l cadence -d 'Only audit delivery plans and deliveries of these cadences' -r -f -a "on_demand\t''
hourly\t''
daily\t''
weekly\t''"
complete -c cavra -n "__fish_cavra_using_subcommand drill; and __fish_seen_subcommand_from history" -l since -d 'Only deliveries at or after this time (RFC 3339, a date, or an age such as 24h or 7d)' -r
complete -c cavra -n "__fish_cavra_using_subcommand drill; and __fish_seen_subcommand_from history" -l until -d 'Only deliveries at or before this time (RFC 3339, a date, or an age such as 24h)' -r
complete -c cavra -n "__fish_cavra_using_subcommand drill; and __fish_seen_subcommand_from history" -l limit -d 'Show at most N deliveries (the JSON `total` still counts all) [default: all]' -r
complete -c cavra -n "__fish_cavra_using_subcommand drill; and __fish_seen_subcommand_from history" -l offset -d 'Skip the N newest matching deliveries' -r
complete -c cavra -n "__fish_cavra_using_subcommand drill; and __fish_seen_subcommand_from history" -l format -d 'Output format [default: table on a terminal, json otherwise]' -r -f -a "table\t'Aligned columns for people (the default on a terminal)'
text\t'Plain lines for people; the same as table where a command has no text form'
json\t'Pretty JSON, a versioned contract naming its schema in `schema` (`cavra schema show NAME` prints it); the default when stdout is not a terminal'
ndjson\t'One compact JSON value per line'
markdown\t'A Markdown table, for pull-request comments and $GITHUB_STEP_SUMMARY'"
complete -c cavra -n "__fish_cavra_using_subcommand drill; and __fish_seen_subcommand_from history" -s C -l repo -d 'Run as if cavra was started in DIR (relative paths are then relative to DIR)' -r -F
complete -c cavra -n "__fish_cavra_using_subcommand drill; and __fish_seen_subcommand_from history" -l color -d 'When to colour messages on stderr' -r -f -a "auto\t'Colour when stderr is a terminal and NO_COLOR is unset'
always\t'Always colour'
never\t'Never colour'"
complete -c cavra -n "__fish_cavra_using_subcommand drill; and __fish_seen_subcommand_from history" -s q -l quiet -d 'Print no status messages on stderr (errors still appear)'
complete -c cavra -n "__fish_cavra_using_subcommand drill; and __fish_seen_subcommand_from history" -s v -l verbose -d 'Print detail on stderr: repository, store paths, time taken (-vv: the same)'
complete -c cavra -n "__fish_cavra_using_subcommand drill; and __fish_seen_subcommand_from history" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c cavra -n "__fish_cavra_using_subcommand drill; and __fish_seen_subcommand_from routing-history" -l owner -d 'Only these owners' -r
complete -c cavra -n "__fish_cavra_using_subcommand drill; and __fish_seen_subcommand_from routing-history" -l category -d 'Only these categories' -r -f -a "delivered\t''
maintenance_window\t''
owner_calendar\t''
escalation\t''"
complete -c cavra -n "__fish_cavra_using_subcommand drill; and __fish_seen_subcommand_from routing-history" -l window-id -d 'Only decisions of these maintenance windows (or calendar gap rules)' -r
complete -c cavra -n "__fish_cavra_using_subcommand drill; and __fish_seen_subcommand_from routing-history" -l schedule-id -d 'Only these schedules' -r
complete -c cavra -n "__fish_cavra_using_subcommand drill; and __fish_seen_subcommand_from routing-history" -l since -d 'Only deliveries at or after this time (RFC 3339, a date, or an age such as 24h or 7d)' -r
complete -c cavra -n "__fish_cavra_using_subcommand drill; and __fish_seen_subcommand_from routing-history" -l until -d 'Only deliveries at or before this time (RFC 3339, a date, or an age such as 24h)' -r
complete -c cavra -n "__fish_cavra_using_subcommand drill; and __fish_seen_subcommand_from routing-history" -l limit -d 'Show at most N deliveries (the JSON `total` still counts all) [default: all]' -r
complete -c cavra -n "__fish_cavra_using_subcommand drill; and __fish_seen_subcommand_from routing-history" -l offset -d 'Skip the N newest matching deliveries' -r
complete -c cavra -n "__fish_cavra_using_subcommand drill; and __fish_seen_subcommand_from routing-history" -l format -d 'Output format [default: table on a terminal, json otherwise]' -r -f -a "table\t'Aligned columns for people (the default on a terminal)'
text\t'Plain lines for people; the same as table where a command has no text form'
json\t'Pretty JSON, a versioned contract naming its schema in `schema` (`cavra schema show NAME` prints it); the default when stdout is not a terminal'
ndjson\t'One compact JSON value per line'
markdown\t'A Markdown table, for pull-request comments and $GITHUB_STEP_SUMMARY'"
complete -c cavra -n "__fish_cavra_using_subcommand drill; and __fish_seen_subcommand_from routing-history" -s C -l repo -d 'Run as if cavra was started in DIR (relative paths are then relative to DIR)' -r -F
complete -c cavra -n "__fish_cavra_using_subcommand drill; and __fish_seen_subcommand_from routing-history" -l color -d 'When to colour messages on stderr' -r -f -a "auto\t'Colour when stderr is a terminal and NO_COLOR is unset'
always\t'Always colour'
never\t'Never colour'"
complete -c cavra -n "__fish_cavra_using_subcommand drill; and __fish_seen_subcommand_from routing-history" -s q -l quiet -d 'Print no status messages on stderr (errors still appear)'
complete -c cavra -n "__fish_cavra_using_subcommand drill; and __fish_seen_subcommand_from routing-history" -s v -l verbose -d 'Print detail on stderr: repository, store paths, time taken (-vv: the same)'
complete -c cavra -n "__fish_cavra_using_subcommand drill; and __fish_seen_subcommand_from routing-history" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c cavra -n "__fish_cavra_using_subcommand drill; and __fish_seen_subcommand_from dashboard" -l fail-on -d 'Exit 1 when the alert level is at or above this one (a CI gate); without it a dashboard exits 0' -r -f -a "warning\t'Exit 1 on a warning or a critical alert'
critical\t'Exit 1 on a critical alert only'"
complete -c cavra -n "__fish_cavra_using_subcommand drill; and __fish_seen_subcommand_from dashboard" -l since -d 'Only entries at or after this time (RFC 3339, a date, or an age such as 7d)' -r
complete -c cavra -n "__fish_cavra_using_subcommand drill; and __fish_seen_subcommand_from dashboard" -l due-soon-days -d 'A schedule due within this many days is due_soon' -r
complete -c cavra -n "__fish_cavra_using_subcommand drill; and __fish_seen_subcommand_from dashboard" -l stale-days -d 'A schedule with no drill in this many days needs attention' -r
complete -c cavra -n "__fish_cavra_using_subcommand drill; and __fish_seen_subcommand_from dashboard" -l format -d 'Output format [default: table on a terminal, json otherwise]' -r -f -a "table\t'Aligned columns for people (the default on a terminal)'
json\t'Pretty JSON, a versioned contract naming its schema in `schema` (`cavra schema show NAME` prints it); the default when stdout is not a terminal'
markdown\t'A Markdown table, for pull-request comments and $GITHUB_STEP_SUMMARY'"
complete -c cavra -n "__fish_cavra_using_subcommand drill; and __fish_seen_subcommand_from dashboard" -s C -l repo -d 'Run as if cavra was started in DIR (relative paths are then relative to DIR)' -r -F
complete -c cavra -n "__fish_cavra_using_subcommand drill; and __fish_seen_subcommand_from dashboard" -l color -d 'When to colour messages on stderr' -r -f -a "auto\t'Colour when stderr is a terminal and NO_COLOR is unset'
always\t'Always colour'
never\t'Never colour'"
complete -c cavra -n "__fish_cavra_using_subcommand drill; and __fish_seen_subcommand_from dashboard" -s q -l quiet -d 'Print no status messages on stderr (errors still appear)'
complete -c cavra -n "__fish_cavra_using_subcommand drill; and __fish_seen_subcommand_from dashboard" -s v -l verbose -d 'Print detail on stderr: repository, store paths, time taken (-vv: the same)'
complete -c cavra -n "__fish_cavra_using_subcommand drill; and __fish_seen_subcommand_from dashboard" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c cavra -n "__fish_cavra_using_subcommand drill; and __fish_seen_subcommand_from help" -f -a "schedule" -d 'Manage rollback drill schedules (.cavra/drills/schedules.json)'
complete -c cavra -n "__fish_cavra_using_subcommand drill; and __fish_seen_subcommand_from help" -f -a "policy" -d 'Manage the drill routing policy (.cavra/drills/routing.json): routes, maintenance windows, calendar gaps'
complete -c cavra -n "__fish_cavra_using_subcommand drill; and __fish_seen_subcommand_from help" -f -a "notify" -d 'Plan and send drill notifications for schedules that are due soon or need attention'
complete -c cavra -n "__fish_cavra_using_subcommand drill; and __fish_seen_subcommand_from help" -f -a "ack" -d 'Record an acknowledgement of a drill notification route (schedule × provider)'
complete -c cavra -n "__fish_cavra_using_subcommand drill; and __fish_seen_subcommand_from help" -f -a "record" -d 'Record a completed rollback drill of a schedule'
complete -c cavra -n "__fish_cavra_using_subcommand drill; and __fish_seen_subcommand_from help" -f -a "escalate" -d 'Plan escalations of drill notification routes left unacknowledged'
complete -c cavra -n "__fish_cavra_using_subcommand drill; and __fish_seen_subcommand_from help" -f -a "audit" -d 'Build an acknowledgement audit package (recorded once per distinct state)'
complete -c cavra -n "__fish_cavra_using_subcommand drill; and __fish_seen_subcommand_from help" -f -a "audit-deliver" -d 'Plan and deliver an acknowledgement audit package (or every plan that is due)'
complete -c cavra -n "__fish_cavra_using_subcommand drill; and __fish_seen_subcommand_from help" -f -a "retry" -d 'Re-send failed acknowledgement audit deliveries to the providers that failed'
complete -c cavra -n "__fish_cavra_using_subcommand drill; and __fish_seen_subcommand_from help" -f -a "history" -d 'The drill entries of the evidence ledger, newest first, filtered'
complete -c cavra -n "__fish_cavra_using_subcommand drill; and __fish_seen_subcommand_from help" -f -a "routing-history" -d 'Route decisions: delivered, suppressed by a maintenance window or an owner\'s calendar, escalated'
complete -c cavra -n "__fish_cavra_using_subcommand drill; and __fish_seen_subcommand_from help" -f -a "dashboard" -d 'Drill delivery health: audit deliveries per provider, notifications, acknowledgements, schedules'
complete -c cavra -n "__fish_cavra_using_subcommand drill; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c cavra -n "__fish_cavra_using_subcommand demo" -l dir -d 'Run in this directory (created when absent; must be empty) instead of a temporary one' -r -F
complete -c cavra -n "__fish_cavra_using_subcommand demo" -l format -d 'Output format [default: table on a terminal, json otherwise]' -r -f -a ""
complete -c cavra -n "__fish_cavra_using_subcommand demo" -s C -l repo -d 'Run as if cavra was started in DIR (relative paths are then relative to DIR)' -r -F
complete -c cavra -n "__fish_cavra_using_subcommand demo" -l color -d 'When to colour messages on stderr' -r -f -a "auto\t'Colour when stderr is a terminal and NO_COLOR is unset'
always\t'Always colour'
never\t'Never colour'"
complete -c cavra -n "__fish_cavra_using_subcommand demo" -l clean -d 'Remove the temporary directory afterwards'
complete -c cavra -n "__fish_cavra_using_subcommand demo" -s q -l quiet -d 'Print no status messages on stderr (errors still appear)'
complete -c cavra -n "__fish_cavra_using_subcommand demo" -s v -l verbose -d 'Print detail on stderr: repository, store paths, time taken (-vv: the same)'
complete -c cavra -n "__fish_cavra_using_subcommand demo" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c cavra -n "__fish_cavra_using_subcommand aispm; and not __fish_seen_subcommand_from keygen sign tenant collector ingest posture replay forward health quarantine tenants retention-plan help" -l format -d 'Output format [default: table on a terminal, json otherwise]' -r -f -a "table\t'Aligned columns for people (the default on a terminal)'
text\t'Plain lines for people; the same as table where a command has no text form'
json\t'Pretty JSON, a versioned contract naming its schema in `schema` (`cavra schema show NAME` prints it); the default when stdout is not a terminal'
ndjson\t'One compact JSON value per line'
markdown\t'A Markdown table, for pull-request comments and $GITHUB_STEP_SUMMARY'"
complete -c cavra -n "__fish_cavra_using_subcommand aispm; and not __fish_seen_subcommand_from keygen sign tenant collector ingest posture replay forward health quarantine tenants retention-plan help" -s C -l repo -d 'Run as if cavra was started in DIR (relative paths are then relative to DIR)' -r -F
complete -c cavra -n "__fish_cavra_using_subcommand aispm; and not __fish_seen_subcommand_from keygen sign tenant collector ingest posture replay forward health quarantine tenants retention-plan help" -l color -d 'When to colour messages on stderr' -r -f -a "auto\t'Colour when stderr is a terminal and NO_COLOR is unset'
always\t'Always colour'
never\t'Never colour'"
complete -c cavra -n "__fish_cavra_using_subcommand aispm; and not __fish_seen_subcommand_from keygen sign tenant collector ingest posture replay forward health quarantine tenants retention-plan help" -s q -l quiet -d 'Print no status messages on stderr (errors still appear)'
complete -c cavra -n "__fish_cavra_using_subcommand aispm; and not __fish_seen_subcommand_from keygen sign tenant collector ingest posture replay forward health quarantine tenants retention-plan help" -s v -l verbose -d 'Print detail on stderr: repository, store paths, time taken (-vv: the same)'
complete -c cavra -n "__fish_cavra_using_subcommand aispm; and not __fish_seen_subcommand_from keygen sign tenant collector ingest posture replay forward health quarantine tenants retention-plan help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c cavra -n "__fish_cavra_using_subcommand aispm; and not __fish_seen_subcommand_from keygen sign tenant collector ingest posture replay forward health quarantine tenants retention-plan help" -f -a "keygen" -d 'Generate an Ed25519 key pair for a collector'
complete -c cavra -n "__fish_cavra_using_subcommand aispm; and not __fish_seen_subcommand_from keygen sign tenant collector ingest posture replay forward health quarantine tenants retention-plan help" -f -a "sign" -d 'Sign NDJSON envelopes (stdin) into DSSE lines (stdout)'
complete -c cavra -n "__fish_cavra_using_subcommand aispm; and not __fish_seen_subcommand_from keygen sign tenant collector ingest posture replay forward health quarantine tenants retention-plan help" -f -a "tenant" -d 'The tenant registry (.cavra/aispm/tenants.json)'
complete -c cavra -n "__fish_cavra_using_subcommand aispm; and not __fish_seen_subcommand_from keygen sign tenant collector ingest posture replay forward health quarantine tenants retention-plan help" -f -a "collector" -d 'A tenant\'s collectors and their keys'
complete -c cavra -n "__fish_cavra_using_subcommand aispm; and not __fish_seen_subcommand_from keygen sign tenant collector ingest posture replay forward health quarantine tenants retention-plan help" -f -a "ingest" -d 'Ingest DSSE-signed NDJSON envelopes from files or stdin (`-`)'
complete -c cavra -n "__fish_cavra_using_subcommand aispm; and not __fish_seen_subcommand_from keygen sign tenant collector ingest posture replay forward health quarantine tenants retention-plan help" -f -a "posture" -d 'A tenant\'s posture: inventory, counts, open blocks, collector coverage'
complete -c cavra -n "__fish_cavra_using_subcommand aispm; and not __fish_seen_subcommand_from keygen sign tenant collector ingest posture replay forward health quarantine tenants retention-plan help" -f -a "replay" -d 'A tenant\'s stored events in order; --verify checks the projection'
complete -c cavra -n "__fish_cavra_using_subcommand aispm; and not __fish_seen_subcommand_from keygen sign tenant collector ingest posture replay forward health quarantine tenants retention-plan help" -f -a "forward" -d 'Forward a tenant\'s events to a SIEM connector, each once, resumable'
complete -c cavra -n "__fish_cavra_using_subcommand aispm; and not __fish_seen_subcommand_from keygen sign tenant collector ingest posture replay forward health quarantine tenants retention-plan help" -f -a "health" -d 'Ingestion health: accepted, duplicates, rejected by reason, storage failures, lag, forwarding lag'
complete -c cavra -n "__fish_cavra_using_subcommand aispm; and not __fish_seen_subcommand_from keygen sign tenant collector ingest posture replay forward health quarantine tenants retention-plan help" -f -a "quarantine" -d 'The lines ingestion rejected: reason, position, sha256 (never the line)'
complete -c cavra -n "__fish_cavra_using_subcommand aispm; and not __fish_seen_subcommand_from keygen sign tenant collector ingest posture replay forward health quarantine tenants retention-plan help" -f -a "tenants" -d 'Every tenant with its collectors, events and last event'
complete -c cavra -n "__fish_cavra_using_subcommand aispm; and not __fish_seen_subcommand_from keygen sign tenant collector ingest posture replay forward health quarantine tenants retention-plan help" -f -a "retention-plan" -d 'A tenant\'s retention: events past its retention days, none under legal hold'
complete -c cavra -n "__fish_cavra_using_subcommand aispm; and not __fish_seen_subcommand_from keygen sign tenant collector ingest posture replay forward health quarantine tenants retention-plan help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c cavra -n "__fish_cavra_using_subcommand aispm; and __fish_seen_subcommand_from keygen" -l out -d 'Where to write the private key (FILE.pub gets the public key)' -r -F
complete -c cavra -n "__fish_cavra_using_subcommand aispm; and __fish_seen_subcommand_from keygen" -l format -d 'Output format [default: table on a terminal, json otherwise]' -r -f -a "table\t'Aligned columns for people (the default on a terminal)'
text\t'Plain lines for people; the same as table where a command has no text form'
json\t'Pretty JSON, a versioned contract naming its schema in `schema` (`cavra schema show NAME` prints it); the default when stdout is not a terminal'
ndjson\t'One compact JSON value per line'
markdown\t'A Markdown table, for pull-request comments and $GITHUB_STEP_SUMMARY'"
complete -c cavra -n "__fish_cavra_using_subcommand aispm; and __fish_seen_subcommand_from keygen" -s C -l repo -d 'Run as if cavra was started in DIR (relative paths are then relative to DIR)' -r -F
complete -c cavra -n "__fish_cavra_using_subcommand aispm; and __fish_seen_subcommand_from keygen" -l color -d 'When to colour messages on stderr' -r -f -a "auto\t'Colour when stderr is a terminal and NO_COLOR is unset'
always\t'Always colour'
never\t'Never colour'"
complete -c cavra -n "__fish_cavra_using_subcommand aispm; and __fish_seen_subcommand_from keygen" -s q -l quiet -d 'Print no status messages on stderr (errors still appear)'
complete -c cavra -n "__fish_cavra_using_subcommand aispm; and __fish_seen_subcommand_from keygen" -s v -l verbose -d 'Print detail on stderr: repository, store paths, time taken (-vv: the same)'
complete -c cavra -n "__fish_cavra_using_subcommand aispm; and __fish_seen_subcommand_from keygen" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c cavra -n "__fish_cavra_using_subcommand aispm; and __fish_seen_subcommand_from sign" -l key -d 'The private key file written by `cavra aispm keygen`' -r -F
complete -c cavra -n "__fish_cavra_using_subcommand aispm; and __fish_seen_subcommand_from sign" -l hmac-secret-env -d 'The environment variable holding the HMAC secret' -r
complete -c cavra -n "__fish_cavra_using_subcommand aispm; and __fish_seen_subcommand_from sign" -l hmac-key-id -d 'The key id of the HMAC collector' -r
complete -c cavra -n "__fish_cavra_using_subcommand aispm; and __fish_seen_subcommand_from sign" -l input -d 'Read envelopes from FILE (a regular file) instead of stdin' -r -F
complete -c cavra -n "__fish_cavra_using_subcommand aispm; and __fish_seen_subcommand_from sign" -l output -d 'Write signed lines to FILE (replaced atomically) instead of stdout' -r -F
complete -c cavra -n "__fish_cavra_using_subcommand aispm; and __fish_seen_subcommand_from sign" -l format -d 'Output format [default: table on a terminal, json otherwise]' -r -f -a "table\t'Aligned columns for people (the default on a terminal)'
text\t'Plain lines for people; the same as table where a command has no text form'
json\t'Pretty JSON, a versioned contract naming its schema in `schema` (`cavra schema show NAME` prints it); the default when stdout is not a terminal'
ndjson\t'One compact JSON value per line'
markdown\t'A Markdown table, for pull-request comments and $GITHUB_STEP_SUMMARY'"
complete -c cavra -n "__fish_cavra_using_subcommand aispm; and __fish_seen_subcommand_from sign" -s C -l repo -d 'Run as if cavra was started in DIR (relative paths are then relative to DIR)' -r -F
complete -c cavra -n "__fish_cavra_using_subcommand aispm; and __fish_seen_subcommand_from sign" -l color -d 'When to colour messages on stderr' -r -f -a "auto\t'Colour when stderr is a terminal and NO_COLOR is unset'
always\t'Always colour'
never\t'Never colour'"
complete -c cavra -n "__fish_cavra_using_subcommand aispm; and __fish_seen_subcommand_from sign" -s q -l quiet -d 'Print no status messages on stderr (errors still appear)'
complete -c cavra -n "__fish_cavra_using_subcommand aispm; and __fish_seen_subcommand_from sign" -s v -l verbose -d 'Print detail on stderr: repository, store paths, time taken (-vv: the same)'
complete -c cavra -n "__fish_cavra_using_subcommand aispm; and __fish_seen_subcommand_from sign" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c cavra -n "__fish_cavra_using_subcommand aispm; and __fish_seen_subcommand_from tenant" -l format -d 'Output format [default: table on a terminal, json otherwise]' -r -f -a "table\t'Aligned columns for people (the default on a terminal)'
text\t'Plain lines for people; the same as table where a command has no text form'
json\t'Pretty JSON, a versioned contract naming its schema in `schema` (`cavra schema show NAME` prints it); the default when stdout is not a terminal'
ndjson\t'One compact JSON value per line'
markdown\t'A Markdown table, for pull-request comments and $GITHUB_STEP_SUMMARY'"
complete -c cavra -n "__fish_cavra_using_subcommand aispm; and __fish_seen_subcommand_from tenant" -s C -l repo -d 'Run as if cavra was started in DIR (relative paths are then relative to DIR)' -r -F
complete -c cavra -n "__fish_cavra_using_subcommand aispm; and __fish_seen_subcommand_from tenant" -l color -d 'When to colour messages on stderr' -r -f -a "auto\t'Colour when stderr is a terminal and NO_COLOR is unset'
always\t'Always colour'
never\t'Never colour'"
complete -c cavra -n "__fish_cavra_using_subcommand aispm; and __fish_seen_subcommand_from tenant" -s q -l quiet -d 'Print no status messages on stderr (errors still appear)'
complete -c cavra -n "__fish_cavra_using_subcommand aispm; and __fish_seen_subcommand_from tenant" -s v -l verbose -d 'Print detail on stderr: repository, store paths, time taken (-vv: the same)'
complete -c cavra -n "__fish_cavra_using_subcommand aispm; and __fish_seen_subcommand_from tenant" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c cavra -n "__fish_cavra_using_subcommand aispm; and __fish_seen_subcommand_from tenant" -f -a "add" -d 'Register a tenant (id: lower-case letters, digits and \'-\')'
complete -c cavra -n "__fish_cavra_using_subcommand aispm; and __fish_seen_subcommand_from tenant" -f -a "update" -d 'Change a tenant\'s retention, legal hold or tenant refs'
complete -c cavra -n "__fish_cavra_using_subcommand aispm; and __fish_seen_subcommand_from tenant" -f -a "list" -d 'List the registered tenants and their collectors'
complete -c cavra -n "__fish_cavra_using_subcommand aispm; and __fish_seen_subcommand_from tenant" -f -a "show" -d 'Show one tenant: retention, legal hold, collectors, keys and allowed lists'
complete -c cavra -n "__fish_cavra_using_subcommand aispm; and __fish_seen_subcommand_from tenant" -f -a "remove" -d 'Remove a tenant and its stores (refused under legal hold)'
complete -c cavra -n "__fish_cavra_using_subcommand aispm; and __fish_seen_subcommand_from tenant" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c cavra -n "__fish_cavra_using_subcommand aispm; and __fish_seen_subcommand_from collector" -l format -d 'Output format [default: table on a terminal, json otherwise]' -r -f -a "table\t'Aligned columns for people (the default on a terminal)'
text\t'Plain lines for people; the same as table where a command has no text form'
json\t'Pretty JSON, a versioned contract naming its schema in `schema` (`cavra schema show NAME` prints it); the default when stdout is not a terminal'
ndjson\t'One compact JSON value per line'
markdown\t'A Markdown table, for pull-request comments and $GITHUB_STEP_SUMMARY'"
complete -c cavra -n "__fish_cavra_using_subcommand aispm; and __fish_seen_subcommand_from collector" -s C -l repo -d 'Run as if cavra was started in DIR (relative paths are then relative to DIR)' -r -F
complete -c cavra -n "__fish_cavra_using_subcommand aispm; and __fish_seen_subcommand_from collector" -l color -d 'When to colour messages on stderr' -r -f -a "auto\t'Colour when stderr is a terminal and NO_COLOR is unset'
always\t'Always colour'
never\t'Never colour'"
complete -c cavra -n "__fish_cavra_using_subcommand aispm; and __fish_seen_subcommand_from collector" -s q -l quiet -d 'Print no status messages on stderr (errors still appear)'
complete -c cavra -n "__fish_cavra_using_subcommand aispm; and __fish_seen_subcommand_from collector" -s v -l verbose -d 'Print detail on stderr: repository, store paths, time taken (-vv: the same)'
complete -c cavra -n "__fish_cavra_using_subcommand aispm; and __fish_seen_subcommand_from collector" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c cavra -n "__fish_cavra_using_subcommand aispm; and __fish_seen_subcommand_from collector" -f -a "add" -d 'Register a collector of a tenant: its key and what it may send'
complete -c cavra -n "__fish_cavra_using_subcommand aispm; and __fish_seen_subcommand_from collector" -f -a "update" -d 'Change a collector: its allow-lists, or its key (rotation)'
complete -c cavra -n "__fish_cavra_using_subcommand aispm; and __fish_seen_subcommand_from collector" -f -a "revoke" -d 'Revoke a collector: nothing its key signs is accepted any more'
complete -c cavra -n "__fish_cavra_using_subcommand aispm; and __fish_seen_subcommand_from collector" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c cavra -n "__fish_cavra_using_subcommand aispm; and __fish_seen_subcommand_from ingest" -l format -d 'Output format [default: table on a terminal, json otherwise]' -r -f -a "table\t'Aligned columns for people (the default on a terminal)'
text\t'Plain lines for people; the same as table where a command has no text form'
json\t'Pretty JSON, a versioned contract naming its schema in `schema` (`cavra schema show NAME` prints it); the default when stdout is not a terminal'
ndjson\t'One compact JSON value per line'
markdown\t'A Markdown table, for pull-request comments and $GITHUB_STEP_SUMMARY'"
complete -c cavra -n "__fish_cavra_using_subcommand aispm; and __fish_seen_subcommand_from ingest" -s C -l repo -d 'Run as if cavra was started in DIR (relative paths are then relative to DIR)' -r -F
complete -c cavra -n "__fish_cavra_using_subcommand aispm; and __fish_seen_subcommand_from ingest" -l color -d 'When to colour messages on stderr' -r -f -a "auto\t'Colour when stderr is a terminal and NO_COLOR is unset'
always\t'Always colour'
never\t'Never colour'"
complete -c cavra -n "__fish_cavra_using_subcommand aispm; and __fish_seen_subcommand_from ingest" -s q -l quiet -d 'Print no status messages on stderr (errors still appear)'
complete -c cavra -n "__fish_cavra_using_subcommand aispm; and __fish_seen_subcommand_from ingest" -s v -l verbose -d 'Print detail on stderr: repository, store paths, time taken (-vv: the same)'
complete -c cavra -n "__fish_cavra_using_subcommand aispm; and __fish_seen_subcommand_from ingest" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c cavra -n "__fish_cavra_using_subcommand aispm; and __fish_seen_subcommand_from posture" -l tenant -d 'The tenant' -r
complete -c cavra -n "__fish_cavra_using_subcommand aispm; and __fish_seen_subcommand_from posture" -l new-since -d 'List inventory items first seen at or after DATE (RFC 3339)' -r
complete -c cavra -n "__fish_cavra_using_subcommand aispm; and __fish_seen_subcommand_from posture" -l fail-on -d 'Exit 1 when the posture is at least this grave' -r -f -a "warning\t''
critical\t''"
complete -c cavra -n "__fish_cavra_using_subcommand aispm; and __fish_seen_subcommand_from posture" -l format -d 'Output format [default: table on a terminal, json otherwise]' -r -f -a "table\t'Aligned columns for people (the default on a terminal)'
text\t'Plain lines for people; the same as table where a command has no text form'
json\t'Pretty JSON, a versioned contract naming its schema in `schema` (`cavra schema show NAME` prints it); the default when stdout is not a terminal'
ndjson\t'One compact JSON value per line'
markdown\t'A Markdown table, for pull-request comments and $GITHUB_STEP_SUMMARY'"
complete -c cavra -n "__fish_cavra_using_subcommand aispm; and __fish_seen_subcommand_from posture" -s C -l repo -d 'Run as if cavra was started in DIR (relative paths are then relative to DIR)' -r -F
complete -c cavra -n "__fish_cavra_using_subcommand aispm; and __fish_seen_subcommand_from posture" -l color -d 'When to colour messages on stderr' -r -f -a "auto\t'Colour when stderr is a terminal and NO_COLOR is unset'
always\t'Always colour'
never\t'Never colour'"
complete -c cavra -n "__fish_cavra_using_subcommand aispm; and __fish_seen_subcommand_from posture" -s q -l quiet -d 'Print no status messages on stderr (errors still appear)'
complete -c cavra -n "__fish_cavra_using_subcommand aispm; and __fish_seen_subcommand_from posture" -s v -l verbose -d 'Print detail on stderr: repository, store paths, time taken (-vv: the same)'
complete -c cavra -n "__fish_cavra_using_subcommand aispm; and __fish_seen_subcommand_from posture" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c cavra -n "__fish_cavra_using_subcommand aispm; and __fish_seen_subcommand_from replay" -l tenant -d 'The tenant' -r
complete -c cavra -n "__fish_cavra_using_subcommand aispm; and __fish_seen_subcommand_from replay" -l since -d 'Only events that occurred at or after this time (RFC 3339)' -r
complete -c cavra -n "__fish_cavra_using_subcommand aispm; and __fish_seen_subcommand_from replay" -l until -d 'Only events that occurred before this time (RFC 3339)' -r
complete -c cavra -n "__fish_cavra_using_subcommand aispm; and __fish_seen_subcommand_from replay" -l event-type -d 'Only events of this type (repeatable)' -r
complete -c cavra -n "__fish_cavra_using_subcommand aispm; and __fish_seen_subcommand_from replay" -l deliver -d 'Send the events to this provider\'s connectors instead: `cavra aispm forward --provider P`' -r -f -a "splunk\t''
sentinel\t''
datadog\t''
webhook\t''"
complete -c cavra -n "__fish_cavra_using_subcommand aispm; and __fish_seen_subcommand_from replay" -l format -d 'Output format [default: table on a terminal, json otherwise]' -r -f -a "table\t'Aligned columns for people (the default on a terminal)'
text\t'Plain lines for people; the same as table where a command has no text form'
json\t'Pretty JSON, a versioned contract naming its schema in `schema` (`cavra schema show NAME` prints it); the default when stdout is not a terminal'
ndjson\t'One compact JSON value per line'
markdown\t'A Markdown table, for pull-request comments and $GITHUB_STEP_SUMMARY'"
complete -c cavra -n "__fish_cavra_using_subcommand aispm; and __fish_seen_subcommand_from replay" -s C -l repo -d 'Run as if cavra was started in DIR (relative paths are then relative to DIR)' -r -F
complete -c cavra -n "__fish_cavra_using_subcommand aispm; and __fish_seen_subcommand_from replay" -l color -d 'When to colour messages on stderr' -r -f -a "auto\t'Colour when stderr is a terminal and NO_COLOR is unset'
always\t'Always colour'
never\t'Never colour'"
complete -c cavra -n "__fish_cavra_using_subcommand aispm; and __fish_seen_subcommand_from replay" -l verify -d 'Rebuild posture and dedupe index from the ledger and compare'
complete -c cavra -n "__fish_cavra_using_subcommand aispm; and __fish_seen_subcommand_from replay" -l rebuild -d 'Replace the stored posture and index with the rebuilt ones when they differ'
complete -c cavra -n "__fish_cavra_using_subcommand aispm; and __fish_seen_subcommand_from replay" -s q -l quiet -d 'Print no status messages on stderr (errors still appear)'
complete -c cavra -n "__fish_cavra_using_subcommand aispm; and __fish_seen_subcommand_from replay" -s v -l verbose -d 'Print detail on stderr: repository, store paths, time taken (-vv: the same)'
complete -c cavra -n "__fish_cavra_using_subcommand aispm; and __fish_seen_subcommand_from replay" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c cavra -n "__fish_cavra_using_subcommand aispm; and __fish_seen_subcommand_from forward" -l tenant -d 'The tenant' -r
complete -c cavra -n "__fish_cavra_using_subcommand aispm; and __fish_seen_subcommand_from forward" -l provider -d 'The destination\'s provider' -r -f -a "splunk\t''
sentinel\t''
datadog\t''
webhook\t''"
complete -c cavra -n "__fish_cavra_using_subcommand aispm; and __fish_seen_subcommand_from forward" -l connector -d 'Only this connector (of that provider) [default: every enabled one]' -r
complete -c cavra -n "__fish_cavra_using_subcommand aispm; and __fish_seen_subcommand_from forward" -l since -d 'Only events that occurred at or after this time (RFC 3339); the cursor moves past the others' -r
complete -c cavra -n "__fish_cavra_using_subcommand aispm; and __fish_seen_subcommand_from forward" -l event-type -d 'Only events of this type (repeatable); the cursor moves past the others' -r
complete -c cavra -n "__fish_cavra_using_subcommand aispm; and __fish_seen_subcommand_from forward" -l retries -d 'Retries of a failed batch after its first attempt' -r
complete -c cavra -n "__fish_cavra_using_subcommand aispm; and __fish_seen_subcommand_from forward" -l timeout-seconds -d 'Total time allowed for one request, connect included' -r
complete -c cavra -n "__fish_cavra_using_subcommand aispm; and __fish_seen_subcommand_from forward" -l format -d 'Output format [default: table on a terminal, json otherwise]' -r -f -a "table\t'Aligned columns for people (the default on a terminal)'
text\t'Plain lines for people; the same as table where a command has no text form'
json\t'Pretty JSON, a versioned contract naming its schema in `schema` (`cavra schema show NAME` prints it); the default when stdout is not a terminal'
ndjson\t'One compact JSON value per line'
markdown\t'A Markdown table, for pull-request comments and $GITHUB_STEP_SUMMARY'"
complete -c cavra -n "__fish_cavra_using_subcommand aispm; and __fish_seen_subcommand_from forward" -s C -l repo -d 'Run as if cavra was started in DIR (relative paths are then relative to DIR)' -r -F
complete -c cavra -n "__fish_cavra_using_subcommand aispm; and __fish_seen_subcommand_from forward" -l color -d 'When to colour messages on stderr' -r -f -a "auto\t'Colour when stderr is a terminal and NO_COLOR is unset'
always\t'Always colour'
never\t'Never colour'"
complete -c cavra -n "__fish_cavra_using_subcommand aispm; and __fish_seen_subcommand_from forward" -l all-tenants -d 'Every tenant (and the unattributed quarantine)'
complete -c cavra -n "__fish_cavra_using_subcommand aispm; and __fish_seen_subcommand_from forward" -l dry-run -d 'Print the first requests (secrets masked) and how many events are pending; send nothing'
complete -c cavra -n "__fish_cavra_using_subcommand aispm; and __fish_seen_subcommand_from forward" -s q -l quiet -d 'Print no status messages on stderr (errors still appear)'
complete -c cavra -n "__fish_cavra_using_subcommand aispm; and __fish_seen_subcommand_from forward" -s v -l verbose -d 'Print detail on stderr: repository, store paths, time taken (-vv: the same)'
complete -c cavra -n "__fish_cavra_using_subcommand aispm; and __fish_seen_subcommand_from forward" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c cavra -n "__fish_cavra_using_subcommand aispm; and __fish_seen_subcommand_from health" -l tenant -d 'The tenant' -r
complete -c cavra -n "__fish_cavra_using_subcommand aispm; and __fish_seen_subcommand_from health" -l format -d 'Output format [default: table on a terminal, json otherwise]' -r -f -a "table\t'Aligned columns for people (the default on a terminal)'
text\t'Plain lines for people; the same as table where a command has no text form'
json\t'Pretty JSON, a versioned contract naming its schema in `schema` (`cavra schema show NAME` prints it); the default when stdout is not a terminal'
ndjson\t'One compact JSON value per line'
markdown\t'A Markdown table, for pull-request comments and $GITHUB_STEP_SUMMARY'"
complete -c cavra -n "__fish_cavra_using_subcommand aispm; and __fish_seen_subcommand_from health" -s C -l repo -d 'Run as if cavra was started in DIR (relative paths are then relative to DIR)' -r -F
complete -c cavra -n "__fish_cavra_using_subcommand aispm; and __fish_seen_subcommand_from health" -l color -d 'When to colour messages on stderr' -r -f -a "auto\t'Colour when stderr is a terminal and NO_COLOR is unset'
always\t'Always colour'
never\t'Never colour'"
complete -c cavra -n "__fish_cavra_using_subcommand aispm; and __fish_seen_subcommand_from health" -l all-tenants -d 'Every tenant (and the unattributed quarantine)'
complete -c cavra -n "__fish_cavra_using_subcommand aispm; and __fish_seen_subcommand_from health" -s q -l quiet -d 'Print no status messages on stderr (errors still appear)'
complete -c cavra -n "__fish_cavra_using_subcommand aispm; and __fish_seen_subcommand_from health" -s v -l verbose -d 'Print detail on stderr: repository, store paths, time taken (-vv: the same)'
complete -c cavra -n "__fish_cavra_using_subcommand aispm; and __fish_seen_subcommand_from health" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c cavra -n "__fish_cavra_using_subcommand aispm; and __fish_seen_subcommand_from quarantine" -l format -d 'Output format [default: table on a terminal, json otherwise]' -r -f -a "table\t'Aligned columns for people (the default on a terminal)'
text\t'Plain lines for people; the same as table where a command has no text form'
json\t'Pretty JSON, a versioned contract naming its schema in `schema` (`cavra schema show NAME` prints it); the default when stdout is not a terminal'
ndjson\t'One compact JSON value per line'
markdown\t'A Markdown table, for pull-request comments and $GITHUB_STEP_SUMMARY'"
complete -c cavra -n "__fish_cavra_using_subcommand aispm; and __fish_seen_subcommand_from quarantine" -s C -l repo -d 'Run as if cavra was started in DIR (relative paths are then relative to DIR)' -r -F
complete -c cavra -n "__fish_cavra_using_subcommand aispm; and __fish_seen_subcommand_from quarantine" -l color -d 'When to colour messages on stderr' -r -f -a "auto\t'Colour when stderr is a terminal and NO_COLOR is unset'
always\t'Always colour'
never\t'Never colour'"
complete -c cavra -n "__fish_cavra_using_subcommand aispm; and __fish_seen_subcommand_from quarantine" -s q -l quiet -d 'Print no status messages on stderr (errors still appear)'
complete -c cavra -n "__fish_cavra_using_subcommand aispm; and __fish_seen_subcommand_from quarantine" -s v -l verbose -d 'Print detail on stderr: repository, store paths, time taken (-vv: the same)'
complete -c cavra -n "__fish_cavra_using_subcommand aispm; and __fish_seen_subcommand_from quarantine" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c cavra -n "__fish_cavra_using_subcommand aispm; and __fish_seen_subcommand_from quarantine" -f -a "list" -d 'One row per quarantined line, oldest first'
complete -c cavra -n "__fish_cavra_using_subcommand aispm; and __fish_seen_subcommand_from quarantine" -f -a "show" -d 'One quarantined line\'s whole record (with `seq`)'
complete -c cavra -n "__fish_cavra_using_subcommand aispm; and __fish_seen_subcommand_from quarantine" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c cavra -n "__fish_cavra_using_subcommand aispm; and __fish_seen_subcommand_from tenants" -l format -d 'Output format [default: table on a terminal, json otherwise]' -r -f -a "table\t'Aligned columns for people (the default on a terminal)'
text\t'Plain lines for people; the same as table where a command has no text form'
json\t'Pretty JSON, a versioned contract naming its schema in `schema` (`cavra schema show NAME` prints it); the default when stdout is not a terminal'
ndjson\t'One compact JSON value per line'
markdown\t'A Markdown table, for pull-request comments and $GITHUB_STEP_SUMMARY'"
complete -c cavra -n "__fish_cavra_using_subcommand aispm; and __fish_seen_subcommand_from tenants" -s C -l repo -d 'Run as if cavra was started in DIR (relative paths are then relative to DIR)' -r -F
complete -c cavra -n "__fish_cavra_using_subcommand aispm; and __fish_seen_subcommand_from tenants" -l color -d 'When to colour messages on stderr' -r -f -a "auto\t'Colour when stderr is a terminal and NO_COLOR is unset'
always\t'Always colour'
never\t'Never colour'"
complete -c cavra -n "__fish_cavra_using_subcommand aispm; and __fish_seen_subcommand_from tenants" -s q -l quiet -d 'Print no status messages on stderr (errors still appear)'
complete -c cavra -n "__fish_cavra_using_subcommand aispm; and __fish_seen_subcommand_from tenants" -s v -l verbose -d 'Print detail on stderr: repository, store paths, time taken (-vv: the same)'
complete -c cavra -n "__fish_cavra_using_subcommand aispm; and __fish_seen_subcommand_from tenants" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c cavra -n "__fish_cavra_using_subcommand aispm; and __fish_seen_subcommand_from retention-plan" -l tenant -d 'The tenant' -r
complete -c cavra -n "__fish_cavra_using_subcommand aispm; and __fish_seen_subcommand_from retention-plan" -l format -d 'Output format [default: table on a terminal, json otherwise]' -r -f -a "table\t'Aligned columns for people (the default on a terminal)'
text\t'Plain lines for people; the same as table where a command has no text form'
json\t'Pretty JSON, a versioned contract naming its schema in `schema` (`cavra schema show NAME` prints it); the default when stdout is not a terminal'
ndjson\t'One compact JSON value per line'
markdown\t'A Markdown table, for pull-request comments and $GITHUB_STEP_SUMMARY'"
complete -c cavra -n "__fish_cavra_using_subcommand aispm; and __fish_seen_subcommand_from retention-plan" -s C -l repo -d 'Run as if cavra was started in DIR (relative paths are then relative to DIR)' -r -F
complete -c cavra -n "__fish_cavra_using_subcommand aispm; and __fish_seen_subcommand_from retention-plan" -l color -d 'When to colour messages on stderr' -r -f -a "auto\t'Colour when stderr is a terminal and NO_COLOR is unset'
always\t'Always colour'
never\t'Never colour'"
complete -c cavra -n "__fish_cavra_using_subcommand aispm; and __fish_seen_subcommand_from retention-plan" -s q -l quiet -d 'Print no status messages on stderr (errors still appear)'
complete -c cavra -n "__fish_cavra_using_subcommand aispm; and __fish_seen_subcommand_from retention-plan" -s v -l verbose -d 'Print detail on stderr: repository, store paths, time taken (-vv: the same)'
complete -c cavra -n "__fish_cavra_using_subcommand aispm; and __fish_seen_subcommand_from retention-plan" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c cavra -n "__fish_cavra_using_subcommand aispm; and __fish_seen_subcommand_from help" -f -a "keygen" -d 'Generate an Ed25519 key pair for a collector'
complete -c cavra -n "__fish_cavra_using_subcommand aispm; and __fish_seen_subcommand_from help" -f -a "sign" -d 'Sign NDJSON envelopes (stdin) into DSSE lines (stdout)'
complete -c cavra -n "__fish_cavra_using_subcommand aispm; and __fish_seen_subcommand_from help" -f -a "tenant" -d 'The tenant registry (.cavra/aispm/tenants.json)'
complete -c cavra -n "__fish_cavra_using_subcommand aispm; and __fish_seen_subcommand_from help" -f -a "collector" -d 'A tenant\'s collectors and their keys'
complete -c cavra -n "__fish_cavra_using_subcommand aispm; and __fish_seen_subcommand_from help" -f -a "ingest" -d 'Ingest DSSE-signed NDJSON envelopes from files or stdin (`-`)'
complete -c cavra -n "__fish_cavra_using_subcommand aispm; and __fish_seen_subcommand_from help" -f -a "posture" -d 'A tenant\'s posture: inventory, counts, open blocks, collector coverage'
complete -c cavra -n "__fish_cavra_using_subcommand aispm; and __fish_seen_subcommand_from help" -f -a "replay" -d 'A tenant\'s stored events in order; --verify checks the projection'
complete -c cavra -n "__fish_cavra_using_subcommand aispm; and __fish_seen_subcommand_from help" -f -a "forward" -d 'Forward a tenant\'s events to a SIEM connector, each once, resumable'
complete -c cavra -n "__fish_cavra_using_subcommand aispm; and __fish_seen_subcommand_from help" -f -a "health" -d 'Ingestion health: accepted, duplicates, rejected by reason, storage failures, lag, forwarding lag'
complete -c cavra -n "__fish_cavra_using_subcommand aispm; and __fish_seen_subcommand_from help" -f -a "quarantine" -d 'The lines ingestion rejected: reason, position, sha256 (never the line)'
complete -c cavra -n "__fish_cavra_using_subcommand aispm; and __fish_seen_subcommand_from help" -f -a "tenants" -d 'Every tenant with its collectors, events and last event'
complete -c cavra -n "__fish_cavra_using_subcommand aispm; and __fish_seen_subcommand_from help" -f -a "retention-plan" -d 'A tenant\'s retention: events past its retention days, none under legal hold'
complete -c cavra -n "__fish_cavra_using_subcommand aispm; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c cavra -n "__fish_cavra_using_subcommand help; and not __fish_seen_subcommand_from init integration validate reseal diff git ops ledger schema secrets connector evidence release delivery console drill demo aispm help" -f -a "init" -d 'Create .cavra/ in this repository (safe to run again)'
complete -c cavra -n "__fish_cavra_using_subcommand help; and not __fish_seen_subcommand_from init integration validate reseal diff git ops ledger schema secrets connector evidence release delivery console drill demo aispm help" -f -a "integration" -d 'Manage the integration inventory (who owns which integration, and its health)'
complete -c cavra -n "__fish_cavra_using_subcommand help; and not __fish_seen_subcommand_from init integration validate reseal diff git ops ledger schema secrets connector evidence release delivery console drill demo aispm help" -f -a "validate" -d 'Check every store: schemas, checksums, ledger chains, secrets'
complete -c cavra -n "__fish_cavra_using_subcommand help; and not __fish_seen_subcommand_from init integration validate reseal diff git ops ledger schema secrets connector evidence release delivery console drill demo aispm help" -f -a "reseal" -d 'Accept a reviewed hand edit of a table store: re-check it and rewrite its checksum'
complete -c cavra -n "__fish_cavra_using_subcommand help; and not __fish_seen_subcommand_from init integration validate reseal diff git ops ledger schema secrets connector evidence release delivery console drill demo aispm help" -f -a "diff" -d 'Show record-level changes of every store between two revisions'
complete -c cavra -n "__fish_cavra_using_subcommand help; and not __fish_seen_subcommand_from init integration validate reseal diff git ops ledger schema secrets connector evidence release delivery console drill demo aispm help" -f -a "git" -d 'Set up git to merge stores record by record and validate commits'
complete -c cavra -n "__fish_cavra_using_subcommand help; and not __fish_seen_subcommand_from init integration validate reseal diff git ops ledger schema secrets connector evidence release delivery console drill demo aispm help" -f -a "ops" -d 'Store operations: status, backup, restore, retention plans, legal hold, repair, migrate'
complete -c cavra -n "__fish_cavra_using_subcommand help; and not __fish_seen_subcommand_from init integration validate reseal diff git ops ledger schema secrets connector evidence release delivery console drill demo aispm help" -f -a "ledger" -d 'Ledgers: migrate to segments, verify git history, resolve a merge, prune'
complete -c cavra -n "__fish_cavra_using_subcommand help; and not __fish_seen_subcommand_from init integration validate reseal diff git ops ledger schema secrets connector evidence release delivery console drill demo aispm help" -f -a "schema" -d 'Print the JSON Schemas cavra validates against'
complete -c cavra -n "__fish_cavra_using_subcommand help; and not __fish_seen_subcommand_from init integration validate reseal diff git ops ledger schema secrets connector evidence release delivery console drill demo aispm help" -f -a "secrets" -d 'The secret scanner\'s rules'
complete -c cavra -n "__fish_cavra_using_subcommand help; and not __fish_seen_subcommand_from init integration validate reseal diff git ops ledger schema secrets connector evidence release delivery console drill demo aispm help" -f -a "connector" -d 'Show the configured connectors and whether their references resolve'
complete -c cavra -n "__fish_cavra_using_subcommand help; and not __fish_seen_subcommand_from init integration validate reseal diff git ops ledger schema secrets connector evidence release delivery console drill demo aispm help" -f -a "evidence" -d 'Manage evidence databases'
complete -c cavra -n "__fish_cavra_using_subcommand help; and not __fish_seen_subcommand_from init integration validate reseal diff git ops ledger schema secrets connector evidence release delivery console drill demo aispm help" -f -a "release" -d 'Deliver release governance evidence and look at its delivery history'
complete -c cavra -n "__fish_cavra_using_subcommand help; and not __fish_seen_subcommand_from init integration validate reseal diff git ops ledger schema secrets connector evidence release delivery console drill demo aispm help" -f -a "delivery" -d 'Delivery history, dashboards and retries over the evidence metadata ledger'
complete -c cavra -n "__fish_cavra_using_subcommand help; and not __fish_seen_subcommand_from init integration validate reseal diff git ops ledger schema secrets connector evidence release delivery console drill demo aispm help" -f -a "console" -d 'The evidence console: one static HTML page built from the stores'
complete -c cavra -n "__fish_cavra_using_subcommand help; and not __fish_seen_subcommand_from init integration validate reseal diff git ops ledger schema secrets connector evidence release delivery console drill demo aispm help" -f -a "drill" -d 'Rollback drills: schedules, due-date notifications, acknowledgements and audit delivery health'
complete -c cavra -n "__fish_cavra_using_subcommand help; and not __fish_seen_subcommand_from init integration validate reseal diff git ops ledger schema secrets connector evidence release delivery console drill demo aispm help" -f -a "demo" -d 'Walk through cavra\'s main job on the shipped examples'
complete -c cavra -n "__fish_cavra_using_subcommand help; and not __fish_seen_subcommand_from init integration validate reseal diff git ops ledger schema secrets connector evidence release delivery console drill demo aispm help" -f -a "aispm" -d 'AISPM live ingestion: keys, tenants, ingest, posture, replay, forward, health'
complete -c cavra -n "__fish_cavra_using_subcommand help; and not __fish_seen_subcommand_from init integration validate reseal diff git ops ledger schema secrets connector evidence release delivery console drill demo aispm help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c cavra -n "__fish_cavra_using_subcommand help; and __fish_seen_subcommand_from integration" -f -a "add" -d 'Add an integration to the inventory'
complete -c cavra -n "__fish_cavra_using_subcommand help; and __fish_seen_subcommand_from integration" -f -a "update" -d 'Change fields of an integration (only those given)'
complete -c cavra -n "__fish_cavra_using_subcommand help; and __fish_seen_subcommand_from integration" -f -a "remove" -d 'Remove an integration from the inventory'
complete -c cavra -n "__fish_cavra_using_subcommand help; and __fish_seen_subcommand_from integration" -f -a "list" -d 'List integrations, sorted by integration_id'
complete -c cavra -n "__fish_cavra_using_subcommand help; and __fish_seen_subcommand_from integration" -f -a "show" -d 'Show one integration by its integration_id'
complete -c cavra -n "__fish_cavra_using_subcommand help; and __fish_seen_subcommand_from integration" -f -a "import" -d 'Import integrations from a file (JSON array, NDJSON, one object, or a cavra store file)'
complete -c cavra -n "__fish_cavra_using_subcommand help; and __fish_seen_subcommand_from integration" -f -a "deliver" -d 'Deliver an evidence event to the configured connectors'
complete -c cavra -n "__fish_cavra_using_subcommand help; and __fish_seen_subcommand_from git" -f -a "install" -d 'Install the merge driver (.gitattributes, local config) and the commit hooks'
complete -c cavra -n "__fish_cavra_using_subcommand help; and __fish_seen_subcommand_from git" -f -a "merge-driver" -d 'Merge one store for git (called by git as `cavra git merge-driver %O %A %B %P`)'
complete -c cavra -n "__fish_cavra_using_subcommand help; and __fish_seen_subcommand_from ops" -f -a "stores" -d 'List every store: kind, path, who configured it, records, size, integrity'
complete -c cavra -n "__fish_cavra_using_subcommand help; and __fish_seen_subcommand_from ops" -f -a "backup" -d 'Copy every store into DIR with a checksummed manifest'
complete -c cavra -n "__fish_cavra_using_subcommand help; and __fish_seen_subcommand_from ops" -f -a "restore" -d 'Restore stores from a backup manifest or a git revision (all or nothing)'
complete -c cavra -n "__fish_cavra_using_subcommand help; and __fish_seen_subcommand_from ops" -f -a "retention-plan" -d 'Write a retention plan (JSON and Markdown): what is kept, protected, and expires when'
complete -c cavra -n "__fish_cavra_using_subcommand help; and __fish_seen_subcommand_from ops" -f -a "hold" -d 'Set or lift a legal hold (the workspace\'s, or a tenant\'s), recorded in the evidence ledger'
complete -c cavra -n "__fish_cavra_using_subcommand help; and __fish_seen_subcommand_from ops" -f -a "repair" -d 'Truncate torn ledger tails (never acknowledged); report every other problem'
complete -c cavra -n "__fish_cavra_using_subcommand help; and __fish_seen_subcommand_from ops" -f -a "migrate" -d 'Rewrite existing stores once to the current layout (table records key first, ledgers in segments)'
complete -c cavra -n "__fish_cavra_using_subcommand help; and __fish_seen_subcommand_from ledger" -f -a "migrate" -d 'Move a single-file ledger (`<name>.jsonl`) into segments (`<name>/YYYY-MM/NNNNNN.jsonl`)'
complete -c cavra -n "__fish_cavra_using_subcommand help; and __fish_seen_subcommand_from ledger" -f -a "verify" -d 'Check a ledger\'s git history: every commit extends the one before'
complete -c cavra -n "__fish_cavra_using_subcommand help; and __fish_seen_subcommand_from ledger" -f -a "resolve" -d 'Finish a `git merge` that stopped on a segmented ledger'
complete -c cavra -n "__fish_cavra_using_subcommand help; and __fish_seen_subcommand_from ledger" -f -a "prune" -d 'Remove a ledger\'s oldest sealed segments, keeping the chain verifiable'
complete -c cavra -n "__fish_cavra_using_subcommand help; and __fish_seen_subcommand_from schema" -f -a "list" -d 'List the embedded schemas'
complete -c cavra -n "__fish_cavra_using_subcommand help; and __fish_seen_subcommand_from schema" -f -a "show" -d 'Print one embedded schema (JSON)'
complete -c cavra -n "__fish_cavra_using_subcommand help; and __fish_seen_subcommand_from secrets" -f -a "rules" -d 'List the credential formats the secret scanner recognises (id, description)'
complete -c cavra -n "__fish_cavra_using_subcommand help; and __fish_seen_subcommand_from connector" -f -a "list" -d 'List the configured connectors (URLs masked, references by name)'
complete -c cavra -n "__fish_cavra_using_subcommand help; and __fish_seen_subcommand_from connector" -f -a "check" -d 'Check that every enabled connector\'s references resolve (nothing is sent)'
complete -c cavra -n "__fish_cavra_using_subcommand help; and __fish_seen_subcommand_from evidence" -f -a "migrate" -d 'Create or upgrade a SQLite evidence database'
complete -c cavra -n "__fish_cavra_using_subcommand help; and __fish_seen_subcommand_from release" -f -a "deliver-promotion-audit" -d 'Deliver a promotion execution (an audit event, severity high) to the connectors'
complete -c cavra -n "__fish_cavra_using_subcommand help; and __fish_seen_subcommand_from release" -f -a "deliver-rollback-execution" -d 'Deliver a rollback execution (severity critical) to the connectors'
complete -c cavra -n "__fish_cavra_using_subcommand help; and __fish_seen_subcommand_from release" -f -a "deliver-endpoint-export" -d 'Publish an endpoint-management export to its Jamf, Intune and Linux connectors'
complete -c cavra -n "__fish_cavra_using_subcommand help; and __fish_seen_subcommand_from release" -f -a "connector-delivery-history" -d 'List promotion-audit and rollback deliveries, newest first'
complete -c cavra -n "__fish_cavra_using_subcommand help; and __fish_seen_subcommand_from release" -f -a "connector-delivery-dashboard" -d 'Promotion-audit and rollback delivery figures, as a CI gate'
complete -c cavra -n "__fish_cavra_using_subcommand help; and __fish_seen_subcommand_from release" -f -a "endpoint-publication-history" -d 'List endpoint-management publications, newest first'
complete -c cavra -n "__fish_cavra_using_subcommand help; and __fish_seen_subcommand_from release" -f -a "endpoint-publication-dashboard" -d 'Endpoint publication figures with the latest publication per channel and provider'
complete -c cavra -n "__fish_cavra_using_subcommand help; and __fish_seen_subcommand_from delivery" -f -a "history" -d 'List deliveries of every kind, newest first'
complete -c cavra -n "__fish_cavra_using_subcommand help; and __fish_seen_subcommand_from delivery" -f -a "dashboard" -d 'Delivery figures per provider and the alerts, as a CI gate'
complete -c cavra -n "__fish_cavra_using_subcommand help; and __fish_seen_subcommand_from delivery" -f -a "retry" -d 'Re-send failed release deliveries to the providers that failed'
complete -c cavra -n "__fish_cavra_using_subcommand help; and __fish_seen_subcommand_from console" -f -a "build" -d 'Build the evidence console: one self-contained HTML page from the stores'
complete -c cavra -n "__fish_cavra_using_subcommand help; and __fish_seen_subcommand_from drill" -f -a "schedule" -d 'Manage rollback drill schedules (.cavra/drills/schedules.json)'
complete -c cavra -n "__fish_cavra_using_subcommand help; and __fish_seen_subcommand_from drill" -f -a "policy" -d 'Manage the drill routing policy (.cavra/drills/routing.json): routes, maintenance windows, calendar gaps'
complete -c cavra -n "__fish_cavra_using_subcommand help; and __fish_seen_subcommand_from drill" -f -a "notify" -d 'Plan and send drill notifications for schedules that are due soon or need attention'
complete -c cavra -n "__fish_cavra_using_subcommand help; and __fish_seen_subcommand_from drill" -f -a "ack" -d 'Record an acknowledgement of a drill notification route (schedule × provider)'
complete -c cavra -n "__fish_cavra_using_subcommand help; and __fish_seen_subcommand_from drill" -f -a "record" -d 'Record a completed rollback drill of a schedule'
complete -c cavra -n "__fish_cavra_using_subcommand help; and __fish_seen_subcommand_from drill" -f -a "escalate" -d 'Plan escalations of drill notification routes left unacknowledged'
complete -c cavra -n "__fish_cavra_using_subcommand help; and __fish_seen_subcommand_from drill" -f -a "audit" -d 'Build an acknowledgement audit package (recorded once per distinct state)'
complete -c cavra -n "__fish_cavra_using_subcommand help; and __fish_seen_subcommand_from drill" -f -a "audit-deliver" -d 'Plan and deliver an acknowledgement audit package (or every plan that is due)'
complete -c cavra -n "__fish_cavra_using_subcommand help; and __fish_seen_subcommand_from drill" -f -a "retry" -d 'Re-send failed acknowledgement audit deliveries to the providers that failed'
complete -c cavra -n "__fish_cavra_using_subcommand help; and __fish_seen_subcommand_from drill" -f -a "history" -d 'The drill entries of the evidence ledger, newest first, filtered'
complete -c cavra -n "__fish_cavra_using_subcommand help; and __fish_seen_subcommand_from drill" -f -a "routing-history" -d 'Route decisions: delivered, suppressed by a maintenance window or an owner\'s calendar, escalated'
complete -c cavra -n "__fish_cavra_using_subcommand help; and __fish_seen_subcommand_from drill" -f -a "dashboard" -d 'Drill delivery health: audit deliveries per provider, notifications, acknowledgements, schedules'
complete -c cavra -n "__fish_cavra_using_subcommand help; and __fish_seen_subcommand_from aispm" -f -a "keygen" -d 'Generate an Ed25519 key pair for a collector'
complete -c cavra -n "__fish_cavra_using_subcommand help; and __fish_seen_subcommand_from aispm" -f -a "sign" -d 'Sign NDJSON envelopes (stdin) into DSSE lines (stdout)'
complete -c cavra -n "__fish_cavra_using_subcommand help; and __fish_seen_subcommand_from aispm" -f -a "tenant" -d 'The tenant registry (.cavra/aispm/tenants.json)'
complete -c cavra -n "__fish_cavra_using_subcommand help; and __fish_seen_subcommand_from aispm" -f -a "collector" -d 'A tenant\'s collectors and their keys'
complete -c cavra -n "__fish_cavra_using_subcommand help; and __fish_seen_subcommand_from aispm" -f -a "ingest" -d 'Ingest DSSE-signed NDJSON envelopes from files or stdin (`-`)'
complete -c cavra -n "__fish_cavra_using_subcommand help; and __fish_seen_subcommand_from aispm" -f -a "posture" -d 'A tenant\'s posture: inventory, counts, open blocks, collector coverage'
complete -c cavra -n "__fish_cavra_using_subcommand help; and __fish_seen_subcommand_from aispm" -f -a "replay" -d 'A tenant\'s stored events in order; --verify checks the projection'
complete -c cavra -n "__fish_cavra_using_subcommand help; and __fish_seen_subcommand_from aispm" -f -a "forward" -d 'Forward a tenant\'s events to a SIEM connector, each once, resumable'
complete -c cavra -n "__fish_cavra_using_subcommand help; and __fish_seen_subcommand_from aispm" -f -a "health" -d 'Ingestion health: accepted, duplicates, rejected by reason, storage failures, lag, forwarding lag'
complete -c cavra -n "__fish_cavra_using_subcommand help; and __fish_seen_subcommand_from aispm" -f -a "quarantine" -d 'The lines ingestion rejected: reason, position, sha256 (never the line)'
complete -c cavra -n "__fish_cavra_using_subcommand help; and __fish_seen_subcommand_from aispm" -f -a "tenants" -d 'Every tenant with its collectors, events and last event'
complete -c cavra -n "__fish_cavra_using_subcommand help; and __fish_seen_subcommand_from aispm" -f -a "retention-plan" -d 'A tenant\'s retention: events past its retention days, none under legal hold'
