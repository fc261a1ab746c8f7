//! The credential formats the secret scanner knows, as data: one row per
//! format (id, description, keywords, pattern, entropy floor, extra check).
//! Adding a format is adding a row; `cavra secrets rules` lists them.
//!
//! A row's keywords are literal substrings every match contains: the
//! scanner looks for all keywords of all rows in one pass and runs a row's
//! pattern only when one of its keywords is present. The pattern's first
//! capture group, when it has one, is the secret itself: the part the
//! entropy floor and the check judge. The order matters: the first row
//! that matches names the finding, so a specific format comes before a
//! generic one that would also match it (`sk-ant-` before `sk-`).

/// A validation the pattern alone cannot express.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Check {
    /// The pattern is enough.
    None,
    /// The last six characters are the base62 CRC32 of the 30 before them
    /// (npm's and GitHub's token checksum).
    Crc32Base62,
    /// Base64 of `user:password` (an HTTP Basic credential).
    BasicAuth,
    /// Not an English word (`Bearer authentication`): prose about a
    /// scheme, not a credential.
    NotProse,
}

/// One credential format.
#[derive(Debug)]
pub struct Rule {
    pub id: &'static str,
    /// What a finding says: "looks like an {description}".
    pub description: &'static str,
    /// Literal substrings every match contains (case-sensitive, unless
    /// the pattern itself is case-insensitive: then give the lower case
    /// and the scanner folds ASCII case for keywords).
    pub keywords: &'static [&'static str],
    pub pattern: &'static str,
    /// The least Shannon entropy, in bits per character, of the secret
    /// (group 1, else the whole match): for formats whose shape alone is
    /// generic, so a placeholder (`xxxx…`) is not a finding.
    pub entropy: Option<f32>,
    pub check: Check,
}

impl Rule {
    /// Whether the rule is case-insensitive (its pattern opens with
    /// `(?i:`): it takes its keywords in any case; any other rule, only as
    /// written.
    pub fn folds_case(&self) -> bool {
        self.pattern.starts_with("(?i:")
    }
}

/// A row whose pattern is enough.
const fn rule(
    id: &'static str,
    description: &'static str,
    keywords: &'static [&'static str],
    pattern: &'static str,
) -> Rule {
    Rule {
        id,
        description,
        keywords,
        pattern,
        entropy: None,
        check: Check::None,
    }
}

/// A row of a generic shape: the secret must be at least `entropy` bits a character.
const fn generic(
    id: &'static str,
    description: &'static str,
    keywords: &'static [&'static str],
    pattern: &'static str,
    entropy: f32,
) -> Rule {
    Rule {
        entropy: Some(entropy),
        ..rule(id, description, keywords, pattern)
    }
}

/// A row whose matches must also pass `check`.
const fn checked(
    id: &'static str,
    description: &'static str,
    keywords: &'static [&'static str],
    pattern: &'static str,
    check: Check,
) -> Rule {
    Rule {
        check,
        ..rule(id, description, keywords, pattern)
    }
}

/// The separator a context rule allows between a name and its value:
/// `KEY=`, `"key": "`, `key: `.
macro_rules! assign {
    () => {
        r#"["']?\s*(?:=|:|:=|=>)\s*["']?"#
    };
}

