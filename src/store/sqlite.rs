//! The SQLite backend of the integration inventory (`CAVRA_INTEGRATION_DB`).
//!
//! Same records, same validation, same output as the JSON table; only the
//! storage differs. The database schema comes from cavra's own numbered
//! migrations, embedded in the binary: each is applied in one transaction
//! together with its bookkeeping row in `schema_migrations`, so a crash never
//! leaves a half-applied migration. Numbers continue the first CAVRA's
//! sequence (`006_integrations_inventory`), so its databases upgrade in place.
//! Writers take SQLite's write lock up front (`BEGIN IMMEDIATE`) and wait for
//! each other up to the store lock timeout.

use std::path::{Path, PathBuf};

use rusqlite::{Connection, OptionalExtension, TransactionBehavior, params};
use serde::Serialize;

use crate::error::{Problem, StoreError};
use crate::store::Inspection;

/// A record the inventory table holds. The model implements it beside its
/// type, so this module knows columns, never the record type.
pub trait Row: Sized {
    /// Its values, in [`COLUMNS`] order.
    fn columns(&self) -> Vec<rusqlite::types::Value>;
    /// A record from a row selected as [`COLUMNS`]; a value that does not
    /// fit is a `FromSqlConversionFailure` (reported by [`Db::list`] per field).
    fn from_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<Self>;
    /// The text a filter compares in `column` (see [`Filter::pairs`]).
    fn filter_value(&self, column: &str) -> &str;
}

/// A numbered migration shipped in the binary.
pub struct Migration {
    pub version: &'static str,
    pub name: &'static str,
    pub sql: &'static str,
}

/// Every migration, in order.
pub const MIGRATIONS: &[Migration] = &[Migration {
    version: "006",
    name: "integrations_inventory",
    sql: include_str!("../../migrations/006_integrations_inventory.sql"),
}];

pub const COLUMNS: &str = "integration_id, name, provider, category, status, health_status, owner, environment, \
     auth_mode, endpoint_ref, capabilities, repositories, evidence_refs, last_checked_at, created_at, updated_at";

/// An open inventory database, migrated to the current version.
pub struct Db {
    conn: Connection,
    path: PathBuf,
}

/// What `evidence migrate` did.
#[derive(Debug, Serialize)]
pub struct MigrateOutcome {
    pub database: String,
    pub applied: Vec<String>,
    pub already_applied: Vec<String>,
}

/// Exact-match filters; an empty list matches everything.
#[derive(Debug, Default, Clone)]
pub struct Filter {
    pub provider: Vec<String>,
    pub category: Vec<String>,
    pub status: Vec<String>,
    pub owner: Vec<String>,
    pub environment: Vec<String>,
    pub health_status: Vec<String>,
}

impl Filter {
    /// The filters given as (column, accepted values) pairs, in a fixed
    /// order. A record passes a filter holding any of its values, and must
    /// pass every filter.
    pub fn pairs(&self) -> Vec<(&'static str, &[String])> {
        [
            ("provider", &self.provider),
            ("category", &self.category),
            ("status", &self.status),
            ("owner", &self.owner),
            ("environment", &self.environment),
            ("health_status", &self.health_status),
        ]
        .into_iter()
        .filter(|(_, v)| !v.is_empty())
        .map(|(k, v)| (k, v.as_slice()))
        .collect()
    }

    /// Whether `r` passes every filter (the JSON backend's side of the same rule).
    pub fn matches<R: Row>(&self, r: &R) -> bool {
        self.pairs()
            .iter()
            .all(|(k, values)| values.iter().any(|v| v == r.filter_value(k)))
    }
}

