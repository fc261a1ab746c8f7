//! The secret scanner against a corpus (issue 26): one or more fake
//! credentials per rule, each detected as its rule, a near-miss per rule
//! that is not, benign token-like strings (cavra's own values among them)
//! with no finding; then the places values are checked, through the binary:
//! `validate`, store writes, connector config, argument errors, length errors.
//!
//! Every fake is built here from pieces (a prefix plus a generated body, a
//! checksum computed in the test), so no string in the repository is itself
//! a credential-shaped literal another scanner would flag.

use crate::common;

use cavra::secrets::rules::RULES;
use cavra::secrets::{detect, detect_rule};
use common::{Env, record, table_file};

/// A deterministic generator of bodies (xorshift64*).
struct Gen(u64);

impl Gen {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn from(&mut self, alphabet: &str, n: usize) -> String {
        let a = alphabet.as_bytes();
        (0..n)
            .map(|_| a[(self.next() % a.len() as u64) as usize] as char)
            .collect()
    }
    fn alnum(&mut self, n: usize) -> String {
        self.from("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz", n)
    }
    fn alpha(&mut self, n: usize) -> String {
        self.from("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz", n)
    }
    fn hex(&mut self, n: usize) -> String {
        self.from("0123456789abcdef", n)
    }
    fn upper(&mut self, n: usize) -> String {
        self.from("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", n)
    }
    fn digits(&mut self, n: usize) -> String {
        // No leading zero, as ids are written.
        format!("{}{}", self.from("123456789", 1), self.from("0123456789", n - 1))
    }
    fn b64url(&mut self, n: usize) -> String {
        self.from("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_", n)
    }
    fn b64(&mut self, n: usize) -> String {
        self.from("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz+/", n)
    }
    fn uuid(&mut self) -> String {
        format!(
            "{}-{}-{}-{}-{}",
            self.hex(8),
            self.hex(4),
            self.hex(4),
            self.hex(4),
            self.hex(12)
        )
    }
    /// A GitHub/npm-style token: prefix, 30 characters, their base62 CRC32.
    fn checksummed(&mut self, prefix: &str) -> String {
        let body = self.alnum(30);
        format!("{prefix}{body}{}", base62_crc32(&body))
    }
}

