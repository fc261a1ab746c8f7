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
json\t'Pretty JSON, a versioned contract (the default when stdout is not a terminal)'
ndjson\t'One compact JSON value per line'
markdown\t'A Markdown table, for pull-request comments and $GITHUB_STEP_SUMMARY'
github\t'GitHub Actions annotations (validate only)'"
complete -c cavra -n "__fish_cavra_needs_command" -s q -l quiet -d 'Print no status messages on stderr (errors still appear)'
complete -c cavra -n "__fish_cavra_needs_command" -s v -l verbose -d 'Print more detail on stderr (store paths, timings)'
complete -c cavra -n "__fish_cavra_needs_command" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c cavra -n "__fish_cavra_needs_command" -s V -l version -d 'Print version'
complete -c cavra -n "__fish_cavra_needs_command" -f -a "init" -d 'Create .cavra/ in this repository (safe to run again)'
complete -c cavra -n "__fish_cavra_needs_command" -f -a "integration" -d 'Manage the integration inventory (who owns which integration, and its health)'
complete -c cavra -n "__fish_cavra_needs_command" -f -a "validate" -d 'Check every store: schemas, checksums, ledger chains, secrets'
complete -c cavra -n "__fish_cavra_needs_command" -f -a "reseal" -d 'Accept a reviewed hand edit of a table store: re-check it and rewrite its checksum'
complete -c cavra -n "__fish_cavra_needs_command" -f -a "diff" -d 'Show record-level changes of every store between two revisions'
complete -c cavra -n "__fish_cavra_needs_command" -f -a "git" -d 'Set up git to merge stores record by record and validate commits'
complete -c cavra -n "__fish_cavra_needs_command" -f -a "ops" -d 'Store operations: status, backup, restore, retention plans, repair, migrate'
complete -c cavra -n "__fish_cavra_needs_command" -f -a "ledger" -d 'Ledgers: migrate to segments, verify git history, resolve a merge, prune'
complete -c cavra -n "__fish_cavra_needs_command" -f -a "schema" -d 'Print the JSON Schemas cavra validates against'
complete -c cavra -n "__fish_cavra_needs_command" -f -a "connector" -d 'Show the configured connectors and whether their references resolve'
complete -c cavra -n "__fish_cavra_needs_command" -f -a "evidence" -d 'Manage evidence databases'
complete -c cavra -n "__fish_cavra_needs_command" -f -a "demo" -d 'Walk through cavra\'s main job on the shipped examples'
complete -c cavra -n "__fish_cavra_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c cavra -n "__fish_cavra_using_subcommand init" -l format -d 'Output format [default: table on a terminal, json otherwise]' -r -f -a "table\t'Aligned columns for people (the default on a terminal)'
text\t'Plain lines for people; the same as table where a command has no text form'
json\t'Pretty JSON, a versioned contract (the default when stdout is not a terminal)'
ndjson\t'One compact JSON value per line'
markdown\t'A Markdown table, for pull-request comments and $GITHUB_STEP_SUMMARY'"
complete -c cavra -n "__fish_cavra_using_subcommand init" -s C -l repo -d 'Run as if cavra was started in DIR (relative paths are then relative to DIR)' -r -F
complete -c cavra -n "__fish_cavra_using_subcommand init" -l color -d 'When to colour messages on stderr' -r -f -a "auto\t'Colour when stderr is a terminal and NO_COLOR is unset'
always\t'Always colour'
never\t'Never colour'"
complete -c cavra -n "__fish_cavra_using_subcommand init" -s q -l quiet -d 'Print no status messages on stderr (errors still appear)'
complete -c cavra -n "__fish_cavra_using_subcommand init" -s v -l verbose -d 'Print more detail on stderr (store paths, timings)'
complete -c cavra -n "__fish_cavra_using_subcommand init" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c cavra -n "__fish_cavra_using_subcommand integration; and not __fish_seen_subcommand_from add update remove list show import deliver help" -l format -d 'Output format [default: table on a terminal, json otherwise]' -r -f -a "table\t'Aligned columns for people (the default on a terminal)'
text\t'Plain lines for people; the same as table where a command has no text form'
json\t'Pretty JSON, a versioned contract (the default when stdout is not a terminal)'
ndjson\t'One compact JSON value per line'
markdown\t'A Markdown table, for pull-request comments and $GITHUB_STEP_SUMMARY'"
complete -c cavra -n "__fish_cavra_using_subcommand integration; and not __fish_seen_subcommand_from add update remove list show import deliver help" -s C -l repo -d 'Run as if cavra was started in DIR (relative paths are then relative to DIR)' -r -F
complete -c cavra -n "__fish_cavra_using_subcommand integration; and not __fish_seen_subcommand_from add update remove list show import deliver help" -l color -d 'When to colour messages on stderr' -r -f -a "auto\t'Colour when stderr is a terminal and NO_COLOR is unset'
always\t'Always colour'
never\t'Never colour'"
complete -c cavra -n "__fish_cavra_using_subcommand integration; and not __fish_seen_subcommand_from add update remove list show import deliver help" -s q -l quiet -d 'Print no status messages on stderr (errors still appear)'
complete -c cavra -n "__fish_cavra_using_subcommand integration; and not __fish_seen_subcommand_from add update remove list show import deliver help" -s v -l verbose -d 'Print more detail on stderr (store paths, timings)'
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
json\t'Pretty JSON, a versioned contract (the default when stdout is not a terminal)'
ndjson\t'One compact JSON value per line'
markdown\t'A Markdown table, for pull-request comments and $GITHUB_STEP_SUMMARY'"
complete -c cavra -n "__fish_cavra_using_subcommand integration; and __fish_seen_subcommand_from add" -s C -l repo -d 'Run as if cavra was started in DIR (relative paths are then relative to DIR)' -r -F
complete -c cavra -n "__fish_cavra_using_subcommand integration; and __fish_seen_subcommand_from add" -l color -d 'When to colour messages on stderr' -r -f -a "auto\t'Colour when stderr is a terminal and NO_COLOR is unset'
always\t'Always colour'
never\t'Never colour'"
complete -c cavra -n "__fish_cavra_using_subcommand integration; and __fish_seen_subcommand_from add" -l upsert -d 'Replace the record when the id already exists (keeps created_at)'
complete -c cavra -n "__fish_cavra_using_subcommand integration; and __fish_seen_subcommand_from add" -s q -l quiet -d 'Print no status messages on stderr (errors still appear)'
complete -c cavra -n "__fish_cavra_using_subcommand integration; and __fish_seen_subcommand_from add" -s v -l verbose -d 'Print more detail on stderr (store paths, timings)'
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
json\t'Pretty JSON, a versioned contract (the default when stdout is not a terminal)'
ndjson\t'One compact JSON value per line'
markdown\t'A Markdown table, for pull-request comments and $GITHUB_STEP_SUMMARY'"
complete -c cavra -n "__fish_cavra_using_subcommand integration; and __fish_seen_subcommand_from update" -s C -l repo -d 'Run as if cavra was started in DIR (relative paths are then relative to DIR)' -r -F
complete -c cavra -n "__fish_cavra_using_subcommand integration; and __fish_seen_subcommand_from update" -l color -d 'When to colour messages on stderr' -r -f -a "auto\t'Colour when stderr is a terminal and NO_COLOR is unset'
always\t'Always colour'
never\t'Never colour'"
complete -c cavra -n "__fish_cavra_using_subcommand integration; and __fish_seen_subcommand_from update" -s q -l quiet -d 'Print no status messages on stderr (errors still appear)'
complete -c cavra -n "__fish_cavra_using_subcommand integration; and __fish_seen_subcommand_from update" -s v -l verbose -d 'Print more detail on stderr (store paths, timings)'
complete -c cavra -n "__fish_cavra_using_subcommand integration; and __fish_seen_subcommand_from update" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c cavra -n "__fish_cavra_using_subcommand integration; and __fish_seen_subcommand_from remove" -l format -d 'Output format [default: table on a terminal, json otherwise]' -r -f -a "table\t'Aligned columns for people (the default on a terminal)'
text\t'Plain lines for people; the same as table where a command has no text form'
json\t'Pretty JSON, a versioned contract (the default when stdout is not a terminal)'
ndjson\t'One compact JSON value per line'
markdown\t'A Markdown table, for pull-request comments and $GITHUB_STEP_SUMMARY'"
complete -c cavra -n "__fish_cavra_using_subcommand integration; and __fish_seen_subcommand_from remove" -s C -l repo -d 'Run as if cavra was started in DIR (relative paths are then relative to DIR)' -r -F
complete -c cavra -n "__fish_cavra_using_subcommand integration; and __fish_seen_subcommand_from remove" -l color -d 'When to colour messages on stderr' -r -f -a "auto\t'Colour when stderr is a terminal and NO_COLOR is unset'
always\t'Always colour'
never\t'Never colour'"
complete -c cavra -n "__fish_cavra_using_subcommand integration; and __fish_seen_subcommand_from remove" -s q -l quiet -d 'Print no status messages on stderr (errors still appear)'
complete -c cavra -n "__fish_cavra_using_subcommand integration; and __fish_seen_subcommand_from remove" -s v -l verbose -d 'Print more detail on stderr (store paths, timings)'
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
json\t'Pretty JSON, a versioned contract (the default when stdout is not a terminal)'
ndjson\t'One compact JSON value per line'
markdown\t'A Markdown table, for pull-request comments and $GITHUB_STEP_SUMMARY'"
complete -c cavra -n "__fish_cavra_using_subcommand integration; and __fish_seen_subcommand_from list" -s C -l repo -d 'Run as if cavra was started in DIR (relative paths are then relative to DIR)' -r -F
complete -c cavra -n "__fish_cavra_using_subcommand integration; and __fish_seen_subcommand_from list" -l color -d 'When to colour messages on stderr' -r -f -a "auto\t'Colour when stderr is a terminal and NO_COLOR is unset'
always\t'Always colour'
never\t'Never colour'"
complete -c cavra -n "__fish_cavra_using_subcommand integration; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Print no status messages on stderr (errors still appear)'
complete -c cavra -n "__fish_cavra_using_subcommand integration; and __fish_seen_subcommand_from list" -s v -l verbose -d 'Print more detail on stderr (store paths, timings)'
complete -c cavra -n "__fish_cavra_using_subcommand integration; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c cavra -n "__fish_cavra_using_subcommand integration; and __fish_seen_subcommand_from show" -l format -d 'Output format [default: table on a terminal, json otherwise]' -r -f -a "table\t'Aligned columns for people (the default on a terminal)'
text\t'Plain lines for people; the same as table where a command has no text form'
json\t'Pretty JSON, a versioned contract (the default when stdout is not a terminal)'
ndjson\t'One compact JSON value per line'
markdown\t'A Markdown table, for pull-request comments and $GITHUB_STEP_SUMMARY'"
complete -c cavra -n "__fish_cavra_using_subcommand integration; and __fish_seen_subcommand_from show" -s C -l repo -d 'Run as if cavra was started in DIR (relative paths are then relative to DIR)' -r -F
complete -c cavra -n "__fish_cavra_using_subcommand integration; and __fish_seen_subcommand_from show" -l color -d 'When to colour messages on stderr' -r -f -a "auto\t'Colour when stderr is a terminal and NO_COLOR is unset'
always\t'Always colour'
never\t'Never colour'"
complete -c cavra -n "__fish_cavra_using_subcommand integration; and __fish_seen_subcommand_from show" -s q -l quiet -d 'Print no status messages on stderr (errors still appear)'
complete -c cavra -n "__fish_cavra_using_subcommand integration; and __fish_seen_subcommand_from show" -s v -l verbose -d 'Print more detail on stderr (store paths, timings)'
complete -c cavra -n "__fish_cavra_using_subcommand integration; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c cavra -n "__fish_cavra_using_subcommand integration; and __fish_seen_subcommand_from import" -l format -d 'Output format [default: table on a terminal, json otherwise]' -r -f -a "table\t'Aligned columns for people (the default on a terminal)'
text\t'Plain lines for people; the same as table where a command has no text form'
json\t'Pretty JSON, a versioned contract (the default when stdout is not a terminal)'
ndjson\t'One compact JSON value per line'
markdown\t'A Markdown table, for pull-request comments and $GITHUB_STEP_SUMMARY'"
complete -c cavra -n "__fish_cavra_using_subcommand integration; and __fish_seen_subcommand_from import" -s C -l repo -d 'Run as if cavra was started in DIR (relative paths are then relative to DIR)' -r -F
complete -c cavra -n "__fish_cavra_using_subcommand integration; and __fish_seen_subcommand_from import" -l color -d 'When to colour messages on stderr' -r -f -a "auto\t'Colour when stderr is a terminal and NO_COLOR is unset'
always\t'Always colour'
never\t'Never colour'"
complete -c cavra -n "__fish_cavra_using_subcommand integration; and __fish_seen_subcommand_from import" -l upsert -d 'Replace existing records with the file\'s (created_at is kept)'
complete -c cavra -n "__fish_cavra_using_subcommand integration; and __fish_seen_subcommand_from import" -s q -l quiet -d 'Print no status messages on stderr (errors still appear)'
complete -c cavra -n "__fish_cavra_using_subcommand integration; and __fish_seen_subcommand_from import" -s v -l verbose -d 'Print more detail on stderr (store paths, timings)'
complete -c cavra -n "__fish_cavra_using_subcommand integration; and __fish_seen_subcommand_from import" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c cavra -n "__fish_cavra_using_subcommand integration; and __fish_seen_subcommand_from deliver" -l config -d 'Connector configuration [default: .cavra/connectors.json, or CAVRA_CONNECTOR_CONFIG]' -r -F
complete -c cavra -n "__fish_cavra_using_subcommand integration; and __fish_seen_subcommand_from deliver" -l provider -d 'Connectors to deliver to, by name or provider: all, or a comma-separated list' -r
complete -c cavra -n "__fish_cavra_using_subcommand integration; and __fish_seen_subcommand_from deliver" -l integration -d 'The integration whose health follows this delivery [default: each connector\'s integration_id]' -r
complete -c cavra -n "__fish_cavra_using_subcommand integration; and __fish_seen_subcommand_from deliver" -l retries -d 'Retries after the first attempt' -r
complete -c cavra -n "__fish_cavra_using_subcommand integration; and __fish_seen_subcommand_from deliver" -l timeout-seconds -d 'Total time allowed for one request, connect included' -r
complete -c cavra -n "__fish_cavra_using_subcommand integration; and __fish_seen_subcommand_from deliver" -l output -d 'Write the delivery evidence into this directory (never overwriting)' -r -F
complete -c cavra -n "__fish_cavra_using_subcommand integration; and __fish_seen_subcommand_from deliver" -l metadata-json -d 'Evidence metadata ledger [default: .cavra/evidence/metadata.jsonl]' -r -F
complete -c cavra -n "__fish_cavra_using_subcommand integration; and __fish_seen_subcommand_from deliver" -l format -d 'Output format [default: table on a terminal, json otherwise]' -r -f -a "table\t'Aligned columns for people (the default on a terminal)'
text\t'Plain lines for people; the same as table where a command has no text form'
json\t'Pretty JSON, a versioned contract (the default when stdout is not a terminal)'
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
complete -c cavra -n "__fish_cavra_using_subcommand integration; and __fish_seen_subcommand_from deliver" -s v -l verbose -d 'Print more detail on stderr (store paths, timings)'
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
json\t'Pretty JSON, a versioned contract (the default when stdout is not a terminal)'
ndjson\t'One compact JSON value per line'
markdown\t'A Markdown table, for pull-request comments and $GITHUB_STEP_SUMMARY'
github\t'GitHub Actions annotations (validate only)'"
complete -c cavra -n "__fish_cavra_using_subcommand validate" -s C -l repo -d 'Run as if cavra was started in DIR (relative paths are then relative to DIR)' -r -F
complete -c cavra -n "__fish_cavra_using_subcommand validate" -l color -d 'When to colour messages on stderr' -r -f -a "auto\t'Colour when stderr is a terminal and NO_COLOR is unset'
always\t'Always colour'
never\t'Never colour'"
complete -c cavra -n "__fish_cavra_using_subcommand validate" -l staged -d 'Check the stores as staged in the index git is committing (GIT_INDEX_FILE when set) instead of the work tree'
complete -c cavra -n "__fish_cavra_using_subcommand validate" -s q -l quiet -d 'Print no status messages on stderr (errors still appear)'
complete -c cavra -n "__fish_cavra_using_subcommand validate" -s v -l verbose -d 'Print more detail on stderr (store paths, timings)'
complete -c cavra -n "__fish_cavra_using_subcommand validate" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c cavra -n "__fish_cavra_using_subcommand reseal" -l format -d 'Output format [default: table on a terminal, json otherwise]' -r -f -a "table\t'Aligned columns for people (the default on a terminal)'
text\t'Plain lines for people; the same as table where a command has no text form'
json\t'Pretty JSON, a versioned contract (the default when stdout is not a terminal)'
ndjson\t'One compact JSON value per line'
markdown\t'A Markdown table, for pull-request comments and $GITHUB_STEP_SUMMARY'"
complete -c cavra -n "__fish_cavra_using_subcommand reseal" -s C -l repo -d 'Run as if cavra was started in DIR (relative paths are then relative to DIR)' -r -F
complete -c cavra -n "__fish_cavra_using_subcommand reseal" -l color -d 'When to colour messages on stderr' -r -f -a "auto\t'Colour when stderr is a terminal and NO_COLOR is unset'
always\t'Always colour'
never\t'Never colour'"
complete -c cavra -n "__fish_cavra_using_subcommand reseal" -s q -l quiet -d 'Print no status messages on stderr (errors still appear)'
complete -c cavra -n "__fish_cavra_using_subcommand reseal" -s v -l verbose -d 'Print more detail on stderr (store paths, timings)'
complete -c cavra -n "__fish_cavra_using_subcommand reseal" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c cavra -n "__fish_cavra_using_subcommand diff" -l format -d 'Output format [default: table on a terminal, json otherwise]' -r -f -a "table\t'Aligned columns for people (the default on a terminal)'
text\t'Plain lines for people; the same as table where a command has no text form'
json\t'Pretty JSON, a versioned contract (the default when stdout is not a terminal)'
ndjson\t'One compact JSON value per line'
markdown\t'A Markdown table, for pull-request comments and $GITHUB_STEP_SUMMARY'"
complete -c cavra -n "__fish_cavra_using_subcommand diff" -s C -l repo -d 'Run as if cavra was started in DIR (relative paths are then relative to DIR)' -r -F
complete -c cavra -n "__fish_cavra_using_subcommand diff" -l color -d 'When to colour messages on stderr' -r -f -a "auto\t'Colour when stderr is a terminal and NO_COLOR is unset'
always\t'Always colour'
never\t'Never colour'"
complete -c cavra -n "__fish_cavra_using_subcommand diff" -l exit-code -d 'Exit with 1 when there are changes, 0 when there are none (like `git diff --exit-code`)'
complete -c cavra -n "__fish_cavra_using_subcommand diff" -s q -l quiet -d 'Print no status messages on stderr (errors still appear)'
complete -c cavra -n "__fish_cavra_using_subcommand diff" -s v -l verbose -d 'Print more detail on stderr (store paths, timings)'
complete -c cavra -n "__fish_cavra_using_subcommand diff" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c cavra -n "__fish_cavra_using_subcommand git; and not __fish_seen_subcommand_from install merge-driver help" -l format -d 'Output format [default: table on a terminal, json otherwise]' -r -f -a "table\t'Aligned columns for people (the default on a terminal)'
text\t'Plain lines for people; the same as table where a command has no text form'
json\t'Pretty JSON, a versioned contract (the default when stdout is not a terminal)'
ndjson\t'One compact JSON value per line'
markdown\t'A Markdown table, for pull-request comments and $GITHUB_STEP_SUMMARY'"
complete -c cavra -n "__fish_cavra_using_subcommand git; and not __fish_seen_subcommand_from install merge-driver help" -s C -l repo -d 'Run as if cavra was started in DIR (relative paths are then relative to DIR)' -r -F
complete -c cavra -n "__fish_cavra_using_subcommand git; and not __fish_seen_subcommand_from install merge-driver help" -l color -d 'When to colour messages on stderr' -r -f -a "auto\t'Colour when stderr is a terminal and NO_COLOR is unset'
always\t'Always colour'
never\t'Never colour'"
complete -c cavra -n "__fish_cavra_using_subcommand git; and not __fish_seen_subcommand_from install merge-driver help" -s q -l quiet -d 'Print no status messages on stderr (errors still appear)'
complete -c cavra -n "__fish_cavra_using_subcommand git; and not __fish_seen_subcommand_from install merge-driver help" -s v -l verbose -d 'Print more detail on stderr (store paths, timings)'
complete -c cavra -n "__fish_cavra_using_subcommand git; and not __fish_seen_subcommand_from install merge-driver help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c cavra -n "__fish_cavra_using_subcommand git; and not __fish_seen_subcommand_from install merge-driver help" -f -a "install" -d 'Install the merge driver (.gitattributes, local config) and a pre-commit hook'
complete -c cavra -n "__fish_cavra_using_subcommand git; and not __fish_seen_subcommand_from install merge-driver help" -f -a "merge-driver" -d 'Merge one store for git (called by git as `cavra git merge-driver %O %A %B %P`)'
complete -c cavra -n "__fish_cavra_using_subcommand git; and not __fish_seen_subcommand_from install merge-driver help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c cavra -n "__fish_cavra_using_subcommand git; and __fish_seen_subcommand_from install" -l format -d 'Output format [default: table on a terminal, json otherwise]' -r -f -a "table\t'Aligned columns for people (the default on a terminal)'
text\t'Plain lines for people; the same as table where a command has no text form'
json\t'Pretty JSON, a versioned contract (the default when stdout is not a terminal)'
ndjson\t'One compact JSON value per line'
markdown\t'A Markdown table, for pull-request comments and $GITHUB_STEP_SUMMARY'"
complete -c cavra -n "__fish_cavra_using_subcommand git; and __fish_seen_subcommand_from install" -s C -l repo -d 'Run as if cavra was started in DIR (relative paths are then relative to DIR)' -r -F
complete -c cavra -n "__fish_cavra_using_subcommand git; and __fish_seen_subcommand_from install" -l color -d 'When to colour messages on stderr' -r -f -a "auto\t'Colour when stderr is a terminal and NO_COLOR is unset'
always\t'Always colour'
never\t'Never colour'"
complete -c cavra -n "__fish_cavra_using_subcommand git; and __fish_seen_subcommand_from install" -s q -l quiet -d 'Print no status messages on stderr (errors still appear)'
complete -c cavra -n "__fish_cavra_using_subcommand git; and __fish_seen_subcommand_from install" -s v -l verbose -d 'Print more detail on stderr (store paths, timings)'
complete -c cavra -n "__fish_cavra_using_subcommand git; and __fish_seen_subcommand_from install" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c cavra -n "__fish_cavra_using_subcommand git; and __fish_seen_subcommand_from merge-driver" -l format -d 'Output format [default: table on a terminal, json otherwise]' -r -f -a ""
complete -c cavra -n "__fish_cavra_using_subcommand git; and __fish_seen_subcommand_from merge-driver" -s C -l repo -d 'Run as if cavra was started in DIR (relative paths are then relative to DIR)' -r -F
complete -c cavra -n "__fish_cavra_using_subcommand git; and __fish_seen_subcommand_from merge-driver" -l color -d 'When to colour messages on stderr' -r -f -a "auto\t'Colour when stderr is a terminal and NO_COLOR is unset'
always\t'Always colour'
never\t'Never colour'"
complete -c cavra -n "__fish_cavra_using_subcommand git; and __fish_seen_subcommand_from merge-driver" -s q -l quiet -d 'Print no status messages on stderr (errors still appear)'
complete -c cavra -n "__fish_cavra_using_subcommand git; and __fish_seen_subcommand_from merge-driver" -s v -l verbose -d 'Print more detail on stderr (store paths, timings)'
complete -c cavra -n "__fish_cavra_using_subcommand git; and __fish_seen_subcommand_from merge-driver" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c cavra -n "__fish_cavra_using_subcommand git; and __fish_seen_subcommand_from help" -f -a "install" -d 'Install the merge driver (.gitattributes, local config) and a pre-commit hook'
complete -c cavra -n "__fish_cavra_using_subcommand git; and __fish_seen_subcommand_from help" -f -a "merge-driver" -d 'Merge one store for git (called by git as `cavra git merge-driver %O %A %B %P`)'
complete -c cavra -n "__fish_cavra_using_subcommand git; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c cavra -n "__fish_cavra_using_subcommand ops; and not __fish_seen_subcommand_from stores backup restore retention-plan repair migrate help" -l format -d 'Output format [default: table on a terminal, json otherwise]' -r -f -a "table\t'Aligned columns for people (the default on a terminal)'
text\t'Plain lines for people; the same as table where a command has no text form'
json\t'Pretty JSON, a versioned contract (the default when stdout is not a terminal)'
ndjson\t'One compact JSON value per line'
markdown\t'A Markdown table, for pull-request comments and $GITHUB_STEP_SUMMARY'"
complete -c cavra -n "__fish_cavra_using_subcommand ops; and not __fish_seen_subcommand_from stores backup restore retention-plan repair migrate help" -s C -l repo -d 'Run as if cavra was started in DIR (relative paths are then relative to DIR)' -r -F
complete -c cavra -n "__fish_cavra_using_subcommand ops; and not __fish_seen_subcommand_from stores backup restore retention-plan repair migrate help" -l color -d 'When to colour messages on stderr' -r -f -a "auto\t'Colour when stderr is a terminal and NO_COLOR is unset'
always\t'Always colour'
never\t'Never colour'"
complete -c cavra -n "__fish_cavra_using_subcommand ops; and not __fish_seen_subcommand_from stores backup restore retention-plan repair migrate help" -s q -l quiet -d 'Print no status messages on stderr (errors still appear)'
complete -c cavra -n "__fish_cavra_using_subcommand ops; and not __fish_seen_subcommand_from stores backup restore retention-plan repair migrate help" -s v -l verbose -d 'Print more detail on stderr (store paths, timings)'
complete -c cavra -n "__fish_cavra_using_subcommand ops; and not __fish_seen_subcommand_from stores backup restore retention-plan repair migrate help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c cavra -n "__fish_cavra_using_subcommand ops; and not __fish_seen_subcommand_from stores backup restore retention-plan repair migrate help" -f -a "stores" -d 'List every store: kind, path, who configured it, records, size, integrity'
complete -c cavra -n "__fish_cavra_using_subcommand ops; and not __fish_seen_subcommand_from stores backup restore retention-plan repair migrate help" -f -a "backup" -d 'Copy every store into DIR with a checksummed manifest'
complete -c cavra -n "__fish_cavra_using_subcommand ops; and not __fish_seen_subcommand_from stores backup restore retention-plan repair migrate help" -f -a "restore" -d 'Restore stores from a backup manifest or a git revision (all or nothing)'
complete -c cavra -n "__fish_cavra_using_subcommand ops; and not __fish_seen_subcommand_from stores backup restore retention-plan repair migrate help" -f -a "retention-plan" -d 'Write a retention plan (JSON and Markdown): what is kept, protected, and expires when'
complete -c cavra -n "__fish_cavra_using_subcommand ops; and not __fish_seen_subcommand_from stores backup restore retention-plan repair migrate help" -f -a "repair" -d 'Truncate torn ledger tails (never acknowledged); report every other problem'
complete -c cavra -n "__fish_cavra_using_subcommand ops; and not __fish_seen_subcommand_from stores backup restore retention-plan repair migrate help" -f -a "migrate" -d 'Rewrite existing stores once to the current layout (table records key first)'
complete -c cavra -n "__fish_cavra_using_subcommand ops; and not __fish_seen_subcommand_from stores backup restore retention-plan repair migrate help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c cavra -n "__fish_cavra_using_subcommand ops; and __fish_seen_subcommand_from stores" -l format -d 'Output format [default: table on a terminal, json otherwise]' -r -f -a "table\t'Aligned columns for people (the default on a terminal)'
text\t'Plain lines for people; the same as table where a command has no text form'
json\t'Pretty JSON, a versioned contract (the default when stdout is not a terminal)'
ndjson\t'One compact JSON value per line'
markdown\t'A Markdown table, for pull-request comments and $GITHUB_STEP_SUMMARY'"
complete -c cavra -n "__fish_cavra_using_subcommand ops; and __fish_seen_subcommand_from stores" -s C -l repo -d 'Run as if cavra was started in DIR (relative paths are then relative to DIR)' -r -F
complete -c cavra -n "__fish_cavra_using_subcommand ops; and __fish_seen_subcommand_from stores" -l color -d 'When to colour messages on stderr' -r -f -a "auto\t'Colour when stderr is a terminal and NO_COLOR is unset'
always\t'Always colour'
never\t'Never colour'"
complete -c cavra -n "__fish_cavra_using_subcommand ops; and __fish_seen_subcommand_from stores" -s q -l quiet -d 'Print no status messages on stderr (errors still appear)'
complete -c cavra -n "__fish_cavra_using_subcommand ops; and __fish_seen_subcommand_from stores" -s v -l verbose -d 'Print more detail on stderr (store paths, timings)'
complete -c cavra -n "__fish_cavra_using_subcommand ops; and __fish_seen_subcommand_from stores" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c cavra -n "__fish_cavra_using_subcommand ops; and __fish_seen_subcommand_from backup" -l output -d 'The backup directory (created when absent)' -r -F
complete -c cavra -n "__fish_cavra_using_subcommand ops; and __fish_seen_subcommand_from backup" -l format -d 'Output format [default: table on a terminal, json otherwise]' -r -f -a "table\t'Aligned columns for people (the default on a terminal)'
text\t'Plain lines for people; the same as table where a command has no text form'
json\t'Pretty JSON, a versioned contract (the default when stdout is not a terminal)'
ndjson\t'One compact JSON value per line'
markdown\t'A Markdown table, for pull-request comments and $GITHUB_STEP_SUMMARY'"
complete -c cavra -n "__fish_cavra_using_subcommand ops; and __fish_seen_subcommand_from backup" -s C -l repo -d 'Run as if cavra was started in DIR (relative paths are then relative to DIR)' -r -F
complete -c cavra -n "__fish_cavra_using_subcommand ops; and __fish_seen_subcommand_from backup" -l color -d 'When to colour messages on stderr' -r -f -a "auto\t'Colour when stderr is a terminal and NO_COLOR is unset'
always\t'Always colour'
never\t'Never colour'"
complete -c cavra -n "__fish_cavra_using_subcommand ops; and __fish_seen_subcommand_from backup" -s q -l quiet -d 'Print no status messages on stderr (errors still appear)'
complete -c cavra -n "__fish_cavra_using_subcommand ops; and __fish_seen_subcommand_from backup" -s v -l verbose -d 'Print more detail on stderr (store paths, timings)'
complete -c cavra -n "__fish_cavra_using_subcommand ops; and __fish_seen_subcommand_from backup" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c cavra -n "__fish_cavra_using_subcommand ops; and __fish_seen_subcommand_from restore" -l from-rev -d 'Restore the stores as they were at this git revision instead' -r
complete -c cavra -n "__fish_cavra_using_subcommand ops; and __fish_seen_subcommand_from restore" -l target-dir -d 'Restore under this directory instead of the repository' -r -F
complete -c cavra -n "__fish_cavra_using_subcommand ops; and __fish_seen_subcommand_from restore" -l format -d 'Output format [default: table on a terminal, json otherwise]' -r -f -a "table\t'Aligned columns for people (the default on a terminal)'
text\t'Plain lines for people; the same as table where a command has no text form'
json\t'Pretty JSON, a versioned contract (the default when stdout is not a terminal)'
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
complete -c cavra -n "__fish_cavra_using_subcommand ops; and __fish_seen_subcommand_from restore" -s v -l verbose -d 'Print more detail on stderr (store paths, timings)'
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
json\t'Pretty JSON, a versioned contract (the default when stdout is not a terminal)'
ndjson\t'One compact JSON value per line'
markdown\t'A Markdown table, for pull-request comments and $GITHUB_STEP_SUMMARY'"
complete -c cavra -n "__fish_cavra_using_subcommand ops; and __fish_seen_subcommand_from retention-plan" -s C -l repo -d 'Run as if cavra was started in DIR (relative paths are then relative to DIR)' -r -F
complete -c cavra -n "__fish_cavra_using_subcommand ops; and __fish_seen_subcommand_from retention-plan" -l color -d 'When to colour messages on stderr' -r -f -a "auto\t'Colour when stderr is a terminal and NO_COLOR is unset'
always\t'Always colour'
never\t'Never colour'"
complete -c cavra -n "__fish_cavra_using_subcommand ops; and __fish_seen_subcommand_from retention-plan" -l legal-hold -d 'A legal hold is in place: nothing expires (also when .cavra/legal-hold exists)'
complete -c cavra -n "__fish_cavra_using_subcommand ops; and __fish_seen_subcommand_from retention-plan" -s q -l quiet -d 'Print no status messages on stderr (errors still appear)'
complete -c cavra -n "__fish_cavra_using_subcommand ops; and __fish_seen_subcommand_from retention-plan" -s v -l verbose -d 'Print more detail on stderr (store paths, timings)'
complete -c cavra -n "__fish_cavra_using_subcommand ops; and __fish_seen_subcommand_from retention-plan" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c cavra -n "__fish_cavra_using_subcommand ops; and __fish_seen_subcommand_from repair" -l format -d 'Output format [default: table on a terminal, json otherwise]' -r -f -a "table\t'Aligned columns for people (the default on a terminal)'
text\t'Plain lines for people; the same as table where a command has no text form'
json\t'Pretty JSON, a versioned contract (the default when stdout is not a terminal)'
ndjson\t'One compact JSON value per line'
markdown\t'A Markdown table, for pull-request comments and $GITHUB_STEP_SUMMARY'"
complete -c cavra -n "__fish_cavra_using_subcommand ops; and __fish_seen_subcommand_from repair" -s C -l repo -d 'Run as if cavra was started in DIR (relative paths are then relative to DIR)' -r -F
complete -c cavra -n "__fish_cavra_using_subcommand ops; and __fish_seen_subcommand_from repair" -l color -d 'When to colour messages on stderr' -r -f -a "auto\t'Colour when stderr is a terminal and NO_COLOR is unset'
always\t'Always colour'
never\t'Never colour'"
complete -c cavra -n "__fish_cavra_using_subcommand ops; and __fish_seen_subcommand_from repair" -s q -l quiet -d 'Print no status messages on stderr (errors still appear)'
complete -c cavra -n "__fish_cavra_using_subcommand ops; and __fish_seen_subcommand_from repair" -s v -l verbose -d 'Print more detail on stderr (store paths, timings)'
complete -c cavra -n "__fish_cavra_using_subcommand ops; and __fish_seen_subcommand_from repair" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c cavra -n "__fish_cavra_using_subcommand ops; and __fish_seen_subcommand_from migrate" -l format -d 'Output format [default: table on a terminal, json otherwise]' -r -f -a "table\t'Aligned columns for people (the default on a terminal)'
text\t'Plain lines for people; the same as table where a command has no text form'
json\t'Pretty JSON, a versioned contract (the default when stdout is not a terminal)'
ndjson\t'One compact JSON value per line'
markdown\t'A Markdown table, for pull-request comments and $GITHUB_STEP_SUMMARY'"
complete -c cavra -n "__fish_cavra_using_subcommand ops; and __fish_seen_subcommand_from migrate" -s C -l repo -d 'Run as if cavra was started in DIR (relative paths are then relative to DIR)' -r -F
complete -c cavra -n "__fish_cavra_using_subcommand ops; and __fish_seen_subcommand_from migrate" -l color -d 'When to colour messages on stderr' -r -f -a "auto\t'Colour when stderr is a terminal and NO_COLOR is unset'
always\t'Always colour'
never\t'Never colour'"
complete -c cavra -n "__fish_cavra_using_subcommand ops; and __fish_seen_subcommand_from migrate" -s q -l quiet -d 'Print no status messages on stderr (errors still appear)'
complete -c cavra -n "__fish_cavra_using_subcommand ops; and __fish_seen_subcommand_from migrate" -s v -l verbose -d 'Print more detail on stderr (store paths, timings)'
complete -c cavra -n "__fish_cavra_using_subcommand ops; and __fish_seen_subcommand_from migrate" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c cavra -n "__fish_cavra_using_subcommand ops; and __fish_seen_subcommand_from help" -f -a "stores" -d 'List every store: kind, path, who configured it, records, size, integrity'
complete -c cavra -n "__fish_cavra_using_subcommand ops; and __fish_seen_subcommand_from help" -f -a "backup" -d 'Copy every store into DIR with a checksummed manifest'
complete -c cavra -n "__fish_cavra_using_subcommand ops; and __fish_seen_subcommand_from help" -f -a "restore" -d 'Restore stores from a backup manifest or a git revision (all or nothing)'
complete -c cavra -n "__fish_cavra_using_subcommand ops; and __fish_seen_subcommand_from help" -f -a "retention-plan" -d 'Write a retention plan (JSON and Markdown): what is kept, protected, and expires when'
complete -c cavra -n "__fish_cavra_using_subcommand ops; and __fish_seen_subcommand_from help" -f -a "repair" -d 'Truncate torn ledger tails (never acknowledged); report every other problem'
complete -c cavra -n "__fish_cavra_using_subcommand ops; and __fish_seen_subcommand_from help" -f -a "migrate" -d 'Rewrite existing stores once to the current layout (table records key first)'
complete -c cavra -n "__fish_cavra_using_subcommand ops; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c cavra -n "__fish_cavra_using_subcommand ledger; and not __fish_seen_subcommand_from migrate verify resolve prune help" -l format -d 'Output format [default: table on a terminal, json otherwise]' -r -f -a "table\t'Aligned columns for people (the default on a terminal)'
text\t'Plain lines for people; the same as table where a command has no text form'
json\t'Pretty JSON, a versioned contract (the default when stdout is not a terminal)'
ndjson\t'One compact JSON value per line'
markdown\t'A Markdown table, for pull-request comments and $GITHUB_STEP_SUMMARY'"
complete -c cavra -n "__fish_cavra_using_subcommand ledger; and not __fish_seen_subcommand_from migrate verify resolve prune help" -s C -l repo -d 'Run as if cavra was started in DIR (relative paths are then relative to DIR)' -r -F
complete -c cavra -n "__fish_cavra_using_subcommand ledger; and not __fish_seen_subcommand_from migrate verify resolve prune help" -l color -d 'When to colour messages on stderr' -r -f -a "auto\t'Colour when stderr is a terminal and NO_COLOR is unset'
always\t'Always colour'
never\t'Never colour'"
complete -c cavra -n "__fish_cavra_using_subcommand ledger; and not __fish_seen_subcommand_from migrate verify resolve prune help" -s q -l quiet -d 'Print no status messages on stderr (errors still appear)'
complete -c cavra -n "__fish_cavra_using_subcommand ledger; and not __fish_seen_subcommand_from migrate verify resolve prune help" -s v -l verbose -d 'Print more detail on stderr (store paths, timings)'
complete -c cavra -n "__fish_cavra_using_subcommand ledger; and not __fish_seen_subcommand_from migrate verify resolve prune help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c cavra -n "__fish_cavra_using_subcommand ledger; and not __fish_seen_subcommand_from migrate verify resolve prune help" -f -a "migrate" -d 'Move a single-file ledger (`<name>.jsonl`) into segments (`<name>/YYYY-MM/NNNNNN.jsonl`)'
complete -c cavra -n "__fish_cavra_using_subcommand ledger; and not __fish_seen_subcommand_from migrate verify resolve prune help" -f -a "verify" -d 'Check a ledger\'s git history: every commit extends the one before'
complete -c cavra -n "__fish_cavra_using_subcommand ledger; and not __fish_seen_subcommand_from migrate verify resolve prune help" -f -a "resolve" -d 'Finish a `git merge` that stopped on a segmented ledger'
complete -c cavra -n "__fish_cavra_using_subcommand ledger; and not __fish_seen_subcommand_from migrate verify resolve prune help" -f -a "prune" -d 'Remove a ledger\'s oldest sealed segments, keeping the chain verifiable'
complete -c cavra -n "__fish_cavra_using_subcommand ledger; and not __fish_seen_subcommand_from migrate verify resolve prune help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c cavra -n "__fish_cavra_using_subcommand ledger; and __fish_seen_subcommand_from migrate" -l format -d 'Output format [default: table on a terminal, json otherwise]' -r -f -a "table\t'Aligned columns for people (the default on a terminal)'
text\t'Plain lines for people; the same as table where a command has no text form'
json\t'Pretty JSON, a versioned contract (the default when stdout is not a terminal)'
ndjson\t'One compact JSON value per line'
markdown\t'A Markdown table, for pull-request comments and $GITHUB_STEP_SUMMARY'"
complete -c cavra -n "__fish_cavra_using_subcommand ledger; and __fish_seen_subcommand_from migrate" -s C -l repo -d 'Run as if cavra was started in DIR (relative paths are then relative to DIR)' -r -F
complete -c cavra -n "__fish_cavra_using_subcommand ledger; and __fish_seen_subcommand_from migrate" -l color -d 'When to colour messages on stderr' -r -f -a "auto\t'Colour when stderr is a terminal and NO_COLOR is unset'
always\t'Always colour'
never\t'Never colour'"
complete -c cavra -n "__fish_cavra_using_subcommand ledger; and __fish_seen_subcommand_from migrate" -s q -l quiet -d 'Print no status messages on stderr (errors still appear)'
complete -c cavra -n "__fish_cavra_using_subcommand ledger; and __fish_seen_subcommand_from migrate" -s v -l verbose -d 'Print more detail on stderr (store paths, timings)'
complete -c cavra -n "__fish_cavra_using_subcommand ledger; and __fish_seen_subcommand_from migrate" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c cavra -n "__fish_cavra_using_subcommand ledger; and __fish_seen_subcommand_from verify" -l format -d 'Output format [default: table on a terminal, json otherwise]' -r -f -a "table\t'Aligned columns for people (the default on a terminal)'
text\t'Plain lines for people; the same as table where a command has no text form'
json\t'Pretty JSON, a versioned contract (the default when stdout is not a terminal)'
ndjson\t'One compact JSON value per line'
markdown\t'A Markdown table, for pull-request comments and $GITHUB_STEP_SUMMARY'"
complete -c cavra -n "__fish_cavra_using_subcommand ledger; and __fish_seen_subcommand_from verify" -s C -l repo -d 'Run as if cavra was started in DIR (relative paths are then relative to DIR)' -r -F
complete -c cavra -n "__fish_cavra_using_subcommand ledger; and __fish_seen_subcommand_from verify" -l color -d 'When to colour messages on stderr' -r -f -a "auto\t'Colour when stderr is a terminal and NO_COLOR is unset'
always\t'Always colour'
never\t'Never colour'"
complete -c cavra -n "__fish_cavra_using_subcommand ledger; and __fish_seen_subcommand_from verify" -l all-history -d 'Walk every commit reachable from HEAD, not only the first-parent line'
complete -c cavra -n "__fish_cavra_using_subcommand ledger; and __fish_seen_subcommand_from verify" -s q -l quiet -d 'Print no status messages on stderr (errors still appear)'
complete -c cavra -n "__fish_cavra_using_subcommand ledger; and __fish_seen_subcommand_from verify" -s v -l verbose -d 'Print more detail on stderr (store paths, timings)'
complete -c cavra -n "__fish_cavra_using_subcommand ledger; and __fish_seen_subcommand_from verify" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c cavra -n "__fish_cavra_using_subcommand ledger; and __fish_seen_subcommand_from resolve" -l format -d 'Output format [default: table on a terminal, json otherwise]' -r -f -a "table\t'Aligned columns for people (the default on a terminal)'
text\t'Plain lines for people; the same as table where a command has no text form'
json\t'Pretty JSON, a versioned contract (the default when stdout is not a terminal)'
ndjson\t'One compact JSON value per line'
markdown\t'A Markdown table, for pull-request comments and $GITHUB_STEP_SUMMARY'"
complete -c cavra -n "__fish_cavra_using_subcommand ledger; and __fish_seen_subcommand_from resolve" -s C -l repo -d 'Run as if cavra was started in DIR (relative paths are then relative to DIR)' -r -F
complete -c cavra -n "__fish_cavra_using_subcommand ledger; and __fish_seen_subcommand_from resolve" -l color -d 'When to colour messages on stderr' -r -f -a "auto\t'Colour when stderr is a terminal and NO_COLOR is unset'
always\t'Always colour'
never\t'Never colour'"
complete -c cavra -n "__fish_cavra_using_subcommand ledger; and __fish_seen_subcommand_from resolve" -s q -l quiet -d 'Print no status messages on stderr (errors still appear)'
complete -c cavra -n "__fish_cavra_using_subcommand ledger; and __fish_seen_subcommand_from resolve" -s v -l verbose -d 'Print more detail on stderr (store paths, timings)'
complete -c cavra -n "__fish_cavra_using_subcommand ledger; and __fish_seen_subcommand_from resolve" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c cavra -n "__fish_cavra_using_subcommand ledger; and __fish_seen_subcommand_from prune" -l before -d 'Remove segments whose entries are all older than this (YYYY-MM-DD or RFC 3339; not in the future)' -r
complete -c cavra -n "__fish_cavra_using_subcommand ledger; and __fish_seen_subcommand_from prune" -l format -d 'Output format [default: table on a terminal, json otherwise]' -r -f -a "table\t'Aligned columns for people (the default on a terminal)'
text\t'Plain lines for people; the same as table where a command has no text form'
json\t'Pretty JSON, a versioned contract (the default when stdout is not a terminal)'
ndjson\t'One compact JSON value per line'
markdown\t'A Markdown table, for pull-request comments and $GITHUB_STEP_SUMMARY'"
complete -c cavra -n "__fish_cavra_using_subcommand ledger; and __fish_seen_subcommand_from prune" -s C -l repo -d 'Run as if cavra was started in DIR (relative paths are then relative to DIR)' -r -F
complete -c cavra -n "__fish_cavra_using_subcommand ledger; and __fish_seen_subcommand_from prune" -l color -d 'When to colour messages on stderr' -r -f -a "auto\t'Colour when stderr is a terminal and NO_COLOR is unset'
always\t'Always colour'
never\t'Never colour'"
complete -c cavra -n "__fish_cavra_using_subcommand ledger; and __fish_seen_subcommand_from prune" -l dry-run -d 'List the segments that would go; write nothing'
complete -c cavra -n "__fish_cavra_using_subcommand ledger; and __fish_seen_subcommand_from prune" -s q -l quiet -d 'Print no status messages on stderr (errors still appear)'
complete -c cavra -n "__fish_cavra_using_subcommand ledger; and __fish_seen_subcommand_from prune" -s v -l verbose -d 'Print more detail on stderr (store paths, timings)'
complete -c cavra -n "__fish_cavra_using_subcommand ledger; and __fish_seen_subcommand_from prune" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c cavra -n "__fish_cavra_using_subcommand ledger; and __fish_seen_subcommand_from help" -f -a "migrate" -d 'Move a single-file ledger (`<name>.jsonl`) into segments (`<name>/YYYY-MM/NNNNNN.jsonl`)'
complete -c cavra -n "__fish_cavra_using_subcommand ledger; and __fish_seen_subcommand_from help" -f -a "verify" -d 'Check a ledger\'s git history: every commit extends the one before'
complete -c cavra -n "__fish_cavra_using_subcommand ledger; and __fish_seen_subcommand_from help" -f -a "resolve" -d 'Finish a `git merge` that stopped on a segmented ledger'
complete -c cavra -n "__fish_cavra_using_subcommand ledger; and __fish_seen_subcommand_from help" -f -a "prune" -d 'Remove a ledger\'s oldest sealed segments, keeping the chain verifiable'
complete -c cavra -n "__fish_cavra_using_subcommand ledger; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c cavra -n "__fish_cavra_using_subcommand schema; and not __fish_seen_subcommand_from list show help" -l format -d 'Output format [default: table on a terminal, json otherwise]' -r -f -a "table\t'Aligned columns for people (the default on a terminal)'
text\t'Plain lines for people; the same as table where a command has no text form'
json\t'Pretty JSON, a versioned contract (the default when stdout is not a terminal)'
ndjson\t'One compact JSON value per line'
markdown\t'A Markdown table, for pull-request comments and $GITHUB_STEP_SUMMARY'"
complete -c cavra -n "__fish_cavra_using_subcommand schema; and not __fish_seen_subcommand_from list show help" -s C -l repo -d 'Run as if cavra was started in DIR (relative paths are then relative to DIR)' -r -F
complete -c cavra -n "__fish_cavra_using_subcommand schema; and not __fish_seen_subcommand_from list show help" -l color -d 'When to colour messages on stderr' -r -f -a "auto\t'Colour when stderr is a terminal and NO_COLOR is unset'
always\t'Always colour'
never\t'Never colour'"
complete -c cavra -n "__fish_cavra_using_subcommand schema; and not __fish_seen_subcommand_from list show help" -s q -l quiet -d 'Print no status messages on stderr (errors still appear)'
complete -c cavra -n "__fish_cavra_using_subcommand schema; and not __fish_seen_subcommand_from list show help" -s v -l verbose -d 'Print more detail on stderr (store paths, timings)'
complete -c cavra -n "__fish_cavra_using_subcommand schema; and not __fish_seen_subcommand_from list show help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c cavra -n "__fish_cavra_using_subcommand schema; and not __fish_seen_subcommand_from list show help" -f -a "list" -d 'List the embedded schemas'
complete -c cavra -n "__fish_cavra_using_subcommand schema; and not __fish_seen_subcommand_from list show help" -f -a "show" -d 'Print one embedded schema (JSON)'
complete -c cavra -n "__fish_cavra_using_subcommand schema; and not __fish_seen_subcommand_from list show help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c cavra -n "__fish_cavra_using_subcommand schema; and __fish_seen_subcommand_from list" -l format -d 'Output format [default: table on a terminal, json otherwise]' -r -f -a "table\t'Aligned columns for people (the default on a terminal)'
text\t'Plain lines for people; the same as table where a command has no text form'
json\t'Pretty JSON, a versioned contract (the default when stdout is not a terminal)'
ndjson\t'One compact JSON value per line'
markdown\t'A Markdown table, for pull-request comments and $GITHUB_STEP_SUMMARY'"
complete -c cavra -n "__fish_cavra_using_subcommand schema; and __fish_seen_subcommand_from list" -s C -l repo -d 'Run as if cavra was started in DIR (relative paths are then relative to DIR)' -r -F
complete -c cavra -n "__fish_cavra_using_subcommand schema; and __fish_seen_subcommand_from list" -l color -d 'When to colour messages on stderr' -r -f -a "auto\t'Colour when stderr is a terminal and NO_COLOR is unset'
always\t'Always colour'
never\t'Never colour'"
complete -c cavra -n "__fish_cavra_using_subcommand schema; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Print no status messages on stderr (errors still appear)'
complete -c cavra -n "__fish_cavra_using_subcommand schema; and __fish_seen_subcommand_from list" -s v -l verbose -d 'Print more detail on stderr (store paths, timings)'
complete -c cavra -n "__fish_cavra_using_subcommand schema; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c cavra -n "__fish_cavra_using_subcommand schema; and __fish_seen_subcommand_from show" -l format -d 'Output format [default: table on a terminal, json otherwise]' -r -f -a "json\t'Pretty JSON, a versioned contract (the default when stdout is not a terminal)'"
complete -c cavra -n "__fish_cavra_using_subcommand schema; and __fish_seen_subcommand_from show" -s C -l repo -d 'Run as if cavra was started in DIR (relative paths are then relative to DIR)' -r -F
complete -c cavra -n "__fish_cavra_using_subcommand schema; and __fish_seen_subcommand_from show" -l color -d 'When to colour messages on stderr' -r -f -a "auto\t'Colour when stderr is a terminal and NO_COLOR is unset'
always\t'Always colour'
never\t'Never colour'"
complete -c cavra -n "__fish_cavra_using_subcommand schema; and __fish_seen_subcommand_from show" -s q -l quiet -d 'Print no status messages on stderr (errors still appear)'
complete -c cavra -n "__fish_cavra_using_subcommand schema; and __fish_seen_subcommand_from show" -s v -l verbose -d 'Print more detail on stderr (store paths, timings)'
complete -c cavra -n "__fish_cavra_using_subcommand schema; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c cavra -n "__fish_cavra_using_subcommand schema; and __fish_seen_subcommand_from help" -f -a "list" -d 'List the embedded schemas'
complete -c cavra -n "__fish_cavra_using_subcommand schema; and __fish_seen_subcommand_from help" -f -a "show" -d 'Print one embedded schema (JSON)'
complete -c cavra -n "__fish_cavra_using_subcommand schema; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c cavra -n "__fish_cavra_using_subcommand connector; and not __fish_seen_subcommand_from list check help" -l format -d 'Output format [default: table on a terminal, json otherwise]' -r -f -a "table\t'Aligned columns for people (the default on a terminal)'
text\t'Plain lines for people; the same as table where a command has no text form'
json\t'Pretty JSON, a versioned contract (the default when stdout is not a terminal)'
ndjson\t'One compact JSON value per line'
markdown\t'A Markdown table, for pull-request comments and $GITHUB_STEP_SUMMARY'"
complete -c cavra -n "__fish_cavra_using_subcommand connector; and not __fish_seen_subcommand_from list check help" -s C -l repo -d 'Run as if cavra was started in DIR (relative paths are then relative to DIR)' -r -F
complete -c cavra -n "__fish_cavra_using_subcommand connector; and not __fish_seen_subcommand_from list check help" -l color -d 'When to colour messages on stderr' -r -f -a "auto\t'Colour when stderr is a terminal and NO_COLOR is unset'
always\t'Always colour'
never\t'Never colour'"
complete -c cavra -n "__fish_cavra_using_subcommand connector; and not __fish_seen_subcommand_from list check help" -s q -l quiet -d 'Print no status messages on stderr (errors still appear)'
complete -c cavra -n "__fish_cavra_using_subcommand connector; and not __fish_seen_subcommand_from list check help" -s v -l verbose -d 'Print more detail on stderr (store paths, timings)'
complete -c cavra -n "__fish_cavra_using_subcommand connector; and not __fish_seen_subcommand_from list check help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c cavra -n "__fish_cavra_using_subcommand connector; and not __fish_seen_subcommand_from list check help" -f -a "list" -d 'List the configured connectors (URLs masked, references by name)'
complete -c cavra -n "__fish_cavra_using_subcommand connector; and not __fish_seen_subcommand_from list check help" -f -a "check" -d 'Check that every enabled connector\'s references resolve (nothing is sent)'
complete -c cavra -n "__fish_cavra_using_subcommand connector; and not __fish_seen_subcommand_from list check help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c cavra -n "__fish_cavra_using_subcommand connector; and __fish_seen_subcommand_from list" -l config -d 'Connector configuration [default: .cavra/connectors.json, or CAVRA_CONNECTOR_CONFIG]' -r -F
complete -c cavra -n "__fish_cavra_using_subcommand connector; and __fish_seen_subcommand_from list" -l format -d 'Output format [default: table on a terminal, json otherwise]' -r -f -a "table\t'Aligned columns for people (the default on a terminal)'
text\t'Plain lines for people; the same as table where a command has no text form'
json\t'Pretty JSON, a versioned contract (the default when stdout is not a terminal)'
ndjson\t'One compact JSON value per line'
markdown\t'A Markdown table, for pull-request comments and $GITHUB_STEP_SUMMARY'"
complete -c cavra -n "__fish_cavra_using_subcommand connector; and __fish_seen_subcommand_from list" -s C -l repo -d 'Run as if cavra was started in DIR (relative paths are then relative to DIR)' -r -F
complete -c cavra -n "__fish_cavra_using_subcommand connector; and __fish_seen_subcommand_from list" -l color -d 'When to colour messages on stderr' -r -f -a "auto\t'Colour when stderr is a terminal and NO_COLOR is unset'
always\t'Always colour'
never\t'Never colour'"
complete -c cavra -n "__fish_cavra_using_subcommand connector; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Print no status messages on stderr (errors still appear)'
complete -c cavra -n "__fish_cavra_using_subcommand connector; and __fish_seen_subcommand_from list" -s v -l verbose -d 'Print more detail on stderr (store paths, timings)'
complete -c cavra -n "__fish_cavra_using_subcommand connector; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c cavra -n "__fish_cavra_using_subcommand connector; and __fish_seen_subcommand_from check" -l config -d 'Connector configuration [default: .cavra/connectors.json, or CAVRA_CONNECTOR_CONFIG]' -r -F
complete -c cavra -n "__fish_cavra_using_subcommand connector; and __fish_seen_subcommand_from check" -l format -d 'Output format [default: table on a terminal, json otherwise]' -r -f -a "table\t'Aligned columns for people (the default on a terminal)'
text\t'Plain lines for people; the same as table where a command has no text form'
json\t'Pretty JSON, a versioned contract (the default when stdout is not a terminal)'
ndjson\t'One compact JSON value per line'
markdown\t'A Markdown table, for pull-request comments and $GITHUB_STEP_SUMMARY'"
complete -c cavra -n "__fish_cavra_using_subcommand connector; and __fish_seen_subcommand_from check" -s C -l repo -d 'Run as if cavra was started in DIR (relative paths are then relative to DIR)' -r -F
complete -c cavra -n "__fish_cavra_using_subcommand connector; and __fish_seen_subcommand_from check" -l color -d 'When to colour messages on stderr' -r -f -a "auto\t'Colour when stderr is a terminal and NO_COLOR is unset'
always\t'Always colour'
never\t'Never colour'"
complete -c cavra -n "__fish_cavra_using_subcommand connector; and __fish_seen_subcommand_from check" -s q -l quiet -d 'Print no status messages on stderr (errors still appear)'
complete -c cavra -n "__fish_cavra_using_subcommand connector; and __fish_seen_subcommand_from check" -s v -l verbose -d 'Print more detail on stderr (store paths, timings)'
complete -c cavra -n "__fish_cavra_using_subcommand connector; and __fish_seen_subcommand_from check" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c cavra -n "__fish_cavra_using_subcommand connector; and __fish_seen_subcommand_from help" -f -a "list" -d 'List the configured connectors (URLs masked, references by name)'
complete -c cavra -n "__fish_cavra_using_subcommand connector; and __fish_seen_subcommand_from help" -f -a "check" -d 'Check that every enabled connector\'s references resolve (nothing is sent)'
complete -c cavra -n "__fish_cavra_using_subcommand connector; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c cavra -n "__fish_cavra_using_subcommand evidence; and not __fish_seen_subcommand_from migrate help" -l format -d 'Output format [default: table on a terminal, json otherwise]' -r -f -a "table\t'Aligned columns for people (the default on a terminal)'
text\t'Plain lines for people; the same as table where a command has no text form'
json\t'Pretty JSON, a versioned contract (the default when stdout is not a terminal)'
ndjson\t'One compact JSON value per line'
markdown\t'A Markdown table, for pull-request comments and $GITHUB_STEP_SUMMARY'"
complete -c cavra -n "__fish_cavra_using_subcommand evidence; and not __fish_seen_subcommand_from migrate help" -s C -l repo -d 'Run as if cavra was started in DIR (relative paths are then relative to DIR)' -r -F
complete -c cavra -n "__fish_cavra_using_subcommand evidence; and not __fish_seen_subcommand_from migrate help" -l color -d 'When to colour messages on stderr' -r -f -a "auto\t'Colour when stderr is a terminal and NO_COLOR is unset'
always\t'Always colour'
never\t'Never colour'"
complete -c cavra -n "__fish_cavra_using_subcommand evidence; and not __fish_seen_subcommand_from migrate help" -s q -l quiet -d 'Print no status messages on stderr (errors still appear)'
complete -c cavra -n "__fish_cavra_using_subcommand evidence; and not __fish_seen_subcommand_from migrate help" -s v -l verbose -d 'Print more detail on stderr (store paths, timings)'
complete -c cavra -n "__fish_cavra_using_subcommand evidence; and not __fish_seen_subcommand_from migrate help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c cavra -n "__fish_cavra_using_subcommand evidence; and not __fish_seen_subcommand_from migrate help" -f -a "migrate" -d 'Create or upgrade a SQLite evidence database'
complete -c cavra -n "__fish_cavra_using_subcommand evidence; and not __fish_seen_subcommand_from migrate help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c cavra -n "__fish_cavra_using_subcommand evidence; and __fish_seen_subcommand_from migrate" -l sqlite -d 'The SQLite database file (created when absent)' -r -F
complete -c cavra -n "__fish_cavra_using_subcommand evidence; and __fish_seen_subcommand_from migrate" -l format -d 'Output format [default: table on a terminal, json otherwise]' -r -f -a "table\t'Aligned columns for people (the default on a terminal)'
text\t'Plain lines for people; the same as table where a command has no text form'
json\t'Pretty JSON, a versioned contract (the default when stdout is not a terminal)'
ndjson\t'One compact JSON value per line'
markdown\t'A Markdown table, for pull-request comments and $GITHUB_STEP_SUMMARY'"
complete -c cavra -n "__fish_cavra_using_subcommand evidence; and __fish_seen_subcommand_from migrate" -s C -l repo -d 'Run as if cavra was started in DIR (relative paths are then relative to DIR)' -r -F
complete -c cavra -n "__fish_cavra_using_subcommand evidence; and __fish_seen_subcommand_from migrate" -l color -d 'When to colour messages on stderr' -r -f -a "auto\t'Colour when stderr is a terminal and NO_COLOR is unset'
always\t'Always colour'
never\t'Never colour'"
complete -c cavra -n "__fish_cavra_using_subcommand evidence; and __fish_seen_subcommand_from migrate" -s q -l quiet -d 'Print no status messages on stderr (errors still appear)'
complete -c cavra -n "__fish_cavra_using_subcommand evidence; and __fish_seen_subcommand_from migrate" -s v -l verbose -d 'Print more detail on stderr (store paths, timings)'
complete -c cavra -n "__fish_cavra_using_subcommand evidence; and __fish_seen_subcommand_from migrate" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c cavra -n "__fish_cavra_using_subcommand evidence; and __fish_seen_subcommand_from help" -f -a "migrate" -d 'Create or upgrade a SQLite evidence database'
complete -c cavra -n "__fish_cavra_using_subcommand evidence; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c cavra -n "__fish_cavra_using_subcommand demo" -l dir -d 'Run in this directory (created when absent; must be empty) instead of a temporary one' -r -F
complete -c cavra -n "__fish_cavra_using_subcommand demo" -l format -d 'Output format [default: table on a terminal, json otherwise]' -r -f -a ""
complete -c cavra -n "__fish_cavra_using_subcommand demo" -s C -l repo -d 'Run as if cavra was started in DIR (relative paths are then relative to DIR)' -r -F
complete -c cavra -n "__fish_cavra_using_subcommand demo" -l color -d 'When to colour messages on stderr' -r -f -a "auto\t'Colour when stderr is a terminal and NO_COLOR is unset'
always\t'Always colour'
never\t'Never colour'"
complete -c cavra -n "__fish_cavra_using_subcommand demo" -l clean -d 'Remove the temporary directory afterwards'
complete -c cavra -n "__fish_cavra_using_subcommand demo" -s q -l quiet -d 'Print no status messages on stderr (errors still appear)'
complete -c cavra -n "__fish_cavra_using_subcommand demo" -s v -l verbose -d 'Print more detail on stderr (store paths, timings)'
complete -c cavra -n "__fish_cavra_using_subcommand demo" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c cavra -n "__fish_cavra_using_subcommand help; and not __fish_seen_subcommand_from init integration validate reseal diff git ops ledger schema connector evidence demo help" -f -a "init" -d 'Create .cavra/ in this repository (safe to run again)'
complete -c cavra -n "__fish_cavra_using_subcommand help; and not __fish_seen_subcommand_from init integration validate reseal diff git ops ledger schema connector evidence demo help" -f -a "integration" -d 'Manage the integration inventory (who owns which integration, and its health)'
complete -c cavra -n "__fish_cavra_using_subcommand help; and not __fish_seen_subcommand_from init integration validate reseal diff git ops ledger schema connector evidence demo help" -f -a "validate" -d 'Check every store: schemas, checksums, ledger chains, secrets'
complete -c cavra -n "__fish_cavra_using_subcommand help; and not __fish_seen_subcommand_from init integration validate reseal diff git ops ledger schema connector evidence demo help" -f -a "reseal" -d 'Accept a reviewed hand edit of a table store: re-check it and rewrite its checksum'
complete -c cavra -n "__fish_cavra_using_subcommand help; and not __fish_seen_subcommand_from init integration validate reseal diff git ops ledger schema connector evidence demo help" -f -a "diff" -d 'Show record-level changes of every store between two revisions'
complete -c cavra -n "__fish_cavra_using_subcommand help; and not __fish_seen_subcommand_from init integration validate reseal diff git ops ledger schema connector evidence demo help" -f -a "git" -d 'Set up git to merge stores record by record and validate commits'
complete -c cavra -n "__fish_cavra_using_subcommand help; and not __fish_seen_subcommand_from init integration validate reseal diff git ops ledger schema connector evidence demo help" -f -a "ops" -d 'Store operations: status, backup, restore, retention plans, repair, migrate'
complete -c cavra -n "__fish_cavra_using_subcommand help; and not __fish_seen_subcommand_from init integration validate reseal diff git ops ledger schema connector evidence demo help" -f -a "ledger" -d 'Ledgers: migrate to segments, verify git history, resolve a merge, prune'
complete -c cavra -n "__fish_cavra_using_subcommand help; and not __fish_seen_subcommand_from init integration validate reseal diff git ops ledger schema connector evidence demo help" -f -a "schema" -d 'Print the JSON Schemas cavra validates against'
complete -c cavra -n "__fish_cavra_using_subcommand help; and not __fish_seen_subcommand_from init integration validate reseal diff git ops ledger schema connector evidence demo help" -f -a "connector" -d 'Show the configured connectors and whether their references resolve'
complete -c cavra -n "__fish_cavra_using_subcommand help; and not __fish_seen_subcommand_from init integration validate reseal diff git ops ledger schema connector evidence demo help" -f -a "evidence" -d 'Manage evidence databases'
complete -c cavra -n "__fish_cavra_using_subcommand help; and not __fish_seen_subcommand_from init integration validate reseal diff git ops ledger schema connector evidence demo help" -f -a "demo" -d 'Walk through cavra\'s main job on the shipped examples'
complete -c cavra -n "__fish_cavra_using_subcommand help; and not __fish_seen_subcommand_from init integration validate reseal diff git ops ledger schema connector evidence demo help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c cavra -n "__fish_cavra_using_subcommand help; and __fish_seen_subcommand_from integration" -f -a "add" -d 'Add an integration to the inventory'
complete -c cavra -n "__fish_cavra_using_subcommand help; and __fish_seen_subcommand_from integration" -f -a "update" -d 'Change fields of an integration (only those given)'
complete -c cavra -n "__fish_cavra_using_subcommand help; and __fish_seen_subcommand_from integration" -f -a "remove" -d 'Remove an integration from the inventory'
complete -c cavra -n "__fish_cavra_using_subcommand help; and __fish_seen_subcommand_from integration" -f -a "list" -d 'List integrations, sorted by integration_id'
complete -c cavra -n "__fish_cavra_using_subcommand help; and __fish_seen_subcommand_from integration" -f -a "show" -d 'Show one integration by its integration_id'
complete -c cavra -n "__fish_cavra_using_subcommand help; and __fish_seen_subcommand_from integration" -f -a "import" -d 'Import integrations from a file (JSON array, NDJSON, one object, or a cavra store file)'
complete -c cavra -n "__fish_cavra_using_subcommand help; and __fish_seen_subcommand_from integration" -f -a "deliver" -d 'Deliver an evidence event to the configured connectors'
complete -c cavra -n "__fish_cavra_using_subcommand help; and __fish_seen_subcommand_from git" -f -a "install" -d 'Install the merge driver (.gitattributes, local config) and a pre-commit hook'
complete -c cavra -n "__fish_cavra_using_subcommand help; and __fish_seen_subcommand_from git" -f -a "merge-driver" -d 'Merge one store for git (called by git as `cavra git merge-driver %O %A %B %P`)'
complete -c cavra -n "__fish_cavra_using_subcommand help; and __fish_seen_subcommand_from ops" -f -a "stores" -d 'List every store: kind, path, who configured it, records, size, integrity'
complete -c cavra -n "__fish_cavra_using_subcommand help; and __fish_seen_subcommand_from ops" -f -a "backup" -d 'Copy every store into DIR with a checksummed manifest'
complete -c cavra -n "__fish_cavra_using_subcommand help; and __fish_seen_subcommand_from ops" -f -a "restore" -d 'Restore stores from a backup manifest or a git revision (all or nothing)'
complete -c cavra -n "__fish_cavra_using_subcommand help; and __fish_seen_subcommand_from ops" -f -a "retention-plan" -d 'Write a retention plan (JSON and Markdown): what is kept, protected, and expires when'
complete -c cavra -n "__fish_cavra_using_subcommand help; and __fish_seen_subcommand_from ops" -f -a "repair" -d 'Truncate torn ledger tails (never acknowledged); report every other problem'
complete -c cavra -n "__fish_cavra_using_subcommand help; and __fish_seen_subcommand_from ops" -f -a "migrate" -d 'Rewrite existing stores once to the current layout (table records key first)'
complete -c cavra -n "__fish_cavra_using_subcommand help; and __fish_seen_subcommand_from ledger" -f -a "migrate" -d 'Move a single-file ledger (`<name>.jsonl`) into segments (`<name>/YYYY-MM/NNNNNN.jsonl`)'
complete -c cavra -n "__fish_cavra_using_subcommand help; and __fish_seen_subcommand_from ledger" -f -a "verify" -d 'Check a ledger\'s git history: every commit extends the one before'
complete -c cavra -n "__fish_cavra_using_subcommand help; and __fish_seen_subcommand_from ledger" -f -a "resolve" -d 'Finish a `git merge` that stopped on a segmented ledger'
complete -c cavra -n "__fish_cavra_using_subcommand help; and __fish_seen_subcommand_from ledger" -f -a "prune" -d 'Remove a ledger\'s oldest sealed segments, keeping the chain verifiable'
complete -c cavra -n "__fish_cavra_using_subcommand help; and __fish_seen_subcommand_from schema" -f -a "list" -d 'List the embedded schemas'
complete -c cavra -n "__fish_cavra_using_subcommand help; and __fish_seen_subcommand_from schema" -f -a "show" -d 'Print one embedded schema (JSON)'
complete -c cavra -n "__fish_cavra_using_subcommand help; and __fish_seen_subcommand_from connector" -f -a "list" -d 'List the configured connectors (URLs masked, references by name)'
complete -c cavra -n "__fish_cavra_using_subcommand help; and __fish_seen_subcommand_from connector" -f -a "check" -d 'Check that every enabled connector\'s references resolve (nothing is sent)'
complete -c cavra -n "__fish_cavra_using_subcommand help; and __fish_seen_subcommand_from evidence" -f -a "migrate" -d 'Create or upgrade a SQLite evidence database'