impl Db {
    /// Opens (creating when absent) and migrates the database at `path`.
    pub fn open(path: &Path, now: &str) -> Result<(Db, MigrateOutcome), StoreError> {
        crate::store::fsio::check_path(path)?;
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|e| StoreError::io("create", dir, e))?;
        }
        let conn = Connection::open(path).map_err(|e| StoreError::sqlite(path, e))?;
        let mut db = Db {
            conn,
            path: path.to_path_buf(),
        };
        db.conn
            .busy_timeout(crate::store::fsio::lock_timeout())
            .map_err(|e| StoreError::sqlite(path, e))?;
        let outcome = db.migrate(now)?;
        Ok((db, outcome))
    }

    fn err(&self, e: rusqlite::Error) -> StoreError {
        StoreError::sqlite(&self.path, e)
    }

    fn migrate(&mut self, now: &str) -> Result<MigrateOutcome, StoreError> {
        let path = self.path.clone();
        let sq = |e| StoreError::sqlite(&path, e);
        self.conn
            .execute_batch(
                "CREATE TABLE IF NOT EXISTS schema_migrations (
                    version TEXT PRIMARY KEY NOT NULL,
                    name TEXT NOT NULL,
                    applied_at TEXT NOT NULL)",
            )
            .map_err(sq)?;
        let mut outcome = MigrateOutcome {
            database: self.path.display().to_string(),
            applied: Vec::new(),
            already_applied: Vec::new(),
        };
        for m in MIGRATIONS {
            let label = format!("{}_{}", m.version, m.name);
            let tx = self
                .conn
                .transaction_with_behavior(TransactionBehavior::Immediate)
                .map_err(sq)?;
            let done: Option<String> = tx
                .query_row(
                    "SELECT version FROM schema_migrations WHERE version = ?1",
                    [m.version],
                    |r| r.get(0),
                )
                .optional()
                .map_err(sq)?;
            if done.is_some() {
                outcome.already_applied.push(label);
                continue;
            }
            tx.execute_batch(m.sql).map_err(sq)?;
            tx.execute(
                "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?1, ?2, ?3)",
                params![m.version, m.name, now],
            )
            .map_err(sq)?;
            tx.commit().map_err(sq)?;
            outcome.applied.push(label);
        }
        Ok(outcome)
    }

    /// Versions recorded in `schema_migrations`.
    pub fn applied_versions(&self) -> Result<Vec<String>, StoreError> {
        let mut stmt = self
            .conn
            .prepare("SELECT version FROM schema_migrations ORDER BY version")
            .map_err(|e| self.err(e))?;
        let rows = stmt.query_map([], |r| r.get(0)).map_err(|e| self.err(e))?;
        rows.collect::<Result<_, _>>().map_err(|e| self.err(e))
    }

    /// Records matching `filter`, sorted by id. A row that does not fit the
    /// record schema (edited outside cavra) is reported by record and field.
    pub fn list<R: Row>(&self, filter: &Filter) -> Result<Vec<R>, StoreError> {
        list_readonly(&self.conn, filter).map_err(|e| match e {
            rusqlite::Error::FromSqlConversionFailure(..) => self.explain(),
            e => self.err(e),
        })
    }

    fn explain(&self) -> StoreError {
        let mut problems = Vec::new();
        match rows_as_values(&self.conn) {
            Ok(rows) => {
                for row in rows {
                    let id = row["integration_id"].as_str().unwrap_or_default().to_string();
                    problems.extend(crate::store::schema::check_record(
                        crate::store::registry::INTEGRATIONS.record_schema,
                        &row,
                        &self.path,
                        Some(&id),
                    ));
                }
            }
            Err(e) => return self.err(e),
        }
        StoreError::Invalid { problems }
    }

    /// Runs `change` in one immediate transaction; commits when it succeeds.
    pub fn write<R>(&mut self, change: impl FnOnce(&mut Tx<'_>) -> Result<R, StoreError>) -> Result<R, StoreError> {
        let path = self.path.clone();
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(|e| StoreError::sqlite(&path, e))?;
        let mut wrapped = Tx { tx, path: path.clone() };
        let result = change(&mut wrapped)?;
        wrapped.tx.commit().map_err(|e| StoreError::sqlite(&path, e))?;
        Ok(result)
    }
}

/// A write transaction on the inventory.
pub struct Tx<'a> {
    tx: rusqlite::Transaction<'a>,
    path: PathBuf,
}

impl Tx<'_> {
    fn err(&self, e: rusqlite::Error) -> StoreError {
        StoreError::sqlite(&self.path, e)
    }

    pub fn get<R: Row>(&self, id: &str) -> Result<Option<R>, StoreError> {
        self.tx
            .query_row(
                &format!("SELECT {COLUMNS} FROM integrations WHERE integration_id = ?1"),
                [id],
                R::from_row,
            )
            .optional()
            .map_err(|e| self.err(e))
    }

    pub fn put<R: Row>(&mut self, r: &R) -> Result<(), StoreError> {
        let placeholders: Vec<String> = (1..=COLUMNS.split(", ").count()).map(|i| format!("?{i}")).collect();
        self.tx
            .execute(
                &format!(
                    "INSERT OR REPLACE INTO integrations ({COLUMNS}) VALUES ({})",
                    placeholders.join(",")
                ),
                rusqlite::params_from_iter(r.columns()),
            )
            .map(|_| ())
            .map_err(|e| self.err(e))
    }

    pub fn delete(&mut self, id: &str) -> Result<(), StoreError> {
        self.tx
            .execute("DELETE FROM integrations WHERE integration_id = ?1", [id])
            .map(|_| ())
            .map_err(|e| self.err(e))
    }
}

/// Records matching `filter`, sorted by id, from any connection.
pub fn list_readonly<R: Row>(conn: &Connection, filter: &Filter) -> rusqlite::Result<Vec<R>> {
    let pairs = filter.pairs();
    let mut sql = format!("SELECT {COLUMNS} FROM integrations");
    let mut values: Vec<&str> = Vec::new();
    for (i, (column, accepted)) in pairs.iter().enumerate() {
        sql.push_str(if i == 0 { " WHERE " } else { " AND " });
        let placeholders: Vec<String> = accepted
            .iter()
            .map(|v| {
                values.push(v);
                format!("?{}", values.len())
            })
            .collect();
        sql.push_str(&format!("{column} IN ({})", placeholders.join(", ")));
    }
    sql.push_str(" ORDER BY integration_id");
    let mut stmt = conn.prepare(&sql)?;
    let rows = stmt.query_map(rusqlite::params_from_iter(values), R::from_row)?;
    rows.collect()
}