/// CRC-32 (zlib's) in base62, six characters: computed here, not by cavra.
fn base62_crc32(text: &str) -> String {
    let mut crc = !0u32;
    for &b in text.as_bytes() {
        crc ^= b as u32;
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    let mut n = !crc;
    let digits = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    let mut out = vec![b'0'; 6];
    for slot in out.iter_mut().rev() {
        *slot = digits[(n % 62) as usize];
        n /= 62;
    }
    String::from_utf8(out).unwrap()
}

fn b64_std(text: &str) -> String {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD.encode(text)
}

/// (rule id, fakes it must name, near-misses that must not be findings).
type Row = (&'static str, Vec<String>, Vec<String>);

/// A row whose fake and near-miss differ in length only: `prefix` and a
/// `body` of `long` characters, then of `short` (generated in that order).
fn by_length(
    g: &mut Gen,
    id: &'static str,
    prefix: &str,
    body: fn(&mut Gen, usize) -> String,
    long: usize,
    short: usize,
) -> Row {
    let fake = format!("{prefix}{}", body(g, long));
    (id, vec![fake], vec![format!("{prefix}{}", body(g, short))])
}

/// Every rule's [`Row`].
fn corpus() -> Vec<Row> {
    let g = &mut Gen(0x9E37_79B9_7F4A_7C15);
    let sk = "sk-";
    let mut c: Vec<Row> = vec![
        (
            "anthropic-api-key",
            vec![format!("{sk}ant-api03-{}AA", g.b64url(93))],
            vec![format!("{sk}ant-api03-short")],
        ),
        (
            "anthropic-admin-key",
            vec![format!("{sk}ant-admin01-{}AA", g.b64url(93))],
            vec![format!("{sk}ant-admin01-abc")],
        ),
        (
            "openai-project-key",
            vec![format!(
                "{sk}proj-{}{}{}",
                g.b64url(74),
                "T3Blbk".to_owned() + "FJ",
                g.b64url(74)
            )],
            vec![format!("{sk}proj-{}", g.alnum(10))],
        ),
        (
            "openai-service-account-key",
            vec![format!("{sk}svcacct-{}", g.b64url(120))],
            vec![format!("{sk}svcacct-{}", g.alnum(12))],
        ),
        (
            "openai-admin-key",
            vec![format!("{sk}admin-{}", g.b64url(60))],
            vec![format!("{sk}admin-panel-settings")],
        ),
        (
            "openrouter-api-key",
            vec![format!("{sk}or-v1-{}", g.hex(64))],
            vec![format!("{sk}or-v1-{}", g.hex(20))],
        ),
        (
            "openai-legacy-key",
            vec![format!(
                "{sk}{}{}{}",
                g.alnum(20),
                "T3Blbk".to_owned() + "FJ",
                g.alnum(20)
            )],
            vec![format!(
                "{sk}{}{}{}",
                g.alnum(8),
                "T3Blbk".to_owned() + "FJ",
                g.alnum(8)
            )],
        ),
        (
            "openai-style-key",
            vec![format!("{sk}{}", g.alnum(48)), format!("{sk}{}", g.hex(32))],
            vec![format!("{sk}{}", "a".repeat(48))],
        ),
        by_length(g, "google-api-key", "AIza", Gen::b64url, 35, 20),
        by_length(g, "google-oauth-client-secret", "GOCSPX-", Gen::b64url, 28, 10),
        (
            "google-oauth-access-token",
            vec![format!("ya29.{}", g.b64url(120))],
            vec!["ya29.short".into()],
        ),
        by_length(g, "google-oauth-refresh-token", "1//0", Gen::b64url, 100, 10),
        by_length(g, "huggingface-token", "hf_", Gen::alpha, 34, 10),
        (
            "huggingface-org-token",
            vec![format!("api_org_{}", g.alpha(34))],
            vec!["api_org_name_of_team".into()],
        ),
        by_length(g, "replicate-api-token", "r8_", Gen::alnum, 37, 20),
        by_length(g, "groq-api-key", "gsk_", Gen::alnum, 52, 30),
        by_length(g, "xai-api-key", "xai-", Gen::alnum, 80, 40),
        by_length(g, "perplexity-api-key", "pplx-", Gen::alnum, 48, 20),
        (
            "langsmith-api-key",
            vec![format!("lsv2_pt_{}_{}", g.hex(32), g.hex(10))],
            vec![format!("lsv2_pt_{}", g.hex(32))],
        ),
        (
            "github-pat",
            vec![g.checksummed("ghp_"), format!("ghp_{}", g.alnum(36))],
            vec!["ghp_abc".into()],
        ),
        (
            "github-oauth-token",
            vec![g.checksummed("gho_")],
            vec!["gho_abc".into()],
        ),
        (
            "github-user-to-server-token",
            vec![g.checksummed("ghu_")],
            vec!["ghu_abc".into()],
        ),
        (
            "github-server-to-server-token",
            vec![g.checksummed("ghs_")],
            vec!["ghs_abc".into()],
        ),
        (
            "github-refresh-token",
            vec![g.checksummed("ghr_")],
            vec!["ghr_abc".into()],
        ),
        (
            "github-fine-grained-pat",
            vec![format!("github_pat_11{}_{}", g.alnum(20), g.alnum(59))],
            vec!["github_pat_short".into()],
        ),
        by_length(g, "gitlab-pat", "glpat-", Gen::b64url, 20, 8),
        by_length(g, "gitlab-deploy-token", "gldt-", Gen::b64url, 20, 8),
        by_length(g, "gitlab-runner-token", "glrt-", Gen::b64url, 20, 8),
        by_length(g, "gitlab-pipeline-trigger-token", "glptt-", Gen::hex, 40, 8),
        (
            "gitlab-runner-registration-token",
            vec![format!("GR1348941{}", g.b64url(20))],
            vec!["GR1348941abc".into()],
        ),
        (
            "npm-token",
            vec![g.checksummed("npm_")],
            vec![format!("npm_{}000000", g.alnum(30)), "npm_config_registry".into()],
        ),
        (
            "pypi-token",
            vec![
                format!("pypi-AgE{}{}", "IcHlwaS5vcmc", g.b64url(70)),
                format!("pypi-AgE{}{}", "NdGVzdC5weXBpLm9yZw", g.b64url(70)),
            ],
            vec![format!("pypi-AgE{}{}", "IcHlwaS5vcmc", g.b64url(10))],
        ),
        (
            "crates-io-token",
            vec![format!("cio{}", g.alnum(32))],
            vec![format!("cio{}", "a".repeat(32))],
        ),
        by_length(g, "rubygems-api-key", "rubygems_", Gen::hex, 48, 20),
        by_length(g, "dockerhub-token", "dckr_pat_", Gen::b64url, 27, 10),
        (
            "aws-access-key-id",
            vec![format!("AKIA{}", g.upper(16)), format!("ASIA{}", g.upper(16))],
            vec![format!("AKIA{}", g.alpha(16).to_lowercase())],
        ),
        (
            "aws-secret-access-key",
            vec![
                format!("aws_secret_access_key = {}", g.b64(40)),
                format!("AWS_SECRET_ACCESS_KEY=\"{}\"", g.b64(40)),
            ],
            vec![
                format!("aws_secret_access_key = {}", "x".repeat(40)),
                "aws_secret_access_key_env".into(),
            ],
        ),
        (
            "gcp-service-account-key",
            vec![format!(
                r#"{{"type": "service_account", "private_key_id": "{}"}}"#,
                g.hex(40)
            )],
            vec![format!(
                r#"{{"type": "service_account", "private_key_id": "{}"}}"#,
                g.hex(20)
            )],
        ),
        (
            "azure-storage-connection-string",
            vec![format!(
                "DefaultEndpointsProtocol=https;AccountName=acct;AccountKey={}==;EndpointSuffix=core.windows.net",
                g.b64(86)
            )],
            vec!["DefaultEndpointsProtocol=https;AccountName=acct;EndpointSuffix=core.windows.net".into()],
        ),
        (
            "azure-shared-access-key",
            vec![format!(
                "Endpoint=sb://ns.servicebus.windows.net/;SharedAccessKeyName=Root;SharedAccessKey={}=",
                g.b64(43)
            )],
            vec!["Endpoint=sb://ns.servicebus.windows.net/;SharedAccessKeyName=Root".into()],
        ),
        (
            "azure-client-secret",
            vec![format!("{}{}Q~{}", g.alnum(3), g.digits(1), g.b64url(34))],
            vec![format!("{}{}Q~{}", g.alnum(3), g.digits(1), g.alnum(10))],
        ),
        (
            "digitalocean-token",
            vec![format!("dop_v1_{}", g.hex(64)), format!("doo_v1_{}", g.hex(64))],
            vec![format!("dop_v1_{}", g.hex(30))],
        ),
        (
            "heroku-api-key",
            vec![format!("HRKU-AA{}", g.b64url(58))],
            vec![format!("HRKU-{}", g.alnum(10))],
        ),
        (
            "heroku-api-key-legacy",
            vec![format!("HEROKU_API_KEY={}", g.uuid())],
            vec![format!("HEROKU_APP_ID={}", g.uuid())],
        ),
        (
            "flyio-token",
            vec![format!("FlyV1 fm2_{}", g.b64(120)), format!("fo1_{}", g.b64url(43))],
            vec![format!("FlyV1 fm2_{}", g.b64(10))],
        ),
        (
            "cloudflare-origin-ca-key",
            vec![format!("v1.0-{}-{}", g.hex(24), g.hex(146))],
            vec![format!("v1.0-{}", g.hex(24))],
        ),
        (
            "cloudflare-api-token",
            vec![format!("CLOUDFLARE_API_TOKEN={}", g.b64url(40))],
            vec![format!("CLOUDFLARE_API_TOKEN={}", "x".repeat(40))],
        ),
        by_length(g, "alibaba-access-key-id", "LTAI", Gen::alnum, 20, 10),
        (
            "slack-bot-token",
            vec![format!("xoxb-{}-{}-{}", g.digits(12), g.digits(13), g.alnum(24))],
            vec!["xoxb-123".into()],
        ),
        (
            "slack-user-token",
            vec![format!(
                "xoxp-{}-{}-{}-{}",
                g.digits(12),
                g.digits(12),
                g.digits(13),
                g.hex(32)
            )],
            vec!["xoxp-12".into()],
        ),
        (
            "slack-app-token",
            vec![format!("xapp-1-A{}-{}-{}", g.upper(10), g.digits(13), g.hex(64))],
            vec!["xapp-1-A".into()],
        ),
        (
            "slack-legacy-token",
            vec![format!("xoxr-{}", g.alnum(40))],
            vec!["xoxr-12".into()],
        ),
        (
            "slack-config-token",
            vec![format!("xoxe.xoxp-1-{}", g.alnum(150))],
            vec![format!("xoxe-1-{}", g.alnum(10))],
        ),
        (
            "slack-webhook-url",
            vec![format!(
                "https://hooks.slack.com/services/T{}/B{}/{}",
                g.upper(10),
                g.upper(10),
                g.alnum(24)
            )],
            vec!["https://hooks.slack.com/help".into()],
        ),
        (
            "discord-webhook-url",
            vec![format!(
                "https://discord.com/api/webhooks/{}/{}",
                g.digits(18),
                g.b64url(68)
            )],
            vec![format!("https://discord.com/api/webhooks/{}", g.digits(18))],
        ),
        (
            "teams-webhook-url",
            vec![format!(
                "https://contoso.webhook.office.com/webhookb2/{}@{}/IncomingWebhook/{}/{}",
                g.uuid(),
                g.uuid(),
                g.hex(32),
                g.uuid()
            )],
            vec!["https://contoso.webhook.office.com/webhookb2/".into()],
        ),
        (
            "telegram-bot-token",
            vec![format!("{}:AA{}", g.digits(10), g.b64url(33))],
            vec![format!("{}:AA{}", g.digits(10), g.b64url(10))],
        ),
        (
            "stripe-secret-key",
            vec![
                format!("sk_{}_{}", "live", g.alnum(24)),
                format!("rk_{}_{}", "live", g.alnum(24)),
            ],
            vec![format!("pk_{}_{}", "live", g.alnum(24))],
        ),
        (
            "webhook-signing-secret",
            vec![format!("whsec_{}", b64_std(&g.alnum(24)))],
            vec!["whsec_abc".into()],
        ),
        (
            "twilio-api-key",
            vec![format!("SK{}", g.hex(32))],
            vec![format!("SK{}", "0".repeat(32))],
        ),
        (
            "sendgrid-api-key",
            vec![format!("SG.{}.{}", g.b64url(22), g.b64url(43))],
            vec![format!("SG.{}", g.b64url(22))],
        ),
        (
            "mailgun-api-key",
            vec![format!("key-{}", g.hex(32))],
            vec![format!("key-{}", "0".repeat(32)), "key-value-store".into()],
        ),
        (
            "mailchimp-api-key",
            vec![format!("{}-us{}", g.hex(32), g.digits(2))],
            vec![format!("{}-used", g.hex(32))],
        ),
        (
            "shopify-token",
            vec![format!("shpat_{}", g.hex(32)), format!("shpss_{}", g.hex(32))],
            vec![format!("shpat_{}", g.hex(16))],
        ),
        (
            "square-access-token",
            vec![format!("EAAA{}", g.b64url(60)), format!("sq0atp-{}", g.b64url(22))],
            vec![format!("EAAA{}", g.b64url(20))],
        ),
        by_length(g, "square-oauth-secret", "sq0csp-", Gen::b64url, 43, 20),
        (
            "atlassian-api-token",
            vec![format!("ATATT3xFfGF0{}", g.b64url(180))],
            vec![format!("ATATT3{}", g.alnum(10))],
        ),
        by_length(g, "linear-api-key", "lin_api_", Gen::alnum, 40, 20),
        (
            "notion-token",
            vec![format!("ntn_{}{}", g.digits(11), g.alnum(35))],
            vec![format!("ntn_{}", g.digits(11))],
        ),
        (
            "notion-token-legacy",
            vec![format!("secret_{}", g.alnum(43))],
            vec!["secret_env".into(), "secret_encoding_is_raw_or_base64_std".into()],
        ),
        (
            "postman-api-key",
            vec![format!("PMAK-{}-{}", g.hex(24), g.hex(34))],
            vec![format!("PMAK-{}", g.hex(24))],
        ),
        by_length(g, "databricks-token", "dapi", Gen::hex, 32, 16),
        by_length(g, "grafana-cloud-token", "glc_", Gen::b64, 60, 10),
        (
            "grafana-service-account-token",
            vec![format!("glsa_{}_{}", g.alnum(32), g.hex(8))],
            vec![format!("glsa_{}", g.alnum(32))],
        ),
        by_length(g, "grafana-api-key", "eyJrIjoi", Gen::b64, 70, 10),
        (
            "sentry-org-token",
            vec![format!("sntrys_eyJ{}", g.b64(80))],
            vec![format!("sntrys_{}", g.alnum(10))],
        ),
        by_length(g, "sentry-user-token", "sntryu_", Gen::hex, 64, 30),
        (
            "datadog-api-key",
            vec![
                format!("DD_API_KEY={}", g.hex(32)),
                format!("datadog_app_key: {}", g.hex(40)),
            ],
            vec![
                format!("DD_SITE={}", g.hex(32)),
                format!("DD_API_KEY={}", "0".repeat(32)),
            ],
        ),
        (
            "pagerduty-api-key",
            vec![format!("PAGERDUTY_TOKEN={}", g.b64url(20))],
            vec!["PAGERDUTY_TOKEN_ENV=PAGERDUTY_TOKEN".into()],
        ),
        by_length(g, "new-relic-api-key", "NRAK-", Gen::upper, 27, 10),
        by_length(g, "supabase-token", "sbp_", Gen::hex, 40, 20),
        by_length(g, "planetscale-token", "pscale_tkn_", Gen::b64url, 43, 10),
        by_length(g, "figma-token", "figd_", Gen::b64url, 40, 10),
        (
            "mapbox-secret-token",
            vec![format!("sk.eyJ{}.{}", g.b64url(60), g.b64url(22))],
            vec![format!("sk.eyJ{}", g.b64url(10))],
        ),
        by_length(g, "sonarqube-token", "sqp_", Gen::hex, 40, 20),
        by_length(g, "contentful-token", "CFPAT-", Gen::b64url, 43, 20),
        (
            "vault-token",
            vec![format!("hvs.{}", g.b64url(90)), format!("hvb.{}", g.b64url(140))],
            vec!["hvs.short".into()],
        ),
        (
            "terraform-cloud-token",
            vec![format!("{}.atlasv1.{}", g.alnum(14), g.b64url(67))],
            vec![format!("{}.atlasv1.{}", g.alnum(14), g.alnum(10))],
        ),
        (
            "doppler-token",
            vec![format!("dp.pt.{}", g.alnum(43)), format!("dp.st.{}", g.alnum(40))],
            vec![format!("dp.pt.{}", g.alnum(10))],
        ),
        by_length(g, "pulumi-token", "pul-", Gen::hex, 40, 20),
    ];
    let pem = |kind: &str, g: &mut Gen| format!("-----BEGIN {kind}-----\n{}\n-----END {kind}-----", g.b64(64));
    c.push((
        "private-key",
        vec![
            pem("RSA PRIVATE KEY", g),
            pem("PRIVATE KEY", g),
            pem("EC PRIVATE KEY", g),
            pem("OPENSSH PRIVATE KEY", g),
            pem("ENCRYPTED PRIVATE KEY", g),
            pem("PGP PRIVATE KEY BLOCK", g),
        ],
        vec![pem("CERTIFICATE", g), pem("PUBLIC KEY", g)],
    ));
    c.push((
        "putty-private-key",
        vec!["PuTTY-User-Key-File-3: ssh-ed25519".into()],
        vec!["PuTTY-User-Key-File format".into()],
    ));
    c.push((
        "age-secret-key",
        vec![format!(
            "AGE-SECRET-KEY-1{}",
            g.from("QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L", 58)
        )],
        vec![format!(
            "AGE-SECRET-KEY-1{}",
            g.from("QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L", 10)
        )],
    ));
    c.push((
        "jwt",
        vec![format!("eyJ{}.eyJ{}.{}", g.b64url(30), g.b64url(60), g.b64url(43))],
        vec![format!("eyJ{}.{}", g.b64url(20), g.b64url(20))],
    ));
    c.push((
        "url-password",
        vec![
            format!("postgres://app:{}@db.example.com:5432/app", g.alnum(16)),
            format!("https://bot:{}@jira.example.com", g.alnum(12)),
        ],
        vec![
            "postgres://db.example.com:5432/app".into(),
            "https://jira.example.com/browse/SEC-1".into(),
        ],
    ));
    c.push((
        "url-query-credential",
        vec![
            format!("https://api.example.com/v1?api_key={}", g.alnum(20)),
            format!(
                "https://prod-1.westus.logic.azure.com/workflows/{}/triggers?api-version=2016-06-01&sig={}",
                g.hex(32),
                g.b64url(43)
            ),
        ],
        vec!["https://api.example.com/v1?page=2&per_page=100".into()],
    ));
    c.push((
        "bearer-token",
        vec![format!("Authorization: Bearer {}", g.b64url(40))],
        vec!["Bearer authentication (token_env)".into(), "uses Bearer <token>".into()],
    ));
    c.push((
        "basic-credentials",
        vec![format!(
            "Authorization: Basic {}",
            b64_std(&format!("svc-jira:{}", g.alnum(16)))
        )],
        vec!["Basic authentication (username and password_env)".into()],
    ));
    c.push((
        "splunk-hec-token",
        vec![format!("Authorization: Splunk {}", g.uuid())],
        vec!["Splunk Enterprise Security".into()],
    ));
    c
}

#[test]
fn every_rule_names_its_fakes_and_none_of_its_near_misses() {
    let corpus = corpus();
    for rule in RULES {
        assert!(
            corpus.iter().any(|(id, _, _)| *id == rule.id),
            "rule {} has no fake in the corpus",
            rule.id
        );
    }
    let mut formats = 0;
    let mut fakes = 0;
    for (id, positives, negatives) in &corpus {
        assert!(RULES.iter().any(|r| r.id == *id), "corpus names no rule {id}");
        assert!(!positives.is_empty() && !negatives.is_empty(), "{id}");
        formats += 1;
        for p in positives {
            fakes += 1;
            assert_eq!(
                detect_rule(p).map(|r| r.id),
                Some(*id),
                "fake for {id} not named as it: {p}"
            );
            // Inside text, quoted, or after a name, still found.
            for framed in [format!("value {p} here"), format!("\"{p}\""), format!("token={p}")] {
                assert!(detect(&framed).is_some(), "{id} inside text: {framed}");
            }
        }
        for n in negatives {
            assert_eq!(detect(n), None, "near-miss for {id} flagged: {n}");
        }
    }
    assert!(fakes >= 60 && formats >= 45, "{fakes} fakes over {formats} formats");
}

/// Token-like strings that are not secrets: what cavra itself writes, and
/// what a repository holds beside credentials.
fn benign() -> Vec<String> {
    let g = &mut Gen(0x0123_4567_89AB_CDEF);
    let mut b: Vec<String> = Vec::new();
    for prefix in ["rpe_", "emp_", "evt_", "rbe_", "dlv_"] {
        b.push(format!("{prefix}{}", g.hex(12)));
    }
    for _ in 0..6 {
        b.push(format!("sha256:{}", g.hex(64)));
        b.push(g.hex(40));
        b.push(g.uuid());
    }
    b.extend(
        [
            "SPLUNK_HEC_TOKEN",
            "DATADOG_API_KEY",
            "AWS_SECRET_ACCESS_KEY",
            "GITHUB_TOKEN",
            "ANTHROPIC_API_KEY",
            "OPENAI_API_KEY",
            "NPM_TOKEN",
            "token_env",
            "api_key_env",
            "client_secret_env",
            "secret_env",
            "authorization_env",
            "npm_config_registry",
            "npm_package_version",
            "https://splunk.example.com:8088",
            "https://splunk.example.com:8088/services/collector/event",
            "https://api.github.com/repos/acme/app/pulls/12",
            "https://hooks.slack.com/",
            "vault://soc/splunk",
            "2026-03-01T12:00:00Z",
            "2026-03-01T12:00:00.123456+02:00",
            "1.2.3",
            "v10.4.0-rc.1+build.7",
            "Splunk Enterprise Security",
            "Splunk HEC",
            "Bearer authentication (token_env)",
            "Bearer <token>",
            "Basic auth (username and password_env)",
            "-----BEGIN CERTIFICATE-----",
            "-----BEGIN PUBLIC KEY-----",
            "task-runner-cleanup-service-2026",
            "risk-assessment-for-the-q3-release-train",
            "disk-usage-alert",
            "key-value-store",
            "the AWS access key is rotated by the platform team",
            "rotate the Datadog API key every 90 days",
            "Stripe publishable keys start pk_live_",
            "ghp_",
            "AKIA",
            "cavra:rollback_drill_ack_audit",
            "acme/app",
            "platform-security",
            "splunk-prod",
            "oauth_client_credentials",
            "endpoint-rollout-promotion-execution",
            "ssh-ed25519 is the key type of the deploy key",
        ]
        .map(String::from),
    );
    // Integrity strings and build identifiers: random-looking, not secrets.
    b.push(format!("sha512-{}==", g.b64(86)));
    b.push(format!("sha384-{}", g.b64(64)));
    b.push(format!("ed25519:{}", g.hex(64)));
    b
}

#[test]
fn benign_token_like_strings_are_no_finding() {
    let benign = benign();
    assert!(benign.len() >= 60, "{}", benign.len());
    for text in &benign {
        assert_eq!(detect(text), None, "flagged: {text}");
    }
}

const STORE: &str = ".cavra/api/integrations.json";

/// What gives a fake away: all of it, or its last 16 characters.
fn leaked(fake: &str, output: &str) -> bool {
    let tail = &fake[fake.len().saturating_sub(16)..];
    output.contains(fake) || (fake.len() >= 24 && output.contains(tail))
}

#[test]
fn validate_names_the_format_of_every_fake_in_a_store_and_prints_none() {
    let env = Env::new();
    let corpus = corpus();
    let mut records = Vec::new();
    let mut expected = Vec::new();
    for (n, (id, positives, _)) in corpus.iter().enumerate() {
        for (m, fake) in positives.iter().enumerate() {
            let rid = format!("r{n:03}-{m}");
            let mut r = record(&rid, "webhook");
            r["capabilities"] = serde_json::json!([fake]);
            records.push(r);
            let rule = RULES.iter().find(|r| r.id == *id).unwrap();
            expected.push((rid, rule.description, fake.clone()));
        }
    }
    env.write(STORE, &table_file(&records));
    let run = env.fails(&["validate", "--format", "json"], 1);
    let out: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let problems = out["problems"].as_array().unwrap();
    for (rid, description, fake) in &expected {
        let p = problems
            .iter()
            .find(|p| p["record"] == rid.as_str())
            .unwrap_or_else(|| panic!("no problem for {rid} ({description})"));
        assert_eq!(p["field"], "capabilities/0");
        assert!(
            p["message"].as_str().unwrap().contains(&format!("({description})")),
            "{p}"
        );
        assert!(
            !leaked(fake, &run.stdout) && !leaked(fake, &run.stderr),
            "{description} printed"
        );
    }
    assert_eq!(
        problems.len(),
        expected.len(),
        "one problem per fake, nothing else: {problems:#?}"
    );
}

/// A secret refused for another reason than being one (a value not in an
/// enum, an id not of its pattern, a member the schema does not know, by
/// its name) is named by its format in every output format, never printed.
#[test]
fn a_secret_in_a_refused_value_or_name_is_never_printed() {
    let env = Env::new();
    let corpus = corpus();
    let fake = |id: &str| corpus.iter().find(|(i, _, _)| *i == id).unwrap().1[0].clone();
    let (status, id, member) = (fake("github-pat"), fake("slack-bot-token"), fake("anthropic-api-key"));
    let mut r = record(&id, "webhook");
    r["status"] = serde_json::json!(status);
    r[member.as_str()] = serde_json::json!("x");
    env.write(STORE, &table_file(&[r]));
    for format in ["table", "text", "json", "ndjson", "markdown", "github", "sarif"] {
        let run = env.fails(&["validate", "--format", format], 1);
        for secret in [&status, &id, &member] {
            assert!(
                !leaked(secret, &run.stdout) && !leaked(secret, &run.stderr),
                "{format}: {}{}",
                run.stdout,
                run.stderr
            );
        }
        assert!(run.stdout.contains("GitHub token"), "{format}: {}", run.stdout);
    }
}

#[test]
fn near_misses_and_benign_values_pass_validate() {
    let env = Env::new();
    let mut values: Vec<String> = corpus().into_iter().flat_map(|(_, _, negatives)| negatives).collect();
    values.extend(benign());
    let records: Vec<serde_json::Value> = values
        .iter()
        .enumerate()
        .map(|(i, v)| {
            let mut r = record(&format!("ok-{i:03}"), "webhook");
            r["capabilities"] = serde_json::json!([v]);
            r
        })
        .collect();
    env.write(STORE, &table_file(&records));
    let run = env.run(&["validate"]);
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
}

/// The four likeliest secrets in an AI-agent repository, refused on write,
/// named, never printed.
#[test]
fn a_write_refuses_ai_provider_and_registry_keys_by_name() {
    let env = Env::new();
    let corpus = corpus();
    let fake = |id: &str| corpus.iter().find(|(i, _, _)| *i == id).unwrap().1[0].clone();
    for (id, says) in [
        ("anthropic-api-key", "looks like a secret (Anthropic API key)"),
        ("openai-project-key", "looks like a secret (OpenAI project API key)"),
        ("google-api-key", "looks like a secret (Google API key)"),
        ("npm-token", "looks like a secret (npm access token)"),
    ] {
        let secret = fake(id);
        let before = env.snapshot();
        let run = env.fails(&["integration", "add", "--provider", "webhook", "--owner", &secret], 4);
        assert!(run.stderr.contains(says), "{id}: {}", run.stderr);
        assert!(!leaked(&secret, &run.stderr) && !leaked(&secret, &run.stdout), "{id}");
        assert_eq!(env.snapshot(), before, "{id}: nothing written");
    }
}

#[test]
fn argument_errors_never_print_a_private_key() {
    let env = Env::new();
    let g = &mut Gen(7);
    let body = g.b64(64);
    let key = format!("-----BEGIN RSA PRIVATE KEY-----\n{body}\n-----END RSA PRIVATE KEY-----");
    for args in [
        vec![
            "integration",
            "add",
            "--provider",
            "webhook",
            "--owner",
            &key,
            "--bogus",
        ],
        vec!["integration", "add", "--provider", "webhook", &key],
        vec!["integration", "add", "--provider", "webhook", "--bogus", &key],
    ] {
        let run = env.fails(&args, 2);
        assert!(
            !run.stderr.contains(&body[..20]) && !run.stdout.contains(&body[..20]),
            "{args:?}: {}",
            run.stderr
        );
        assert!(!run.stderr.contains("-----BEGIN RSA"), "{args:?}: {}", run.stderr);
    }
    // The one clap quotes: named, not shown.
    let run = env.fails(
        &[
            "integration",
            "add",
            "--provider",
            "webhook",
            "--owner",
            &key,
            "--bogus",
        ],
        2,
    );
    assert!(run.stderr.contains("[private key, not shown]"), "{}", run.stderr);
}

#[test]
fn a_value_refused_for_its_length_is_named_by_length_not_quoted() {
    let env = Env::new();
    let long = "q".repeat(300);
    let run = env.fails(&["integration", "add", "--provider", "webhook", "--owner", &long], 4);
    assert!(
        run.stderr
            .contains("field owner: is 300 characters long, longer than 256"),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("qqqqqqqq"), "{}", run.stderr);
    // A long value refused by a pattern is not quoted either.
    let id = "Q".repeat(200);
    let run = env.fails(
        &["integration", "add", "--provider", "webhook", "--integration-id", &id],
        4,
    );
    assert!(
        run.stderr.contains("a value of 200 characters (not shown)"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("record [a name of 200 bytes, not shown]"),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("QQQQQQQQ"), "{}", run.stderr);
}

#[test]
fn the_connector_config_refuses_keys_and_values_in_env_fields() {
    let env = Env::new();
    let corpus = corpus();
    let anthropic = corpus.iter().find(|(i, _, _)| *i == "anthropic-api-key").unwrap().1[0].clone();
    let pasted = Gen(11).alnum(40);
    let config = serde_json::json!({"connectors": {
        "splunk": {"provider": "splunk", "url": "https://splunk.example.com:8088", "token_env": pasted, "index": "security"},
        "hook": {"provider": "webhook", "url": "https://hooks.example.com/in", "secret_env": "WEBHOOK_SECRET", "source": anthropic}
    }});
    env.write(".cavra/connectors.json", &config.to_string());
    let run = env.fails(&["validate"], 1);
    assert!(run.stdout.contains("looks like an Anthropic API key"), "{}", run.stdout);
    assert!(
        run.stdout
            .contains("record splunk: field token_env: looks like a secret value where the name of an environment variable belongs"),
        "{}",
        run.stdout
    );
    assert!(
        !leaked(&anthropic, &run.stdout) && !leaked(&pasted, &run.stdout),
        "{}",
        run.stdout
    );
    // Variable names are what these fields are for.
    let config = serde_json::json!({"connectors": {
        "splunk": {"provider": "splunk", "url": "https://splunk.example.com:8088", "token_env": "SPLUNK_HEC_TOKEN", "index": "security"}
    }});
    env.write(".cavra/connectors.json", &config.to_string());
    env.ok(&["validate"]);
}

#[test]
fn a_secret_pasted_as_a_header_name_is_refused_and_never_named() {
    let env = Env::new();
    let corpus = corpus();
    let token = corpus.iter().find(|(i, _, _)| *i == "github-pat").unwrap().1[0].clone();
    let config = serde_json::json!({"connectors": {
        "hook": {"provider": "webhook", "url": "https://hooks.example.com/in", "secret_env": "WEBHOOK_SECRET",
                 "headers": {token.clone(): "x"}}
    }});
    env.write(".cavra/connectors.json", &config.to_string());
    for format in ["table", "json", "github", "sarif"] {
        let run = env.fails(&["validate", "--format", format], 1);
        assert!(run.stdout.contains("GitHub token"), "{format}: {}", run.stdout);
        assert!(
            !leaked(&token, &run.stdout) && !leaked(&token, &run.stderr),
            "{format}: {}{}",
            run.stdout,
            run.stderr
        );
    }
}

#[test]
fn secrets_rules_lists_every_rule() {
    let env = Env::new();
    let out = env.json(&["secrets", "rules"]);
    assert_eq!(out["total"], RULES.len());
    let items = out["items"].as_array().unwrap();
    for (item, rule) in items.iter().zip(RULES) {
        assert_eq!(item["id"], rule.id);
        assert_eq!(item["description"], rule.description);
    }
    let table = env.ok(&["secrets", "rules", "--format", "table"]).stdout;
    assert!(
        table.contains("anthropic-api-key") && table.contains("Anthropic API key"),
        "{table}"
    );
}