/// Every rule, most specific first.
pub const RULES: &[Rule] = &[
    // AI providers.
    rule(
        "anthropic-api-key",
        "Anthropic API key",
        &["sk-ant-api"],
        r"\bsk-ant-api\d\d-[A-Za-z0-9_-]{20,}",
    ),
    rule(
        "anthropic-admin-key",
        "Anthropic admin key",
        &["sk-ant-admin"],
        r"\bsk-ant-admin\d\d-[A-Za-z0-9_-]{20,}",
    ),
    rule(
        "openai-project-key",
        "OpenAI project API key",
        &["sk-proj-"],
        r"\bsk-proj-[A-Za-z0-9_-]{40,}",
    ),
    rule(
        "openai-service-account-key",
        "OpenAI service-account key",
        &["sk-svcacct-"],
        r"\bsk-svcacct-[A-Za-z0-9_-]{40,}",
    ),
    rule(
        "openai-admin-key",
        "OpenAI admin key",
        &["sk-admin-"],
        r"\bsk-admin-[A-Za-z0-9_-]{40,}",
    ),
    rule(
        "openrouter-api-key",
        "OpenRouter API key",
        &["sk-or-v1-"],
        r"\bsk-or-v1-[a-f0-9]{64}",
    ),
    rule(
        "openai-legacy-key",
        "OpenAI API key",
        &["T3BlbkFJ"],
        r"\bsk-[A-Za-z0-9]{20}T3BlbkFJ[A-Za-z0-9]{20}",
    ),
    generic(
        "openai-style-key",
        "OpenAI-style secret key (sk-…)",
        &["sk-"],
        r"\b(sk-[A-Za-z0-9]{32,})\b",
        3.5,
    ),
    rule(
        "google-api-key",
        "Google API key",
        &["AIza"],
        r"\bAIza[0-9A-Za-z_-]{35}",
    ),
    rule(
        "google-oauth-client-secret",
        "Google OAuth client secret",
        &["GOCSPX-"],
        r"\bGOCSPX-[A-Za-z0-9_-]{28}",
    ),
    rule(
        "google-oauth-access-token",
        "Google OAuth access token",
        &["ya29."],
        r"\bya29\.[0-9A-Za-z_-]{20,}",
    ),
    rule(
        "google-oauth-refresh-token",
        "Google OAuth refresh token",
        &["1//0"],
        r"\b1//0[0-9A-Za-z_-]{30,}",
    ),
    rule(
        "huggingface-token",
        "Hugging Face access token",
        &["hf_"],
        r"\bhf_[A-Za-z0-9]{30,}",
    ),
    rule(
        "huggingface-org-token",
        "Hugging Face organization token",
        &["api_org_"],
        r"\bapi_org_[A-Za-z0-9]{30,}",
    ),
    rule(
        "replicate-api-token",
        "Replicate API token",
        &["r8_"],
        r"\br8_[A-Za-z0-9]{37}\b",
    ),
    rule("groq-api-key", "Groq API key", &["gsk_"], r"\bgsk_[A-Za-z0-9]{52}\b"),
    rule("xai-api-key", "xAI API key", &["xai-"], r"\bxai-[A-Za-z0-9]{80}\b"),
    rule(
        "perplexity-api-key",
        "Perplexity API key",
        &["pplx-"],
        r"\bpplx-[A-Za-z0-9]{48}\b",
    ),
    rule(
        "langsmith-api-key",
        "LangSmith API key",
        &["lsv2_"],
        r"\blsv2_(?:pt|sk)_[a-f0-9]{32}_[a-f0-9]{10}\b",
    ),
    // Source hosts and package registries.
    rule("github-pat", "GitHub token", &["ghp_"], r"\bghp_[A-Za-z0-9_]{8,}"),
    rule(
        "github-oauth-token",
        "GitHub token",
        &["gho_"],
        r"\bgho_[A-Za-z0-9_]{8,}",
    ),
    rule(
        "github-user-to-server-token",
        "GitHub token",
        &["ghu_"],
        r"\bghu_[A-Za-z0-9_]{8,}",
    ),
    rule(
        "github-server-to-server-token",
        "GitHub token",
        &["ghs_"],
        r"\bghs_[A-Za-z0-9_]{8,}",
    ),
    rule(
        "github-refresh-token",
        "GitHub token",
        &["ghr_"],
        r"\bghr_[A-Za-z0-9_]{8,}",
    ),
    rule(
        "github-fine-grained-pat",
        "GitHub token",
        &["github_pat_"],
        r"\bgithub_pat_[A-Za-z0-9_]{22,}",
    ),
    rule(
        "gitlab-pat",
        "GitLab token",
        &["glpat-"],
        r"\bglpat-[A-Za-z0-9_.-]{20,}",
    ),
    rule(
        "gitlab-deploy-token",
        "GitLab deploy token",
        &["gldt-"],
        r"\bgldt-[A-Za-z0-9_-]{20,}",
    ),
    rule(
        "gitlab-runner-token",
        "GitLab runner token",
        &["glrt-"],
        r"\bglrt-[A-Za-z0-9_.-]{20,}",
    ),
    rule(
        "gitlab-pipeline-trigger-token",
        "GitLab pipeline trigger token",
        &["glptt-"],
        r"\bglptt-[A-Za-z0-9_-]{20,}",
    ),
    rule(
        "gitlab-runner-registration-token",
        "GitLab runner registration token",
        &["GR1348941"],
        r"\bGR1348941[A-Za-z0-9_-]{20,}",
    ),
    checked(
        "npm-token",
        "npm access token",
        &["npm_"],
        r"\b(npm_[A-Za-z0-9]{36})\b",
        Check::Crc32Base62,
    ),
    rule(
        "pypi-token",
        "PyPI upload token",
        &["pypi-AgE"],
        r"\bpypi-AgE(?:IcHlwaS5vcmc|NdGVzdC5weXBpLm9yZw)[A-Za-z0-9_-]{50,}",
    ),
    generic(
        "crates-io-token",
        "crates.io API token",
        &["cio"],
        r"\b(cio[A-Za-z0-9]{32})\b",
        3.5,
    ),
    rule(
        "rubygems-api-key",
        "RubyGems API key",
        &["rubygems_"],
        r"\brubygems_[a-f0-9]{48}\b",
    ),
    rule(
        "dockerhub-token",
        "Docker Hub access token",
        &["dckr_pat_", "dckr_oat_"],
        r"\bdckr_(?:pat|oat)_[A-Za-z0-9_-]{24,}",
    ),
    // Clouds.
    rule(
        "aws-access-key-id",
        "AWS access key",
        &["AKIA", "ASIA", "ABIA", "ACCA"],
        r"\b(?:AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16}",
    ),
    generic(
        "aws-secret-access-key",
        "AWS secret access key",
        &["aws"],
        concat!(
            r#"(?i:aws)[A-Za-z0-9_. -]{0,20}(?i:secret|sk)[A-Za-z0-9_. -]{0,20}"#,
            assign!(),
            r"([A-Za-z0-9/+]{40})(?:[^A-Za-z0-9/+=]|$)"
        ),
        3.5,
    ),
    rule(
        "gcp-service-account-key",
        "Google Cloud service-account key",
        &["private_key_id"],
        r#""private_key_id"\s*:\s*"[a-f0-9]{40}""#,
    ),
    rule(
        "azure-storage-connection-string",
        "Azure storage connection string with its account key",
        &["AccountKey="],
        r"AccountKey=[A-Za-z0-9+/]{40,}={0,2}",
    ),
    rule(
        "azure-shared-access-key",
        "Azure connection string with a shared access key",
        &["SharedAccessKey="],
        r"SharedAccessKey=[A-Za-z0-9+/]{30,}={0,2}",
    ),
    rule(
        "azure-client-secret",
        "Azure AD client secret",
        &["Q~"],
        r"(?:^|[^A-Za-z0-9_~.-])[A-Za-z0-9_~.]{3}\dQ~[A-Za-z0-9_~.-]{31,34}(?:$|[^A-Za-z0-9_~.-])",
    ),
    rule(
        "digitalocean-token",
        "DigitalOcean token",
        &["dop_v1_", "doo_v1_", "dor_v1_"],
        r"\bdo[opr]_v1_[a-f0-9]{64}\b",
    ),
    rule(
        "heroku-api-key",
        "Heroku API key",
        &["HRKU-"],
        r"\bHRKU-[A-Za-z0-9_-]{40,}",
    ),
    generic(
        "heroku-api-key-legacy",
        "Heroku API key",
        &["heroku"],
        concat!(
            r"(?i:heroku)[A-Za-z0-9_. -]{0,20}(?i:key|token|secret)[A-Za-z0-9_ -]{0,10}",
            assign!(),
            r"([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})"
        ),
        3.0,
    ),
    rule(
        "flyio-token",
        "Fly.io access token",
        &["FlyV1 fm", "fo1_"],
        r"(?:FlyV1 fm\d[a-z]?_[A-Za-z0-9+/=_-]{40,}|\bfo1_[A-Za-z0-9_-]{40,})",
    ),
    rule(
        "cloudflare-origin-ca-key",
        "Cloudflare Origin CA key",
        &["v1.0-"],
        r"\bv1\.0-[a-f0-9]{24}-[a-f0-9]{146}\b",
    ),
    generic(
        "cloudflare-api-token",
        "Cloudflare API token",
        &["cloudflare", "cf_api"],
        concat!(
            r"(?i:cloudflare|cf_api)[A-Za-z0-9_. -]{0,20}(?i:key|token|secret)[A-Za-z0-9_ -]{0,10}",
            assign!(),
            r"([A-Za-z0-9_-]{37,40})(?:[^A-Za-z0-9_-]|$)"
        ),
        3.5,
    ),
    rule(
        "alibaba-access-key-id",
        "Alibaba Cloud access key",
        &["LTAI"],
        r"\bLTAI[A-Za-z0-9]{20}\b",
    ),
    // Chat and webhooks.
    rule(
        "slack-config-token",
        "Slack configuration token",
        &["xoxe"],
        r"\bxoxe(?:\.xox[bp])?-\d-[A-Za-z0-9]{40,}",
    ),
    rule(
        "slack-bot-token",
        "Slack bot token",
        &["xoxb-"],
        r"\bxoxb-[A-Za-z0-9-]{8,}",
    ),
    rule(
        "slack-user-token",
        "Slack user token",
        &["xoxp-"],
        r"\bxoxp-[A-Za-z0-9-]{8,}",
    ),
    rule(
        "slack-app-token",
        "Slack app token",
        &["xoxa-", "xapp-"],
        r"\bx(?:oxa|app)-[A-Za-z0-9-]{8,}",
    ),
    rule(
        "slack-legacy-token",
        "Slack token",
        &["xoxr-", "xoxs-", "xoxo-"],
        r"\bxox[rso]-[A-Za-z0-9-]{8,}",
    ),
    rule(
        "slack-webhook-url",
        "Slack webhook URL",
        &["hooks.slack.com/"],
        r"hooks\.slack\.com/(?:services|workflows|triggers)/[A-Za-z0-9+/_-]{8,}",
    ),
    rule(
        "discord-webhook-url",
        "Discord webhook URL",
        &["/api/webhooks/"],
        r"discord(?:app)?\.com/api/webhooks/\d+/[A-Za-z0-9_-]{20,}",
    ),
    rule(
        "teams-webhook-url",
        "Microsoft Teams webhook URL",
        &["webhook.office.com/"],
        r"\.webhook\.office\.com/webhookb2/[A-Za-z0-9@-]{20,}/IncomingWebhook/[A-Za-z0-9]{16,}/[A-Za-z0-9-]{20,}",
    ),
    rule(
        "telegram-bot-token",
        "Telegram bot token",
        &[":AA"],
        r"\b\d{8,10}:AA[A-Za-z0-9_-]{33}",
    ),
    // Payments and SaaS.
    rule(
        "stripe-secret-key",
        "Stripe key",
        &["sk_live_", "sk_test_", "rk_live_", "rk_test_"],
        r"\b[sr]k_(?:live|test)_[A-Za-z0-9]{8,}",
    ),
    rule(
        "webhook-signing-secret",
        "webhook signing secret",
        &["whsec_"],
        r"\bwhsec_[A-Za-z0-9+/=_-]{8,}",
    ),
    generic(
        "twilio-api-key",
        "Twilio API key",
        &["SK"],
        r"\b(SK[0-9a-fA-F]{32})\b",
        3.0,
    ),
    rule(
        "sendgrid-api-key",
        "SendGrid API key",
        &["SG."],
        r"\bSG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}",
    ),
    generic(
        "mailgun-api-key",
        "Mailgun API key",
        &["key-"],
        r"\b(key-[0-9a-f]{32})\b",
        3.0,
    ),
    generic(
        "mailchimp-api-key",
        "Mailchimp API key",
        &["-us"],
        r"\b([0-9a-f]{32})-us\d{1,2}\b",
        3.0,
    ),
    rule(
        "shopify-token",
        "Shopify access token",
        &["shpat_", "shpca_", "shppa_", "shpss_"],
        r"\bshp(?:at|ca|pa|ss)_[a-fA-F0-9]{32}\b",
    ),
    rule(
        "square-access-token",
        "Square access token",
        &["EAAA", "sq0atp-"],
        r"\b(?:EAAA[A-Za-z0-9_-]{60}|sq0atp-[A-Za-z0-9_-]{22})",
    ),
    rule(
        "square-oauth-secret",
        "Square OAuth secret",
        &["sq0csp-"],
        r"\bsq0csp-[A-Za-z0-9_-]{43}",
    ),
    rule(
        "atlassian-api-token",
        "Atlassian API token",
        &["ATATT3", "ATCTT3"],
        r"\bAT[AC]TT3[A-Za-z0-9_=-]{50,}",
    ),
    rule(
        "linear-api-key",
        "Linear API key",
        &["lin_api_", "lin_oauth_"],
        r"\blin_(?:api_[A-Za-z0-9]{40}|oauth_[a-f0-9]{64})\b",
    ),
    rule(
        "notion-token",
        "Notion integration token",
        &["ntn_"],
        r"\bntn_\d{11}[A-Za-z0-9]{32,}",
    ),
    generic(
        "notion-token-legacy",
        "Notion integration token",
        &["secret_"],
        r"\b(secret_[A-Za-z0-9]{43})\b",
        3.5,
    ),
    rule(
        "postman-api-key",
        "Postman API key",
        &["PMAK-"],
        r"\bPMAK-[a-f0-9]{24}-[a-f0-9]{34}\b",
    ),
    rule(
        "databricks-token",
        "Databricks access token",
        &["dapi"],
        r"\bdapi[a-f0-9]{32}(?:-\d)?\b",
    ),
    rule(
        "grafana-cloud-token",
        "Grafana Cloud token",
        &["glc_"],
        r"\bglc_[A-Za-z0-9+/]{32,}={0,2}",
    ),
    rule(
        "grafana-service-account-token",
        "Grafana service-account token",
        &["glsa_"],
        r"\bglsa_[A-Za-z0-9]{32}_[A-Fa-f0-9]{8}\b",
    ),
    rule(
        "grafana-api-key",
        "Grafana API key",
        &["eyJrIjoi"],
        r"\beyJrIjoi[A-Za-z0-9+/=]{50,}",
    ),
    rule(
        "sentry-org-token",
        "Sentry organization token",
        &["sntrys_"],
        r"\bsntrys_eyJ[A-Za-z0-9+/=_-]{50,}",
    ),
    rule(
        "sentry-user-token",
        "Sentry user token",
        &["sntryu_"],
        r"\bsntryu_[a-f0-9]{64}\b",
    ),
    generic(
        "datadog-api-key",
        "Datadog API or application key",
        &["datadog", "dd_api", "dd_app"],
        concat!(
            r"(?i:datadog|dd)[A-Za-z0-9_. -]{0,20}(?i:api|app|application)[_ -]?(?i:key)",
            assign!(),
            r"([a-f0-9]{32}|[a-f0-9]{40})(?:[^A-Za-z0-9]|$)"
        ),
        3.0,
    ),
    generic(
        "pagerduty-api-key",
        "PagerDuty API key",
        &["pagerduty"],
        concat!(
            r"(?i:pagerduty)[A-Za-z0-9_. -]{0,20}(?i:key|token)",
            assign!(),
            r"([A-Za-z0-9_+-]{20,32})(?:[^A-Za-z0-9_+-]|$)"
        ),
        3.5,
    ),
    rule(
        "new-relic-api-key",
        "New Relic API key",
        &["NRAK-"],
        r"\bNRAK-[A-Z0-9]{27}\b",
    ),
    rule(
        "supabase-token",
        "Supabase access token",
        &["sbp_"],
        r"\bsbp_[a-f0-9]{40}\b",
    ),
    rule(
        "planetscale-token",
        "PlanetScale token",
        &["pscale_"],
        r"\bpscale_(?:tkn|pw|oauth)_[A-Za-z0-9_.-]{32,64}",
    ),
    rule(
        "figma-token",
        "Figma access token",
        &["figd_"],
        r"\bfigd_[A-Za-z0-9_-]{40,}",
    ),
    rule(
        "mapbox-secret-token",
        "Mapbox secret token",
        &["sk.eyJ"],
        r"\bsk\.eyJ[A-Za-z0-9_-]{20,}\.[A-Za-z0-9_-]{20,}",
    ),
    rule(
        "sonarqube-token",
        "SonarQube token",
        &["sqp_", "squ_", "sqa_"],
        r"\bsq[pua]_[a-f0-9]{40}\b",
    ),
    rule(
        "contentful-token",
        "Contentful token",
        &["CFPAT-"],
        r"\bCFPAT-[A-Za-z0-9_-]{43}",
    ),
    // Infrastructure.
    rule(
        "vault-token",
        "HashiCorp Vault token",
        &["hvs.", "hvb.", "hvr."],
        r"\bhv[sbr]\.[A-Za-z0-9_-]{24,}",
    ),
    rule(
        "terraform-cloud-token",
        "Terraform Cloud token",
        &[".atlasv1."],
        r"\b[A-Za-z0-9]{14}\.atlasv1\.[A-Za-z0-9_=-]{60,}",
    ),
    rule(
        "doppler-token",
        "Doppler token",
        &["dp."],
        r"\bdp\.(?:pt|st|sa|ct|scim|audit)\.[A-Za-z0-9]{40,44}\b",
    ),
    rule(
        "pulumi-token",
        "Pulumi access token",
        &["pul-"],
        r"\bpul-[a-f0-9]{40}\b",
    ),
    // Keys and tokens of any issuer.
    rule(
        "private-key",
        "private key",
        &["-----BEGIN"],
        r"-----BEGIN[ A-Z0-9]{0,32}PRIVATE KEY(?: BLOCK)?-----",
    ),
    rule(
        "putty-private-key",
        "private key",
        &["PuTTY-User-Key-File-"],
        r"PuTTY-User-Key-File-\d+: ",
    ),
    rule(
        "age-secret-key",
        "age secret key",
        &["AGE-SECRET-KEY-1"],
        r"AGE-SECRET-KEY-1[QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L]{58}",
    ),
    rule(
        "jwt",
        "JSON Web Token",
        // Its second part opens `.eyJ`: a base64 payload (which opens
        // `eyJ` too, and has no dot) is passed over without the pattern.
        &[".eyJ"],
        r"\beyJ[A-Za-z0-9_-]{5,}\.eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{8,}",
    ),
    rule(
        "url-password",
        "password in a URL",
        &["://"],
        r"[A-Za-z][A-Za-z0-9+.-]*://[^/?#@\s:]*:[^/?#@\s]+@",
    ),
    rule(
        "url-query-credential",
        "credential in a URL query",
        &["://"],
        r"://[^\s?#]*\?(?:[^#\s]*&)?(?i:sig|token|api_key|apikey|access_token|client_secret|password|code)=[^&#\s]",
    ),
    checked(
        "bearer-token",
        "bearer token",
        &["Bearer"],
        r"\bBearer\s+([A-Za-z0-9._~+/-]{8,}=*)",
        Check::NotProse,
    ),
    checked(
        "basic-credentials",
        "basic credentials",
        &["Basic"],
        r"\bBasic\s+([A-Za-z0-9+/]{8,}={0,2})",
        Check::BasicAuth,
    ),
    rule(
        "splunk-hec-token",
        "Splunk HEC token",
        &["Splunk"],
        r"\bSplunk\s+[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}\b",
    ),
];