/// Every row as a JSON object, without typing: for validation, so a bad
/// value is reported by its field instead of failing the read.
pub fn rows_as_values(conn: &Connection) -> rusqlite::Result<Vec<serde_json::Value>> {
    let mut stmt = conn.prepare(&format!("SELECT {COLUMNS} FROM integrations ORDER BY integration_id"))?;
    let names: Vec<String> = COLUMNS.split(", ").map(|c| c.trim().to_string()).collect();
    let rows = stmt.query_map([], |row| {
        let mut object = serde_json::Map::new();
        for (i, name) in names.iter().enumerate() {
            let value = match row.get_ref(i)? {
                rusqlite::types::ValueRef::Null => serde_json::Value::Null,
                rusqlite::types::ValueRef::Integer(n) => serde_json::Value::from(n),
                rusqlite::types::ValueRef::Real(f) => serde_json::Value::from(f),
                rusqlite::types::ValueRef::Text(t) | rusqlite::types::ValueRef::Blob(t) => {
                    let text = String::from_utf8_lossy(t).into_owned();
                    if matches!(name.as_str(), "capabilities" | "repositories" | "evidence_refs") {
                        serde_json::from_str(&text).unwrap_or(serde_json::Value::String(text))
                    } else {
                        serde_json::Value::String(text)
                    }
                }
            };
            object.insert(name.clone(), value);
        }
        Ok(serde_json::Value::Object(object))
    })?;
    rows.collect()
}

/// Every row of the database at `path` as JSON values, opened read-only;
/// empty when the file is absent.
pub fn read_values(path: &Path) -> Result<Vec<serde_json::Value>, StoreError> {
    crate::store::fsio::check_path(path)?;
    if !path.exists() {
        return Ok(Vec::new());
    }
    let conn = Connection::open_with_flags(path, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
        .map_err(|e| StoreError::sqlite(path, e))?;
    conn.busy_timeout(crate::store::fsio::lock_timeout())
        .map_err(|e| StoreError::sqlite(path, e))?;
    rows_as_values(&conn).map_err(|e| StoreError::sqlite(path, e))
}

/// The content of a database image (a backup copy) as canonical JSON of its
/// rows: two databases with the same rows give the same bytes, whatever
/// their pages look like. `display` names the copy in errors.
pub fn canonical_rows_of_image(bytes: &[u8], display: &Path) -> Result<Vec<u8>, StoreError> {
    let tmp = tempfile::NamedTempFile::new().map_err(|e| StoreError::io("create a temporary file for", display, e))?;
    std::fs::write(tmp.path(), bytes).map_err(|e| StoreError::io("write a temporary copy of", display, e))?;
    let rows = read_values(tmp.path()).map_err(|e| match e {
        StoreError::Sqlite { source, .. } => StoreError::sqlite(display, source),
        other => other,
    })?;
    Ok(crate::store::to_canonical_pretty(&rows))
}

/// [`canonical_rows_of_image`] for the live database at `path`.
pub fn canonical_rows(path: &Path) -> Result<Vec<u8>, StoreError> {
    Ok(crate::store::to_canonical_pretty(&read_values(path)?))
}

/// Checks a SQLite inventory read-only: migrations applied, every row
/// valid. Problems name the database as `display`.
pub fn inspect(path: &Path, display: &Path) -> Inspection {
    let mut out = Inspection::default();
    if let Err(e) = crate::store::fsio::check_path(path) {
        out.exists = true;
        out.problems.push(Problem::new(display, e.to_string()));
        return out;
    }
    if !path.exists() {
        return out;
    }
    out.exists = true;
    out.bytes = std::fs::metadata(path).map(|m| m.len()).unwrap_or_default();
    let problem = |m: String| Problem::new(display, m);
    let conn = match Connection::open_with_flags(path, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY) {
        Ok(c) => c,
        Err(e) => {
            out.problems.push(problem(format!("cannot open: {e}")));
            return out;
        }
    };
    let applied: Vec<String> = conn
        .prepare("SELECT version FROM schema_migrations")
        .and_then(|mut s| s.query_map([], |r| r.get(0))?.collect())
        .unwrap_or_default();
    for m in MIGRATIONS {
        if !applied.iter().any(|v| v == m.version) {
            out.problems.push(
                problem(format!("migration {}_{} is not applied", m.version, m.name))
                    .hint(format!("run `cavra evidence migrate --sqlite {}`", display.display())),
            );
        }
    }
    if !out.problems.is_empty() {
        return out;
    }
    match crate::store::sqlite::rows_as_values(&conn) {
        Ok(rows) => {
            out.records = rows.len();
            for row in &rows {
                let id = row["integration_id"].as_str().unwrap_or_default();
                out.problems.extend(crate::store::schema::check_record(
                    crate::store::registry::INTEGRATIONS.record_schema,
                    row,
                    display,
                    Some(id),
                ));
            }
        }
        Err(e) => out
            .problems
            .push(problem(format!("cannot read the integrations table: {e}"))),
    }
    out
}
